import type { Area, NearbyCase } from '@cc/contracts';
import { useMemo } from 'react';
import { areasApi, useRequest } from '../../lib/api';
import type { ScopeRoot } from '../../lib/session';
import type { LatLng } from './case-map';
import { findNearby } from './cases-api';
import { useDebounced } from './use-debounced';

/** The street an area lies in (the map shows the street's committees), or the area itself. */
function streetOf(area: Area, chain: readonly Area[]): Area {
  return [...chain, area].find((a) => a.level === 'street') ?? area;
}

/**
 * Where a report is: the point's area and the areas above it, and the street the map shows —
 * the point's street, or, with no point yet, the street of the area picked by hand or of the
 * person's own first area, to tap on.
 */
export function useReportPlace(
  point: LatLng | undefined,
  manualArea: string | undefined,
  roots: readonly ScopeRoot[],
) {
  // a point being dragged is looked up once it rests
  const settledPoint = useDebounced(point, 400);

  const resolved = useRequest(
    (signal) =>
      settledPoint
        ? areasApi.resolvePoint(settledPoint.lat, settledPoint.lng, signal)
        : Promise.resolve(undefined),
    [settledPoint?.lat, settledPoint?.lng],
    !!settledPoint,
  );
  const homeCode = manualArea ?? roots[0]?.code;
  const home = useRequest(
    (signal) => (homeCode ? areasApi.getArea(homeCode, signal) : Promise.resolve(undefined)),
    [homeCode],
    !point && !!homeCode,
  );
  const mapArea = point
    ? resolved.data
      ? streetOf(resolved.data.area, resolved.data.chain)
      : undefined
    : home.data
      ? streetOf(home.data.area, home.data.chain)
      : undefined;
  // the point's areas, the city left out
  const chain = resolved.data
    ? [...resolved.data.chain, resolved.data.area].filter((a) => a.level !== 'city')
    : [];
  const markers = useMemo(
    () => (point ? [{ id: 'here', lat: point.lat, lng: point.lng, color: '#1456f0' }] : []),
    [point],
  );

  return { settledPoint, mapArea, chain, chainError: resolved.error, markers };
}

/** Similar open cases near the point, offered before anything is filed. */
export function useNearbyCases(scenarioCode: string | undefined, point: LatLng | undefined) {
  const nearby = useRequest(
    (signal) =>
      scenarioCode && point
        ? findNearby({ scenarioCode, lat: point.lat, lng: point.lng }, signal)
        : Promise.resolve({ items: [] as NearbyCase[] }),
    [scenarioCode, point?.lat, point?.lng],
    !!scenarioCode && !!point,
  );
  const items = scenarioCode && point ? (nearby.data?.items ?? []) : [];
  /** The cases offered, as one value: a new set must be looked at again. */
  const key = items.map((item) => item.id).join(',');
  return { items, key };
}
