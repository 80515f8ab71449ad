import type { VolunteerShift, VolunteerShiftRole, VolunteerSignup } from '@cc/contracts';
import { Button, Popconfirm, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { SignupStatusTag } from './signup-status-tag';
import { intervalText } from './volunteer-format';

export interface ShiftActions {
  /** the activity takes sign-ups from me (open to me, not cancelled, not over) */
  canSignUp: boolean;
  /** the role being signed up for or the sign-up being cancelled, while it runs */
  busyId: string | undefined;
  onSignUp: (role: VolunteerShiftRole) => void;
  onCancel: (signup: VolunteerSignup) => void;
}

/** A role of a shift: its places, and my sign-up for it or the button to sign up. */
function RoleLine({
  role,
  index,
  mine,
  isShiftTaken,
  hasStarted,
  actions,
}: {
  role: VolunteerShiftRole;
  /** the role's place in the page, across shifts (signup-role-<index>) */
  index: number;
  mine: VolunteerSignup | undefined;
  /** I already hold another role of this shift */
  isShiftTaken: boolean;
  hasStarted: boolean;
  actions: ShiftActions;
}) {
  const { t } = useTranslation();
  const left = Math.max(0, role.capacity - role.confirmed);
  return (
    <div className="cc-vol-role" data-testid="shift-role" data-role-id={role.id}>
      <span className="cc-vol-row-main">
        <Typography.Text>{role.name}</Typography.Text>
        <span className="cc-vol-muted" data-testid={`role-places-${index}`}>
          {left > 0
            ? t('volunteerApp.activity.roleLeft', { left, capacity: role.capacity })
            : t('volunteerApp.activity.roleFull', { capacity: role.capacity })}
          {role.waitlisted > 0 &&
            ` · ${t('volunteerApp.activity.waitlisted', { count: role.waitlisted })}`}
        </span>
      </span>
      {mine ? (
        <span style={{ display: 'flex', alignItems: 'center', gap: 4 }}>
          <Link to={`/r/volunteer/signups/${mine.id}`} data-testid={`my-signup-${index}`}>
            <SignupStatusTag signup={mine} />
          </Link>
          {!mine.checkedInAt && !hasStarted && (
            <Popconfirm
              title={t('volunteerApp.signup.cancelConfirm')}
              okText={t('volunteerApp.signup.cancel')}
              cancelText={t('common.cancel')}
              onConfirm={() => actions.onCancel(mine)}
            >
              <Button
                size="small"
                type="link"
                danger
                loading={actions.busyId === mine.id}
                data-testid={`signup-cancel-${index}`}
              >
                {t('volunteerApp.signup.cancel')}
              </Button>
            </Popconfirm>
          )}
        </span>
      ) : (
        <Button
          type={left > 0 ? 'primary' : 'default'}
          disabled={!actions.canSignUp || hasStarted || isShiftTaken}
          loading={actions.busyId === role.id}
          onClick={() => actions.onSignUp(role)}
          data-testid={`signup-role-${index}`}
        >
          {left > 0 ? t('volunteerApp.activity.signUp') : t('volunteerApp.activity.joinWaitlist')}
        </Button>
      )}
    </div>
  );
}

/**
 * A shift: its title and time, then its roles. `firstIndex` is the index of its first role in
 * the page, so that the sign-up buttons are numbered in document order across shifts.
 */
export function ShiftCard({
  shift,
  firstIndex,
  mySignups,
  now,
  actions,
}: {
  shift: VolunteerShift;
  firstIndex: number;
  mySignups: readonly VolunteerSignup[];
  now: number;
  actions: ShiftActions;
}) {
  const mineInShift = mySignups.filter((s) => s.shiftId === shift.id && s.status !== 'cancelled');
  const hasStarted = now >= Date.parse(shift.startsAt);
  return (
    <div className="cc-vol-card" data-testid="activity-shift">
      <Typography.Text strong>{shift.title}</Typography.Text>
      <div className="cc-vol-muted" style={{ marginBottom: 4 }}>
        {intervalText(shift.startsAt, shift.endsAt)}
      </div>
      {shift.roles.map((role, i) => {
        const mine = mineInShift.find((s) => s.roleId === role.id);
        return (
          <RoleLine
            key={role.id}
            role={role}
            index={firstIndex + i}
            mine={mine}
            isShiftTaken={!mine && mineInShift.length > 0}
            hasStarted={hasStarted}
            actions={actions}
          />
        );
      })}
    </div>
  );
}
