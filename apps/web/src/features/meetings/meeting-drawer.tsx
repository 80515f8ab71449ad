import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Space,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { PlainText } from '../../components/plain-text';
import { describeError, useRequest } from '../../lib/api';
import { shanghaiDateTime } from '../../lib/shanghai-time';
import { AgendaList, MeetingStateTag, timeRange } from './meeting-format';
import { addAgendaItem, cancelMeeting, getMeeting } from './meetings-api';
import { AttendeesCard } from './attendees-card';
import { MinutesCard } from './minutes-card';

/** One meeting in the console: its agenda, the door code, attendance, minutes, cancelling. */
export function MeetingDrawer({
  id,
  onClose,
  onChange,
}: {
  id: string;
  onClose: () => void;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const detail = useRequest((signal) => getMeeting(id, signal), [id]);
  const [item, setItem] = useState({ title: '', note: '' });
  const [reason, setReason] = useState('');
  const [isCancelling, setIsCancelling] = useState(false);
  const [isSending, setIsSending] = useState(false);
  function changed() {
    detail.reload();
    onChange();
  }
  const m = detail.data;
  async function addItem() {
    if (!m || !item.title.trim()) return;
    try {
      await addAgendaItem(m.id, { title: item.title.trim(), note: item.note.trim() || undefined });
      setItem({ title: '', note: '' });
      changed();
    } catch (error) {
      void message.error(describeError(error, t));
    }
  }
  async function sendCancel() {
    if (!m) return;
    setIsSending(true);
    try {
      await cancelMeeting(m.id, reason.trim());
      void message.success(t('meetings.cancelled'));
      setIsCancelling(false);
      changed();
    } catch (error) {
      void message.error(describeError(error, t));
    } finally {
      setIsSending(false);
    }
  }
  return (
    <Drawer
      open
      width={640}
      title={m?.title ?? t('meetings.detail')}
      onClose={onClose}
      data-testid="meeting-drawer"
    >
      {detail.error ? <LoadError error={detail.error} onRetry={detail.reload} /> : null}
      {!m && !detail.error && <PageSpin />}
      {m && (
        <Space direction="vertical" style={{ width: '100%' }} size={12}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('meetings.field.host')}>{m.hostName}</Descriptions.Item>
            <Descriptions.Item label={t('meetings.field.time')}>{timeRange(m)}</Descriptions.Item>
            {m.place && (
              <Descriptions.Item label={t('meetings.field.place')}>{m.place}</Descriptions.Item>
            )}
            {m.onlineUrl && (
              <Descriptions.Item label={t('meetings.field.onlineUrl')}>
                <a href={m.onlineUrl} target="_blank" rel="noopener noreferrer nofollow">
                  {m.onlineUrl}
                </a>
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('meetings.field.capacity')}>
              {m.capacity
                ? t('meetings.capacityOf', { registered: m.registeredCount, capacity: m.capacity })
                : t('meetings.registeredOf', { registered: m.registeredCount })}
            </Descriptions.Item>
            <Descriptions.Item label="">
              <MeetingStateTag state={m.state} />
            </Descriptions.Item>
          </Descriptions>
          {m.state === 'cancelled' && (
            <Alert
              type="warning"
              showIcon
              message={t('meetings.cancelledBecause', { reason: m.cancelReason ?? '' })}
            />
          )}
          {m.state === 'scheduled' && m.doorCode && (
            <Card size="small" title={t('meetings.doorCode')}>
              <div className="cc-meeting-door-code" data-testid="meeting-door-code">
                {m.doorCode}
              </div>
              <Typography.Text type="secondary">{t('meetings.doorCodeHelp')}</Typography.Text>
            </Card>
          )}
          <Card size="small" title={t('meetings.field.agenda')}>
            <AgendaList items={m.agenda} />
            {m.state === 'scheduled' && (
              <Space.Compact style={{ width: '100%' }}>
                <Input
                  value={item.title}
                  maxLength={120}
                  placeholder={t('meetings.field.agendaTitle')}
                  onChange={(e) => setItem({ ...item, title: e.target.value })}
                  data-testid="meeting-item-title"
                />
                <Input
                  value={item.note}
                  maxLength={1000}
                  placeholder={t('meetings.field.agendaNote')}
                  onChange={(e) => setItem({ ...item, note: e.target.value })}
                />
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => void addItem()}
                  data-testid="meeting-item-add"
                >
                  {t('meetings.addItem')}
                </Button>
              </Space.Compact>
            )}
          </Card>
          {m.state !== 'cancelled' && <AttendeesCard m={m} onChange={changed} />}
          {m.canPublishMinutes && <MinutesCard m={m} onDone={changed} />}
          {m.state === 'held' && m.minutes && (
            <Card
              size="small"
              title={t('meetings.minutes')}
              extra={
                m.minutesPublishedAt && (
                  <Typography.Text type="secondary">
                    {t('meetings.minutesPublishedAt', {
                      at: shanghaiDateTime(m.minutesPublishedAt),
                    })}
                  </Typography.Text>
                )
              }
            >
              <PlainText text={m.minutes} testId="meeting-minutes" />
            </Card>
          )}
          {m.state === 'scheduled' && (
            <Button
              danger
              onClick={() => {
                setReason('');
                setIsCancelling(true);
              }}
              data-testid="meeting-cancel"
            >
              {t('meetings.cancel')}
            </Button>
          )}
          <Modal
            open={isCancelling}
            title={t('meetings.cancel')}
            onCancel={() => setIsCancelling(false)}
            onOk={() => void sendCancel()}
            okButtonProps={{
              danger: true,
              disabled: reason.trim().length < 2,
              loading: isSending,
            }}
          >
            <Form layout="vertical">
              <Form.Item label={t('meetings.cancelReason')} extra={t('meetings.cancelReasonRule')}>
                <Input.TextArea
                  rows={3}
                  maxLength={500}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                  data-testid="meeting-cancel-reason"
                />
              </Form.Item>
            </Form>
          </Modal>
        </Space>
      )}
    </Drawer>
  );
}
