import {
  DownloadOutlined,
  EnvironmentOutlined,
  PlusOutlined,
  ReloadOutlined,
  SearchOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import {
  CASE_SOURCES,
  CASE_STATUSES,
  type CaseSource,
  type CaseStatus,
  type CaseSummary,
} from '@cc/contracts';
import {
  App as AntApp,
  Button,
  Card,
  DatePicker,
  Form,
  Grid,
  Segmented,
  Select,
  Skeleton,
  Space,
  Table,
  Typography,
  type TableColumnsType,
} from 'antd';
import { lazy, Suspense, useMemo, useState, type ComponentProps, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { AreaTreeSelect } from '../../components/area-tree-select';
import { LoadError } from '../../components/load-error';
import { StaleDataAlert } from '../../components/stale-data-alert';
import { ApiError, describeError, useRequest } from '../../lib/api';
import { downloadBlob } from '../../lib/download';
import { formatDateTime } from '../../lib/format';
import { CITY_CODE, scopeRoots, useMe } from '../../lib/session';
import { usePaging } from '../../lib/use-paging';
import {
  caseScenarioName,
  currentDeadline,
  formatCountdown,
  scenarioLabel,
  STATUS_COLORS,
} from './case-format';
import { CASE_CENTRE_ROLES } from '@cc/contracts';
import { canReport } from './case-roles';
import { exportUrl, listCases, type CaseFilters } from './cases-api';
import { OverdueTag, SourceTag, StatusTag } from './status-tag';
import { useNow } from '../../lib/use-now';
import { useTaxonomy } from '../../lib/taxonomy';
import './cases.css';

const CaseMap = lazy(() => import('./case-map'));

type RangeValue = Parameters<
  NonNullable<ComponentProps<typeof DatePicker.RangePicker>['onChange']>
>[0];

interface FormValues {
  scenarioCode?: string;
  status?: CaseStatus;
  areaCode?: string;
  range?: RangeValue;
  overdue?: 'yes' | 'no';
  source?: CaseSource;
}

type View = 'list' | 'map';
const MAP_LIMIT = 500;

/** Cases in the area, as a table or as points on the map; the same filters export as CSV. */
export function CasesPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const screens = Grid.useBreakpoint();
  const isPhone = !screens.md;
  const now = useNow(30_000);
  const [form] = Form.useForm<FormValues>();
  const taxonomy = useTaxonomy();
  const roots = useMemo(() => scopeRoots(me, CASE_CENTRE_ROLES), [me]);
  const [filters, setFilters] = useState<CaseFilters>({});
  const { page, pageSize, setPage, pagination } = usePaging(50);
  const [view, setView] = useState<View>('list');
  const [isExporting, setIsExporting] = useState(false);

  const list = useRequest(
    (signal) => listCases({ ...filters, page, pageSize }, signal),
    [filters, page, pageSize],
    view === 'list',
  );
  const points = useRequest(
    (signal) => listCases({ ...filters, page: 1, pageSize: MAP_LIMIT }, signal),
    [filters],
    view === 'map',
  );

  function apply(values: FormValues) {
    const [from, to] = values.range ?? [];
    setFilters({
      scenarioCode: values.scenarioCode,
      status: values.status,
      areaCode: values.areaCode,
      source: values.source,
      overdue: values.overdue === undefined ? undefined : values.overdue === 'yes',
      from: from ? from.startOf('day').toISOString() : undefined,
      to: to ? to.endOf('day').toISOString() : undefined,
    });
    setPage(1);
  }

  async function exportCsv() {
    setIsExporting(true);
    try {
      const response = await fetch(exportUrl(filters), { credentials: 'same-origin' });
      if (!response.ok) {
        const body: unknown = await response.json().catch(() => undefined);
        const text =
          typeof body === 'object' && body !== null && 'message' in body
            ? String((body as { message: unknown }).message)
            : `HTTP ${response.status}`;
        throw new ApiError({ statusCode: response.status, code: 'EXPORT_FAILED', message: text });
      }
      const blob = await response.blob();
      const disposition = response.headers.get('content-disposition') ?? '';
      const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'cases.csv';
      downloadBlob(blob, name);
    } catch (error) {
      void message.error(describeError(error, t));
    } finally {
      setIsExporting(false);
    }
  }

  const scenarioOptions = useMemo(
    () =>
      (taxonomy.data?.domains ?? []).map((domain) => ({
        label: scenarioLabel(domain, i18n.language),
        title: domain.code,
        options: (taxonomy.data?.scenarios ?? [])
          .filter((s) => s.domain === domain.code)
          .map((s) => ({
            value: s.code,
            label: scenarioLabel(s, i18n.language),
            search: `${s.name} ${s.nameEn} ${s.keywords.join(' ')}`,
          })),
      })),
    [taxonomy.data, i18n.language],
  );

  const columns: TableColumnsType<CaseSummary> = [
    {
      title: t('cases.number'),
      dataIndex: 'number',
      width: 150,
      fixed: isPhone ? undefined : 'left',
      render: (value: string, row) => (
        <Link to={`/cases/${encodeURIComponent(row.id)}`}>{value}</Link>
      ),
    },
    {
      title: t('cases.table.createdAt'),
      dataIndex: 'createdAt',
      width: 170,
      render: (value: string) => formatDateTime(value, i18n.language),
    },
    {
      title: t('cases.table.scenario'),
      dataIndex: 'scenarioName',
      width: 180,
      render: (_, row) => caseScenarioName(row, taxonomy.data, i18n.language),
    },
    {
      title: t('cases.table.status'),
      dataIndex: 'status',
      width: 110,
      render: (value: CaseStatus) => <StatusTag status={value} />,
    },
    {
      title: t('cases.table.source'),
      dataIndex: 'source',
      width: 110,
      responsive: ['lg'],
      render: (value: CaseSource) => <SourceTag source={value} />,
    },
    { title: t('cases.table.area'), dataIndex: 'areaName', width: 160 },
    {
      title: t('cases.table.assignee'),
      dataIndex: 'assigneeName',
      width: 180,
      render: (_, row) =>
        [row.assigneeName, row.unitName !== row.assigneeName ? row.unitName : null]
          .filter(Boolean)
          .join(' · ') || (
          <Typography.Text type="secondary">{t('cases.detail.unassigned')}</Typography.Text>
        ),
    },
    {
      title: t('cases.table.deadline'),
      key: 'deadline',
      width: 200,
      render: (_, row) => {
        const deadline = currentDeadline(row);
        if (!deadline) return t('common.none');
        return (
          <span style={{ color: row.overdue ? '#cf1322' : undefined }}>
            {formatDateTime(deadline.at, i18n.language)}
            <br />
            <Typography.Text type={row.overdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
              {formatCountdown(deadline.at, now, t)}
            </Typography.Text>
          </span>
        );
      },
    },
    {
      title: t('cases.table.overdue'),
      dataIndex: 'overdue',
      width: 80,
      render: (value: boolean) => (value ? <OverdueTag /> : null),
    },
  ];

  const mapRoot = filters.areaCode ?? (roots.length === 1 && roots[0] ? roots[0].code : CITY_CODE);
  const markers = useMemo(
    () =>
      (points.data?.items ?? []).flatMap((c) =>
        c.lat !== null && c.lng !== null
          ? [
              {
                id: c.id,
                lat: c.lat,
                lng: c.lng,
                color: STATUS_COLORS[c.status],
                label: `${c.number} · ${caseScenarioName(c, taxonomy.data, i18n.language)} · ${t(`cases.status.${c.status}`)}`,
              },
            ]
          : [],
      ),
    [points.data, taxonomy.data, i18n.language, t],
  );

  const current = view === 'list' ? list : points;

  return (
    <div data-testid="cases-page">
      <Space
        align="center"
        wrap
        style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}
      >
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('cases.centre.title')}
        </Typography.Title>
        <Space wrap>
          <Segmented<View>
            value={view}
            onChange={setView}
            options={[
              { value: 'list', icon: <UnorderedListOutlined />, label: t('cases.centre.list') },
              { value: 'map', icon: <EnvironmentOutlined />, label: t('cases.centre.map') },
            ]}
            data-testid="cases-view"
          />
          <Button
            icon={<DownloadOutlined />}
            onClick={() => void exportCsv()}
            loading={isExporting}
            data-testid="cases-export"
          >
            {t('cases.centre.export')}
          </Button>
          {canReport(me) ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/report')}>
              {t('cases.report.title')}
            </Button>
          ) : null}
        </Space>
      </Space>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Form<FormValues>
          form={form}
          layout={isPhone ? 'vertical' : 'inline'}
          onFinish={apply}
          style={{ rowGap: 8 }}
          data-testid="cases-filters"
        >
          <Form.Item name="scenarioCode" label={t('cases.table.scenario')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'search' }}
              options={scenarioOptions}
              placeholder={t('cases.centre.any')}
              style={{ width: isPhone ? '100%' : 200 }}
              popupMatchSelectWidth={false}
              data-testid="cases-filter-scenario"
            />
          </Form.Item>
          <Form.Item name="status" label={t('cases.table.status')}>
            <Select
              allowClear
              placeholder={t('cases.centre.any')}
              style={{ width: isPhone ? '100%' : 130 }}
              options={CASE_STATUSES.map((value) => ({
                value,
                label: t(`cases.status.${value}`),
              }))}
              data-testid="cases-filter-status"
            />
          </Form.Item>
          <Form.Item
            name="areaCode"
            label={t('cases.table.area')}
            style={isPhone ? undefined : { width: 280 }}
          >
            <AreaTreeSelect roots={roots} testId="cases-filter-area" />
          </Form.Item>
          <Form.Item name="range" label={t('cases.centre.timeRange')}>
            <DatePicker.RangePicker style={{ width: isPhone ? '100%' : undefined }} />
          </Form.Item>
          <Form.Item name="overdue" label={t('cases.table.overdue')}>
            <Select
              allowClear
              placeholder={t('cases.centre.any')}
              style={{ width: isPhone ? '100%' : 110 }}
              options={[
                { value: 'yes', label: t('cases.centre.overdueYes') },
                { value: 'no', label: t('cases.centre.overdueNo') },
              ]}
              data-testid="cases-filter-overdue"
            />
          </Form.Item>
          <Form.Item name="source" label={t('cases.table.source')}>
            <Select
              allowClear
              placeholder={t('cases.centre.any')}
              style={{ width: isPhone ? '100%' : 130 }}
              options={CASE_SOURCES.map((value) => ({
                value,
                label: t(`cases.source.${value}`),
              }))}
              data-testid="cases-filter-source"
            />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button
                type="primary"
                htmlType="submit"
                icon={<SearchOutlined />}
                data-testid="cases-search"
              >
                {t('common.search')}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  apply({});
                }}
              >
                {t('common.reset')}
              </Button>
              <Button
                icon={<ReloadOutlined />}
                onClick={current.reload}
                aria-label={t('common.refresh')}
              />
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <Card size="small">
        {current.error && !current.data ? (
          <LoadError error={current.error} onRetry={current.reload} />
        ) : view === 'list' ? (
          <>
            <StaleDataAlert error={list.error} />
            <Table<CaseSummary>
              rowKey="id"
              size="small"
              columns={columns}
              dataSource={list.data?.items ?? []}
              loading={list.isLoading}
              scroll={{ x: 1300 }}
              data-testid="cases-table"
              rowClassName={(row) => (row.overdue ? 'cc-row-overdue' : '')}
              onRow={(row) =>
                ({
                  'data-testid': `case-row-${row.number}`,
                  'data-status': row.status,
                  style: { cursor: 'pointer' },
                  onClick: (event) => {
                    // the number is a link already; the rest of the row opens the case too
                    if ((event.target as HTMLElement).closest('a')) return;
                    void navigate(`/cases/${encodeURIComponent(row.id)}`);
                  },
                }) as HTMLAttributes<HTMLElement>
              }
              pagination={pagination(list.data?.total ?? 0)}
            />
          </>
        ) : (
          <>
            <StaleDataAlert error={points.error} />
            <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 480 }} />}>
              <CaseMap
                areaCode={mapRoot}
                markers={markers}
                onMarkerClick={(caseId) => void navigate(`/cases/${encodeURIComponent(caseId)}`)}
                isRoamable
                height={isPhone ? 360 : 520}
                testId="cases-map"
              />
            </Suspense>
            <Space wrap size={[12, 4]} style={{ marginTop: 8 }} data-testid="cases-map-legend">
              {CASE_STATUSES.map((status) => (
                <span key={status} style={{ fontSize: 12 }}>
                  <span
                    style={{
                      display: 'inline-block',
                      width: 10,
                      height: 10,
                      borderRadius: '50%',
                      background: STATUS_COLORS[status],
                      marginInlineEnd: 4,
                    }}
                  />
                  {t(`cases.status.${status}`)}
                </span>
              ))}
            </Space>
            {points.data && points.data.total > MAP_LIMIT ? (
              <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
                {t('cases.centre.mapLimit', { shown: MAP_LIMIT, total: points.data.total })}
              </Typography.Paragraph>
            ) : null}
          </>
        )}
      </Card>
    </div>
  );
}
