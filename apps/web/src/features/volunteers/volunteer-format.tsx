import {
  ACTIVITY_KIND_LABELS,
  VOLUNTEER_SIGNUP_STATUS_LABELS,
  VOLUNTEER_STATUS_LABELS,
  VOLUNTEER_TASK_STATUS_LABELS,
  type AttendanceMethod,
  type Label,
  type VolunteerActivity,
  type VolunteerSignupStatus,
  type VolunteerStatus,
  type VolunteerTaskStatus,
} from '@cc/contracts';
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { isEnglish } from '../../lib/format';
import { shanghaiDateTime } from '../../lib/shanghai-time';
import { toHours } from './volunteer-rules';

/** A shared label (packages/contracts) in the person's language. */
export function useLabel(): (label: Label) => string {
  const { i18n } = useTranslation();
  const lang = isEnglish(i18n.language) ? 'en' : 'zh';
  return (label) => label[lang];
}

/** "12.5 小时" from minutes. */
export function Hours({ minutes, testId }: { minutes: number; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span data-testid={testId} data-minutes={minutes}>
      {t('volunteers.hours', { hours: toHours(minutes) })}
    </span>
  );
}

const STATUS_COLORS: Record<VolunteerStatus, string> = { active: 'success', left: 'default' };
export function VolunteerStatusTag({ status }: { status: VolunteerStatus }) {
  const label = useLabel();
  return <Tag color={STATUS_COLORS[status]}>{label(VOLUNTEER_STATUS_LABELS[status])}</Tag>;
}

const SIGNUP_COLORS: Record<VolunteerSignupStatus, string> = {
  confirmed: 'blue',
  waitlisted: 'orange',
  cancelled: 'default',
};
export function SignupStatusTag({
  status,
  position,
}: {
  status: VolunteerSignupStatus;
  position?: number | null;
}) {
  const label = useLabel();
  return (
    <Tag color={SIGNUP_COLORS[status]}>
      {label(VOLUNTEER_SIGNUP_STATUS_LABELS[status])}
      {status === 'waitlisted' && position ? ` #${position}` : ''}
    </Tag>
  );
}

const TASK_COLORS: Record<VolunteerTaskStatus, string> = {
  sent: 'processing',
  accepted: 'blue',
  declined: 'default',
  done: 'success',
  cancelled: 'default',
};
export function TaskStatusTag({ status }: { status: VolunteerTaskStatus }) {
  const label = useLabel();
  return (
    <Tag color={TASK_COLORS[status]} data-status={status}>
      {label(VOLUNTEER_TASK_STATUS_LABELS[status])}
    </Tag>
  );
}

/** A check-in or check-out: when (Shanghai time) and how; nothing yet is a dash. */
export function Attendance({ at, method }: { at: string | null; method: AttendanceMethod | null }) {
  const { t } = useTranslation();
  if (!at) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <span>
      {shanghaiDateTime(at).slice(5)}
      {method ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {' '}
          · {t(`volunteers.method.${method}`)}
        </Typography.Text>
      ) : null}
    </span>
  );
}

/** An activity's state as a tag: cancelled, else its kind. */
export function ActivityKindTag({
  activity,
}: {
  activity: Pick<VolunteerActivity, 'kind' | 'status'>;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  if (activity.status === 'cancelled')
    return <Tag color="default">{t('volunteers.activity.cancelled')}</Tag>;
  return (
    <Tag color={activity.kind === 'event' ? 'magenta' : 'blue'}>
      {label(ACTIVITY_KIND_LABELS[activity.kind])}
    </Tag>
  );
}
