import type { Scenario, ScenarioField } from '@cc/contracts';
import { Checkbox, Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isEnglish } from '../lib/format';

/** Radios up to this many choices; a searchable select beyond. */
const MAX_RADIOS = 6;

/** The value the form holds for a field → the value the API takes. */
export function toAttributeValue(
  field: ScenarioField,
  value: unknown,
): string | number | string[] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  switch (field.type) {
    case 'number':
      return typeof value === 'number' ? value : Number(value);
    case 'datetime': {
      // <input type="datetime-local"> gives local time without a zone
      const date = new Date(String(value));
      return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
    }
    case 'multivaluelist':
      return Array.isArray(value) && value.length > 0 ? value.map(String) : undefined;
    case 'singlevaluelist':
    case 'string':
    case 'text': {
      const text = String(value).trim();
      return text ? text : undefined;
    }
  }
}

/**
 * The scenario's own fields, each as the control its type calls for, under
 * `attributes.<code>` in the surrounding form (so server errors land next to them): the report
 * page's form, and the answers a hotline category's orders get. Each control's test id is
 * `${testIdPrefix}-<code>`.
 */
export function ScenarioFields({
  scenario,
  testIdPrefix = 'report-field',
}: {
  scenario: Scenario;
  testIdPrefix?: string;
}) {
  const { t, i18n } = useTranslation();
  const english = isEnglish(i18n.language);
  const label = (item: { name: string; nameEn: string }) =>
    english && item.nameEn ? item.nameEn : item.name;

  return (
    <>
      {scenario.fields.map((field) => {
        const testId = `${testIdPrefix}-${field.code}`;
        const options = (field.values ?? []).map((v) => ({ value: v.key, label: label(v) }));
        let control: ReactNode;
        switch (field.type) {
          case 'text':
            control = (
              <Input.TextArea
                rows={3}
                maxLength={field.maxLength ?? 2000}
                showCount={!!field.maxLength}
                data-testid={testId}
              />
            );
            break;
          case 'number':
            control = (
              <InputNumber
                min={field.min}
                max={field.max}
                inputMode="decimal"
                style={{ width: '100%' }}
                data-testid={testId}
              />
            );
            break;
          case 'datetime':
            control = <Input type="datetime-local" data-testid={testId} />;
            break;
          case 'singlevaluelist':
            control =
              options.length <= MAX_RADIOS ? (
                <Radio.Group data-testid={testId}>
                  <Space orientation="vertical" size={4}>
                    {options.map((o) => (
                      <Radio key={o.value} value={o.value} data-testid={`${testId}-${o.value}`}>
                        {o.label}
                      </Radio>
                    ))}
                  </Space>
                </Radio.Group>
              ) : (
                <Select
                  options={options}
                  showSearch={{ optionFilterProp: 'label' }}
                  allowClear
                  data-testid={testId}
                />
              );
            break;
          case 'multivaluelist':
            control = (
              <Checkbox.Group data-testid={testId}>
                <Space orientation="vertical" size={4}>
                  {options.map((o) => (
                    <Checkbox key={o.value} value={o.value} data-testid={`${testId}-${o.value}`}>
                      {o.label}
                    </Checkbox>
                  ))}
                </Space>
              </Checkbox.Group>
            );
            break;
          case 'string':
          default:
            control = <Input maxLength={field.maxLength ?? 2000} data-testid={testId} />;
        }
        return (
          <Form.Item
            key={`${scenario.code}-${field.code}`}
            name={['attributes', field.code]}
            label={label(field)}
            rules={[
              {
                required: field.required,
                // a choice is chosen, a text or a number is filled in: the message names the field
                message: t(
                  field.type === 'singlevaluelist' || field.type === 'multivaluelist'
                    ? 'cases.report.fieldChoose'
                    : 'cases.report.fieldRequired',
                  { label: label(field) },
                ),
              },
            ]}
          >
            {control}
          </Form.Item>
        );
      })}
    </>
  );
}
