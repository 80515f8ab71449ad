import type { BlockBoundary } from '@cc/contracts';

/** A point of a block's outline as the map gives it (WGS-84 degrees). */
export interface ShapePoint {
  lng: number;
  lat: number;
}

const same = (a: ShapePoint, b: ShapePoint) => a.lng === b.lng && a.lat === b.lat;

/** The points drawn → the contract's polygon: one ring, closed (the first point repeated). */
export function toBoundary(points: readonly ShapePoint[]): BlockBoundary {
  const ring = points.map((p) => [p.lng, p.lat] as [number, number]);
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) ring.push([...first]);
  return { type: 'Polygon', coordinates: [ring] };
}

/** A stored polygon → its points, without the closing one (to draw it again, or show it). */
export function fromBoundary(boundary: BlockBoundary | null | undefined): ShapePoint[] {
  const ring = boundary?.coordinates[0] ?? [];
  const points = ring.map(([lng, lat]) => ({ lng, lat }));
  const first = points[0];
  const last = points[points.length - 1];
  if (points.length > 1 && first && last && same(first, last)) points.pop();
  return points;
}

/** The side of c from the line a→b: > 0 left, < 0 right, 0 on it. */
const cross = (a: ShapePoint, b: ShapePoint, c: ShapePoint) =>
  (b.lng - a.lng) * (c.lat - a.lat) - (b.lat - a.lat) * (c.lng - a.lng);

const onSegment = (a: ShapePoint, b: ShapePoint, c: ShapePoint) =>
  Math.min(a.lng, b.lng) <= c.lng &&
  c.lng <= Math.max(a.lng, b.lng) &&
  Math.min(a.lat, b.lat) <= c.lat &&
  c.lat <= Math.max(a.lat, b.lat);

/** Do the segments p1–p2 and q1–q2 meet (touching counts)? */
function segmentsMeet(p1: ShapePoint, p2: ShapePoint, q1: ShapePoint, q2: ShapePoint): boolean {
  const d1 = cross(q1, q2, p1);
  const d2 = cross(q1, q2, p2);
  const d3 = cross(p1, p2, q1);
  const d4 = cross(p1, p2, q2);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
    return true;
  }
  return (
    (d1 === 0 && onSegment(q1, q2, p1)) ||
    (d2 === 0 && onSegment(q1, q2, p2)) ||
    (d3 === 0 && onSegment(p1, p2, q1)) ||
    (d4 === 0 && onSegment(p1, p2, q2))
  );
}

export type ShapeProblem = 'tooFew' | 'crossing' | null;

/**
 * What the server would refuse in the outline, said before sending it: fewer than three
 * distinct points, or edges that cross or touch (not a simple polygon). Null: it is fine. The
 * server still checks it, and that it lies inside the street.
 */
export function shapeProblem(points: readonly ShapePoint[]): ShapeProblem {
  const distinct = points.filter((p, i) => points.findIndex((q) => same(p, q)) === i);
  if (distinct.length < 3 || distinct.length !== points.length) {
    return distinct.length < 3 ? 'tooFew' : 'crossing';
  }
  // all on one line: no area
  if (points.every((p) => cross(points[0]!, points[1]!, p) === 0)) return 'tooFew';
  const n = points.length;
  const edge = (i: number) => [points[i]!, points[(i + 1) % n]!] as const;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      // neighbouring edges share a point by design
      if (j === i + 1 || (i === 0 && j === n - 1)) continue;
      const [a, b] = edge(i);
      const [c, d] = edge(j);
      if (segmentsMeet(a, b, c, d)) return 'crossing';
    }
  }
  return null;
}
