import { Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../lib/api';
import { PageSpin } from './page-spin';
import type { LngLatPoint, PinMapBoundary } from './pin-map';

// ECharts is large: the map loads only where a place is picked.
const PinMap = lazy(() => import('./pin-map'));

/**
 * A place picked on an outline (a block, an area): the map once `boundary` is there, a spinner
 * until then; when given, the outline's load `error` in the server's words instead.
 */
export function OutlinePinMap({
  boundary,
  error,
  value,
  onChange,
  height,
  testId,
}: {
  boundary: PinMapBoundary | undefined;
  error?: unknown;
  value: LngLatPoint | null;
  onChange?: (point: LngLatPoint) => void;
  height: number;
  testId: string;
}) {
  const { t } = useTranslation();
  if (error) return <Typography.Text type="danger">{describeError(error, t)}</Typography.Text>;
  if (!boundary) return <PageSpin />;
  return (
    <Suspense fallback={<PageSpin />}>
      <PinMap
        boundary={boundary}
        value={value}
        onChange={onChange}
        height={height}
        testId={testId}
      />
    </Suspense>
  );
}
