import { type MeetingAttendee, type MeetingDetail } from '@cc/contracts';
import { App, Button, Input, Modal, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListCard } from '../../components/list-page';
import { describeError, useRequest } from '../../lib/api';
import { hasAnyRole, useMe } from '../../lib/session';
import { addWalkIn, listAttendees, markAttendance, revealAttendee } from './meetings-api';

/**
 * The name in clear, for a reason: a small modal asking why (2–200 characters); the server
 * audits the reveal and refuses anyone but the committee's staff.
 */
function RevealName({ meetingId, a }: { meetingId: string; a: MeetingAttendee }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [isAsking, setIsAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [clear, setClear] = useState<string | null>(null);
  if (clear) return <span data-testid="meeting-attendee-clear-name">{clear}</span>;
  async function reveal() {
    try {
      setClear((await revealAttendee(meetingId, a.id, reason.trim())).name);
      setIsAsking(false);
    } catch (error) {
      void message.error(describeError(error, t));
    }
  }
  return (
    <Space size={4}>
      <span>{a.name}</span>
      <Button
        type="link"
        size="small"
        onClick={() => setIsAsking(true)}
        data-testid="meeting-attendee-reveal"
      >
        {t('meetings.reveal')}
      </Button>
      <Modal
        open={isAsking}
        title={t('meetings.revealTitle')}
        okText={t('meetings.reveal')}
        okButtonProps={{
          disabled: reason.trim().length < 2,
          'data-testid': 'meeting-reveal-confirm',
        }}
        onOk={() => void reveal()}
        onCancel={() => setIsAsking(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('meetings.revealHelp')}</Typography.Paragraph>
        <Input
          value={reason}
          maxLength={200}
          placeholder={t('meetings.revealReason')}
          onChange={(e) => setReason(e.target.value)}
          data-testid="meeting-reveal-reason"
        />
      </Modal>
    </Space>
  );
}

export function AttendeesCard({ m, onChange }: { m: MeetingDetail; onChange: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const list = useRequest((signal) => listAttendees(m.id, undefined, signal), [m.id]);
  const [rows, setRows] = useState<Map<string, MeetingAttendee>>(new Map());
  const [name, setName] = useState('');
  const isOpen = m.canTakeAttendance;
  const mayReveal = hasAnyRole(useMe(), ['committee_staff']);
  const items = (list.data?.items ?? []).map((a) => rows.get(a.id) ?? a);
  async function tick(a: MeetingAttendee, attended: boolean) {
    try {
      const next = await markAttendance(m.id, a.id, attended);
      setRows((r) => new Map(r).set(a.id, next));
      onChange();
    } catch (error) {
      void message.error(describeError(error, t));
    }
  }
  async function walkIn() {
    if (!name.trim()) return;
    try {
      await addWalkIn(m.id, name.trim());
      setName('');
      void message.success(t('meetings.walkInDone'));
      list.reload();
      onChange();
    } catch (error) {
      void message.error(describeError(error, t));
    }
  }
  return (
    <ListCard
      title={t('meetings.attendees')}
      error={list.error}
      hasData={!!list.data}
      onRetry={list.reload}
      extra={
        <Typography.Text type="secondary">
          {t('meetings.field.registered')} {m.registeredCount} · {t('meetings.field.attended')}{' '}
          {m.attendedCount}
        </Typography.Text>
      }
    >
      {isOpen && (
        <Space.Compact style={{ marginBottom: 12, width: '100%' }}>
          <Input
            value={name}
            maxLength={40}
            placeholder={t('meetings.walkInName')}
            onChange={(e) => setName(e.target.value)}
            onPressEnter={() => void walkIn()}
            data-testid="meeting-walk-in-name"
          />
          <Button onClick={() => void walkIn()} data-testid="meeting-walk-in-add">
            {t('meetings.walkIn')}
          </Button>
        </Space.Compact>
      )}
      <Table<MeetingAttendee>
        size="small"
        rowKey="id"
        loading={list.isLoading}
        dataSource={items}
        pagination={false}
        data-testid="meeting-attendees"
        columns={[
          {
            title: t('meetings.attendeeName'),
            key: 'name',
            render: (_: unknown, a) => (mayReveal ? <RevealName meetingId={m.id} a={a} /> : a.name),
          },
          {
            title: '',
            dataIndex: 'kind',
            render: (k: MeetingAttendee['kind']) => <Tag>{t(`meetings.kind.${k}`)}</Tag>,
          },
          {
            title: t('meetings.present'),
            key: 'present',
            render: (_: unknown, a) => (
              <Space>
                <Switch
                  size="small"
                  checked={!!a.attendedAt}
                  disabled={!isOpen}
                  onChange={(v) => void tick(a, v)}
                  data-testid="meeting-attendee-tick"
                />
                {a.attendedBy && (
                  <Typography.Text type="secondary">
                    {t(`meetings.attendedBy.${a.attendedBy}`)}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
        ]}
      />
    </ListCard>
  );
}
