import { Form, InputNumber, Space, type FormInstance } from 'antd';
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
        <InputNumber
          min={-180}
          max={180}
          step={0.0001}
          precision={6}
          placeholder={labels.lng}
          aria-label={labels.lng}
          style={{ width: '50%' }}
          data-testid={`${testIdPrefix}-lng`}
        />
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
        <InputNumber
          min={-90}
          max={90}
          step={0.0001}
          precision={6}
          placeholder={labels.lat}
          aria-label={labels.lat}
          style={{ width: '50%' }}
          data-testid={`${testIdPrefix}-lat`}
        />
      </Form.Item>
    </Space.Compact>
  );
}
