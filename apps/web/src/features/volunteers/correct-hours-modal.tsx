import type { CorrectVolunteerHoursBody } from '@cc/contracts';
import { Form, Input, InputNumber } from 'antd';
import { useTranslation } from 'react-i18next';
import { SendModal, useSend } from '../../lib/sending';

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
  const sending = useSend(form, ['minutes', 'note']);
  const send = (v: CorrectVolunteerHoursBody) =>
    sending.send(async () => {
      await onSubmit({ minutes: v.minutes, note: v.note.trim() });
    });
  return (
    <SendModal
      title={t('volunteers.roster.correctTitle', { name })}
      okTestId="roster-correct-submit"
      sending={sending}
      onOk={() => form.submit()}
      onClose={onClose}
    >
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
    </SendModal>
  );
}
