/**
 * Plane geometry of a block's outline (decision 022): one ring of [lng, lat] points, as a
 * GeoJSON Polygon carries it. Pure functions, no database: is the ring closed, is it a simple
 * polygon (no edge crosses or touches another but its neighbours at their shared point), and
 * does a point lie inside it. Degrees are used as plane coordinates: a block is a few hundred
 * metres across, where the difference does not matter.
 */

export type Point = readonly [number, number];

const same = (a: Point, b: Point) => a[0] === b[0] && a[1] === b[1];

/** Does the ring end where it starts (and have a start at all)? */
export function isClosedRing(ring: readonly Point[]): boolean {
  return ring.length >= 2 && same(ring[0]!, ring[ring.length - 1]!);
}

/** The ring's vertices without the closing point and without a point repeated right after itself. */
export function ringVertices(ring: readonly Point[]): Point[] {
  const open = isClosedRing(ring) ? ring.slice(0, -1) : [...ring];
  const out: Point[] = [];
  for (const p of open) if (out.length === 0 || !same(out[out.length - 1]!, p)) out.push(p);
  while (out.length > 1 && same(out[0]!, out[out.length - 1]!)) out.pop();
  return out;
}

/** > 0 when a → b → c turns left, < 0 right, 0 when they lie on one line. */
function orient(a: Point, b: Point, c: Point): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

/** c, on the line through a and b, lies between them (ends included). */
function onSegment(a: Point, b: Point, c: Point): boolean {
  return (
    Math.min(a[0], b[0]) <= c[0] &&
    c[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= c[1] &&
    c[1] <= Math.max(a[1], b[1])
  );
}

/** Do the closed segments p1p2 and q1q2 share at least one point (crossing, touching, overlapping)? */
export function segmentsIntersect(p1: Point, p2: Point, q1: Point, q2: Point): boolean {
  const d1 = orient(q1, q2, p1);
  const d2 = orient(q1, q2, p2);
  const d3 = orient(p1, p2, q1);
  const d4 = orient(p1, p2, q2);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)))
    return true;
  return (
    (d1 === 0 && onSegment(q1, q2, p1)) ||
    (d2 === 0 && onSegment(q1, q2, p2)) ||
    (d3 === 0 && onSegment(p1, p2, q1)) ||
    (d4 === 0 && onSegment(p1, p2, q2))
  );
}

/** Twice the ring's signed area (positive counter-clockwise). */
export function signedArea2(vertices: readonly Point[]): number {
  let s = 0;
  for (let i = 0; i < vertices.length; i++) {
    const a = vertices[i]!;
    const b = vertices[(i + 1) % vertices.length]!;
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s;
}

/**
 * Is the closed ring a simple polygon: at least 3 distinct points, an area that is not zero,
 * no vertex used twice, no two edges that are not neighbours sharing a point, and no edge
 * folding back over its neighbour (a spike)? O(n²) over at most a few hundred points.
 */
export function isSimplePolygon(ring: readonly Point[]): boolean {
  if (!isClosedRing(ring)) return false;
  const v = ringVertices(ring);
  const n = v.length;
  if (n < 3) return false;
  if (new Set(v.map((p) => `${p[0]},${p[1]}`)).size !== n) return false;
  if (signedArea2(v) === 0) return false;
  const edge = (i: number): [Point, Point] => [v[i]!, v[(i + 1) % n]!];
  for (let i = 0; i < n; i++) {
    const [a, b] = edge(i);
    const [, c] = edge((i + 1) % n);
    // neighbours share b; they must not run back along each other
    if (orient(a, b, c) === 0 && (c[0] - b[0]) * (a[0] - b[0]) + (c[1] - b[1]) * (a[1] - b[1]) > 0)
      return false;
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // the last edge is the first one's neighbour
      const [p, q] = edge(j);
      if (segmentsIntersect(a, b, p, q)) return false;
    }
  }
  return true;
}

/** Is the point inside the ring (even-odd ray casting; a point on the edge may go either way)? */
export function pointInPolygon(lng: number, lat: number, ring: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The ring's bounding box. */
export function ringBox(ring: readonly Point[]): {
  minLng: number;
  maxLng: number;
  minLat: number;
  maxLat: number;
} {
  const lngs = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  return {
    minLng: Math.min(...lngs),
    maxLng: Math.max(...lngs),
    minLat: Math.min(...lats),
    maxLat: Math.max(...lats),
  };
}

/** The edges of a ring, the closing one included (a closed ring's zero-length last edge skipped). */
function ringEdges(ring: readonly Point[]): [Point, Point][] {
  const out: [Point, Point][] = [];
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % ring.length]!;
    if (!same(a, b)) out.push([a, b]);
  }
  return out;
}

/**
 * Does an edge of `ring` cross or touch an edge of any of `others` (e.g. the rings of a street's
 * boundary)? All vertices of a block inside a concave street do not keep its edges inside: an
 * edge may cut across the street's notch. Edges whose boxes do not meet are skipped.
 */
export function ringCrossesAny(
  ring: readonly Point[],
  others: readonly (readonly Point[])[],
): boolean {
  const mine = ringEdges(ring);
  if (mine.length === 0) return false;
  const box = ringBox(ring);
  for (const other of others)
    for (const [p, q] of ringEdges(other)) {
      if (
        Math.max(p[0], q[0]) < box.minLng ||
        Math.min(p[0], q[0]) > box.maxLng ||
        Math.max(p[1], q[1]) < box.minLat ||
        Math.min(p[1], q[1]) > box.maxLat
      )
        continue;
      for (const [a, b] of mine) if (segmentsIntersect(a, b, p, q)) return true;
    }
  return false;
}
