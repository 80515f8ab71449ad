import { RightOutlined } from '@ant-design/icons';
import type { MyVolunteerSignup } from '@cc/contracts';
import { Typography } from 'antd';
import { Link } from 'react-router';
import { SignupStatusTag } from './signup-status-tag';
import { intervalText } from './volunteer-format';

/** One of my sign-ups: the activity, the shift and role, when, and where it stands. */
export function MySignupRow({ signup }: { signup: MyVolunteerSignup }) {
  return (
    <Link
      to={`/r/volunteer/signups/${signup.id}`}
      className="cc-vol-row"
      data-testid="my-signup-row"
      data-signup-id={signup.id}
    >
      <span className="cc-vol-row-main">
        <Typography.Text strong ellipsis>
          {signup.activity.title}
        </Typography.Text>
        <span className="cc-vol-muted">
          {signup.shift.title} · {signup.roleName}
        </span>
        <span className="cc-vol-muted">
          {intervalText(signup.shift.startsAt, signup.shift.endsAt)}
        </span>
      </span>
      <SignupStatusTag signup={signup} />
      <RightOutlined style={{ color: 'rgba(0,0,0,0.3)' }} />
    </Link>
  );
}
