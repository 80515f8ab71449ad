import { Card, Col, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useRequest } from '../../lib/api';
import { useMe } from '../../lib/session';
import { canManageVolunteers } from './volunteer-roles';
import { toHours } from './volunteer-rules';
import { getVolunteerFigures } from './volunteers-api';

/** The four figures, once the reader may read them (staff of the area; others see no card). */
function Figures({ areaCode, className }: { areaCode: string; className?: string }) {
  const { t } = useTranslation();
  const figures = useRequest((signal) => getVolunteerFigures(areaCode, signal), [areaCode]);
  const f = figures.data?.area.code === areaCode ? figures.data : undefined;
  if (figures.error || !f) return null;
  const items = [
    { testId: 'figure-volunteers', title: t('volunteers.figures.volunteers'), value: f.volunteers },
    { testId: 'figure-active', title: t('volunteers.figures.active'), value: f.activeVolunteers },
    { testId: 'figure-on-duty', title: t('volunteers.figures.onDuty'), value: f.onDutyNow },
    {
      testId: 'figure-hours-per-1000',
      title: t('volunteers.figures.hoursPer1000', { year: f.year }),
      value: f.hoursPer1000Residents ?? t('common.none'),
    },
  ];
  return (
    <Card
      size="small"
      className={className}
      title={t('volunteers.figures.title')}
      extra={
        <Link to={`/volunteers?area=${encodeURIComponent(areaCode)}`}>
          {t('volunteers.nav.list')}
        </Link>
      }
      data-testid="volunteer-figures"
    >
      <Row gutter={[12, 12]}>
        {items.map((item) => (
          <Col key={item.testId} xs={12} md={6}>
            <Statistic
              title={item.title}
              value={item.value}
              formatter={(value) => (
                <span data-testid={item.testId} data-value={String(value)}>
                  {value}
                </span>
              )}
            />
          </Col>
        ))}
      </Row>
      <div style={{ marginTop: 8, color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>
        {t('volunteers.figures.footnote', {
          hours: toHours(f.minutesThisYear),
          residents: f.residents.toLocaleString(),
        })}
      </div>
    </Card>
  );
}

/**
 * 志愿服务 figures of an area (the committee's one screen, the volunteers page): volunteers,
 * active in the last 365 days, on duty now, and this year's hours per 1,000 residents.
 */
export function VolunteerFiguresCard({
  areaCode,
  className,
}: {
  areaCode: string;
  className?: string;
}) {
  const me = useMe();
  if (!canManageVolunteers(me)) return null;
  return <Figures areaCode={areaCode} className={className} />;
}
