import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { type Me, type MeetingDetail } from '@cc/contracts';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { areasApi, describeError, useRequest } from '../../lib/api';
import { showServerFieldError } from '../../lib/form-errors';
import { useMe } from '../../lib/session';
import { scheduleMeeting } from './meetings-api';

/** Staff schedule a meeting: committee, times, place or link, capacity, written agenda items. */
interface Committee {
  code: string;
  name: string;
}

/** The committees the person may hold meetings for: their own, and those of their streets. */
function useCommittees(me: Me) {
  const own = me.roles
    .filter((r) => r.role === 'committee_staff' && r.areaLevel === 'committee')
    .map((r) => ({ code: r.areaCode, name: r.areaName }));
  const streets = me.roles.filter((r) => r.role === 'street_operator').map((r) => r.areaCode);
  const below = useRequest(
    async (signal) =>
      (await Promise.all(streets.map((code) => areasApi.listChildren(code, signal)))).flatMap(
        (list) =>
          list.items
            .filter((a) => a.level === 'committee')
            .map((a) => ({ code: a.code, name: a.name })),
      ),
    [streets.join(',')],
    streets.length > 0,
  );
  const all = new Map<string, Committee>();
  for (const c of [...own, ...(below.data ?? [])]) all.set(c.code, c);
  return [...all.values()];
}

interface ScheduleValues {
  committeeCode?: string;
  title: string;
  time: [Dayjs, Dayjs];
  place?: string;
  onlineUrl?: string;
  capacity?: number | null;
  agenda?: { title: string; note?: string }[];
}

export function ScheduleDrawer({
  onClose,
  onDone,
}: {
  onClose: () => void;
  onDone: (m: MeetingDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const committees = useCommittees(me);
  const [form] = Form.useForm<ScheduleValues>();
  const [problem, setProblem] = useState<string | null>(null);
  const [isSending, setIsSending] = useState(false);
  async function send(v: ScheduleValues) {
    setIsSending(true);
    setProblem(null);
    try {
      const m = await scheduleMeeting({
        committeeCode:
          v.committeeCode ?? (committees.length === 1 ? committees[0]!.code : undefined),
        title: v.title,
        startsAt: v.time[0].toDate().toISOString(),
        endsAt: v.time[1].toDate().toISOString(),
        place: v.place || undefined,
        onlineUrl: v.onlineUrl || undefined,
        capacity: v.capacity ?? undefined,
        agenda: (v.agenda ?? []).map((i) => ({ title: i.title, note: i.note || undefined })),
      });
      void message.success(t('meetings.scheduled'));
      onDone(m);
    } catch (error) {
      const shown = showServerFieldError(
        form,
        error,
        ['committeeCode', 'title', 'time', 'place', 'onlineUrl', 'capacity', 'agenda'],
        { aliases: { startsAt: 'time', endsAt: 'time' } },
      );
      if (!shown) setProblem(describeError(error, t));
    } finally {
      setIsSending(false);
    }
  }
  return (
    <Drawer
      open
      width={560}
      title={t('meetings.schedule')}
      onClose={onClose}
      extra={
        <Button
          type="primary"
          loading={isSending}
          onClick={() => form.submit()}
          data-testid="meeting-schedule-submit"
        >
          {t('meetings.schedule')}
        </Button>
      }
    >
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={send} data-testid="meeting-schedule-form">
        {committees.length > 1 && (
          <Form.Item
            name="committeeCode"
            label={t('meetings.field.committee')}
            rules={[{ required: true, message: t('meetings.rule.committee') }]}
          >
            <Select
              showSearch
              optionFilterProp="label"
              options={committees.map((c) => ({ value: c.code, label: c.name }))}
              data-testid="meeting-committee"
            />
          </Form.Item>
        )}
        <Form.Item
          name="title"
          label={t('meetings.field.title')}
          rules={[
            {
              required: true,
              min: 2,
              max: 80,
              whitespace: true,
              message: t('meetings.rule.title'),
            },
          ]}
        >
          <Input maxLength={80} data-testid="meeting-title-input" />
        </Form.Item>
        <Form.Item
          name="time"
          label={t('meetings.field.time')}
          rules={[{ required: true, message: t('meetings.rule.time') }]}
        >
          <DatePicker.RangePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            style={{ width: '100%' }}
            data-testid="meeting-time"
          />
        </Form.Item>
        <Form.Item
          name="place"
          label={t('meetings.field.place')}
          extra={t('meetings.hint.placeOrLink')}
        >
          <Input maxLength={200} data-testid="meeting-place" />
        </Form.Item>
        <Form.Item
          name="onlineUrl"
          label={t('meetings.field.onlineUrl')}
          extra={t('meetings.hint.onlineUrl')}
        >
          <Input maxLength={500} placeholder="https://" data-testid="meeting-online-url" />
        </Form.Item>
        <Form.Item
          name="capacity"
          label={t('meetings.field.capacity')}
          extra={t('meetings.hint.capacity')}
        >
          <InputNumber min={1} max={10_000} precision={0} data-testid="meeting-capacity" />
        </Form.Item>
        <Typography.Text strong>{t('meetings.field.agenda')}</Typography.Text>
        <Typography.Paragraph type="secondary">{t('meetings.hint.agenda')}</Typography.Paragraph>
        <Form.List name="agenda">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <Space key={field.key} align="start" style={{ display: 'flex' }}>
                  <Form.Item
                    name={[field.name, 'title']}
                    rules={[
                      { required: true, whitespace: true, message: t('meetings.rule.agendaTitle') },
                    ]}
                  >
                    <Input
                      maxLength={120}
                      placeholder={`${t('meetings.field.agendaTitle')} ${i + 1}`}
                      data-testid={`meeting-agenda-title-${i}`}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'note']}>
                    <Input maxLength={1000} placeholder={t('meetings.field.agendaNote')} />
                  </Form.Item>
                  <Button
                    icon={<DeleteOutlined />}
                    aria-label={t('meetings.removeItem')}
                    onClick={() => remove(field.name)}
                  />
                </Space>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add()}
                data-testid="meeting-agenda-add"
              >
                {t('meetings.addItem')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
