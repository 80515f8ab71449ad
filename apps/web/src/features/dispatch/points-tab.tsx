import { AimOutlined, DeleteOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { Point, Taxonomy } from '@cc/contracts';
import {
  App as AntApp,
  Button,
  Card,
  Col,
  Form,
  Grid,
  Row,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AreaTreeSelect } from '../../components/area-tree-select';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { StaleDataAlert } from '../../components/stale-data-alert';
import { describeError, isSessionEnded, useRequest } from '../../lib/api';
import { CITY_CODE, type ScopeRoot } from '../../lib/session';
import { deletePoint, listPoints } from './dispatch-api';
import { PointForm, type PointFormValues } from './point-form';
import type { MapLocation } from './points-map';
import { scenarioNamer } from '../../lib/scenarios';

// ECharts (about a megabyte) only loads with the map.
const PointsMap = lazy(() => import('./points-map'));

/** Tags shown in a row before the rest fold into "+n". */
const MAX_SCENARIO_TAGS = 3;

interface Props {
  scope: readonly ScopeRoot[];
  taxonomy: Taxonomy | undefined;
}

/** Fixed points (点位): a case reported within a point's radius goes to its leader (点位长). */
export function PointsTab({ scope, taxonomy }: Props) {
  const { t, i18n } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<PointFormValues>();
  const [isAdding, setIsAdding] = useState(false);
  const [mapCode, setMapCode] = useState(() =>
    scope.length === 1 && scope[0] ? scope[0].code : CITY_CODE,
  );
  const { data, error, isLoading, reload } = useRequest((signal) => listPoints(signal), []);
  const points = data?.items ?? [];
  const nameOf = scenarioNamer(taxonomy, i18n.language);
  const kindLabel = (kind: string) => t(`dispatch.kinds.${kind}`, { defaultValue: kind });

  // The new point's place and radius, drawn on the map as it is typed or clicked.
  const lat = Form.useWatch('lat', form);
  const lng = Form.useWatch('lng', form);
  const radiusMeters = Form.useWatch('radiusMeters', form);
  const draft =
    isAdding && typeof lat === 'number' && typeof lng === 'number'
      ? { lat, lng, radiusMeters: typeof radiusMeters === 'number' ? radiusMeters : 0 }
      : undefined;

  function pick(location: MapLocation) {
    setIsAdding(true);
    form.setFieldsValue({ lat: location.lat, lng: location.lng });
    form.setFields([
      { name: 'lat', errors: [] },
      { name: 'lng', errors: [] },
    ]);
  }

  function confirmDelete(point: Point) {
    modal.confirm({
      title: t('dispatch.deletePointTitle'),
      content: t('dispatch.deletePointConfirm', { name: point.name, leader: point.leaderName }),
      okText: t('dispatch.delete'),
      okButtonProps: { danger: true, 'data-testid': 'dispatch-confirm-delete' },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await deletePoint(point.id);
          void message.success(t('dispatch.pointDeleted'));
        } catch (cause) {
          if (!isSessionEnded(cause)) void message.error(describeError(cause, t));
        }
        reload();
      },
    });
  }

  function scenariosCell(codes: string[] | null) {
    if (!codes || codes.length === 0) return <Tag color="blue">{t('dispatch.allScenarios')}</Tag>;
    const shown = codes.slice(0, MAX_SCENARIO_TAGS);
    const rest = codes.slice(MAX_SCENARIO_TAGS);
    return (
      <span>
        {shown.map((code) => (
          <Tag key={code} title={code}>
            {nameOf(code)}
          </Tag>
        ))}
        {rest.length ? (
          <Tooltip title={rest.map(nameOf).join('、')}>
            <Tag>+{rest.length}</Tag>
          </Tooltip>
        ) : null}
      </span>
    );
  }

  const columns: TableColumnsType<Point> = [
    {
      title: t('dispatch.pointName'),
      dataIndex: 'name',
      width: 170,
      fixed: screens.sm ? 'left' : undefined,
      render: (name: string, point) => (
        <span data-testid={`dispatch-point-row-${point.id}`}>
          <Typography.Text strong>{name}</Typography.Text>
          {/* On a phone the kind and leader columns are hidden: show them under the name. */}
          {screens.md ? null : (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {kindLabel(point.kind)} · {point.leaderName} · {point.radiusMeters} m
              </Typography.Text>
            </div>
          )}
        </span>
      ),
    },
    {
      title: t('dispatch.kind'),
      dataIndex: 'kind',
      width: 100,
      responsive: ['md'],
      render: (kind: string) => <Tag>{kindLabel(kind)}</Tag>,
    },
    { title: t('dispatch.area'), dataIndex: 'areaName', width: 150, responsive: ['sm'] },
    {
      title: t('dispatch.leader'),
      dataIndex: 'leaderName',
      width: 150,
      responsive: ['md'],
    },
    { title: t('dispatch.unit'), dataIndex: 'unitName', width: 160 },
    {
      title: t('dispatch.radius'),
      dataIndex: 'radiusMeters',
      width: 90,
      responsive: ['md'],
      render: (value: number) => `${value} m`,
    },
    {
      title: t('dispatch.pointScenarios'),
      dataIndex: 'scenarioCodes',
      width: 260,
      responsive: ['lg'],
      render: (codes: string[] | null) => scenariosCell(codes),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_, point) => (
        <Button
          size="small"
          danger
          icon={<DeleteOutlined />}
          onClick={() => confirmDelete(point)}
          aria-label={t('dispatch.delete')}
          data-testid={`dispatch-point-delete-${point.id}`}
        >
          {screens.sm ? t('dispatch.delete') : null}
        </Button>
      ),
    },
  ];

  const formCard = (
    <Card
      size="small"
      title={t('dispatch.addPoint')}
      style={{ marginBottom: 12 }}
      data-testid="dispatch-point-panel"
    >
      <PointForm
        form={form}
        taxonomy={taxonomy}
        onCancel={() => {
          setIsAdding(false);
          form.resetFields();
        }}
        onCreated={() => {
          setIsAdding(false);
          reload();
        }}
      />
    </Card>
  );

  return (
    <div>
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <div style={{ width: screens.sm ? 260 : 220 }}>
            <AreaTreeSelect
              roots={scope}
              value={mapCode}
              onChange={(code) => {
                if (code) setMapCode(code);
              }}
              isClearable={false}
              placeholder={t('dispatch.mapArea')}
              testId="dispatch-map-area"
            />
          </div>
          <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
        </Space>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setIsAdding(true)}
          disabled={isAdding}
          data-testid="dispatch-point-add"
        >
          {t('dispatch.addPoint')}
        </Button>
      </Space>
      <Row gutter={12}>
        <Col xs={24} lg={isAdding ? 14 : 24}>
          <Card size="small" style={{ marginBottom: 12 }} styles={{ body: { padding: 8 } }}>
            <Suspense fallback={<PageSpin />}>
              <PointsMap
                areaCode={mapCode}
                points={points}
                draft={draft}
                onPick={pick}
                kindLabel={kindLabel}
              />
            </Suspense>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <AimOutlined /> {t('dispatch.mapHint')}
            </Typography.Text>
          </Card>
        </Col>
        {/* Kept mounted while hidden, so a map click can fill it before it shows. */}
        <Col xs={24} lg={10} style={isAdding ? undefined : { display: 'none' }}>
          {formCard}
        </Col>
      </Row>
      {error && !data ? (
        <LoadError error={error} onRetry={reload} />
      ) : (
        <>
          <StaleDataAlert error={error} />
          <Table<Point>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={points}
            loading={isLoading}
            scroll={{ x: screens.md ? 1170 : 420 }}
            locale={{ emptyText: t('dispatch.noPoints') }}
            pagination={{ defaultPageSize: 50, hideOnSinglePage: true }}
            data-testid="dispatch-points-table"
          />
        </>
      )}
    </div>
  );
}
