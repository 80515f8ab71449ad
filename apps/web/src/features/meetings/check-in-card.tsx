import type { MeetingDetail } from '@cc/contracts';
import { App, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, describeError } from '../../lib/api';
import { checkIn } from './meetings-api';

/** At the door: the resident types the meeting's code (or is told when the door opens). */
export function CheckInCard({
  m,
  onDone,
}: {
  m: MeetingDetail;
  onDone: (next: MeetingDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ code: string }>();
  const [isSending, setIsSending] = useState(false);
  async function send(values: { code: string }) {
    setIsSending(true);
    try {
      const next = await checkIn(m.id, values.code.trim());
      void message.success(t('meetings.resident.checkedIn'));
      onDone(next);
    } catch (error) {
      const text =
        error instanceof ApiError && error.status === 400
          ? t('meetings.resident.wrongCode')
          : describeError(error, t);
      form.setFields([{ name: 'code', errors: [text] }]);
    } finally {
      setIsSending(false);
    }
  }
  return (
    <Card size="small" title={t('meetings.resident.checkIn')}>
      <Form form={form} layout="vertical" onFinish={send} data-testid="meeting-check-in-form">
        <Form.Item
          name="code"
          label={t('meetings.resident.checkInCode')}
          extra={t('meetings.resident.checkInHelp')}
          rules={[
            {
              required: true,
              pattern: /^\s*\d{6}\s*$/,
              message: t('meetings.resident.checkInHelp'),
            },
          ]}
        >
          <Input
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            data-testid="meeting-check-in-code"
          />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          block
          loading={isSending}
          data-testid="meeting-check-in-submit"
        >
          {t('meetings.resident.checkInSubmit')}
        </Button>
      </Form>
    </Card>
  );
}
