import {
  SERVICE_CATEGORY_LABELS,
  type ServiceCategory,
  type VolunteerHoursTotals,
} from '@cc/contracts';
import { Button, Empty, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { LoadError } from '../../components/load-error';
import { PageSpin } from '../../components/page-spin';
import { useRequest } from '../../lib/api';
import { useCursorList } from '../../lib/use-cursor-list';
import { BackLink } from './back-link';
import { BadgeTags } from './badge-tags';
import { CertificateCard } from './certificate-card';
import { HoursLedger } from './hours-ledger';
import { getMyHours, getMyVolunteer } from './volunteer-app-api';
import { hoursText, labelText } from './volunteer-format';
import './volunteer-app.css';

/** My confirmed hours in all, by year and by kind of service, and my badges. */
function TotalsCard({ totals }: { totals: VolunteerHoursTotals }) {
  const { t, i18n } = useTranslation();
  const line = (label: string, minutes: number, key: string) => (
    <div key={key} style={{ display: 'flex', justifyContent: 'space-between' }}>
      <span>{label}</span>
      <span>{hoursText(minutes, t)}</span>
    </div>
  );
  return (
    <div className="cc-vol-card" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      <span className="cc-vol-muted">{t('volunteerApp.home.totalLabel')}</span>
      <div className="cc-vol-total" data-testid="my-hours-total" data-minutes={totals.totalMinutes}>
        {hoursText(totals.totalMinutes, t)}
      </div>
      <BadgeTags badges={totals.badges} />
      {totals.byYear.length > 0 && (
        <div data-testid="hours-by-year">
          <Typography.Text strong>{t('volunteerApp.hours.byYear')}</Typography.Text>
          {totals.byYear.map((y) =>
            line(t('volunteerApp.hours.year', { year: y.year }), y.minutes, String(y.year)),
          )}
        </div>
      )}
      {totals.byCategory.length > 0 && (
        <div data-testid="hours-by-category">
          <Typography.Text strong>{t('volunteerApp.hours.byCategory')}</Typography.Text>
          {totals.byCategory.map((c) =>
            line(
              labelText(
                SERVICE_CATEGORY_LABELS[c.category as ServiceCategory],
                i18n.language,
                c.category,
              ),
              c.minutes,
              c.category,
            ),
          )}
        </div>
      )}
    </div>
  );
}

/**
 * 服务时长 (/r/volunteer/hours): my confirmed hours by year and kind, my badges, the ledger
 * (a year at a time, or all) and 开具证明.
 */
export function VolunteerHoursPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [year, setYear] = useState(0);
  const profile = useRequest((signal) => getMyVolunteer(signal), []);
  const ledger = useCursorList(
    (cursor, signal) => getMyHours({ year: year || undefined, cursor }, signal),
    [year],
    (e) => e.id,
  );
  if (profile.error) return <LoadError error={profile.error} onRetry={profile.reload} />;
  if (profile.data === undefined) return <PageSpin />;
  const back = <BackLink to="/r/volunteer" label={t('volunteerApp.backHome')} />;
  if (profile.data === null)
    return (
      <div className="cc-vol-page">
        {back}
        <Empty description={t('volunteerApp.hours.notVolunteer')}>
          <Button type="primary" onClick={() => void navigate('/r/volunteer/join')}>
            {t('volunteerApp.home.join')}
          </Button>
        </Empty>
      </div>
    );
  const totals = profile.data.hours;
  const years = totals.byYear.map((y) => y.year).sort((a, b) => b - a);
  return (
    <div className="cc-vol-page" data-testid="volunteer-hours-page">
      {back}
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('volunteerApp.hours.title')}
      </Typography.Title>
      <TotalsCard totals={totals} />
      <CertificateCard years={years} />
      <div className="cc-vol-card">
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {t('volunteerApp.hours.ledger')}
        </Typography.Title>
        {years.length > 0 && (
          <Segmented<number>
            block
            value={year}
            onChange={setYear}
            options={[
              { value: 0, label: t('volunteerApp.hours.allYears') },
              ...years.slice(0, 3).map((y) => ({ value: y, label: String(y) })),
            ]}
            style={{ marginBottom: 8 }}
          />
        )}
        {ledger.error && ledger.items.length === 0 ? (
          <LoadError error={ledger.error} onRetry={ledger.reload} isCompact />
        ) : !ledger.data ? (
          <PageSpin />
        ) : (
          <HoursLedger entries={ledger.items} />
        )}
        {ledger.hasMore && (
          <Button block onClick={ledger.loadMore} loading={ledger.isLoading}>
            {t('volunteerApp.loadMore')}
          </Button>
        )}
      </div>
    </div>
  );
}
