import { EnvironmentOutlined, RightOutlined } from '@ant-design/icons';
import type { VolunteerActivity } from '@cc/contracts';
import { Button, Empty, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { useCursorList } from '../../lib/use-cursor-list';
import { ActivityTags, placesLeft } from './activity-tags';
import { BackLink } from './back-link';
import { listOpenActivities } from './volunteer-app-api';
import { intervalText } from './volunteer-format';
import './volunteer-app.css';

function ActivityRow({ activity }: { activity: VolunteerActivity }) {
  const { t } = useTranslation();
  const left = placesLeft(activity);
  return (
    <Link
      to={`/r/volunteer/activities/${activity.id}`}
      className="cc-vol-row"
      data-testid="volunteer-activity-row"
      data-activity-id={activity.id}
    >
      <span className="cc-vol-row-main">
        <Typography.Text strong ellipsis>
          {activity.title}
        </Typography.Text>
        <span>
          <ActivityTags activity={activity} />
          {activity.mySignups.length > 0 && (
            <Tag color="green">{t('volunteerApp.activity.signedUp')}</Tag>
          )}
        </span>
        <span className="cc-vol-muted">{intervalText(activity.startsAt, activity.endsAt)}</span>
        <span className="cc-vol-muted">
          <EnvironmentOutlined /> {activity.place} ·{' '}
          {left > 0
            ? t('volunteerApp.activity.placesLeft', { count: left })
            : t('volunteerApp.activity.full')}
        </span>
      </span>
      <RightOutlined style={{ color: 'rgba(0,0,0,0.3)' }} />
    </Link>
  );
}

/** 志愿活动 (/r/volunteer/activities): the coming activities and events I may join. */
export function VolunteerActivitiesPage() {
  const { t } = useTranslation();
  const list = useCursorList(
    (cursor, signal) => listOpenActivities(cursor, signal),
    [],
    (a) => a.id,
  );
  if (list.error && list.items.length === 0)
    return <LoadError error={list.error} onRetry={list.reload} />;
  if (!list.data) return <PageSpin />;
  return (
    <div className="cc-vol-page" data-testid="volunteer-activities">
      <BackLink to="/r/volunteer" label={t('volunteerApp.backHome')} />
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('volunteerApp.activities.title')}
      </Typography.Title>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('volunteerApp.activities.help')}
      </Typography.Text>
      {list.items.length === 0 ? (
        <Empty description={t('volunteerApp.activities.empty')} />
      ) : (
        list.items.map((a) => <ActivityRow key={a.id} activity={a} />)
      )}
      {list.hasMore && (
        <Button block onClick={list.loadMore} loading={list.isLoading}>
          {t('volunteerApp.loadMore')}
        </Button>
      )}
    </div>
  );
}
