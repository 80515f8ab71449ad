import { EnvironmentOutlined } from '@ant-design/icons';
import {
  ACTIVITY_OPEN_TO_LABELS,
  type VolunteerShiftRole,
  type VolunteerSignup,
} from '@cc/contracts';
import { Alert, App, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { PlainText } from '../../components/plain-text';
import { ApiError, describeError, useRequest } from '../../lib/api';
import { useNow } from '../../lib/use-now';
import { ActivityTags } from './activity-tags';
import { BackLink } from './back-link';
import { ShiftCard, type ShiftActions } from './shift-card';
import { cancelSignup, getActivity, signUp } from './volunteer-app-api';
import { intervalText, labelText } from './volunteer-format';
import './volunteer-app.css';

/** Why a sign-up was refused, said plainly when the server names a rule this page knows. */
function signupProblem(error: unknown, t: TFunction): string {
  const rule = error instanceof ApiError ? error.body.rule : undefined;
  const known: Record<string, string> = {
    overlap: 'volunteerApp.activity.problem.overlap',
    started: 'volunteerApp.activity.problem.started',
    duplicate: 'volunteerApp.activity.problem.twice',
    volunteersOnly: 'volunteerApp.activity.problem.volunteersOnly',
    cancelled: 'volunteerApp.activity.problem.cancelled',
  };
  const key = rule ? known[rule] : undefined;
  const message = describeError(error, t);
  return key ? `${t(key)}（${message}）` : message;
}

/**
 * One activity (/r/volunteer/activities/:id): when and where, its shifts and roles with the
 * places left, a sign-up button per role (a waitlist place when full), my place on the
 * waitlist, and cancelling.
 */
export function VolunteerActivityPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const activity = useRequest((signal) => getActivity(id, signal), [id]);
  const now = useNow(30_000);
  const [busyId, setBusyId] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | undefined>();

  const run = async (key: string, action: () => Promise<void>) => {
    setBusyId(key);
    setProblem(undefined);
    try {
      await action();
    } catch (e) {
      setProblem(signupProblem(e, t));
    } finally {
      setBusyId(undefined);
      activity.reload();
    }
  };
  const actions: ShiftActions = {
    canSignUp: activity.data?.canSignUp ?? false,
    busyId,
    onSignUp: (role: VolunteerShiftRole) =>
      void run(role.id, async () => {
        const s = await signUp(role.id);
        if (s.status === 'waitlisted')
          void message.info(
            t('volunteerApp.signup.waitlistPosition', { position: s.waitlistPosition ?? '' }),
          );
        else void message.success(t('volunteerApp.signup.done'));
      }),
    onCancel: (signup: VolunteerSignup) =>
      void run(signup.id, async () => {
        await cancelSignup(signup.id);
        void message.success(t('volunteerApp.signup.cancelled'));
      }),
  };

  const back = <BackLink to="/r/volunteer/activities" label={t('volunteerApp.activities.back')} />;
  if (activity.error && !activity.data)
    return (
      <div className="cc-vol-page">
        {back}
        <LoadError error={activity.error} onRetry={activity.reload} isCompact />
      </div>
    );
  if (!activity.data) return <PageSpin />;
  const a = activity.data;
  // the sign-up buttons are numbered in document order across shifts
  const firstIndexes = a.shifts.map((_, i) =>
    a.shifts.slice(0, i).reduce((n, s) => n + s.roles.length, 0),
  );
  return (
    <div className="cc-vol-page" data-testid="volunteer-activity-page">
      {back}
      <div className="cc-vol-card">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {a.title}
        </Typography.Title>
        <ActivityTags activity={a} />
        <div className="cc-vol-muted" style={{ marginTop: 8 }}>
          {intervalText(a.startsAt, a.endsAt)}
        </div>
        <div className="cc-vol-muted">
          <EnvironmentOutlined /> {a.place} · {a.area.name}
        </div>
        <div className="cc-vol-muted">
          {t('volunteerApp.activity.openTo')}:{' '}
          {a.team ? a.team.name : labelText(ACTIVITY_OPEN_TO_LABELS[a.openTo], i18n.language)}
        </div>
        {a.description && (
          <div style={{ marginTop: 8 }}>
            <PlainText text={a.description} />
          </div>
        )}
      </div>
      {a.status === 'cancelled' ? (
        <Alert type="error" showIcon message={t('volunteerApp.activity.cancelledHelp')} />
      ) : (
        !a.canSignUp &&
        a.mySignups.length === 0 && (
          <Alert type="info" showIcon message={t('volunteerApp.activity.notOpenToMe')} />
        )
      )}
      {problem && (
        <Alert
          type="error"
          showIcon
          message={problem}
          closable
          onClose={() => setProblem(undefined)}
          data-testid="signup-problem"
        />
      )}
      {a.shifts.map((shift, i) => (
        <ShiftCard
          key={shift.id}
          shift={shift}
          firstIndex={firstIndexes[i] ?? 0}
          mySignups={a.mySignups}
          now={now}
          actions={actions}
        />
      ))}
    </div>
  );
}
