import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, Input, InputNumber, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';

export interface RoleValue {
  name: string;
  capacity: number;
}
export interface ShiftValue {
  title: string;
  time: [Dayjs, Dayjs];
  roles: RoleValue[];
}

/** A shift's roles: name and capacity, one row each (at least one, at most ten). */
function RolesField({ shift }: { shift: number }) {
  const { t } = useTranslation();
  return (
    <Form.List name={[shift, 'roles']}>
      {(fields, { add, remove }) => (
        <>
          {fields.map((field, j) => (
            <Space
              key={field.key}
              align="start"
              wrap
              data-testid={`activity-shift-${shift}-role-${j}`}
            >
              <Form.Item
                name={[field.name, 'name']}
                rules={[
                  {
                    required: true,
                    whitespace: true,
                    max: 20,
                    message: t('volunteers.activityForm.roleName'),
                  },
                ]}
              >
                <Input
                  placeholder={t('volunteers.activityForm.roleName')}
                  maxLength={20}
                  style={{ width: 160 }}
                  data-testid={`activity-shift-${shift}-role-${j}-name`}
                />
              </Form.Item>
              <Form.Item
                name={[field.name, 'capacity']}
                rules={[
                  {
                    required: true,
                    type: 'integer',
                    min: 1,
                    max: 5000,
                    message: t('volunteers.activityForm.capacityRule'),
                  },
                ]}
              >
                <InputNumber<number>
                  min={1}
                  max={5000}
                  precision={0}
                  prefix={t('volunteers.activityForm.capacity')}
                  style={{ width: 140 }}
                  data-testid={`activity-shift-${shift}-role-${j}-capacity`}
                />
              </Form.Item>
              {fields.length > 1 ? (
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  onClick={() => remove(field.name)}
                  aria-label={t('volunteers.activityForm.removeRole')}
                />
              ) : null}
            </Space>
          ))}
          {fields.length < 10 ? (
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() => add({ name: '', capacity: 5 })}
              data-testid={`activity-shift-${shift}-role-add`}
            >
              {t('volunteers.activityForm.addRole')}
            </Button>
          ) : null}
        </>
      )}
    </Form.List>
  );
}

/**
 * The activity's shifts: title and time, each with its roles; rows are added and removed
 * (one at least, thirty at most). A new shift starts where the one before ended.
 */
export function ShiftsField() {
  const { t } = useTranslation();
  const form = Form.useFormInstance<{ shifts: ShiftValue[] }>();
  return (
    <Form.List name="shifts">
      {(fields, { add, remove }) => (
        <>
          {fields.map((field, i) => (
            <Card
              key={field.key}
              size="small"
              style={{ marginBottom: 8 }}
              title={t('volunteers.activityForm.shiftN', { n: i + 1 })}
              extra={
                fields.length > 1 ? (
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    onClick={() => remove(field.name)}
                    aria-label={t('volunteers.activityForm.removeShift')}
                    data-testid={`activity-shift-${i}-remove`}
                  />
                ) : null
              }
              data-testid={`activity-shift-${i}`}
            >
              <Form.Item
                name={[field.name, 'title']}
                label={t('volunteers.activityForm.shiftTitle')}
                rules={[{ required: true, whitespace: true, max: 40 }]}
              >
                <Input maxLength={40} data-testid={`activity-shift-${i}-title`} />
              </Form.Item>
              <Form.Item
                name={[field.name, 'time']}
                label={t('volunteers.activityForm.shiftTime')}
                rules={[{ required: true, message: t('volunteers.activityForm.shiftTimeRule') }]}
              >
                <DatePicker.RangePicker
                  showTime={{ format: 'HH:mm', minuteStep: 5 }}
                  format="YYYY-MM-DD HH:mm"
                  style={{ width: '100%' }}
                  data-testid={`activity-shift-${i}-time`}
                />
              </Form.Item>
              <RolesField shift={field.name} />
            </Card>
          ))}
          {fields.length < 30 ? (
            <Button
              type="dashed"
              block
              icon={<PlusOutlined />}
              onClick={() => {
                const shifts = form.getFieldValue('shifts') as ShiftValue[] | undefined;
                const last = shifts?.[shifts.length - 1];
                const from = last?.time?.[1];
                add({
                  title: '',
                  time: from ? [from, from.add(last.time[1].diff(last.time[0]), 'ms')] : undefined,
                  roles: [{ name: t('volunteers.activityForm.defaultRole'), capacity: 5 }],
                });
              }}
              data-testid="activity-shift-add"
            >
              {t('volunteers.activityForm.addShift')}
            </Button>
          ) : null}
        </>
      )}
    </Form.List>
  );
}
