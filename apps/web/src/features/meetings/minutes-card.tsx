import { MEETING_DECISIONS, MEETING_MINUTES_MAX, type MeetingDetail } from '@cc/contracts';
import { App, Button, Card, Form, Input, Radio, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../lib/api';
import { showServerFieldError } from '../../lib/form-errors';
import { publishMinutes } from './meetings-api';

interface MinutesValues {
  minutes: string;
  outcomes: Record<string, { decision: (typeof MEETING_DECISIONS)[number]; outcome: string }>;
}

export function MinutesCard({
  m,
  onDone,
}: {
  m: MeetingDetail;
  onDone: (next: MeetingDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<MinutesValues>();
  const [isSending, setIsSending] = useState(false);
  async function send(v: MinutesValues) {
    setIsSending(true);
    try {
      const next = await publishMinutes(m.id, {
        minutes: v.minutes,
        outcomes: m.agenda.map((i) => ({
          itemId: i.id,
          decision: v.outcomes[i.id]!.decision,
          outcome: v.outcomes[i.id]!.outcome,
        })),
      });
      void message.success(t('meetings.published'));
      onDone(next);
    } catch (error) {
      if (!showServerFieldError(form, error, ['minutes']))
        void message.error(describeError(error, t));
    } finally {
      setIsSending(false);
    }
  }
  return (
    <Card size="small" title={t('meetings.publishMinutes')}>
      <Typography.Paragraph type="secondary">{t('meetings.publishHelp')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={send} data-testid="meeting-minutes-form">
        {m.agenda.map((i, n) => (
          <Card key={i.id} size="small" style={{ marginBottom: 8 }} title={`${n + 1}. ${i.title}`}>
            <Form.Item
              name={['outcomes', i.id, 'decision']}
              rules={[{ required: true, message: t('meetings.decisionRule') }]}
            >
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={MEETING_DECISIONS.map((d) => ({
                  value: d,
                  label: (
                    <span data-testid={`meeting-decision-${n}-${d}`}>
                      {t(`meetings.decision.${d}`)}
                    </span>
                  ),
                }))}
                data-testid={`meeting-decision-${n}`}
              />
            </Form.Item>
            <Form.Item
              name={['outcomes', i.id, 'outcome']}
              rules={[{ required: true, whitespace: true, message: t('meetings.outcomeRule') }]}
            >
              <Input.TextArea
                rows={2}
                maxLength={2000}
                placeholder={t('meetings.outcome')}
                data-testid={`meeting-outcome-${n}`}
              />
            </Form.Item>
          </Card>
        ))}
        <Form.Item
          name="minutes"
          label={t('meetings.minutes')}
          rules={[{ required: true, whitespace: true, message: t('meetings.minutesRule') }]}
        >
          <Input.TextArea
            rows={8}
            maxLength={MEETING_MINUTES_MAX}
            showCount
            data-testid="meeting-minutes-input"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={isSending} data-testid="meeting-publish">
          {t('meetings.publish')}
        </Button>
      </Form>
    </Card>
  );
}
