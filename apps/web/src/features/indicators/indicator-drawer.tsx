import {
  FED_LEVELS,
  FED_OVER_TIME,
  FED_ROLLUPS,
  INDICATOR_DIRECTIONS,
  UpdateFedIndicatorBody,
  type FedIndicator,
  type FedLevel,
  type FedOverTime,
  type FedRollup,
} from '@cc/contracts';
import { App as AntApp, Checkbox, Form, Grid, Input, InputNumber, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { inLanguage } from '../../lib/format';
import { FormDrawer, useSend } from '../../lib/sending';
import { updateFedIndicator } from './indicators-api';
import { isThresholdOrder } from './indicators-format';

interface Values {
  name: string;
  nameEn: string;
  definition: string;
  definitionEn: string;
  rollup: FedRollup;
  overTime: FedOverTime;
  direction: FedIndicator['direction'];
  target: number | null;
  hasThresholds: boolean;
  green: number | null;
  red: number | null;
  levels: FedLevel[];
}

const FIELDS = [
  'name',
  'nameEn',
  'definition',
  'definitionEn',
  'rollup',
  'overTime',
  'direction',
  'target',
  'levels',
] as const;
/** Limits read from the contract, so the form and the server agree. */
const props = UpdateFedIndicatorBody.properties;
const limits = {
  name: props.name.maxLength ?? 40,
  nameEn: props.nameEn.maxLength ?? 80,
  definition: props.definition.maxLength ?? 300,
  definitionEn: props.definitionEn.maxLength ?? 500,
};

/**
 * 编辑指标 (the city's administrators): a fed indicator's names and definitions in both
 * languages, how the areas above and a range take its figures, its direction, target,
 * thresholds (or none) and the levels it exists for. The figures already sent stay as they are.
 */
export function IndicatorDrawer({
  indicator,
  onClose,
  onSaved,
}: {
  indicator: FedIndicator;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<Values>();
  const sending = useSend(form, FIELDS);
  const hasThresholds = Form.useWatch('hasThresholds', form) ?? indicator.thresholds !== null;
  const name = inLanguage(indicator.name, indicator.nameEn, i18n.language);
  const required = (label: string) => ({
    required: true,
    whitespace: true,
    message: t('indicators.rules.required', { label }),
  });

  const send = (values: Values) =>
    sending.send(async () => {
      const saved = await updateFedIndicator(indicator.id, {
        name: values.name.trim(),
        nameEn: values.nameEn.trim(),
        definition: values.definition.trim(),
        definitionEn: values.definitionEn.trim(),
        rollup: values.rollup,
        overTime: values.overTime,
        direction: values.direction,
        target: values.target ?? null,
        thresholds:
          values.hasThresholds && values.green !== null && values.red !== null
            ? { green: values.green, red: values.red }
            : null,
        levels: values.levels,
      });
      void message.success(
        t('indicators.saved', { name: inLanguage(saved.name, saved.nameEn, i18n.language) }),
      );
      onSaved();
    });

  const threshold = (field: 'green' | 'red') => ({
    validator: async (_: unknown, value: number | null) => {
      if (!form.getFieldValue('hasThresholds')) return;
      if (typeof value !== 'number') {
        throw new Error(t('indicators.rules.required', { label: t(`indicators.fields.${field}`) }));
      }
      const green = form.getFieldValue('green') as number | null;
      const red = form.getFieldValue('red') as number | null;
      const direction = form.getFieldValue('direction') as Values['direction'];
      if (
        field === 'red' &&
        typeof green === 'number' &&
        typeof red === 'number' &&
        !isThresholdOrder(direction, green, red)
      ) {
        throw new Error(t('indicators.rules.thresholdsOrder'));
      }
    },
  });

  return (
    <FormDrawer
      title={t('indicators.editTitle', { name })}
      size={screens.sm ? 560 : 360}
      submitText={t('indicators.submit')}
      submitTestId="indicator-submit"
      testId="indicator-drawer"
      sending={sending}
      onSubmit={() => form.submit()}
      onClose={onClose}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          name: indicator.name,
          nameEn: indicator.nameEn,
          definition: indicator.definition,
          definitionEn: indicator.definitionEn,
          rollup: indicator.rollup,
          overTime: indicator.overTime,
          direction: indicator.direction,
          target: indicator.target,
          hasThresholds: indicator.thresholds !== null,
          green: indicator.thresholds?.green ?? null,
          red: indicator.thresholds?.red ?? null,
          levels: indicator.levels,
        }}
        onFinish={(values) => void send(values)}
        onValuesChange={sending.clearProblem}
      >
        <Form.Item
          name="name"
          label={t('indicators.fields.name')}
          rules={[required(t('indicators.fields.name'))]}
        >
          <Input maxLength={limits.name} data-testid="indicator-name-input" />
        </Form.Item>
        <Form.Item
          name="nameEn"
          label={t('indicators.fields.nameEn')}
          rules={[required(t('indicators.fields.nameEn'))]}
        >
          <Input maxLength={limits.nameEn} data-testid="indicator-name-en-input" />
        </Form.Item>
        <Form.Item
          name="definition"
          label={t('indicators.fields.definition')}
          rules={[required(t('indicators.fields.definition'))]}
        >
          <Input.TextArea rows={2} maxLength={limits.definition} showCount />
        </Form.Item>
        <Form.Item
          name="definitionEn"
          label={t('indicators.fields.definitionEn')}
          rules={[required(t('indicators.fields.definitionEn'))]}
        >
          <Input.TextArea rows={2} maxLength={limits.definitionEn} showCount />
        </Form.Item>
        <Form.Item
          name="rollup"
          label={t('indicators.fields.rollup')}
          extra={t('indicators.fields.rollupHelp')}
        >
          <Select
            options={FED_ROLLUPS.map((r) => ({ value: r, label: t(`indicators.rollup.${r}`) }))}
            data-testid="indicator-rollup"
          />
        </Form.Item>
        <Form.Item
          name="overTime"
          label={t('indicators.fields.overTime')}
          extra={t('indicators.fields.overTimeHelp')}
        >
          <Select
            options={FED_OVER_TIME.map((o) => ({ value: o, label: t(`indicators.overTime.${o}`) }))}
            data-testid="indicator-over-time"
          />
        </Form.Item>
        <Form.Item name="direction" label={t('indicators.fields.direction')}>
          <Select
            options={INDICATOR_DIRECTIONS.map((d) => ({
              value: d,
              label: t(`indicators.direction.${d}`),
            }))}
            data-testid="indicator-direction"
          />
        </Form.Item>
        <Form.Item
          name="target"
          label={t('indicators.fields.target')}
          extra={t('indicators.fields.targetHelp')}
        >
          <InputNumber style={{ width: '100%' }} data-testid="indicator-target" />
        </Form.Item>
        <Form.Item
          name="hasThresholds"
          label={t('indicators.fields.hasThresholds')}
          valuePropName="checked"
          extra={t('indicators.fields.thresholdsHelp')}
        >
          <Switch data-testid="indicator-has-thresholds" />
        </Form.Item>
        {hasThresholds ? (
          <div className="cc-form-pair">
            <Form.Item
              name="green"
              label={t('indicators.fields.green')}
              rules={[threshold('green')]}
            >
              <InputNumber style={{ width: '100%' }} data-testid="indicator-green" />
            </Form.Item>
            <Form.Item
              name="red"
              label={t('indicators.fields.red')}
              dependencies={['green', 'direction']}
              rules={[threshold('red')]}
            >
              <InputNumber style={{ width: '100%' }} data-testid="indicator-red" />
            </Form.Item>
          </div>
        ) : null}
        <Form.Item
          name="levels"
          label={t('indicators.fields.levels')}
          extra={t('indicators.fields.levelsHelp')}
          rules={[{ type: 'array', min: 1, message: t('indicators.rules.levels') }]}
        >
          <Checkbox.Group
            options={FED_LEVELS.map((level) => ({ value: level, label: t(`level.${level}`) }))}
            data-testid="indicator-levels"
          />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
