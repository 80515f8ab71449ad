import { PlusOutlined } from '@ant-design/icons';
import {
  SERVICE_CATEGORY_LABELS,
  type VolunteerActivity,
  VOLUNTEER_STAFF_ROLES,
} from '@cc/contracts';
import { Segmented, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ListCard, ListPage } from '../../components/list-page';
import { useCursorList } from '../../lib/use-cursor-list';
import { ActivityFormDrawer } from './activity-form-drawer';
import { AreaChoiceSelect, useAreaChoice } from '../../components/area-choice';
import { MoreButton, openingRow, PageHead, RefreshButton } from '../../components/page-parts';
import { OpenButton } from './page-parts';
import { ActivityKindTag, useLabel } from './volunteer-format';
import { activityFill, timeSpan } from './volunteer-rules';
import { listActivities } from './volunteers-api';
import { COMMITTEE_PICKER } from './volunteer-roles';
import './volunteers.css';

type When = 'upcoming' | 'past';

const activityPath = (id: string) => `/volunteers/activities/${encodeURIComponent(id)}`;

/** 志愿活动 (/volunteers/activities): the area's activities, upcoming or past; 发布活动. */
export function ActivitiesPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const navigate = useNavigate();
  const choice = useAreaChoice(VOLUNTEER_STAFF_ROLES, 'committee');
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
        <PageHead
          className="cc-vol-head"
          isSpace
          title={t('volunteers.nav.activities')}
          actions={
            <OpenButton
              icon={<PlusOutlined />}
              blocked={canPublish ? null : t('volunteers.activity.pickArea')}
              onClick={() => setCreating(true)}
              testId="activity-create-open"
            >
              {t('volunteers.activity.create')}
            </OpenButton>
          }
        >
          <AreaChoiceSelect choice={choice} picker={COMMITTEE_PICKER} testId="volunteer-area" />
        </PageHead>
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
        actions={<RefreshButton onClick={list.restart} />}
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
            openingRow('activity-row', a.id, () => void navigate(activityPath(a.id)), {
              'data-status': a.status,
            })
          }
          columns={[
            {
              title: t('volunteers.field.title'),
              key: 'title',
              render: (_: unknown, a) => <Link to={activityPath(a.id)}>{a.title}</Link>,
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
        <MoreButton list={list} text={t('volunteers.loadMore')} />
      </ListCard>
      {isCreating && detail ? (
        <ActivityFormDrawer
          area={detail}
          onClose={() => setCreating(false)}
          onCreated={(a) => {
            setCreating(false);
            void navigate(activityPath(a.id));
          }}
        />
      ) : null}
    </ListPage>
  );
}
