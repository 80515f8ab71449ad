import { SERVICE_CATEGORY_LABELS, type VolunteerHoursEntry } from '@cc/contracts';
import { Empty, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { hoursText, intervalText, labelText } from './volunteer-format';

/** One line of the ledger: what, when, how long; a correction marked and its note shown. */
function EntryLine({ entry }: { entry: VolunteerHoursEntry }) {
  const { t, i18n } = useTranslation();
  const sign = entry.minutes > 0 ? '+' : entry.minutes < 0 ? '−' : '';
  return (
    <div className="cc-vol-role" data-testid="hours-entry">
      <span className="cc-vol-row-main">
        <Typography.Text ellipsis>{entry.title}</Typography.Text>
        <span className="cc-vol-muted">
          {labelText(SERVICE_CATEGORY_LABELS[entry.category], i18n.language, entry.category)} ·{' '}
          {intervalText(entry.from, entry.to)}
        </span>
        {entry.note && <span className="cc-vol-muted">{entry.note}</span>}
      </span>
      {entry.kind === 'correction' && (
        <Tag color="orange">{t('volunteerApp.hours.correction')}</Tag>
      )}
      <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
        {sign}
        {hoursText(Math.abs(entry.minutes), t)}
      </Typography.Text>
    </div>
  );
}

/** The ledger, newest first (append-only: a correction is a line of its own). */
export function HoursLedger({ entries }: { entries: readonly VolunteerHoursEntry[] }) {
  const { t } = useTranslation();
  if (entries.length === 0) return <Empty description={t('volunteerApp.hours.empty')} />;
  return (
    <div>
      {entries.map((e) => (
        <EntryLine key={e.id} entry={e} />
      ))}
    </div>
  );
}
