import {
  CalendarOutlined,
  ClockCircleOutlined,
  HeartOutlined,
  IdcardOutlined,
} from '@ant-design/icons';
import type { VolunteerProfile } from '@cc/contracts';
import { Button, Empty, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { EntryRow } from '../../components/entry-row';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { ApiError, useRequest } from '../../lib/api';
import { BadgeTags } from './badge-tags';
import { MySignupRow } from './my-signup-row';
import { MyTaskRow } from './my-task-row';
import { getMyVolunteer, listMySignups, listMyTasks } from './volunteer-app-api';
import { hoursText } from './volunteer-format';
import './volunteer-app.css';

/** The ways from the home page: to activities, to my hours, to my profile. */
const LINKS = {
  activities: {
    to: '/r/volunteer/activities',
    testId: 'volunteer-activities-link',
    Icon: CalendarOutlined,
    color: '#1456f0',
    title: 'volunteerApp.home.activities',
    help: 'volunteerApp.home.activitiesHelp',
  },
  hours: {
    to: '/r/volunteer/hours',
    testId: 'volunteer-hours-link',
    Icon: ClockCircleOutlined,
    color: '#389e0d',
    title: 'volunteerApp.home.hours',
    help: 'volunteerApp.home.hoursHelp',
  },
  profile: {
    to: '/r/volunteer/join',
    testId: 'volunteer-profile-link',
    Icon: IdcardOutlined,
    color: '#d48806',
    title: 'volunteerApp.home.profile',
    help: 'volunteerApp.home.profileHelp',
  },
};

/** My hours, badges and committee; or, not (or no longer) a volunteer, the call to become one. */
function ProfileCard({ profile }: { profile: VolunteerProfile | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  if (profile?.status !== 'active')
    return (
      <div className="cc-vol-card" data-testid="volunteer-join-call">
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          <HeartOutlined style={{ color: '#cf1322' }} /> {t('volunteerApp.home.joinTitle')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          {t('volunteerApp.home.joinHelp')}
        </Typography.Paragraph>
        <Button
          type="primary"
          block
          size="large"
          onClick={() => void navigate('/r/volunteer/join')}
          data-testid="volunteer-join-open"
        >
          {t('volunteerApp.home.join')}
        </Button>
      </div>
    );
  return (
    <div className="cc-vol-card" data-testid="volunteer-profile-card">
      <span className="cc-vol-muted">
        {t('volunteerApp.home.totalLabel')} · {profile.committee.name}
      </span>
      <div
        className="cc-vol-total"
        data-testid="my-hours-total"
        data-minutes={profile.totalMinutes}
      >
        {hoursText(profile.totalMinutes, t)}
      </div>
      <BadgeTags badges={profile.hours.badges} />
    </div>
  );
}

/** 我的任务 and 我的报名 with a heading each; nothing when there are none. */
function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      <Typography.Text strong>{title}</Typography.Text>
      {children}
    </section>
  );
}

/**
 * 志愿服务 (/r/volunteer): my hours and badges, the tasks sent to me, my coming sign-ups, and
 * the ways to activities, hours and my profile; a resident who is not a volunteer is asked to
 * join (they may still sign up for the community's events).
 */
export function VolunteerHomePage() {
  const { t } = useTranslation();
  const profile = useRequest((signal) => getMyVolunteer(signal), []);
  const signups = useRequest((signal) => listMySignups('upcoming', undefined, signal), []);
  // tasks go to volunteers only: anyone else has none
  const tasks = useRequest(
    (signal) =>
      listMyTasks(signal).catch((e: unknown) => {
        if (e instanceof ApiError && (e.status === 403 || e.status === 404)) return { items: [] };
        throw e;
      }),
    [],
  );
  if (profile.error) return <LoadError error={profile.error} onRetry={profile.reload} />;
  if (profile.data === undefined) return <PageSpin />;
  const p = profile.data;
  // hours for anyone who has been a volunteer, the profile for an active one
  const links = [
    LINKS.activities,
    ...(p ? [LINKS.hours] : []),
    ...(p?.status === 'active' ? [LINKS.profile] : []),
  ];
  return (
    <div className="cc-vol-page" data-testid="volunteer-home">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('volunteerApp.home.title')}
      </Typography.Title>
      <ProfileCard profile={p} />
      {(tasks.data?.items.length ?? 0) > 0 && (
        <Section title={t('volunteerApp.home.tasks')}>
          {tasks.data?.items.map((task) => (
            <MyTaskRow key={task.id} task={task} />
          ))}
        </Section>
      )}
      <Section title={t('volunteerApp.home.signups')}>
        {signups.error ? (
          <LoadError error={signups.error} onRetry={signups.reload} isCompact />
        ) : !signups.data ? (
          <PageSpin />
        ) : signups.data.items.length === 0 ? (
          <Empty description={t('volunteerApp.home.noSignups')} />
        ) : (
          signups.data.items.map((s) => <MySignupRow key={s.id} signup={s} />)
        )}
      </Section>
      <div>
        {links.map((link) => (
          <EntryRow
            key={link.to}
            to={link.to}
            testId={link.testId}
            icon={<link.Icon style={{ fontSize: 22, color: link.color }} />}
            title={t(link.title)}
            help={t(link.help)}
          />
        ))}
      </div>
    </div>
  );
}
