import {
  AUDIT_GROUP_LABELS,
  AUDIT_GROUPS,
  AUDIT_OBJECT_TYPES,
  AuditQuery,
  auditActionGroup,
  auditActionLabel,
  auditActionsOf,
  AUDIT_ACTIONS,
  type AuditEntry,
  type AuditGroup,
} from '@cc/contracts';
import { DatePicker, Form, Input, Select, Table, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState, type ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { FilterButtons, ListCard, ListFilters, ListPage } from '../../components/list-page';
import { useRequest } from '../../lib/api';
import { usePaging } from '../../lib/use-paging';
import { listAudit } from './audit-api';
import { auditFields, auditLanguage, auditTime } from './audit-format';
import { AuditObject, AuditRecordDrawer, OutcomeTag } from './audit-record';

type Outcome = NonNullable<AuditQuery['outcome']>;
type Filters = Pick<
  AuditQuery,
  'actor' | 'group' | 'action' | 'objectType' | 'objectId' | 'outcome' | 'from' | 'to'
>;
type RangeValue = Parameters<
  NonNullable<ComponentProps<typeof DatePicker.RangePicker>['onChange']>
>[0];

interface FormValues {
  actor?: string;
  group?: AuditGroup;
  action?: string;
  objectType?: string;
  objectId?: string;
  outcome?: Outcome;
  range?: RangeValue;
}

const OUTCOMES: Outcome[] = ['ok', 'denied', 'failed'];
const DEFAULT_PAGE_SIZE = AuditQuery.properties.pageSize.default as number;
const TEXT_MAX = AuditQuery.properties.actor.maxLength;
const ID_MAX = AuditQuery.properties.objectId.maxLength;
/**
 * Below this the table scrolls inside its card. At 1366 px the table has about 1,090 px: the
 * fixed columns take about 900 and 详情 the rest, so it is not cut off.
 */
const TABLE_MIN_WIDTH = 1040;

function blankToUndefined(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** The filters a link can carry (`/audit?objectType=case&objectId=…`). */
function filtersFrom(params: URLSearchParams): FormValues {
  const group = params.get('group');
  return {
    objectType: params.get('objectType') ?? undefined,
    objectId: params.get('objectId') ?? undefined,
    actor: params.get('actor') ?? undefined,
    group: (AUDIT_GROUPS as readonly string[]).includes(group ?? '')
      ? (group as AuditGroup)
      : undefined,
  };
}

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const lang = auditLanguage(i18n.language);
  const [params] = useSearchParams();
  const initial = useMemo(() => filtersFrom(params), [params]);
  const [form] = Form.useForm<FormValues>();
  const [filters, setFilters] = useState<Filters>(() => ({
    actor: initial.actor,
    group: initial.group,
    objectType: initial.objectType,
    objectId: initial.objectId,
  }));
  const [opened, setOpened] = useState<AuditEntry | null>(null);
  const group = Form.useWatch('group', form);
  const { page, pageSize, setPage, pagination } = usePaging(DEFAULT_PAGE_SIZE);
  const { data, error, isLoading, reload } = useRequest(
    (signal) => listAudit({ ...filters, page, pageSize }, signal),
    [filters, page, pageSize],
  );
  const areas = data?.areas ?? {};

  function apply(values: FormValues) {
    const [from, to] = values.range ?? [];
    setFilters({
      actor: blankToUndefined(values.actor),
      group: values.group,
      action: values.action,
      objectType: values.objectType,
      objectId: blankToUndefined(values.objectId),
      outcome: values.outcome,
      from: from ? from.toISOString() : undefined,
      to: to ? to.toISOString() : undefined,
    });
    setPage(1);
  }

  const fieldWords = {
    yes: t('audit.yes'),
    no: t('audit.no'),
    role: (role: string) => t(`role.${role}`, { defaultValue: role }),
  };
  const actionOptions = (group ? auditActionsOf(group) : Object.keys(AUDIT_ACTIONS)).map((a) => ({
    value: a,
    label: auditActionLabel(a, lang)!,
  }));
  const objectTypeOptions = Object.entries(AUDIT_OBJECT_TYPES)
    .map(([value, o]) => ({ value, label: o[lang] }))
    .sort((a, b) => a.label.localeCompare(b.label, lang === 'zh' ? 'zh-CN' : 'en'));

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.seq'), dataIndex: 'seq', width: 64 },
    {
      title: t('audit.at'),
      dataIndex: 'at',
      width: 160,
      render: (value: string) => auditTime(value),
    },
    {
      title: t('audit.actor'),
      dataIndex: 'actorName',
      width: 110,
      render: (_, entry) =>
        entry.actorName ? (
          <span data-user-text>{entry.actorName}</span>
        ) : (
          <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>
        ),
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      width: 200,
      render: (value: string) => {
        const g = auditActionGroup(value);
        return (
          <span>
            <span data-testid="audit-action">
              {auditActionLabel(value, lang) ?? t('audit.unknownAction')}
            </span>
            {g ? (
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {AUDIT_GROUP_LABELS[g][lang]}
              </Typography.Text>
            ) : null}
          </span>
        );
      },
    },
    {
      title: t('audit.object'),
      dataIndex: 'objectType',
      width: 200,
      render: (_, entry) => <AuditObject entry={entry} areas={areas} />,
    },
    {
      title: t('audit.outcome'),
      dataIndex: 'outcome',
      width: 80,
      render: (value: string) => <OutcomeTag outcome={value} />,
    },
    {
      title: t('audit.ip'),
      dataIndex: 'ip',
      width: 120,
      responsive: ['lg'],
      render: (ip: string | null) => ip ?? '',
    },
    // the rest of the width: the labelled fields on one line, cut short; the drawer shows all
    {
      title: t('audit.detail'),
      dataIndex: 'detail',
      ellipsis: true,
      render: (detail: unknown) => (
        <span data-user-text>
          {auditFields(detail, areas, lang, fieldWords)
            .fields.map((f) => `${f.label}${lang === 'zh' ? '：' : ': '}${f.value}`)
            .join(lang === 'zh' ? '；' : '; ')}
        </span>
      ),
    },
  ];

  return (
    <ListPage testId="audit-page" title={t('nav.audit')}>
      <ListFilters>
        <Form<FormValues>
          form={form}
          layout="inline"
          onFinish={apply}
          initialValues={initial}
          style={{ rowGap: 8 }}
          data-testid="audit-filters"
        >
          <Form.Item name="actor" label={t('audit.actor')}>
            <Input
              allowClear
              maxLength={TEXT_MAX}
              placeholder={t('audit.actorPlaceholder')}
              style={{ width: 140 }}
            />
          </Form.Item>
          <Form.Item name="group" label={t('audit.group')}>
            <Select
              allowClear
              style={{ width: 190 }}
              placeholder={t('audit.any')}
              options={AUDIT_GROUPS.map((g) => ({ value: g, label: AUDIT_GROUP_LABELS[g][lang] }))}
              onChange={() => form.setFieldValue('action', undefined)}
              data-testid="audit-group"
            />
          </Form.Item>
          <Form.Item name="action" label={t('audit.action')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              style={{ width: 220 }}
              placeholder={t('audit.actionPlaceholder')}
              options={actionOptions}
              data-testid="audit-action-filter"
            />
          </Form.Item>
          <Form.Item name="objectType" label={t('audit.objectType')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              style={{ width: 150 }}
              placeholder={t('audit.any')}
              options={objectTypeOptions}
              data-testid="audit-object-type"
            />
          </Form.Item>
          <Form.Item name="objectId" label={t('audit.objectId')}>
            <Input
              allowClear
              maxLength={ID_MAX}
              placeholder={t('audit.objectIdPlaceholder')}
              style={{ width: 220 }}
              data-testid="audit-object-id"
            />
          </Form.Item>
          <Form.Item name="outcome" label={t('audit.outcome')}>
            <Select
              allowClear
              style={{ width: 110 }}
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
              form.setFieldsValue({
                actor: undefined,
                group: undefined,
                objectType: undefined,
                objectId: undefined,
              });
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
          onRow={(entry) => ({
            onClick: () => setOpened(entry),
            style: { cursor: 'pointer' },
            'data-testid': 'audit-row',
          })}
          pagination={pagination(data?.total ?? 0)}
        />
      </ListCard>
      <AuditRecordDrawer entry={opened} areas={areas} onClose={() => setOpened(null)} />
    </ListPage>
  );
}
