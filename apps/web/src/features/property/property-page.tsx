import { ReloadOutlined } from '@ant-design/icons';
import {
  FEE_USE_LABELS,
  FEE_USES,
  PROPERTY_VIEWER_ROLES,
  type CompoundProperty,
  type FeeUse,
} from '@cc/contracts';
import { Button, Card, Drawer, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListCard, ListPage } from '../../components/list-page';
import { useRequest } from '../../lib/api';
import { inLanguage } from '../../lib/format';
import { useMe } from '../../lib/session';
import { CompoundDrawer } from './compound-drawer';
import { getComplaintRates, listCompounds, yuan } from './property-api';

const ComplaintChart = lazy(() => import('./complaint-chart'));

const DAYS = [90, 180, 365];

/** The compound's fee of one use, as a cell. */
function FeeCell({ c, use }: { c: CompoundProperty; use: FeeUse }) {
  const fee = c.fees.find((f) => f.use === use);
  return fee ? (
    <span>¥{yuan(fee.fen)}</span>
  ) : (
    <Typography.Text type="secondary">—</Typography.Text>
  );
}

/**
 * /property — 物业管理 "1 + 3" of an area's compounds: each compound's property company, owners'
 * committee (业委会), fee and complaints about property per 1,000 households (with a bar chart by
 * compound and by company); committee staff open a compound to edit it and propose fee changes.
 */
export function PropertyPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const areas = me.roles.filter((b) => PROPERTY_VIEWER_ROLES.includes(b.role));
  const [area, setArea] = useState<string | undefined>(areas[0]?.areaCode);
  const [days, setDays] = useState(365);
  const [open, setOpen] = useState<CompoundProperty | null>(null);
  const list = useRequest((signal) => listCompounds({ area, days }, signal), [area, days]);
  const rates = useRequest((signal) => getComplaintRates({ area, days }, signal), [area, days]);
  const reload = () => {
    list.reload();
    rates.reload();
  };
  const unit = { cases: t('property.cases'), households: t('property.households') };
  const scenarioNames = rates.data?.scenarios
    .map((s) => inLanguage(s.name, s.nameEn, i18n.language))
    .join('、');
  return (
    <ListPage testId="property-page" title={t('property.title')}>
      <ListCard
        error={list.error}
        hasData={!!list.data}
        onRetry={list.reload}
        toolbar={
          <Space wrap>
            {areas.length > 1 ? (
              <Select
                style={{ minWidth: 220 }}
                value={area}
                onChange={setArea}
                options={areas.map((b) => ({ value: b.areaCode, label: b.areaName }))}
                data-testid="property-area"
              />
            ) : (
              <Typography.Text strong>{list.data?.areaName}</Typography.Text>
            )}
            <span>
              {t('property.days')}{' '}
              <Select
                value={days}
                onChange={setDays}
                options={DAYS.map((d) => ({ value: d, label: d }))}
                data-testid="property-days"
              />{' '}
              {t('property.daysUnit')}
            </span>
          </Space>
        }
        actions={
          <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
        }
      >
        <Table<CompoundProperty>
          rowKey="compoundCode"
          size="middle"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          pagination={(list.data?.items.length ?? 0) > 30 ? { pageSize: 30 } : false}
          locale={{ emptyText: t('property.empty') }}
          data-testid="property-table"
          scroll={{ x: 900 }}
          columns={[
            { title: t('property.compound'), dataIndex: 'compoundName', fixed: 'left' },
            { title: t('property.committee'), dataIndex: 'committeeName' },
            {
              title: t('property.company'),
              key: 'company',
              render: (_, c) =>
                c.company ? (
                  <span title={c.company.uscc}>
                    {c.company.name}
                    <br />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {c.company.contractStart} ~ {c.company.contractEnd}
                    </Typography.Text>
                  </span>
                ) : (
                  <Typography.Text type="secondary">{t('property.noCompany')}</Typography.Text>
                ),
            },
            {
              title: t('property.ownersCommittee'),
              key: 'committee',
              render: (_, c) =>
                c.ownersCommittee.length > 0 ? (
                  t('property.membersCount', { count: c.ownersCommittee.length })
                ) : (
                  <Typography.Text type="secondary">
                    {t('property.noOwnersCommittee')}
                  </Typography.Text>
                ),
            },
            ...FEE_USES.map((use) => ({
              title: `${t('property.fee')}·${inLanguage(FEE_USE_LABELS[use].zh, FEE_USE_LABELS[use].en, i18n.language)}`,
              key: `fee-${use}`,
              align: 'right' as const,
              render: (_: unknown, c: CompoundProperty) => <FeeCell c={c} use={use} />,
            })),
            {
              title: `${t('property.complaints')}（${t('property.per1000')}）`,
              key: 'complaints',
              align: 'right',
              render: (_, c) => (
                <span data-testid={`property-rate-${c.compoundCode}`}>
                  {c.complaints.per1000 ?? t('property.none')}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {' '}
                    ({c.complaints.cases}/{c.complaints.households})
                  </Typography.Text>
                </span>
              ),
            },
            {
              title: '',
              key: 'open',
              render: (_, c) => (
                <Space size={4}>
                  {c.pendingChange ? <Tag color="orange">{t('property.pending')}</Tag> : null}
                  <Button
                    type="link"
                    size="small"
                    onClick={() => setOpen(c)}
                    data-testid={`property-open-${c.compoundCode}`}
                  >
                    {list.data?.canEdit ? t('property.edit') : t('property.open')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </ListCard>
      <Card
        size="small"
        style={{ marginTop: 12 }}
        title={t('property.chartTitle', { days })}
        data-testid="property-chart-card"
      >
        {rates.data ? (
          <Suspense fallback={null}>
            <Tabs
              size="small"
              items={[
                {
                  key: 'compound',
                  label: t('property.byCompound'),
                  children: (
                    <ComplaintChart
                      testId="property-chart-compound"
                      unit={unit}
                      bars={rates.data.byCompound.map((c) => ({ ...c, name: c.compoundName }))}
                    />
                  ),
                },
                {
                  key: 'company',
                  label: t('property.byCompany'),
                  children: (
                    <ComplaintChart
                      testId="property-chart-company"
                      unit={unit}
                      bars={rates.data.byCompany.map((c) => ({ ...c, name: c.companyName }))}
                    />
                  ),
                },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 0 }}>
              {t('property.scenarios', { list: scenarioNames })}
            </Typography.Paragraph>
          </Suspense>
        ) : null}
      </Card>
      <Drawer
        open={!!open}
        width={720}
        title={open ? `${open.compoundName} · ${open.committeeName}` : ''}
        onClose={() => setOpen(null)}
        destroyOnHidden
      >
        {open ? <CompoundDrawer code={open.compoundCode} onChanged={reload} /> : null}
      </Drawer>
    </ListPage>
  );
}
