import type { ProposalPlace } from '@cc/contracts';
import { Button, Space, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { PageSpin } from '../../components/page-spin';
import type { PinMapBoundary } from '../../components/pin-map';
import { useRequest } from '../../lib/api';
import { getCommitteeOutline } from './proposals-api';

// ECharts is large: the map loads only where a place is picked or shown.
const PinMap = lazy(() => import('../../components/pin-map'));

/** The committee's outline, fetched once per committee. */
function useOutline(committeeCode: string | null) {
  return useRequest(
    (signal) => getCommitteeOutline(committeeCode!, signal),
    [committeeCode],
    !!committeeCode,
  );
}

/** Pick (or clear) a proposal's place on the committee's map. */
export function PlacePicker({
  committeeCode,
  value,
  onChange,
}: {
  committeeCode: string | null;
  value: ProposalPlace | null;
  onChange: (place: ProposalPlace | null) => void;
}) {
  const { t } = useTranslation();
  const outline = useOutline(committeeCode);
  if (!committeeCode || outline.error) return null;
  if (!outline.data) return <PageSpin />;
  return (
    <div>
      <Suspense fallback={<PageSpin />}>
        <PinMap
          boundary={outline.data as PinMapBoundary}
          value={value}
          onChange={onChange}
          height={260}
          testId="proposal-place-map"
        />
      </Suspense>
      <Space style={{ marginTop: 4 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {value ? t('proposals.form.placePicked') : t('proposals.form.placeHelp')}
        </Typography.Text>
        {value && (
          <Button
            size="small"
            type="link"
            onClick={() => onChange(null)}
            data-testid="proposal-place-clear"
          >
            {t('proposals.form.placeClear')}
          </Button>
        )}
      </Space>
    </div>
  );
}

/** A proposal's place, read-only on the committee's map. */
export function PlaceView({
  committeeCode,
  place,
}: {
  committeeCode: string;
  place: ProposalPlace;
}) {
  const outline = useOutline(committeeCode);
  if (outline.error) return null;
  if (!outline.data) return <PageSpin />;
  return (
    <Suspense fallback={<PageSpin />}>
      <PinMap
        boundary={outline.data as PinMapBoundary}
        value={place}
        height={220}
        testId="proposal-place-view"
      />
    </Suspense>
  );
}
