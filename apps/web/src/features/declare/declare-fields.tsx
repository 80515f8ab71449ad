import { SearchOutlined } from '@ant-design/icons';
import type { Rule } from 'antd/es/form';
import { Checkbox, Form, Input, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequest } from '../../lib/api';
import { isEnglish } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { listRegions, searchRegions } from './declare-api';
import {
  arrivalDateBounds,
  arrivalDateProblem,
  documentNumberProblem,
  nameProblem,
  originProblem,
  stayDaysProblem,
  temperatureProblem,
  toggleSymptom,
  type Problem,
} from './declare-rules';
import {
  ARRIVAL_MEANS,
  DECLARATION_DOCUMENT_KINDS,
  STAY_PURPOSES,
  SYMPTOMS,
  type DeclarationDocumentKind,
  type RegionItem,
  type Symptom,
} from '@cc/contracts';
import {
  REGION_LEVELS,
  originCodeOf,
  parentAt,
  pickAt,
  regionName,
  regionPath,
  searchLabel,
} from './region-path';

/** A form rule from one of declare-rules' checks: its problem, in the reader's language. */
export function useCheck() {
  const { t } = useTranslation();
  return (check: (value: unknown) => Problem): Rule => ({
    validator: (_rule, value: unknown) => {
      const problem = check(value);
      return problem
        ? Promise.reject(new Error(t(`declare.rules.${problem.key}`, problem.values)))
        : Promise.resolve();
    },
  });
}

/** A select of a list in the reader's language, labelled by its i18n group. */
function useChoices<T extends string>(group: string, values: readonly T[]) {
  const { t } = useTranslation();
  return values.map((value) => ({ value, label: t(`declare.${group}.${value}`) }));
}

/** One level of the origin picker: the regions under `parent` (undefined: the countries). */
function RegionLevelSelect({
  level,
  parent,
  value,
  onPick,
}: {
  level: number;
  parent: string | undefined;
  value: string | undefined;
  onPick: (code: string | undefined) => void;
}) {
  const { t, i18n } = useTranslation();
  const en = isEnglish(i18n.language);
  const regions = useRequest((signal) => listRegions(parent, signal), [parent]);
  const items = regions.data?.items ?? [];
  const kind = REGION_LEVELS[level] ?? 'county';
  // a city without counties (a few are so): nothing to pick below it
  if (level > 0 && regions.data && items.length === 0) return null;
  return (
    <Select
      size="large"
      value={value}
      onChange={(code: string | undefined) => onPick(code)}
      allowClear={level > 0}
      showSearch={{ optionFilterProp: 'label' }}
      loading={regions.isLoading}
      placeholder={t(`declare.fields.${kind}`)}
      status={regions.error ? 'error' : undefined}
      options={items.map((r) => ({ value: r.code, label: regionName(r, en) }))}
      data-testid={`declare-origin-${kind}`}
      style={{ width: '100%' }}
    />
  );
}

/**
 * Where the person comes from: 中国 → 省 → 市 → 区县, or another country, picked level by
 * level (GET /api/regions?parent=) or found by name (?q=). The value is the deepest code picked
 * (never China alone). `declare-origin` is the search; the levels are
 * `declare-origin-country|province|city|county`.
 */
export function OriginPicker({
  value,
  onChange,
}: {
  value?: string;
  onChange?: (code: string | undefined) => void;
}) {
  const { t, i18n } = useTranslation();
  const en = isEnglish(i18n.language);
  const [path, setPath] = useState<string[]>(() => regionPath(value));
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<RegionItem[]>([]);

  // a value set from outside (a reset, a value given) opens the levels at its place; the
  // picker's own changes are ahead of the value until the form passes it back
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    if (originCodeOf(path) !== value) setPath(regionPath(value));
  }

  useEffect(() => {
    const q = query.trim();
    if (!q) return;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      searchRegions(q, controller.signal).then(
        (list) => setFound(list.items),
        () => {
          if (!controller.signal.aborted) setFound([]);
        },
      );
    }, 250);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  const pick = (next: string[]) => {
    const code = originCodeOf(next);
    setPath(next);
    setSeen(code);
    onChange?.(code);
  };

  const levels = REGION_LEVELS.map((_kind, level) => parentAt(path, level));
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={8}>
      <Select
        size="large"
        showSearch={{ filterOption: false, onSearch: setQuery }}
        value={null}
        onChange={(code: string) => {
          pick(regionPath(code));
          setQuery('');
        }}
        suffixIcon={<SearchOutlined />}
        placeholder={t('declare.fields.originSearch')}
        notFoundContent={query.trim() ? t('declare.noMatch') : null}
        options={found.map((r) => ({ value: r.code, label: searchLabel(r, en) }))}
        data-testid="declare-origin"
        style={{ width: '100%' }}
      />
      {levels.map((parent, level) =>
        parent === null ? null : (
          <RegionLevelSelect
            key={level}
            level={level}
            parent={parent}
            value={path[level]}
            onPick={(code) => pick(pickAt(path, level, code))}
          />
        ),
      )}
    </Space>
  );
}

/**
 * The symptoms as ticks, with 无 (none) ticked while no symptom is; ticking 无 clears them.
 * Each tick is `<testIdPrefix>-symptom-<id>` (`none` for 无).
 */
export function SymptomChecks({
  value = [],
  onChange,
  testIdPrefix,
}: {
  value?: Symptom[];
  onChange?: (symptoms: Symptom[]) => void;
  testIdPrefix: string;
}) {
  const { t } = useTranslation();
  const ids: (Symptom | 'none')[] = ['none', ...SYMPTOMS];
  return (
    <div className="cc-declare-symptoms">
      {ids.map((id) => (
        <Checkbox
          key={id}
          checked={id === 'none' ? value.length === 0 : value.includes(id)}
          onChange={(e) => onChange?.(toggleSymptom(value, id, e.target.checked))}
          data-testid={`${testIdPrefix}-symptom-${id}`}
        >
          {t(`declare.symptoms.${id}`)}
        </Checkbox>
      ))}
    </div>
  );
}

/**
 * Temperature and symptoms, under `prefix` (['health'] on a declaration, [] on a check-in).
 * Test ids: `<testIdPrefix>-temperature`, `<testIdPrefix>-symptom-<id>`.
 */
export function HealthFields({ prefix, testIdPrefix }: { prefix: string[]; testIdPrefix: string }) {
  const { t } = useTranslation();
  const check = useCheck();
  return (
    <>
      <Form.Item
        name={[...prefix, 'temperature']}
        label={t('declare.fields.temperature')}
        rules={[check(temperatureProblem)]}
      >
        <Input
          size="large"
          inputMode="decimal"
          maxLength={5}
          placeholder="36.5"
          suffix={t('declare.fields.temperatureUnit')}
          data-testid={`${testIdPrefix}-temperature`}
        />
      </Form.Item>
      <Form.Item name={[...prefix, 'symptoms']} label={t('declare.fields.symptoms')}>
        <SymptomChecks testIdPrefix={testIdPrefix} />
      </Form.Item>
    </>
  );
}

/** Name, document, origin and journey, purpose and stay: the fields of every declaration. */
export function PersonAndJourneyFields() {
  const { t } = useTranslation();
  const check = useCheck();
  const form = Form.useFormInstance();
  const documentKinds = useChoices<DeclarationDocumentKind>(
    'documentKinds',
    DECLARATION_DOCUMENT_KINDS,
  );
  const means = useChoices('means', ARRIVAL_MEANS);
  const now = useNow(60_000);
  const bounds = arrivalDateBounds(now);
  return (
    <>
      <Typography.Title level={5}>{t('declare.sections.person')}</Typography.Title>
      <Form.Item
        name="name"
        label={t('declare.fields.name')}
        rules={[check((v) => nameProblem(v as string))]}
      >
        <Input size="large" maxLength={40} autoComplete="name" data-testid="declare-name" />
      </Form.Item>
      <Form.Item
        name={['document', 'kind']}
        label={t('declare.fields.documentKind')}
        rules={[{ required: true, message: t('declare.rules.documentKindRequired') }]}
      >
        <Select size="large" options={documentKinds} data-testid="declare-doc-kind" />
      </Form.Item>
      <Form.Item
        name={['document', 'number']}
        label={t('declare.fields.documentNumber')}
        dependencies={[['document', 'kind']]}
        validateTrigger={['onBlur', 'onSubmit']}
        rules={[
          check((v) =>
            documentNumberProblem(
              form.getFieldValue(['document', 'kind']) as DeclarationDocumentKind | undefined,
              v as string,
            ),
          ),
        ]}
      >
        <Input
          size="large"
          maxLength={40}
          autoComplete="off"
          autoCapitalize="characters"
          data-testid="declare-doc-number"
        />
      </Form.Item>

      <Typography.Title level={5}>{t('declare.sections.journey')}</Typography.Title>
      <Form.Item
        name="originCode"
        label={t('declare.fields.origin')}
        extra={t('declare.fields.originHelp')}
        rules={[check((v) => originProblem(v as string | undefined))]}
      >
        <OriginPicker />
      </Form.Item>
      <Form.Item
        name="arrivalDate"
        label={t('declare.fields.arrivalDate')}
        rules={[check((v) => arrivalDateProblem(v as string | undefined, now))]}
      >
        <Input
          type="date"
          size="large"
          min={bounds.min}
          max={bounds.max}
          data-testid="declare-arrival-date"
        />
      </Form.Item>
      <Form.Item
        name="arrivalMeans"
        label={t('declare.fields.arrivalMeans')}
        rules={[{ required: true, message: t('declare.rules.meansRequired') }]}
      >
        <Select size="large" options={means} data-testid="declare-means" />
      </Form.Item>
    </>
  );
}

/** Purpose and length of the stay (after the room, which each form picks its own way). */
export function StayFields() {
  const { t } = useTranslation();
  const check = useCheck();
  const purposes = useChoices('purposes', STAY_PURPOSES);
  return (
    <>
      <Form.Item
        name="purpose"
        label={t('declare.fields.purpose')}
        rules={[{ required: true, message: t('declare.rules.purposeRequired') }]}
      >
        <Select size="large" options={purposes} data-testid="declare-purpose" />
      </Form.Item>
      <Form.Item
        name="stayDays"
        label={t('declare.fields.stayDays')}
        rules={[check(stayDaysProblem)]}
      >
        <Input
          size="large"
          inputMode="numeric"
          maxLength={3}
          suffix={t('declare.fields.days')}
          data-testid="declare-stay"
        />
      </Form.Item>
    </>
  );
}
