import {
  PutSensorRuleBody,
  type CaseAttributes,
  type SensorRule,
  type Taxonomy,
} from '@cc/contracts';
import { App as AntApp, Form, Grid, Input, InputNumber, Select, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ScenarioFields, toAttributeValue } from '../../components/scenario-fields';
import { inLanguage } from '../../lib/format';
import { answeredFields, matchesScenario, scenarioGroups } from '../../lib/scenarios';
import { FormDrawer, useSend } from '../../lib/sending';
import { putRule } from './sensors-api';

interface Values {
  name: string;
  nameEn: string;
  unit: string;
  threshold: number | null;
  windowMinutes: number | null;
  scenarioCode?: string;
  valueAttribute?: string;
  attributes?: Record<string, unknown>;
}

const FIELDS = [
  'name',
  'nameEn',
  'unit',
  'threshold',
  'windowMinutes',
  'scenarioCode',
  'valueAttribute',
  'attributes',
] as const;
/** Limits read from the contract, so the form and the server agree. */
const props = PutSensorRuleBody.properties;
const limits = {
  name: props.name.maxLength ?? 40,
  nameEn: props.nameEn.maxLength ?? 80,
  unit: props.unit.maxLength ?? 20,
  windowMax: props.windowMinutes.maximum ?? 7 * 24 * 60,
};

/**
 * 编辑规则 (the city's administrators): a kind's names and unit, the threshold a reading alarms
 * at, the window its alarms join one case in, the scenario of that case, the number field the
 * reading answers (a water depth), and the answers the case is given to the scenario's other
 * required questions — the shared scenario fields, as the report page asks them.
 */
export function RuleDrawer({
  rule,
  taxonomy,
  onClose,
  onSaved,
}: {
  rule: SensorRule;
  taxonomy: Taxonomy | undefined;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const { message } = AntApp.useApp();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<Values>();
  const sending = useSend(form, FIELDS);
  const scenarioCode = Form.useWatch('scenarioCode', form) ?? rule.scenarioCode;
  const valueAttribute = Form.useWatch('valueAttribute', form);
  const scenario = taxonomy?.scenarios.find((s) => s.code === scenarioCode);
  // the rule's own answers while its scenario stays chosen
  const kept = scenarioCode === rule.scenarioCode ? rule.attributes : undefined;
  // the field the reading answers is not asked
  const fields = scenario
    ? answeredFields(scenario, kept).filter((f) => f.code !== valueAttribute)
    : [];
  const numberFields = scenario?.fields.filter((f) => f.type === 'number') ?? [];
  const options = useMemo(() => scenarioGroups(taxonomy, language), [taxonomy, language]);
  const required = (label: string) => ({
    required: true,
    message: t('sensors.rule.required', { label }),
  });

  const send = (values: Values) =>
    sending.send(async () => {
      if (!scenario || values.threshold === null || values.windowMinutes === null) return;
      const attributes: CaseAttributes = {};
      for (const field of fields) {
        const value = toAttributeValue(field, values.attributes?.[field.code]);
        if (value !== undefined) attributes[field.code] = value;
      }
      const saved = await putRule(rule.kind, {
        name: values.name.trim(),
        nameEn: values.nameEn.trim(),
        unit: values.unit.trim(),
        threshold: values.threshold,
        windowMinutes: values.windowMinutes,
        scenarioCode: scenario.code,
        attributes,
        valueAttribute: values.valueAttribute ?? null,
      });
      void message.success(
        t('sensors.rule.saved', { name: inLanguage(saved.name, saved.nameEn, language) }),
      );
      onSaved();
    });

  return (
    <FormDrawer
      title={t('sensors.rule.title', { name: inLanguage(rule.name, rule.nameEn, language) })}
      size={screens.sm ? 560 : 360}
      submitText={t('sensors.rule.submit')}
      submitTestId="sensor-rule-submit"
      testId="sensor-rule-drawer"
      sending={sending}
      onSubmit={() => form.submit()}
      onClose={onClose}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          name: rule.name,
          nameEn: rule.nameEn,
          unit: rule.unit,
          threshold: rule.threshold,
          windowMinutes: rule.windowMinutes,
          scenarioCode: rule.scenarioCode,
          valueAttribute: rule.valueAttribute ?? undefined,
          attributes: rule.attributes,
        }}
        onFinish={(values) => void send(values)}
        onValuesChange={(changed: Partial<Values>) => {
          sending.clearProblem();
          // another scenario asks other questions, and has other number fields
          if ('scenarioCode' in changed) {
            form.setFieldsValue({ attributes: {}, valueAttribute: undefined });
          }
        }}
      >
        <div className="cc-form-pair">
          <Form.Item
            name="name"
            label={t('sensors.rule.name')}
            rules={[{ ...required(t('sensors.rule.name')), whitespace: true }]}
          >
            <Input maxLength={limits.name} data-testid="sensor-rule-name" />
          </Form.Item>
          <Form.Item
            name="nameEn"
            label={t('sensors.rule.nameEn')}
            rules={[{ ...required(t('sensors.rule.nameEn')), whitespace: true }]}
          >
            <Input maxLength={limits.nameEn} data-testid="sensor-rule-name-en" />
          </Form.Item>
        </div>
        <div className="cc-form-pair">
          <Form.Item
            name="threshold"
            label={t('sensors.rule.threshold')}
            extra={t('sensors.rule.thresholdHelp')}
            rules={[required(t('sensors.rule.threshold'))]}
          >
            <InputNumber style={{ width: '100%' }} data-testid="sensor-rule-threshold" />
          </Form.Item>
          <Form.Item
            name="unit"
            label={t('sensors.rule.unit')}
            rules={[{ ...required(t('sensors.rule.unit')), whitespace: true }]}
          >
            <Input maxLength={limits.unit} data-testid="sensor-rule-unit" />
          </Form.Item>
        </div>
        <Form.Item
          name="windowMinutes"
          label={t('sensors.rule.window')}
          extra={t('sensors.rule.windowHelp')}
          rules={[required(t('sensors.rule.window'))]}
        >
          <InputNumber
            min={1}
            max={limits.windowMax}
            precision={0}
            style={{ width: '100%' }}
            data-testid="sensor-rule-window"
          />
        </Form.Item>
        <Form.Item
          name="scenarioCode"
          label={t('sensors.rule.scenario')}
          extra={t('sensors.rule.scenarioHelp')}
          rules={[{ required: true, message: t('sensors.rule.scenarioRequired') }]}
        >
          <Select
            options={options}
            loading={!taxonomy}
            showSearch={{ filterOption: matchesScenario }}
            listHeight={320}
            data-testid="sensor-rule-scenario"
          />
        </Form.Item>
        {numberFields.length > 0 ? (
          <Form.Item
            name="valueAttribute"
            label={t('sensors.rule.valueAttribute')}
            extra={t('sensors.rule.valueAttributeHelp')}
          >
            <Select
              allowClear
              options={numberFields.map((f) => ({
                value: f.code,
                label: inLanguage(f.name, f.nameEn, language),
              }))}
              data-testid="sensor-rule-value-attribute"
            />
          </Form.Item>
        ) : null}
        {scenario ? (
          fields.length > 0 ? (
            <div data-testid="sensor-rule-fields">
              <Typography.Paragraph type="secondary">
                {t('sensors.rule.answersHelp')}
              </Typography.Paragraph>
              <ScenarioFields scenario={{ ...scenario, fields }} testIdPrefix="sensor-rule-field" />
            </div>
          ) : (
            <Typography.Paragraph type="secondary" data-testid="sensor-rule-no-fields">
              {t('sensors.rule.noAnswers')}
            </Typography.Paragraph>
          )
        ) : null}
      </Form>
    </FormDrawer>
  );
}
