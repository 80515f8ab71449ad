import {
  CalendarOutlined,
  EnvironmentOutlined,
  LinkOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { MeetingDetail, MeetingSummary } from '@cc/contracts';
import { Alert, App, Button, Card, Empty, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { PlainText } from '../../components/plain-text';
import { ApiError, describeError, pickLanguage, useRequest } from '../../lib/api';
import { shanghaiDateTime } from '../../lib/shanghai-time';
import { CheckInCard } from './check-in-card';
import { AgendaList, MeetingStateTag, timeRange } from './meeting-format';
import { cancelRegistration, getMeeting, listMeetings, register } from './meetings-api';
import './meetings.css';

/** The server's 403 for an unverified account: say why, and where to get verified. */
function NotVerified({ error }: { error: unknown }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="info"
      showIcon
      data-testid="meetings-verify-prompt"
      message={describeError(error, t)}
      action={<Link to="/r/verify">{t('affairs.goVerify')}</Link>}
    />
  );
}

const isForbidden = (error: unknown) => error instanceof ApiError && error.status === 403;

function Where({ m }: { m: MeetingSummary }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size={2}>
      <Typography.Text>
        <CalendarOutlined /> {timeRange(m)}
      </Typography.Text>
      {m.place && (
        <Typography.Text>
          <EnvironmentOutlined /> {m.place}
        </Typography.Text>
      )}
      {m.onlineUrl && (
        <a href={m.onlineUrl} target="_blank" rel="noopener noreferrer nofollow">
          <LinkOutlined /> {t('meetings.online')}
        </a>
      )}
      <Typography.Text type="secondary">
        <TeamOutlined />{' '}
        {m.capacity
          ? t('meetings.capacityOf', { registered: m.registeredCount, capacity: m.capacity })
          : t('meetings.registeredOf', { registered: m.registeredCount })}
      </Typography.Text>
    </Space>
  );
}

function MineTag({ m }: { m: MeetingSummary }) {
  const { t } = useTranslation();
  if (!m.myRegistration) return null;
  return (
    <Tag color={m.myRegistration === 'attended' ? 'green' : 'blue'} data-testid="meeting-mine">
      {t(`meetings.resident.${m.myRegistration}`)}
    </Tag>
  );
}

function MeetingCard({ m }: { m: MeetingSummary }) {
  return (
    <Link
      to={`/r/together/meetings/${m.id}`}
      className="cc-meetings-card-link"
      data-testid="meeting-card"
    >
      <Card size="small" hoverable>
        <Space style={{ justifyContent: 'space-between', width: '100%' }} align="start">
          <Typography.Text strong>{m.title}</Typography.Text>
          <Space size={0}>
            <MineTag m={m} />
            <MeetingStateTag state={m.state} />
          </Space>
        </Space>
        <Where m={m} />
      </Card>
    </Link>
  );
}

/** /r/together/meetings: the committee's meetings to come, then the past ones. */
export function ResidentMeetingsPage() {
  const { t } = useTranslation();
  const upcoming = useRequest((signal) => listMeetings({ upcoming: true }, signal), []);
  const all = useRequest((signal) => listMeetings({}, signal), []);
  if (upcoming.error && isForbidden(upcoming.error)) {
    return (
      <div className="cc-meetings-page">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('meetings.resident.title')}
        </Typography.Title>
        <NotVerified error={upcoming.error} />
      </div>
    );
  }
  if (upcoming.error) return <LoadError error={upcoming.error} onRetry={upcoming.reload} />;
  if (!upcoming.data) return <PageSpin />;
  const coming = new Set(upcoming.data.items.map((m) => m.id));
  const past = (all.data?.items ?? []).filter((m) => !coming.has(m.id));
  return (
    <div className="cc-meetings-page" data-testid="resident-meetings">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('meetings.resident.title')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('meetings.resident.intro')}</Typography.Text>
      <Typography.Text strong>{t('meetings.resident.upcoming')}</Typography.Text>
      {upcoming.data.items.length === 0 && <Empty description={t('meetings.empty')} />}
      {upcoming.data.items.map((m) => (
        <MeetingCard key={m.id} m={m} />
      ))}
      {past.length > 0 && (
        <>
          <Typography.Text strong>{t('meetings.resident.past')}</Typography.Text>
          {past.map((m) => (
            <MeetingCard key={m.id} m={m} />
          ))}
        </>
      )}
    </div>
  );
}

/** /r/together/meetings/:id: the meeting, registration, check-in at the door, then the outcomes. */
export function ResidentMeetingPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const detail = useRequest((signal) => getMeeting(id, signal), [id]);
  const [shown, setShown] = useState<MeetingDetail | null>(null);
  const [isSending, setIsSending] = useState(false);
  if (detail.error && isForbidden(detail.error)) {
    return (
      <div className="cc-meetings-page">
        <NotVerified error={detail.error} />
      </div>
    );
  }
  if (detail.error) return <LoadError error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return <PageSpin />;
  const m = shown?.id === id ? shown : detail.data;

  async function act(run: () => Promise<MeetingDetail>, done: string) {
    setIsSending(true);
    try {
      setShown(await run());
      void message.success(done);
    } catch (error) {
      void message.error(describeError(error, t));
      detail.reload();
    } finally {
      setIsSending(false);
    }
  }

  return (
    <div className="cc-meetings-page" data-testid="resident-meeting">
      <Link to="/r/together/meetings">{t('meetings.resident.back')}</Link>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} align="start">
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="meeting-title">
          {m.title}
        </Typography.Title>
        <Space size={0}>
          <MineTag m={m} />
          <MeetingStateTag state={m.state} />
        </Space>
      </Space>
      <Typography.Text type="secondary">
        {t('meetings.field.host')}：{m.hostName}
      </Typography.Text>
      <Card size="small">
        <Where m={m} />
      </Card>
      {m.state === 'cancelled' && (
        <Alert
          type="warning"
          showIcon
          message={t('meetings.cancelledBecause', { reason: m.cancelReason ?? '' })}
        />
      )}
      {m.state === 'scheduled' && (
        <Space direction="vertical" style={{ width: '100%' }}>
          {m.canRegister && (
            <Button
              type="primary"
              block
              loading={isSending}
              onClick={() => void act(() => register(m.id), t('meetings.resident.registeredDone'))}
              data-testid="meeting-register"
            >
              {t('meetings.resident.register')}
            </Button>
          )}
          {!m.canRegister && !m.myRegistration && m.cannotRegisterReason && (
            <Alert type="info" showIcon message={pickLanguage(m.cannotRegisterReason)} />
          )}
          {m.myRegistration === 'registered' && (
            <Button
              block
              loading={isSending}
              onClick={() =>
                void act(() => cancelRegistration(m.id), t('meetings.resident.cancelledDone'))
              }
              data-testid="meeting-cancel-registration"
            >
              {t('meetings.resident.cancelRegistration')}
            </Button>
          )}
        </Space>
      )}
      {m.isCheckInOpen && m.myRegistration !== 'attended' && (
        <CheckInCard m={m} onDone={setShown} />
      )}
      <Card
        size="small"
        title={m.state === 'held' ? t('meetings.resident.outcomes') : t('meetings.resident.agenda')}
      >
        {m.agenda.length === 0 ? <Empty /> : <AgendaList items={m.agenda} />}
      </Card>
      {m.state === 'held' && m.minutes && (
        <Card
          size="small"
          title={t('meetings.minutes')}
          extra={
            m.minutesPublishedAt && (
              <Typography.Text type="secondary">
                {shanghaiDateTime(m.minutesPublishedAt)}
              </Typography.Text>
            )
          }
        >
          <PlainText text={m.minutes} testId="meeting-minutes" />
        </Card>
      )}
    </div>
  );
}
