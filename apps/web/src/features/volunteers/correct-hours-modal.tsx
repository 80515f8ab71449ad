import type { CorrectVolunteerHoursBody } from '@cc/contracts';
import { Alert, Form, Input, InputNumber, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../lib/api';
import { showServerFieldError } from '../../lib/form-errors';

/**
 * 修正时长: a correction entry that makes a confirmed credit `minutes` (the ledger keeps both);
 * the note says why.
 */
export function CorrectHoursModal({
  name,
  minutes,
  onClose,
  onSubmit,
}: {
  name: string;
  minutes: number | null;
  onClose: () => void;
  onSubmit: (body: CorrectVolunteerHoursBody) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CorrectVolunteerHoursBody>();
  const [problem, setProblem] = useState<string | null>(null);
  const [isSending, setIsSending] = useState(false);
  async function send(v: CorrectVolunteerHoursBody) {
    setIsSending(true);
    setProblem(null);
    try {
      await onSubmit({ minutes: v.minutes, note: v.note.trim() });
    } catch (error) {
      if (!showServerFieldError(form, error, ['minutes', 'note']))
        setProblem(describeError(error, t));
    } finally {
      setIsSending(false);
    }
  }
  return (
    <Modal
      open
      title={t('volunteers.roster.correctTitle', { name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: isSending, 'data-testid': 'roster-correct-submit' }}
      destroyOnHidden
    >
      {problem ? (
        <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />
      ) : null}
      <Form<CorrectVolunteerHoursBody>
        form={form}
        layout="vertical"
        initialValues={{ minutes: minutes ?? 0 }}
        onFinish={(v) => void send(v)}
      >
        <Form.Item
          name="minutes"
          label={t('volunteers.roster.correctMinutes')}
          rules={[{ required: true }]}
        >
          <InputNumber<number>
            min={0}
            max={1440}
            precision={0}
            suffix={t('volunteers.minutesUnit')}
            data-testid="roster-correct-minutes"
          />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('volunteers.roster.correctNote')}
          rules={[{ required: true, whitespace: true, min: 2, max: 200 }]}
        >
          <Input.TextArea rows={2} maxLength={200} data-testid="roster-correct-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
