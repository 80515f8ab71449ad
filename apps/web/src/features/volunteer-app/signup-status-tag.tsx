import { VOLUNTEER_SIGNUP_STATUS_LABELS, type VolunteerSignup } from '@cc/contracts';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { labelText } from './volunteer-format';

const COLOURS = { confirmed: 'blue', waitlisted: 'orange', cancelled: 'default' } as const;

/** Where a sign-up stands: 已报名 / 候补第 N 位 / 已取消, then 已签到 / 已签退. */
export function SignupStatusTag({ signup }: { signup: VolunteerSignup }) {
  const { t, i18n } = useTranslation();
  if (signup.status === 'waitlisted')
    return (
      <Tag color={COLOURS.waitlisted} data-testid="signup-waitlist">
        {signup.waitlistPosition
          ? t('volunteerApp.signup.waitlistPosition', { position: signup.waitlistPosition })
          : labelText(VOLUNTEER_SIGNUP_STATUS_LABELS.waitlisted, i18n.language)}
      </Tag>
    );
  if (signup.status === 'confirmed' && signup.checkedOutAt)
    return <Tag color="green">{t('volunteerApp.signup.checkedOut')}</Tag>;
  if (signup.status === 'confirmed' && signup.checkedInAt)
    return <Tag color="cyan">{t('volunteerApp.signup.checkedIn')}</Tag>;
  return (
    <Tag color={COLOURS[signup.status]}>
      {labelText(VOLUNTEER_SIGNUP_STATUS_LABELS[signup.status], i18n.language)}
    </Tag>
  );
}
