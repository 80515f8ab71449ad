import { PlusOutlined } from '@ant-design/icons';
import { type MeetingSummary } from '@cc/contracts';
import { Button, Segmented, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListCard, ListPage } from '../../components/list-page';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { useCursorList } from '../../lib/use-cursor-list';
import { MeetingStateTag, timeRange } from './meeting-format';
import { listMeetings } from './meetings-api';
import './meetings.css';
import { MeetingDrawer } from './meeting-drawer';
import { ScheduleDrawer } from './schedule-drawer';

/** 议事会 (/meetings): the committee's meetings, scheduling, attendance, minutes and outcomes. */
export function MeetingsPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<'upcoming' | 'all'>('upcoming');
  const [isScheduling, setIsScheduling] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const list = useCursorList(
    (cursor, signal) => listMeetings({ upcoming: tab === 'upcoming', cursor }, signal),
    [tab],
    (m) => m.id,
  );
  const restart = list.restart;
  if (!list.data && list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  if (!list.data && list.isLoading) return <PageSpin />;
  return (
    <ListPage testId="meetings-page" title={t('meetings.title')}>
      <ListCard
        error={list.error}
        hasData={!!list.data}
        onRetry={list.reload}
        toolbar={
          <Segmented
            value={tab}
            onChange={(v) => setTab(v as 'upcoming' | 'all')}
            options={[
              { value: 'upcoming', label: t('meetings.tabs.upcoming') },
              { value: 'all', label: t('meetings.tabs.all') },
            ]}
            data-testid="meetings-tab"
          />
        }
        actions={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setIsScheduling(true)}
            data-testid="meeting-schedule"
          >
            {t('meetings.schedule')}
          </Button>
        }
      >
        <Table<MeetingSummary>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={list.items}
          pagination={false}
          locale={{ emptyText: t('meetings.empty') }}
          onRow={(m) => ({ onClick: () => setOpenId(m.id), style: { cursor: 'pointer' } })}
          data-testid="meetings-table"
          columns={[
            {
              title: t('meetings.field.title'),
              dataIndex: 'title',
              render: (title: string, m) => (
                <a data-testid="meeting-row" onClick={() => setOpenId(m.id)}>
                  {title}
                </a>
              ),
            },
            { title: t('meetings.field.committee'), dataIndex: 'hostName' },
            {
              title: t('meetings.field.time'),
              key: 'time',
              render: (_: unknown, m) => timeRange(m),
            },
            {
              title: t('meetings.field.place'),
              dataIndex: 'place',
              render: (p: string | null) => p ?? t('meetings.online'),
            },
            {
              title: t('meetings.field.registered'),
              key: 'registered',
              render: (_: unknown, m) =>
                m.capacity ? `${m.registeredCount} / ${m.capacity}` : m.registeredCount,
            },
            { title: t('meetings.field.attended'), dataIndex: 'attendedCount' },
            {
              title: '',
              dataIndex: 'state',
              render: (s: MeetingSummary['state']) => <MeetingStateTag state={s} />,
            },
          ]}
        />
        {list.hasMore && (
          <Button style={{ marginTop: 12 }} onClick={list.loadMore}>
            {t('meetings.loadMore')}
          </Button>
        )}
      </ListCard>
      {isScheduling && (
        <ScheduleDrawer
          onClose={() => setIsScheduling(false)}
          onDone={(m) => {
            setIsScheduling(false);
            restart();
            setOpenId(m.id);
          }}
        />
      )}
      {openId && <MeetingDrawer id={openId} onClose={() => setOpenId(null)} onChange={restart} />}
    </ListPage>
  );
}
