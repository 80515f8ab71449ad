import { MEETING_TITLE_MAX, type Council } from '@cc/contracts';
import { App, DatePicker, Form, Input } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { scheduleCouncilMeeting } from './councils-api';
import { SendModal, useSend } from '../../lib/sending';

interface MeetingValues {
  title: string;
  span: [Dayjs, Dayjs];
  place?: string;
}

/**
 * 安排会议: a meeting of the council (the meetings module's, its representatives the
 * audience), to put motions to.
 */
export function MeetingModal({
  council,
  onClose,
  onDone,
}: {
  council: Council;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<MeetingValues>();
  const sending = useSend(form, ['title', 'span', 'place'], {
    aliases: { startsAt: 'span', endsAt: 'span' },
    toName: (path) => path[0] as string,
  });
  const start = dayjs().add(1, 'day').hour(19).startOf('hour');
  return (
    <SendModal
      title={t('councils.meeting.create')}
      okText={t('councils.meeting.submit')}
      okTestId="meeting-submit"
      sending={sending}
      onOk={() => form.submit()}
      onClose={onClose}
    >
      <Form<MeetingValues>
        form={form}
        layout="vertical"
        initialValues={{ span: [start, start.add(90, 'minute')] }}
        onFinish={(v) =>
          void sending.send(async () => {
            const meeting = await scheduleCouncilMeeting(council.id, {
              title: v.title.trim(),
              startsAt: v.span[0].toDate().toISOString(),
              endsAt: v.span[1].toDate().toISOString(),
              ...(v.place?.trim() ? { place: v.place.trim() } : {}),
            });
            void message.success(t('councils.meeting.created', { title: meeting.title }));
            onDone();
          })
        }
      >
        <Form.Item
          name="title"
          label={t('councils.meeting.title')}
          rules={[
            { required: true, whitespace: true, min: 2, message: t('councils.meeting.titleRule') },
          ]}
        >
          <Input maxLength={MEETING_TITLE_MAX} data-testid="meeting-title-input" />
        </Form.Item>
        <Form.Item
          name="span"
          label={t('councils.meeting.when')}
          rules={[{ required: true, message: t('councils.meeting.whenRule') }]}
        >
          <DatePicker.RangePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            data-testid="meeting-span-input"
          />
        </Form.Item>
        <Form.Item name="place" label={t('councils.meeting.place')}>
          <Input maxLength={200} data-testid="meeting-place-input" />
        </Form.Item>
      </Form>
    </SendModal>
  );
}
