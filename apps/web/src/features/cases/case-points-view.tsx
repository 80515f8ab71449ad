import { CASE_STATUSES, type CaseSummary, type Taxonomy } from '@cc/contracts';
import { Skeleton, Space, Typography } from 'antd';
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { caseScenarioName, STATUS_COLORS } from './case-format';

const CaseMap = lazy(() => import('./case-map'));

interface Props {
  /** the area whose boundaries are drawn */
  areaCode: string;
  items: readonly CaseSummary[];
  /** the cases the filters find, of which `items` are the first */
  total: number | undefined;
  limit: number;
  taxonomy: Taxonomy | undefined;
  isPhone: boolean;
}

/** 工单中心 as a map: the cases' points in their status colours, a legend, and how many. */
export function CasePointsView({ areaCode, items, total, limit, taxonomy, isPhone }: Props) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const markers = useMemo(
    () =>
      items.flatMap((c) =>
        c.lat !== null && c.lng !== null
          ? [
              {
                id: c.id,
                lat: c.lat,
                lng: c.lng,
                color: STATUS_COLORS[c.status],
                label: `${c.number} · ${caseScenarioName(c, taxonomy, i18n.language)} · ${t(`cases.status.${c.status}`)}`,
              },
            ]
          : [],
      ),
    [items, taxonomy, i18n.language, t],
  );

  return (
    <>
      <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 480 }} />}>
        <CaseMap
          areaCode={areaCode}
          markers={markers}
          onMarkerClick={(caseId) => void navigate(`/cases/${encodeURIComponent(caseId)}`)}
          isRoamable
          height={isPhone ? 360 : 520}
          testId="cases-map"
        />
      </Suspense>
      <Space wrap size={[12, 4]} style={{ marginTop: 8 }} data-testid="cases-map-legend">
        {CASE_STATUSES.map((status) => (
          <span key={status} style={{ fontSize: 12 }}>
            <span
              style={{
                display: 'inline-block',
                width: 10,
                height: 10,
                borderRadius: '50%',
                background: STATUS_COLORS[status],
                marginInlineEnd: 4,
              }}
            />
            {t(`cases.status.${status}`)}
          </span>
        ))}
      </Space>
      {total !== undefined && total > limit ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('cases.centre.mapLimit', { shown: limit, total })}
        </Typography.Paragraph>
      ) : null}
    </>
  );
}
