import { ReloadOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Row,
  Segmented,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ListCard, ListPage } from '../../components/list-page';
import { shanghaiDate, shanghaiDateTime } from '../../lib/shanghai-time';
import { useCursorList } from '../../lib/use-cursor-list';
import { useNow } from '../../lib/use-now';
import { CommitteeSelect, useCommittee } from './committee-select';
import { listObservations, type ObservationQuery } from './epidemic-api';
import { CaseLinks, LevelTag, Temperature, TodayTag } from './epidemic-format';
import { TODAY_FIGURES } from './epidemic-rules';
import type { ObservationCounts, ObservationRow } from './epidemic-types';
import './epidemic.css';

/** The list's tabs: everyone under observation, today's three states, and the ended ones. */
const TABS = ['active', 'checkedIn', 'missing', 'abnormal', 'ended'] as const;
type Tab = (typeof TABS)[number];

function tabQuery(tab: Tab): Pick<ObservationQuery, 'state' | 'today'> {
  switch (tab) {
    case 'active':
      return { state: 'active' };
    case 'checkedIn':
      return { state: 'active', today: 'checked_in' };
    case 'missing':
      return { state: 'active', today: 'missing' };
    case 'abnormal':
      return { state: 'active', today: 'abnormal' };
    case 'ended':
      return { state: 'ended' };
  }
}

const FIGURE_COLORS: Partial<Record<keyof ObservationCounts, string>> = {
  checkedIn: '#389e0d',
  missing: '#d48806',
  abnormal: '#cf1322',
};

/** 居家观察 (/observations): today's list of the committee with the day's numbers on top. */
export function ObservationsPage() {
  const { t } = useTranslation();
  const choice = useCommittee();
  const { committee } = choice;
  const today = shanghaiDate(useNow(60_000));
  // null: today, whichever day that is when the page stays open over midnight
  const [pickedDay, setDay] = useState<string | null>(null);
  const day = pickedDay ?? today;
  const [tab, setTab] = useState<Tab>('active');
  const query = tabQuery(tab);
  const list = useCursorList(
    (cursor, signal) =>
      listObservations({ committee: committee ?? '', day, ...query, cursor }, signal),
    [committee, day, query.state, query.today],
    (o) => o.id,
  );
  const counts = list.data?.counts;

  if (!committee) {
    return (
      <ListPage testId="observations-page" title={t('epidemic.observations.title')}>
        <Empty description={t('epidemic.noCommittee')} />
      </ListPage>
    );
  }

  return (
    <ListPage
      testId="observations-page"
      head={
        <Space
          align="center"
          wrap
          style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}
        >
          <Typography.Title level={3} className="cc-page-title" style={{ margin: 0 }}>
            {day === today
              ? t('epidemic.observations.title')
              : t('epidemic.observations.titleOn', { day })}
          </Typography.Title>
          <Space wrap>
            <CommitteeSelect choice={choice} />
            <DatePicker
              value={dayjs(day)}
              allowClear={false}
              disabledDate={(d) => d.format('YYYY-MM-DD') > today}
              onChange={(d) => {
                const picked = d ? d.format('YYYY-MM-DD') : today;
                setDay(picked === today ? null : picked);
              }}
              aria-label={t('epidemic.observations.day')}
              data-testid="observations-day"
            />
          </Space>
        </Space>
      }
    >
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }} data-testid="observation-counts">
        {TODAY_FIGURES.map((key) => (
          <Col key={key} xs={12} md={6}>
            <Card
              size="small"
              hoverable
              className={`cc-epi-figure${tab === key ? ' is-active' : ''}`}
              onClick={() => setTab(key)}
            >
              <Statistic
                title={t(`epidemic.observations.count.${key}`)}
                value={counts?.[key] ?? '–'}
                styles={{ content: { color: counts?.[key] ? FIGURE_COLORS[key] : undefined } }}
                data-testid={`observation-count-${key}`}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <ListCard
        error={list.error}
        hasData={!!list.data}
        onRetry={list.reload}
        toolbar={
          <Segmented<Tab>
            value={tab}
            onChange={setTab}
            options={TABS.map((key) => ({
              value: key,
              label: `${t(`epidemic.observations.tab.${key}`)}${counts ? ` ${counts[key]}` : ''}`,
            }))}
            data-testid="observations-filter"
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
        <Table<ObservationRow>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={list.items}
          pagination={false}
          scroll={{ x: 1000 }}
          locale={{ emptyText: t('epidemic.observations.empty') }}
          data-testid="observations-table"
          onRow={(o) =>
            ({
              'data-testid': 'observation-row',
              'data-id': o.id,
              'data-today': o.today ?? 'pending',
              'data-state': o.state,
            }) as React.HTMLAttributes<HTMLElement>
          }
          columns={[
            {
              title: t('epidemic.field.name'),
              dataIndex: 'name',
              render: (name: string, o) => (
                <Link
                  to={`/observations/${encodeURIComponent(o.id)}`}
                  data-testid="observation-link"
                >
                  {name}
                </Link>
              ),
            },
            {
              title: t('epidemic.field.room'),
              key: 'room',
              render: (_: unknown, o) => (
                <Space orientation="vertical" size={0}>
                  <span>{o.room.label}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {o.compound.name}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: t('epidemic.field.region'),
              key: 'region',
              render: (_: unknown, o) => (
                <Space size={4} wrap>
                  <span>{o.region.name}</span>
                  <LevelTag level={o.region.level} />
                </Space>
              ),
            },
            {
              title: t('epidemic.field.period'),
              key: 'period',
              render: (_: unknown, o) => `${o.startDate} ~ ${o.endDate}`,
            },
            {
              title: t('epidemic.field.today'),
              key: 'today',
              render: (_: unknown, o) =>
                o.state === 'ended' ? (
                  <Tag data-testid="observation-ended">{t('epidemic.observations.ended')}</Tag>
                ) : (
                  <TodayTag today={o.today} />
                ),
            },
            {
              title: t('epidemic.field.lastCheckIn'),
              key: 'last',
              render: (_: unknown, o) =>
                o.lastCheckIn ? (
                  <Space orientation="vertical" size={0}>
                    <Temperature value={o.lastCheckIn.temperature} />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {shanghaiDateTime(o.lastCheckIn.at)} ·{' '}
                      {t(`epidemic.checkIn.by.${o.lastCheckIn.by}`)}
                    </Typography.Text>
                  </Space>
                ) : (
                  t('common.none')
                ),
            },
            {
              title: t('epidemic.field.cases'),
              key: 'cases',
              render: (_: unknown, o) => <CaseLinks row={o} />,
            },
          ]}
        />
        {list.hasMore && (
          <Button style={{ marginTop: 12 }} onClick={list.loadMore} data-testid="observations-more">
            {t('epidemic.loadMore')}
          </Button>
        )}
      </ListCard>
    </ListPage>
  );
}
