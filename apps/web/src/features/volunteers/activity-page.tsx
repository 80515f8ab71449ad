import { QrcodeOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  ACTIVITY_OPEN_TO_LABELS,
  SERVICE_CATEGORY_LABELS,
  type VolunteerActivity,
  type VolunteerShift,
} from '@cc/contracts';
import {
  Breadcrumb,
  Button,
  Card,
  Col,
  Descriptions,
  Progress,
  Row,
  Skeleton,
  Space,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { LoadError } from '../../components/load-error';
import { useRequest } from '../../lib/api';
import { useInterval } from '../../lib/use-interval';
import { useNow } from '../../lib/use-now';
import { CancelActivityButton } from './cancel-activity-button';
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
  const request = useRequest((signal) => getActivity(id, signal), [id]);
  const roster = useRequest((signal) => getRoster(id, signal), [id]);
  const [fresh, setFresh] = useState<VolunteerActivity | null>(null);
  const a = fresh?.id === id ? fresh : request.data?.id === id ? request.data : undefined;
  const now = useNow(60_000);
  useInterval(roster.reload, ROSTER_REFRESH_MS, !!a && a.status !== 'cancelled');

  if (request.error && !a) return <LoadError error={request.error} onRetry={request.reload} />;
  if (!a) return <Skeleton active paragraph={{ rows: 8 }} />;
  const reload = () => {
    setFresh(null);
    request.reload();
    roster.reload();
  };
  const isLive = a.status !== 'cancelled' && Date.parse(a.endsAt) > now;

  return (
    <div data-testid="activity-page" data-id={a.id} data-status={a.status}>
      <Breadcrumb
        items={[
          {
            title: (
              <Link to={`/volunteers/activities?area=${encodeURIComponent(a.area.code)}`}>
                {t('volunteers.nav.activities')}
              </Link>
            ),
          },
          { title: a.title },
        ]}
        style={{ marginBottom: 8 }}
      />
      <Space wrap className="cc-vol-head">
        <Typography.Title
          level={3}
          className="cc-page-title"
          style={{ margin: 0 }}
          data-testid="activity-title"
        >
          {a.title}
        </Typography.Title>
        <ActivityKindTag activity={a} />
        <span style={{ flex: 1 }} />
        <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
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
            <CancelActivityButton activity={a} onCancelled={setFresh} />
          </>
        ) : null}
      </Space>
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
