import { EnvironmentOutlined, LoginOutlined } from '@ant-design/icons';
import { CHECK_IN_OPENS_MINUTES, type MyVolunteerSignup } from '@cc/contracts';
import { Alert, App, Button, Descriptions, Popconfirm, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { describeError, useRequest } from '../../lib/api';
import { shanghaiDateTime, shanghaiHourMinute } from '../../lib/shanghai-time';
import { useInterval } from '../../lib/use-interval';
import { useNow } from '../../lib/use-now';
import { AttendancePanel } from './attendance-panel';
import { BackLink } from './back-link';
import { SignupStatusTag } from './signup-status-tag';
import { cancelSignup, getSignup } from './volunteer-app-api';
import { intervalText } from './volunteer-format';
import './volunteer-app.css';

/** The credited minutes and whether the organiser confirmed them. */
function MinutesCard({ signup }: { signup: MyVolunteerSignup }) {
  const { t } = useTranslation();
  return (
    <div className="cc-vol-card">
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('volunteerApp.signup.checkInAt')}>
          {signup.checkedInAt ? shanghaiDateTime(signup.checkedInAt) : t('common.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('volunteerApp.signup.checkOutAt')}>
          {signup.checkedOutAt ? shanghaiDateTime(signup.checkedOutAt) : t('common.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('volunteerApp.signup.minutes')}>
          <span data-testid="signup-minutes" data-minutes={signup.minutes ?? ''}>
            {signup.minutes === null
              ? t('volunteerApp.signup.minutesPending')
              : t('volunteerApp.minutesValue', { minutes: signup.minutes })}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('volunteerApp.signup.confirmation')}>
          <span
            data-testid="signup-confirmed"
            data-confirmed={signup.confirmedAt ? 'true' : 'false'}
          >
            {signup.confirmedAt
              ? t('volunteerApp.signup.confirmedAt', { at: shanghaiDateTime(signup.confirmedAt) })
              : t('volunteerApp.signup.notConfirmed')}
          </span>
        </Descriptions.Item>
      </Descriptions>
    </div>
  );
}

/** Check in (opened by a button), or check out once checked in; nothing once both are done. */
function AttendanceCard({
  signup,
  now,
  onDone,
}: {
  signup: MyVolunteerSignup;
  now: number;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [isOpen, setIsOpen] = useState(false);
  if (signup.checkedOutAt) return null;
  const opensAt = Date.parse(signup.shift.startsAt) - CHECK_IN_OPENS_MINUTES * 60_000;
  const endsAt = Date.parse(signup.shift.endsAt);
  if (signup.checkedInAt)
    return (
      <div className="cc-vol-card">
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {t('volunteerApp.attendance.checkOutTitle')}
        </Typography.Title>
        <AttendancePanel signupId={signup.id} mode="out" onDone={onDone} />
      </div>
    );
  return (
    <div className="cc-vol-card">
      {now < opensAt && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          message={t('volunteerApp.attendance.opensAt', {
            at: shanghaiDateTime(opensAt),
            minutes: CHECK_IN_OPENS_MINUTES,
          })}
        />
      )}
      {now >= endsAt && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          message={t('volunteerApp.attendance.closedAt', { at: shanghaiHourMinute(endsAt) })}
        />
      )}
      {isOpen ? (
        <AttendancePanel signupId={signup.id} mode="in" onDone={onDone} />
      ) : (
        <Button
          type="primary"
          block
          size="large"
          icon={<LoginOutlined />}
          onClick={() => setIsOpen(true)}
          data-testid="check-in-open"
        >
          {t('volunteerApp.attendance.checkIn')}
        </Button>
      )}
    </div>
  );
}

/**
 * One of my sign-ups (/r/volunteer/signups/:id): the shift, my place on the waitlist, check-in
 * and check-out at the place, the minutes credited and the organiser's confirmation.
 */
export function VolunteerSignupPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const signup = useRequest((signal) => getSignup(id, signal), [id]);
  const now = useNow(15_000);
  const [cancelError, setCancelError] = useState<string | undefined>();
  const s = signup.data;
  // checked out, waiting for the organiser: look again now and then
  useInterval(signup.reload, 20_000, !!s?.checkedOutAt && !s.confirmedAt);

  const back = <BackLink to="/r/volunteer" label={t('volunteerApp.backHome')} />;
  if (signup.error && !s)
    return (
      <div className="cc-vol-page">
        {back}
        <LoadError error={signup.error} onRetry={signup.reload} isCompact />
      </div>
    );
  if (!s) return <PageSpin />;
  const hasStarted = now >= Date.parse(s.shift.startsAt);
  const isLive = s.status !== 'cancelled' && s.activity.status !== 'cancelled';
  const cancel = async () => {
    setCancelError(undefined);
    try {
      await cancelSignup(s.id);
      void message.success(t('volunteerApp.signup.cancelled'));
      await navigate('/r/volunteer');
    } catch (e) {
      setCancelError(describeError(e, t));
    }
  };
  return (
    <div className="cc-vol-page" data-testid="volunteer-signup-page">
      {back}
      <div className="cc-vol-card">
        <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
          <Link to={`/r/volunteer/activities/${s.activity.id}`} style={{ color: 'inherit' }}>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {s.activity.title}
            </Typography.Title>
          </Link>
          <SignupStatusTag signup={s} />
        </div>
        <div className="cc-vol-muted" style={{ marginTop: 4 }}>
          {s.shift.title} · {s.roleName}
        </div>
        <div className="cc-vol-muted">{intervalText(s.shift.startsAt, s.shift.endsAt)}</div>
        <div className="cc-vol-muted">
          <EnvironmentOutlined /> {s.activity.place}
        </div>
      </div>
      {s.activity.status === 'cancelled' && (
        <Alert type="error" showIcon message={t('volunteerApp.activity.cancelledHelp')} />
      )}
      {s.status === 'waitlisted' && isLive && (
        <Alert
          type="warning"
          showIcon
          message={t('volunteerApp.signup.waitlistPosition', {
            position: s.waitlistPosition ?? '',
          })}
          description={t('volunteerApp.signup.waitlistHelp')}
        />
      )}
      {s.status === 'confirmed' && isLive && (
        <AttendanceCard signup={s} now={now} onDone={signup.reload} />
      )}
      {s.status === 'confirmed' && <MinutesCard signup={s} />}
      {cancelError && <Alert type="error" showIcon message={cancelError} />}
      {isLive && !s.checkedInAt && !hasStarted && (
        <Popconfirm
          title={t('volunteerApp.signup.cancelConfirm')}
          okText={t('volunteerApp.signup.cancel')}
          cancelText={t('common.cancel')}
          onConfirm={() => cancel()}
        >
          <Button danger block data-testid="signup-cancel">
            {t('volunteerApp.signup.cancel')}
          </Button>
        </Popconfirm>
      )}
    </div>
  );
}
