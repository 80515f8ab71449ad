import { Form, InputNumber, Space, type FormInstance, type InputNumberProps } from 'antd';
import type { CSSProperties } from 'react';

/**
 * A place typed as longitude and latitude (form fields `lng` and `lat`), beside a map that
 * fills them on a click: one rule for the pair (on `lat`), so a missing place is said once.
 * Test ids `${testIdPrefix}-lng` and `${testIdPrefix}-lat`.
 */
export function LngLatInputs(props: {
  form: FormInstance;
  labels: { lng: string; lat: string; required: string };
  testIdPrefix: string;
  style?: CSSProperties;
}) {
  const { form, labels, testIdPrefix } = props;
  return (
    <Space.Compact style={{ width: '100%', ...props.style }}>
      <Form.Item name="lng" noStyle>
        <Coordinate limit={180} label={labels.lng} testId={`${testIdPrefix}-lng`} />
      </Form.Item>
      <Form.Item
        name="lat"
        noStyle
        dependencies={['lng']}
        rules={[
          {
            validator: (_, lat: unknown) =>
              typeof lat === 'number' && typeof form.getFieldValue('lng') === 'number'
                ? Promise.resolve()
                : Promise.reject(new Error(labels.required)),
          },
        ]}
      >
        <Coordinate limit={90} label={labels.lat} testId={`${testIdPrefix}-lat`} />
      </Form.Item>
    </Space.Compact>
  );
}

/**
 * One of the pair: degrees within ±limit, to six decimals. The Form.Item around it hands it
 * the field's value and onChange, passed on to the input.
 */
function Coordinate({
  limit,
  label,
  testId,
  ...field
}: { limit: number; label: string; testId: string } & InputNumberProps<number>) {
  return (
    <InputNumber
      {...field}
      min={-limit}
      max={limit}
      step={0.0001}
      precision={6}
      placeholder={label}
      aria-label={label}
      style={{ width: '50%' }}
      data-testid={testId}
    />
  );
}
