import {
  SERVICE_CATEGORY_LABELS,
  VOLUNTEER_BADGES,
  type ServiceCategory,
  type VolunteerHoursEntry,
  type VolunteerHoursTotals,
} from '@cc/contracts';
import { Card, Col, Empty, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { shanghaiDateTime } from '../../lib/shanghai-time';
import { useCursorList } from '../../lib/use-cursor-list';
import { useNow } from '../../lib/use-now';
import { MoreButton } from '../../components/page-parts';
import { Hours, useLabel } from './volunteer-format';
import { recentYears, timeSpan, toHours } from './volunteer-rules';
import { getVolunteerHours } from './volunteers-api';

const categoryLabel = (category: string) =>
  SERVICE_CATEGORY_LABELS[category as ServiceCategory] ?? { zh: category, en: category };

/** Totals by year and by kind of service, and the badges they earned. */
export function HoursTotalsCard({ totals }: { totals: VolunteerHoursTotals }) {
  const { t } = useTranslation();
  const label = useLabel();
  const badges = VOLUNTEER_BADGES.filter((b) => totals.badges.includes(b.code));
  return (
    <Card
      size="small"
      title={t('volunteers.hoursCard.title')}
      className="cc-vol-card"
      data-testid="volunteer-hours"
    >
      <Statistic
        title={t('volunteers.field.totalHours')}
        value={toHours(totals.totalMinutes)}
        suffix={t('volunteers.hoursUnit')}
        data-testid="volunteer-hours-total"
        data-minutes={totals.totalMinutes}
      />
      <Space size={[4, 4]} wrap style={{ margin: '8px 0' }} data-testid="volunteer-badges">
        {badges.length === 0 ? (
          <Typography.Text type="secondary">{t('volunteers.hoursCard.noBadge')}</Typography.Text>
        ) : (
          badges.map((b) => (
            <Tag key={b.code} color="gold">
              {label(b)}
            </Tag>
          ))
        )}
      </Space>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Typography.Text strong>{t('volunteers.hoursCard.byYear')}</Typography.Text>
          <ul className="cc-vol-figure-list" data-testid="volunteer-hours-by-year">
            {totals.byYear.map((y) => (
              <li key={y.year}>
                <span>{y.year}</span>
                <Hours minutes={y.minutes} />
              </li>
            ))}
          </ul>
        </Col>
        <Col xs={24} sm={12}>
          <Typography.Text strong>{t('volunteers.hoursCard.byCategory')}</Typography.Text>
          <ul className="cc-vol-figure-list" data-testid="volunteer-hours-by-category">
            {totals.byCategory.map((c) => (
              <li key={c.category}>
                <span>{label(categoryLabel(c.category))}</span>
                <Hours minutes={c.minutes} />
              </li>
            ))}
          </ul>
        </Col>
      </Row>
    </Card>
  );
}

/** The ledger: every credit and correction, newest first, of a year or of all time. */
export function HoursLedgerCard({ volunteerId }: { volunteerId: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const years = recentYears(useNow(3_600_000));
  const [year, setYear] = useState<number | undefined>();
  const list = useCursorList(
    async (cursor, signal) => {
      const page = await getVolunteerHours(volunteerId, { year, cursor }, signal);
      return { items: page.entries, nextCursor: page.nextCursor };
    },
    [volunteerId, year],
    (e) => e.id,
  );
  return (
    <Card
      size="small"
      title={t('volunteers.ledger.title')}
      className="cc-vol-card"
      extra={
        <Select<number | undefined>
          allowClear
          value={year}
          onChange={setYear}
          placeholder={t('volunteers.ledger.allYears')}
          style={{ width: 120 }}
          options={years.map((y) => ({ value: y, label: String(y) }))}
          data-testid="ledger-year"
        />
      }
    >
      {list.error && !list.data ? (
        <Empty description={t('error.loadFailed')} />
      ) : (
        <Table<VolunteerHoursEntry>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={list.items}
          pagination={false}
          scroll={{ x: 760 }}
          locale={{ emptyText: t('volunteers.ledger.empty') }}
          onRow={() => ({ 'data-testid': 'ledger-row' }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('volunteers.ledger.at'),
              key: 'at',
              render: (_: unknown, e) => shanghaiDateTime(e.at),
            },
            {
              title: t('volunteers.ledger.kind'),
              key: 'kind',
              render: (_: unknown, e) =>
                e.kind === 'credit' ? (
                  <Tag color="green">{t('volunteers.ledger.credit')}</Tag>
                ) : (
                  <Tag color="orange">{t('volunteers.ledger.correction')}</Tag>
                ),
            },
            {
              title: t('volunteers.field.category'),
              key: 'category',
              render: (_: unknown, e) => label(categoryLabel(e.category)),
            },
            { title: t('volunteers.ledger.what'), dataIndex: 'title' },
            {
              title: t('volunteers.ledger.when'),
              key: 'span',
              render: (_: unknown, e) => timeSpan(e.from, e.to),
            },
            {
              title: t('volunteers.ledger.minutes'),
              key: 'minutes',
              align: 'right',
              render: (_: unknown, e) => (e.minutes > 0 ? `+${e.minutes}` : String(e.minutes)),
            },
            {
              title: t('volunteers.ledger.note'),
              dataIndex: 'note',
              render: (note: string | null) => note ?? '',
            },
          ]}
        />
      )}
      <MoreButton list={list} text={t('volunteers.loadMore')} />
    </Card>
  );
}
