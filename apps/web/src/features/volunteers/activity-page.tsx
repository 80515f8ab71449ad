import { QrcodeOutlined } from '@ant-design/icons';
import {
  ACTIVITY_OPEN_TO_LABELS,
  SERVICE_CATEGORY_LABELS,
  type VolunteerShift,
} from '@cc/contracts';
import { Button, Card, Col, Descriptions, Progress, Row, Space, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useRequest } from '../../lib/api';
import { useInterval } from '../../lib/use-interval';
import { useNow } from '../../lib/use-now';
import { CancelActivityButton } from './cancel-activity-button';
import { PageHead, RefreshButton } from '../../components/page-parts';
import { RecordPending, useRecord } from './page-parts';
import { RosterCard } from './roster-card';
import { ActivityKindTag, useLabel } from './volunteer-format';
import { timeSpan } from './volunteer-rules';
import { getActivity, getRoster } from './volunteers-api';
import './volunteers.css';

/** The roster is read again this often while the page is open (check-ins arrive). */
const ROSTER_REFRESH_MS = 15_000;

/** A shift's roles: confirmed of capacity, and the waitlist. */
function ShiftCard({ shift }: { shift: VolunteerShift }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      title={shift.title}
      extra={timeSpan(shift.startsAt, shift.endsAt)}
      className="cc-vol-card"
      data-testid="activity-shift"
    >
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={shift.roles}
        onRow={(r) =>
          ({ 'data-testid': 'activity-role', 'data-id': r.id }) as React.HTMLAttributes<HTMLElement>
        }
        columns={[
          { title: t('volunteers.activityForm.roleName'), dataIndex: 'name' },
          {
            title: t('volunteers.activity.confirmedOf'),
            key: 'fill',
            render: (_: unknown, r) => (
              <Space>
                <span data-testid="activity-role-fill">
                  {r.confirmed} / {r.capacity}
                </span>
                <Progress
                  percent={Math.round((r.confirmed / Math.max(1, r.capacity)) * 100)}
                  size="small"
                  showInfo={false}
                  style={{ width: 80 }}
                />
              </Space>
            ),
          },
          { title: t('volunteers.activity.waitlisted'), dataIndex: 'waitlisted', align: 'right' },
        ]}
      />
    </Card>
  );
}

/** 活动详情 (/volunteers/activities/:id): what, where, who may join, the shifts, the roster. */
export function ActivityPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const activity = useRecord(id, getActivity);
  const a = activity.record;
  const roster = useRequest((signal) => getRoster(id, signal), [id]);
  const now = useNow(60_000);
  useInterval(roster.reload, ROSTER_REFRESH_MS, !!a && a.status !== 'cancelled');

  if (!a) return <RecordPending request={activity.request} />;
  const reload = () => {
    activity.reload();
    roster.reload();
  };
  const isLive = a.status !== 'cancelled' && Date.parse(a.endsAt) > now;

  return (
    <div data-testid="activity-page" data-id={a.id} data-status={a.status}>
      <PageHead
        className="cc-vol-head"
        isSpace
        title={a.title}
        titleTestId="activity-title"
        back={{
          to: `/volunteers/activities?area=${encodeURIComponent(a.area.code)}`,
          label: t('volunteers.nav.activities'),
        }}
        actions={
          <>
            <RefreshButton onClick={reload} />
            {a.canManage && isLive ? (
              <>
                <Button
                  type="primary"
                  icon={<QrcodeOutlined />}
                  onClick={() =>
                    void navigate(`/volunteers/activities/${encodeURIComponent(a.id)}/code`)
                  }
                  data-testid="activity-code-open"
                >
                  {t('volunteers.activity.codeScreen')}
                </Button>
                <CancelActivityButton activity={a} onCancelled={activity.setFresh} />
              </>
            ) : null}
          </>
        }
      >
        <ActivityKindTag activity={a} />
      </PageHead>
      <Row gutter={[12, 0]}>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('volunteers.activity.details')} className="cc-vol-card">
            <Descriptions
              size="small"
              column={1}
              items={[
                {
                  key: 'time',
                  label: t('volunteers.activity.time'),
                  children: timeSpan(a.startsAt, a.endsAt),
                },
                { key: 'area', label: t('volunteers.area'), children: a.area.name },
                { key: 'place', label: t('volunteers.field.place'), children: a.place },
                {
                  key: 'point',
                  label: t('volunteers.field.point'),
                  children: `${a.lat.toFixed(5)}, ${a.lng.toFixed(5)} · ${t('volunteers.activity.radius', { m: a.radiusM })}`,
                },
                {
                  key: 'category',
                  label: t('volunteers.field.category'),
                  children: label(SERVICE_CATEGORY_LABELS[a.category]),
                },
                {
                  key: 'openTo',
                  label: t('volunteers.field.openTo'),
                  children: `${label(ACTIVITY_OPEN_TO_LABELS[a.openTo])}${a.team ? ` · ${a.team.name}` : ''}`,
                },
                {
                  key: 'remind',
                  label: t('volunteers.field.remind'),
                  children:
                    a.remindMinutes > 0
                      ? t('volunteers.activity.remindBefore', { minutes: a.remindMinutes })
                      : t('volunteers.activity.noRemind'),
                },
                {
                  key: 'description',
                  label: t('volunteers.field.description'),
                  children: (
                    <span style={{ whiteSpace: 'pre-wrap' }}>
                      {a.description || t('common.none')}
                    </span>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          {a.shifts.map((s) => (
            <ShiftCard key={s.id} shift={s} />
          ))}
        </Col>
      </Row>
      <RosterCard activity={a} roster={roster} />
    </div>
  );
}
