import { VOLUNTEER_RANKING_BY, type VolunteerRanking, VOLUNTEER_STAFF_ROLES } from '@cc/contracts';
import { Segmented, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ListCard, ListPage } from '../../components/list-page';
import { useRequest } from '../../lib/api';
import { useNow } from '../../lib/use-now';
import { AreaChoiceSelect, useAreaChoice } from '../../components/area-choice';
import { PageHead } from '../../components/page-parts';
import { Hours } from './volunteer-format';
import { recentYears } from './volunteer-rules';
import { getRanking } from './volunteers-api';
import { COMMITTEE_PICKER } from './volunteer-roles';
import './volunteers.css';

type By = (typeof VOLUNTEER_RANKING_BY)[number];
type Item = VolunteerRanking['items'][number];

/** 服务排行 (/volunteers/rankings): confirmed hours of a year, by volunteer, team or committee. */
export function RankingsPage() {
  const { t } = useTranslation();
  const choice = useAreaChoice(VOLUNTEER_STAFF_ROLES, 'committee');
  const { area } = choice;
  const years = recentYears(useNow(3_600_000));
  const [by, setBy] = useState<By>('volunteer');
  const [year, setYear] = useState<number>(() => years[0]!);
  const ranking = useRequest(
    (signal) => getRanking({ area: area!, by, year, limit: 50 }, signal),
    [area, by, year],
    !!area,
  );

  return (
    <ListPage
      testId="rankings-page"
      head={
        <PageHead className="cc-vol-head" isSpace title={t('volunteers.nav.rankings')}>
          <AreaChoiceSelect choice={choice} picker={COMMITTEE_PICKER} testId="volunteer-area" />
        </PageHead>
      }
    >
      <ListCard
        error={ranking.error}
        hasData={!!ranking.data}
        onRetry={ranking.reload}
        toolbar={
          <Space wrap>
            <Segmented<By>
              value={by}
              onChange={setBy}
              options={VOLUNTEER_RANKING_BY.map((b) => ({
                value: b,
                label: t(`volunteers.ranking.by.${b}`),
              }))}
              data-testid="ranking-by"
            />
            <Select<number>
              value={year}
              onChange={setYear}
              style={{ width: 110 }}
              options={years.map((y) => ({ value: y, label: String(y) }))}
              data-testid="ranking-year"
            />
          </Space>
        }
      >
        <Table<Item>
          rowKey="id"
          size="small"
          loading={ranking.isLoading}
          dataSource={ranking.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: t('volunteers.ranking.empty') }}
          onRow={(item) =>
            ({
              'data-testid': 'ranking-row',
              'data-id': item.id,
            }) as React.HTMLAttributes<HTMLElement>
          }
          columns={[
            { title: t('volunteers.ranking.rank'), dataIndex: 'rank', width: 72 },
            {
              title: t(`volunteers.ranking.by.${by}`),
              key: 'name',
              render: (_: unknown, item) => (
                <Space size={4}>
                  {by === 'volunteer' ? (
                    <Link to={`/volunteers/${encodeURIComponent(item.id)}`}>{item.name}</Link>
                  ) : (
                    item.name
                  )}
                  {item.isMe ? <Tag color="blue">{t('volunteers.ranking.me')}</Tag> : null}
                </Space>
              ),
            },
            {
              title: t('volunteers.field.totalHours'),
              key: 'hours',
              align: 'right',
              render: (_: unknown, item) => <Hours minutes={item.minutes} />,
            },
          ]}
        />
      </ListCard>
    </ListPage>
  );
}
