import type { ActivityRoster, ActivityRosterEntry, VolunteerActivity } from '@cc/contracts';
import {
  Button,
  Card,
  Col,
  Popconfirm,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RequestState } from '../../lib/api';
import { useNow } from '../../lib/use-now';
import { CorrectHoursModal } from './correct-hours-modal';
import { useAction } from '../../lib/sending';
import { Attendance, SignupStatusTag } from './volunteer-format';
import { rosterStep, toHours, type RosterStep } from './volunteer-rules';
import {
  cancelSignup,
  confirmSignupHours,
  correctSignupHours,
  organiserAttendance,
} from './volunteers-api';

/** The steps a button on a row takes: its call, its words, what is said when done. */
const STEPS = {
  checkIn: {
    call: (id: string) => organiserAttendance(id, 'check-in'),
    label: 'volunteers.roster.checkIn',
    done: 'volunteers.roster.checkedIn',
    testId: 'roster-check-in',
    isPrimary: false,
  },
  checkOut: {
    call: (id: string) => organiserAttendance(id, 'check-out'),
    label: 'volunteers.roster.checkOut',
    done: 'volunteers.roster.checkedOut',
    testId: 'roster-check-out',
    isPrimary: false,
  },
  confirm: {
    call: (id: string) => confirmSignupHours(id, {}),
    label: 'volunteers.roster.confirm',
    done: 'volunteers.roster.confirmed',
    testId: 'roster-confirm',
    isPrimary: true,
  },
} as const;

/** The step buttons of one row (check in / out for someone without a phone, confirm, correct). */
function RowSteps({
  row,
  step,
  onDone,
  onCorrect,
}: {
  row: ActivityRosterEntry;
  step: RosterStep;
  onDone: () => void;
  onCorrect: () => void;
}) {
  const { t } = useTranslation();
  const { isBusy, run } = useAction();
  const act = async (call: () => Promise<unknown>, done: string) => {
    if (await run(call, t(done))) onDone();
  };
  const button = step && step !== 'correct' ? STEPS[step] : null;
  const canCancel = row.status !== 'cancelled' && !row.checkedInAt;
  return (
    <Space size={0} wrap>
      {button ? (
        <Button
          type={button.isPrimary ? 'primary' : 'link'}
          size="small"
          loading={isBusy}
          onClick={() => void act(() => button.call(row.id), button.done)}
          data-testid={button.testId}
        >
          {t(button.label)}
        </Button>
      ) : null}
      {step === 'correct' ? (
        <Button type="link" size="small" onClick={onCorrect} data-testid="roster-correct">
          {t('volunteers.roster.correct')}
        </Button>
      ) : null}
      {canCancel ? (
        <Popconfirm
          title={t('volunteers.roster.cancelConfirm', { name: row.name })}
          onConfirm={() => act(() => cancelSignup(row.id), 'volunteers.roster.cancelled')}
        >
          <Button type="link" size="small" danger data-testid="roster-cancel">
            {t('volunteers.roster.cancel')}
          </Button>
        </Popconfirm>
      ) : null}
    </Space>
  );
}

/**
 * 报名名单: every sign-up of every shift with check-in and check-out (when and how), the
 * minutes credited, and the organiser's steps; the counts on top.
 */
export function RosterCard({
  activity,
  roster,
}: {
  activity: VolunteerActivity;
  roster: RequestState<ActivityRoster>;
}) {
  const { t } = useTranslation();
  const now = useNow(30_000);
  const [shiftId, setShiftId] = useState<string | undefined>();
  const [correcting, setCorrecting] = useState<ActivityRosterEntry | null>(null);
  const shifts = new Map(activity.shifts.map((s) => [s.id, s]));
  const rows = (roster.data?.items ?? []).filter((r) => !shiftId || r.shiftId === shiftId);
  const counts = roster.data?.counts;
  const figures = [
    { key: 'confirmed', value: counts?.confirmed },
    { key: 'waitlisted', value: counts?.waitlisted },
    { key: 'checkedIn', value: counts?.checkedIn },
    { key: 'checkedOut', value: counts?.checkedOut },
  ] as const;

  return (
    <Card
      size="small"
      title={t('volunteers.roster.title')}
      className="cc-vol-card"
      extra={
        activity.shifts.length > 1 ? (
          <Select
            allowClear
            value={shiftId}
            onChange={setShiftId}
            placeholder={t('volunteers.roster.allShifts')}
            style={{ width: 200 }}
            options={activity.shifts.map((s) => ({ value: s.id, label: s.title }))}
            data-testid="roster-shift"
          />
        ) : null
      }
      data-testid="roster"
    >
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {figures.map((f) => (
          <Col key={f.key} xs={12} md={5}>
            <Statistic
              title={t(`volunteers.roster.count.${f.key}`)}
              value={f.value ?? '–'}
              data-testid={`roster-count-${f.key}`}
            />
          </Col>
        ))}
        <Col xs={12} md={4}>
          <Statistic
            title={t('volunteers.roster.count.hoursConfirmed')}
            value={counts ? toHours(counts.hoursConfirmed) : '–'}
            data-testid="roster-count-hours"
          />
        </Col>
      </Row>
      <Table<ActivityRosterEntry>
        rowKey="id"
        size="small"
        loading={roster.isLoading && !roster.data}
        dataSource={rows}
        pagination={rows.length > 50 ? { pageSize: 50, size: 'small' } : false}
        scroll={{ x: 1100 }}
        locale={{ emptyText: t('volunteers.roster.empty') }}
        onRow={(r) =>
          ({
            'data-testid': 'roster-row',
            'data-id': r.id,
            'data-status': r.status,
            'data-checked-in': r.checkedInAt ? 'true' : 'false',
            'data-checked-out': r.checkedOutAt ? 'true' : 'false',
            'data-confirmed': r.confirmedAt ? 'true' : 'false',
          }) as React.HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            title: t('volunteers.field.name'),
            key: 'name',
            render: (_: unknown, r) =>
              r.volunteerId ? (
                <Link to={`/volunteers/${encodeURIComponent(r.volunteerId)}`}>{r.name}</Link>
              ) : (
                r.name
              ),
          },
          {
            title: t('volunteers.field.phone'),
            key: 'phone',
            render: (_: unknown, r) => r.phone ?? t('common.none'),
          },
          {
            title: t('volunteers.roster.shiftRole'),
            key: 'shift',
            render: (_: unknown, r) => `${shifts.get(r.shiftId)?.title ?? ''} · ${r.roleName}`,
          },
          {
            title: t('volunteers.field.status'),
            key: 'status',
            render: (_: unknown, r) => (
              <SignupStatusTag status={r.status} position={r.waitlistPosition} />
            ),
          },
          {
            title: t('volunteers.roster.checkInAt'),
            key: 'in',
            render: (_: unknown, r) => <Attendance at={r.checkedInAt} method={r.checkInMethod} />,
          },
          {
            title: t('volunteers.roster.checkOutAt'),
            key: 'out',
            render: (_: unknown, r) => <Attendance at={r.checkedOutAt} method={r.checkOutMethod} />,
          },
          {
            title: t('volunteers.roster.minutes'),
            key: 'minutes',
            align: 'right',
            render: (_: unknown, r) => (
              <span data-testid="roster-minutes">
                {r.minutes ?? t('common.none')}
                {r.confirmedAt ? (
                  <Tag color="success" style={{ marginLeft: 4 }} data-testid="roster-confirmed">
                    {t('volunteers.roster.confirmedTag')}
                  </Tag>
                ) : null}
              </span>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, r) =>
              activity.canManage ? (
                <RowSteps
                  row={r}
                  step={rosterStep(r, shifts.get(r.shiftId), now)}
                  onDone={roster.reload}
                  onCorrect={() => setCorrecting(r)}
                />
              ) : null,
          },
        ]}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('volunteers.roster.help')}
      </Typography.Text>
      {correcting ? (
        <CorrectHoursModal
          name={correcting.name}
          minutes={correcting.minutes}
          onClose={() => setCorrecting(null)}
          onSubmit={async (body) => {
            await correctSignupHours(correcting.id, body);
            setCorrecting(null);
            roster.reload();
          }}
        />
      ) : null}
    </Card>
  );
}
