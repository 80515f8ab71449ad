import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  MEETING_DECISIONS,
  MEETING_MINUTES_MAX,
  type Me,
  type MeetingAttendee,
  type MeetingDetail,
  type MeetingSummary,
} from '@cc/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Segmented,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListCard, ListPage } from '../../components/list-page';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { areasApi, describeError, useRequest } from '../../lib/api';
import { showServerFieldError } from '../../lib/form-errors';
import { useMe } from '../../lib/session';
import { AgendaList, MeetingStateTag, PlainText, shanghaiText, timeRange } from './meeting-format';
import {
  addAgendaItem,
  addWalkIn,
  cancelMeeting,
  getMeeting,
  listAttendees,
  listMeetings,
  markAttendance,
  publishMinutes,
  scheduleMeeting,
} from './meetings-api';
import './meetings.css';

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

function ScheduleDrawer({
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

function AttendeesCard({ m, onChange }: { m: MeetingDetail; onChange: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const list = useRequest((signal) => listAttendees(m.id, undefined, signal), [m.id]);
  const [rows, setRows] = useState<Map<string, MeetingAttendee>>(new Map());
  const [name, setName] = useState('');
  const isOpen = m.canTakeAttendance;
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
          { title: t('meetings.attendeeName'), dataIndex: 'name' },
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

interface MinutesValues {
  minutes: string;
  outcomes: Record<string, { decision: (typeof MEETING_DECISIONS)[number]; outcome: string }>;
}

function MinutesCard({ m, onDone }: { m: MeetingDetail; onDone: (next: MeetingDetail) => void }) {
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

function MeetingDrawer({
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
                    {t('meetings.minutesPublishedAt', { at: shanghaiText(m.minutesPublishedAt) })}
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

/** 议事会 (/meetings): the committee's meetings, scheduling, attendance, minutes and outcomes. */
export function MeetingsPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<'upcoming' | 'all'>('upcoming');
  const [cursor, setCursor] = useState<string | undefined>();
  const [more, setMore] = useState<MeetingSummary[]>([]);
  const [isScheduling, setIsScheduling] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const list = useRequest(
    (signal) => listMeetings({ upcoming: tab === 'upcoming', cursor }, signal),
    [tab, cursor],
  );
  const seen = new Set(more.map((m) => m.id));
  const items = [...more, ...(list.data?.items ?? []).filter((m) => !seen.has(m.id))];
  function restart() {
    setMore([]);
    setCursor(undefined);
    list.reload();
  }
  if (!list.data && list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  if (!list.data && !list.error && list.isLoading && items.length === 0 && !cursor) {
    return <PageSpin />;
  }
  return (
    <ListPage testId="meetings-page" title={t('meetings.title')}>
      <ListCard
        error={list.error}
        hasData={!!list.data}
        onRetry={list.reload}
        toolbar={
          <Segmented
            value={tab}
            onChange={(v) => {
              setTab(v as 'upcoming' | 'all');
              setMore([]);
              setCursor(undefined);
            }}
            options={[
              { value: 'upcoming', label: t('meetings.tabs.upcoming') },
              { value: 'all', label: t('meetings.tabs.all') },
            ]}
            data-testid="meetings-tab"
          />
        }
        actions={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setIsScheduling(true)}
            data-testid="meeting-schedule"
          >
            {t('meetings.schedule')}
          </Button>
        }
      >
        <Table<MeetingSummary>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={items}
          pagination={false}
          locale={{ emptyText: t('meetings.empty') }}
          onRow={(m) => ({ onClick: () => setOpenId(m.id), style: { cursor: 'pointer' } })}
          data-testid="meetings-table"
          columns={[
            {
              title: t('meetings.field.title'),
              dataIndex: 'title',
              render: (title: string, m) => (
                <a data-testid="meeting-row" onClick={() => setOpenId(m.id)}>
                  {title}
                </a>
              ),
            },
            { title: t('meetings.field.committee'), dataIndex: 'hostName' },
            {
              title: t('meetings.field.time'),
              key: 'time',
              render: (_: unknown, m) => timeRange(m),
            },
            {
              title: t('meetings.field.place'),
              dataIndex: 'place',
              render: (p: string | null) => p ?? t('meetings.online'),
            },
            {
              title: t('meetings.field.registered'),
              key: 'registered',
              render: (_: unknown, m) =>
                m.capacity ? `${m.registeredCount} / ${m.capacity}` : m.registeredCount,
            },
            { title: t('meetings.field.attended'), dataIndex: 'attendedCount' },
            {
              title: '',
              dataIndex: 'state',
              render: (s: MeetingSummary['state']) => <MeetingStateTag state={s} />,
            },
          ]}
        />
        {list.data?.nextCursor && (
          <Button
            style={{ marginTop: 12 }}
            onClick={() => {
              setMore(items);
              setCursor(list.data!.nextCursor!);
            }}
          >
            {t('meetings.loadMore')}
          </Button>
        )}
      </ListCard>
      {isScheduling && (
        <ScheduleDrawer
          onClose={() => setIsScheduling(false)}
          onDone={(m) => {
            setIsScheduling(false);
            restart();
            setOpenId(m.id);
          }}
        />
      )}
      {openId && <MeetingDrawer id={openId} onClose={() => setOpenId(null)} onChange={restart} />}
    </ListPage>
  );
}
