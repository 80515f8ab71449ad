import { FED_LEVELS, type FedIndicator } from '@cc/contracts';
import {
  Card,
  Descriptions,
  Input,
  Select,
  Space,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
  Table,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListCard, ListPage } from '../../components/list-page';
import { RefreshButton, rowData } from '../../components/page-parts';
import { RowButton } from '../../components/managed-list';
import { useRequest } from '../../lib/api';
import { formatDateTime, inLanguage } from '../../lib/format';
import { useMe } from '../../lib/session';
import { IndicatorDrawer } from './indicator-drawer';
import { getCatalogue } from './indicators-api';
import { filterIndicators, rulesText, thresholdsText } from './indicators-format';
import { canEditIndicatorCatalogue } from './indicators-roles';

/** What a department sends, as an example of the request's body. */
const EXAMPLE = JSON.stringify(
  {
    figures: [
      {
        indicator: 'weather.rainfall_1h',
        area: '310101002000',
        at: '2026-07-20T14:00:00+08:00',
        value: 42.5,
        unit: 'mm',
      },
    ],
  },
  null,
  2,
);
const PUSH_FIELDS = ['indicator', 'area', 'at', 'value', 'unit'] as const;

/**
 * 指标目录 (whoever opens the dashboards): the indicators the departments feed, by group — the
 * owner, unit, rules, thresholds, levels, and when the last figure came (or 暂无数据接入) — and
 * how a department pushes its figures. The city's administrators edit one in a drawer.
 */
export function IndicatorsPage() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const me = useMe();
  const canEdit = canEditIndicatorCatalogue(me);
  const catalogue = useRequest((signal) => getCatalogue(signal), []);
  const [group, setGroup] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<FedIndicator | undefined>();
  const groupNames = useMemo(
    () =>
      new Map(
        catalogue.data?.groups.map((g) => [g.id, inLanguage(g.name, g.nameEn, language)]) ?? [],
      ),
    [catalogue.data, language],
  );
  const rows = useMemo(
    () => (catalogue.data ? filterIndicators(catalogue.data, { group, q }) : []),
    [catalogue.data, group, q],
  );

  const columns: TableColumnsType<FedIndicator> = [
    {
      title: t('indicators.columns.indicator'),
      key: 'indicator',
      fixed: 'left',
      width: 220,
      render: (_, i) => (
        <div>
          <Tooltip title={inLanguage(i.definition, i.definitionEn, language)}>
            <Typography.Text strong data-testid="indicator-name">
              {inLanguage(i.name, i.nameEn, language)}
            </Typography.Text>
          </Tooltip>
          <div>
            <Typography.Text code style={{ fontSize: 12 }}>
              {i.id}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      title: t('indicators.columns.group'),
      key: 'group',
      width: 120,
      render: (_, i) => groupNames.get(i.group) ?? i.group,
    },
    {
      title: t('indicators.columns.department'),
      key: 'department',
      width: 180,
      render: (_, i) => inLanguage(i.departmentName, i.departmentNameEn, language),
    },
    {
      title: t('indicators.columns.unit'),
      key: 'unit',
      width: 90,
      render: (_, i) => inLanguage(i.unit, i.unitEn, language),
    },
    {
      title: t('indicators.columns.rules'),
      key: 'rules',
      width: 200,
      render: (_, i) => <span data-testid="indicator-rules">{rulesText(i, t)}</span>,
    },
    {
      title: t('indicators.columns.thresholds'),
      key: 'thresholds',
      width: 200,
      render: (_, i) => (
        <div>
          <span data-testid="indicator-thresholds">{thresholdsText(i, t, language)}</span>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`indicators.direction.${i.direction}`)}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      title: t('indicators.columns.levels'),
      key: 'levels',
      width: 170,
      render: (_, i) =>
        FED_LEVELS.filter((level) => i.levels.includes(level)).map((level) => (
          <Tag key={level}>{t(`level.${level}`)}</Tag>
        )),
    },
    {
      title: t('indicators.columns.lastFigure'),
      key: 'lastFigure',
      width: 170,
      render: (_, i) =>
        i.lastFigureAt ? (
          <span data-testid="indicator-last">{formatDateTime(i.lastFigureAt, language)}</span>
        ) : (
          <Tag data-testid="indicator-no-feed">{t('indicators.noFeed')}</Tag>
        ),
    },
    ...(canEdit
      ? [
          {
            title: t('indicators.columns.actions'),
            key: 'actions',
            width: 90,
            render: (_: unknown, i: FedIndicator) => (
              <RowButton id={i.id} testId="indicator-edit" onClick={() => setEditing(i)}>
                {t('indicators.edit')}
              </RowButton>
            ),
          },
        ]
      : []),
  ];

  return (
    <ListPage testId="indicators-page" title={t('indicators.title')}>
      <Typography.Paragraph type="secondary">{t('indicators.intro')}</Typography.Paragraph>
      <ListCard
        error={catalogue.error}
        hasData={!!catalogue.data}
        onRetry={catalogue.reload}
        toolbar={
          <Space wrap>
            <Select<string>
              allowClear
              value={group}
              onChange={setGroup}
              placeholder={t('indicators.allGroups')}
              style={{ width: 180 }}
              options={catalogue.data?.groups.map((g) => ({
                value: g.id,
                label: inLanguage(g.name, g.nameEn, language),
              }))}
              data-testid="indicators-group"
            />
            <Input.Search
              allowClear
              placeholder={t('indicators.search')}
              onChange={(event) => setQ(event.target.value)}
              style={{ width: 260 }}
              data-testid="indicators-search"
            />
            <RefreshButton onClick={catalogue.reload} />
            {catalogue.data ? (
              <Typography.Text type="secondary">
                {t('indicators.count', { count: rows.length })}
              </Typography.Text>
            ) : null}
          </Space>
        }
        actions={
          canEdit ? null : (
            <Typography.Text type="secondary">{t('indicators.readOnly')}</Typography.Text>
          )
        }
      >
        <Table<FedIndicator>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={catalogue.isLoading}
          pagination={false}
          scroll={{ x: 1400 }}
          locale={{ emptyText: t('indicators.empty') }}
          data-testid="indicators-table"
          onRow={(i) =>
            rowData('indicator-row', {
              'data-id': i.id,
              'data-group': i.group,
              'data-department': i.department,
              'data-no-feed': String(i.lastFigureAt === null),
            })
          }
        />
      </ListCard>
      <Card
        size="small"
        title={t('indicators.push.title')}
        style={{ marginTop: 12 }}
        data-testid="indicators-push"
      >
        <Typography.Paragraph type="secondary">{t('indicators.push.intro')}</Typography.Paragraph>
        <pre className="cc-json cc-code-block" data-testid="indicators-endpoint">
          {[
            'POST /api/indicators/figures',
            'Authorization: Bearer <key>',
            'Content-Type: application/json',
            '',
            EXAMPLE,
          ].join('\n')}
        </pre>
        <Descriptions
          size="small"
          bordered
          column={1}
          title={t('indicators.push.body')}
          items={PUSH_FIELDS.map((field) => ({
            key: field,
            label: <Typography.Text code>{field}</Typography.Text>,
            children: t(`indicators.push.fields.${field}`),
          }))}
        />
      </Card>
      {editing ? (
        <IndicatorDrawer
          indicator={editing}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            catalogue.reload();
          }}
        />
      ) : null}
    </ListPage>
  );
}
