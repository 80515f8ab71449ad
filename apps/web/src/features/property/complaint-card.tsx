import { Card, Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useRequest } from '../../lib/api';
import { useMe } from '../../lib/session';
import { getComplaintRates } from './property-api';
import { canReadProperty } from './property-roles';

const TOP = 5;

/** The figures, once the reader may read them (staff of the area; others see no card). */
function Figures({ areaCode }: { areaCode: string }) {
  const { t } = useTranslation();
  const rates = useRequest((signal) => getComplaintRates({ area: areaCode }, signal), [areaCode]);
  if (rates.error || !rates.data) return null;
  const r = rates.data;
  const top = [...r.byCompound]
    .filter((c) => c.per1000 !== null)
    .sort((a, b) => (b.per1000 ?? 0) - (a.per1000 ?? 0))
    .slice(0, TOP);
  const max = Math.max(1, ...top.map((c) => c.per1000 ?? 0));
  return (
    <Card
      size="small"
      className="cc-reg-card"
      title={t('property.complaintCard')}
      extra={<Link to="/property">{t('property.nav')}</Link>}
      data-testid="property-complaint-card"
    >
      <Typography.Paragraph data-testid="property-complaint-total" style={{ marginBottom: 8 }}>
        {t('property.complaintTotal', {
          value: r.total.per1000 ?? t('property.none'),
          cases: r.total.cases,
          households: r.total.households,
        })}
      </Typography.Paragraph>
      {top.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('property.noFigures')} />
      ) : (
        <ol style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {top.map((c) => (
            <li
              key={c.compoundCode}
              style={{ display: 'flex', gap: 8, alignItems: 'center', marginBottom: 4 }}
            >
              <span
                style={{
                  width: 120,
                  overflow: 'hidden',
                  textOverflow: 'ellipsis',
                  whiteSpace: 'nowrap',
                }}
              >
                {c.compoundName}
              </span>
              <span style={{ flex: 1, background: 'rgba(0,0,0,0.06)', height: 8, borderRadius: 4 }}>
                <span
                  style={{
                    display: 'block',
                    height: 8,
                    borderRadius: 4,
                    background: '#fa8c16',
                    width: `${((c.per1000 ?? 0) / max) * 100}%`,
                  }}
                />
              </span>
              <strong style={{ width: 48, textAlign: 'right' }}>{c.per1000}</strong>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

/**
 * A small card of complaints about property per 1,000 households in an area (the one screen and
 * the dashboards): the area's figure and its compounds with the most. Only for those who read
 * property figures (committee staff, the street's, district's and city's operators).
 */
export function PropertyComplaintsCard({ areaCode }: { areaCode: string }) {
  const me = useMe();
  if (!canReadProperty(me)) return null;
  return <Figures areaCode={areaCode} />;
}
