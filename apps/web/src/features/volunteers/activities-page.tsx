import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { SERVICE_CATEGORY_LABELS, type VolunteerActivity } from '@cc/contracts';
import { Button, Segmented, Space, Table, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ListCard, ListPage } from '../../components/list-page';
import { useCursorList } from '../../lib/use-cursor-list';
import { ActivityFormDrawer } from './activity-form-drawer';
import { AreaChoiceSelect, useAreaChoice } from './area-choice';
import { ActivityKindTag, useLabel } from './volunteer-format';
import { activityFill, timeSpan } from './volunteer-rules';
import { listActivities } from './volunteers-api';
import './volunteers.css';

type When = 'upcoming' | 'past';

/** 志愿活动 (/volunteers/activities): the area's activities, upcoming or past; 发布活动. */
export function ActivitiesPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const navigate = useNavigate();
  const choice = useAreaChoice();
  const { area, detail } = choice;
  const [when, setWhen] = useState<When>('upcoming');
  const [isCreating, setCreating] = useState(false);
  const list = useCursorList(
    (cursor, signal) => listActivities({ area: area ?? '', when, cursor }, signal),
    [area, when],
    (a) => a.id,
  );
  const canPublish = !!detail && (detail.level === 'committee' || detail.level === 'street');

  return (
    <ListPage
      testId="activities-page"
      head={
        <Space wrap className="cc-vol-head">
          <Typography.Title level={3} className="cc-page-title" style={{ margin: 0 }}>
            {t('volunteers.nav.activities')}
          </Typography.Title>
          <AreaChoiceSelect choice={choice} />
          <span style={{ flex: 1 }} />
          <Tooltip title={canPublish ? undefined : t('volunteers.activity.pickArea')}>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              disabled={!canPublish}
              onClick={() => setCreating(true)}
              data-testid="activity-create-open"
            >
              {t('volunteers.activity.create')}
            </Button>
          </Tooltip>
        </Space>
      }
    >
      <ListCard
        error={list.error}
        hasData={!!list.data}
        onRetry={list.reload}
        toolbar={
          <Segmented<When>
            value={when}
            onChange={setWhen}
            options={[
              { value: 'upcoming', label: t('volunteers.activity.upcoming') },
              { value: 'past', label: t('volunteers.activity.past') },
            ]}
            data-testid="activities-when"
          />
        }
        actions={
          <Button
            icon={<ReloadOutlined />}
            onClick={list.restart}
            aria-label={t('common.refresh')}
          />
        }
      >
        <Table<VolunteerActivity>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={list.items}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: t('volunteers.activity.empty') }}
          onRow={(a) =>
            ({
              'data-testid': 'activity-row',
              'data-id': a.id,
              'data-status': a.status,
              onClick: () => void navigate(`/volunteers/activities/${encodeURIComponent(a.id)}`),
              style: { cursor: 'pointer' },
            }) as React.HTMLAttributes<HTMLElement>
          }
          columns={[
            {
              title: t('volunteers.field.title'),
              key: 'title',
              render: (_: unknown, a) => (
                <Link to={`/volunteers/activities/${encodeURIComponent(a.id)}`}>{a.title}</Link>
              ),
            },
            {
              title: t('volunteers.field.kind'),
              key: 'kind',
              render: (_: unknown, a) => <ActivityKindTag activity={a} />,
            },
            {
              title: t('volunteers.field.category'),
              key: 'category',
              render: (_: unknown, a) => label(SERVICE_CATEGORY_LABELS[a.category]),
            },
            {
              title: t('volunteers.activity.time'),
              key: 'time',
              render: (_: unknown, a) => timeSpan(a.startsAt, a.endsAt),
            },
            { title: t('volunteers.field.place'), dataIndex: 'place' },
            {
              title: t('volunteers.activity.fill'),
              key: 'fill',
              align: 'right',
              render: (_: unknown, a) => {
                const fill = activityFill(a.shifts);
                return (
                  <span>
                    {fill.confirmed} / {fill.capacity}
                    {fill.waitlisted > 0 ? (
                      <Typography.Text type="warning"> +{fill.waitlisted}</Typography.Text>
                    ) : null}
                  </span>
                );
              },
            },
          ]}
        />
        {list.hasMore ? (
          <Button style={{ marginTop: 12 }} onClick={list.loadMore}>
            {t('volunteers.loadMore')}
          </Button>
        ) : null}
      </ListCard>
      {isCreating && detail ? (
        <ActivityFormDrawer
          area={detail}
          onClose={() => setCreating(false)}
          onCreated={(a) => {
            setCreating(false);
            void navigate(`/volunteers/activities/${encodeURIComponent(a.id)}`);
          }}
        />
      ) : null}
    </ListPage>
  );
}
