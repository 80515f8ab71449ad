import { AuditQuery, type AuditEntry } from '@cc/contracts';
import {
  DatePicker,
  Form,
  Input,
  Select,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { Fragment, useState, type ComponentProps, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FilterButtons, ListCard, ListFilters, ListPage } from '../../components/list-page';
import { useRequest } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { usePaging } from '../../lib/use-paging';
import { listAudit } from './audit-api';

type Outcome = NonNullable<AuditQuery['outcome']>;
type Filters = Pick<
  AuditQuery,
  'actor' | 'action' | 'objectType' | 'objectId' | 'outcome' | 'from' | 'to'
>;
type RangeValue = Parameters<
  NonNullable<ComponentProps<typeof DatePicker.RangePicker>['onChange']>
>[0];

interface FormValues {
  actor?: string;
  action?: string;
  objectType?: string;
  objectId?: string;
  outcome?: Outcome;
  range?: RangeValue;
}

const OUTCOMES: Outcome[] = ['ok', 'denied', 'failed'];
const OUTCOME_COLORS: Record<string, string> = { ok: 'green', denied: 'orange', failed: 'red' };
const DEFAULT_PAGE_SIZE = AuditQuery.properties.pageSize.default as number;
const TEXT_MAX = AuditQuery.properties.actor.maxLength;
/**
 * Below this the table scrolls inside its card. At 1366 px the table has about 1,090 px: the
 * fixed columns (and the expand button) take 966 and 详情 the rest, so it is not cut off.
 */
const TABLE_MIN_WIDTH = 1040;

/** registry.resident.reveal: a name too long for its column wraps after a dot, not in a word. */
function actionWithBreaks(action: string): ReactNode {
  const parts = action.split('.');
  return parts.map((part, index) => (
    <Fragment key={index}>
      {part}
      {index < parts.length - 1 ? (
        <>
          .<wbr />
        </>
      ) : null}
    </Fragment>
  ));
}

/** Compact one-line JSON for the table; the expanded row shows it indented. */
function compactJson(value: unknown): string {
  // The detail came in as JSON, so it goes back out as JSON.
  return value === undefined || value === null ? '' : JSON.stringify(value);
}

function blankToUndefined(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const [filters, setFilters] = useState<Filters>({});
  const { page, pageSize, setPage, pagination } = usePaging(DEFAULT_PAGE_SIZE);
  const { data, error, isLoading, reload } = useRequest(
    (signal) => listAudit({ ...filters, page, pageSize }, signal),
    [filters, page, pageSize],
  );

  function apply(values: FormValues) {
    const [from, to] = values.range ?? [];
    setFilters({
      actor: blankToUndefined(values.actor),
      action: blankToUndefined(values.action),
      objectType: blankToUndefined(values.objectType),
      objectId: blankToUndefined(values.objectId),
      outcome: values.outcome,
      from: from ? from.toISOString() : undefined,
      to: to ? to.toISOString() : undefined,
    });
    setPage(1);
  }

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.seq'), dataIndex: 'seq', width: 64 },
    {
      title: t('audit.at'),
      dataIndex: 'at',
      width: 160,
      render: (value: string) => formatDateTime(value, i18n.language),
    },
    {
      title: t('audit.actor'),
      dataIndex: 'actorName',
      width: 100,
      render: (_, entry) =>
        entry.actorName ??
        entry.actorId ?? <Typography.Text type="secondary">{t('audit.anonymous')}</Typography.Text>,
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      width: 224,
      render: (value: string) => <code>{actionWithBreaks(value)}</code>,
    },
    {
      title: t('audit.object'),
      dataIndex: 'objectType',
      width: 170,
      render: (_, entry) => (
        <span>
          {entry.objectType}
          {entry.objectId ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {' '}
              {entry.objectId}
            </Typography.Text>
          ) : null}
        </span>
      ),
    },
    {
      title: t('audit.outcome'),
      dataIndex: 'outcome',
      width: 80,
      render: (value: string) => (
        <Tag color={OUTCOME_COLORS[value] ?? 'default'}>
          {t(`audit.outcomes.${value}`, { defaultValue: value })}
        </Tag>
      ),
    },
    {
      title: t('audit.ip'),
      dataIndex: 'ip',
      width: 120,
      responsive: ['lg'],
      render: (ip: string | null) => ip ?? '',
    },
    // the rest of the width: one line, cut short; the expanded row shows it whole
    {
      title: t('audit.detail'),
      dataIndex: 'detail',
      ellipsis: true,
      render: (detail: unknown) => <span className="cc-json">{compactJson(detail)}</span>,
    },
  ];

  return (
    <ListPage testId="audit-page" title={t('nav.audit')}>
      <ListFilters>
        <Form<FormValues>
          form={form}
          layout="inline"
          onFinish={apply}
          style={{ rowGap: 8 }}
          data-testid="audit-filters"
        >
          <Form.Item name="actor" label={t('audit.actor')}>
            <Input
              allowClear
              maxLength={TEXT_MAX}
              placeholder={t('audit.actorPlaceholder')}
              style={{ width: 150 }}
            />
          </Form.Item>
          <Form.Item name="action" label={t('audit.action')}>
            <Input
              allowClear
              maxLength={TEXT_MAX}
              placeholder={t('audit.actionPlaceholder')}
              style={{ width: 240 }}
            />
          </Form.Item>
          <Form.Item name="objectType" label={t('audit.objectType')}>
            <Input
              allowClear
              maxLength={TEXT_MAX}
              placeholder={t('audit.objectTypePlaceholder')}
              style={{ width: 130 }}
            />
          </Form.Item>
          <Form.Item name="outcome" label={t('audit.outcome')}>
            <Select
              allowClear
              style={{ width: 120 }}
              placeholder={t('audit.any')}
              options={OUTCOMES.map((value) => ({ value, label: t(`audit.outcomes.${value}`) }))}
              data-testid="audit-outcome"
            />
          </Form.Item>
          <Form.Item name="range" label={t('audit.timeRange')}>
            <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <FilterButtons
            searchTestId="audit-search"
            onReset={() => {
              form.resetFields();
              apply({});
            }}
            onRefresh={reload}
          />
        </Form>
      </ListFilters>
      <ListCard error={error} hasData={!!data} onRetry={reload}>
        <Table<AuditEntry>
          rowKey="seq"
          size="small"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={isLoading}
          scroll={{ x: TABLE_MIN_WIDTH }}
          data-testid="audit-table"
          expandable={{
            expandedRowRender: (entry) => (
              <pre className="cc-json" style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
                {JSON.stringify(entry.detail, null, 2)}
              </pre>
            ),
            rowExpandable: (entry) => entry.detail !== null && entry.detail !== undefined,
          }}
          pagination={pagination(data?.total ?? 0)}
        />
      </ListCard>
    </ListPage>
  );
}
