import {
  CASE_SOURCES,
  CASE_STATUSES,
  type CaseSource,
  type CaseStatus,
  type Taxonomy,
} from '@cc/contracts';
import { DatePicker, Form, Input, Select, type FormInstance } from 'antd';
import { FilterButtons } from '../../components/list-page';
import { useMemo, type ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import { AreaTreeSelect } from '../../components/area-tree-select';
import type { ScopeRoot } from '../../lib/session';
import { scenarioLabel } from './case-format';
import type { CaseFilters } from './cases-api';

type RangeValue = Parameters<
  NonNullable<ComponentProps<typeof DatePicker.RangePicker>['onChange']>
>[0];

export interface CaseFilterValues {
  /** a case number, or a keyword of the description, address or scenario */
  q?: string;
  scenarioCode?: string;
  status?: CaseStatus;
  areaCode?: string;
  range?: RangeValue;
  overdue?: 'yes' | 'no';
  source?: CaseSource;
}

/** The form's values as the list's filters: whole days, from the first's start to the last's end. */
export function toCaseFilters(values: CaseFilterValues): CaseFilters {
  const [from, to] = values.range ?? [];
  const q = values.q?.trim();
  return {
    q: q ? q.slice(0, 60) : undefined,
    scenarioCode: values.scenarioCode,
    status: values.status,
    areaCode: values.areaCode,
    source: values.source,
    overdue: values.overdue === undefined ? undefined : values.overdue === 'yes',
    from: from ? from.startOf('day').toISOString() : undefined,
    to: to ? to.endOf('day').toISOString() : undefined,
  };
}

interface Props {
  form: FormInstance<CaseFilterValues>;
  taxonomy: Taxonomy | undefined;
  roots: readonly ScopeRoot[];
  isPhone: boolean;
  onApply: (values: CaseFilterValues) => void;
  onRefresh: () => void;
}

/** 工单中心's filters: number or keyword, scenario, status, area, days, overdue, source; inline on a desk. */
export function CaseFilterForm({ form, taxonomy, roots, isPhone, onApply, onRefresh }: Props) {
  const { t, i18n } = useTranslation();
  const scenarioOptions = useMemo(
    () =>
      (taxonomy?.domains ?? []).map((domain) => ({
        label: scenarioLabel(domain, i18n.language),
        title: domain.code,
        options: (taxonomy?.scenarios ?? [])
          .filter((s) => s.domain === domain.code)
          .map((s) => ({
            value: s.code,
            label: scenarioLabel(s, i18n.language),
            search: `${s.name} ${s.nameEn} ${s.keywords.join(' ')}`,
          })),
      })),
    [taxonomy, i18n.language],
  );

  return (
    <Form<CaseFilterValues>
      form={form}
      layout={isPhone ? 'vertical' : 'inline'}
      onFinish={onApply}
      style={{ rowGap: 8 }}
      data-testid="cases-filters"
    >
      <Form.Item name="q" label={t('cases.centre.search')}>
        <Input
          allowClear
          maxLength={60}
          placeholder={t('cases.centre.searchPlaceholder')}
          style={{ width: isPhone ? '100%' : 260 }}
          data-testid="cases-filter-q"
        />
      </Form.Item>
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
      <FilterButtons
        searchTestId="cases-search"
        onReset={() => {
          form.resetFields();
          onApply({});
        }}
        onRefresh={onRefresh}
      />
    </Form>
  );
}
