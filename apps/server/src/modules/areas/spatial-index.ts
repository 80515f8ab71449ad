import Flatbush from 'flatbush';

/** GeoJSON MultiPolygon coordinates: polygons → rings → [lng, lat]. */
export type MultiPolygon = number[][][][];

export interface IndexedArea {
  code: string;
  depth: number;
  boundary: MultiPolygon;
}

/** Even-odd ray casting over every ring, so holes and multi-part areas come out right. */
export function pointInMultiPolygon(lng: number, lat: number, mp: MultiPolygon): boolean {
  let inside = false;
  for (const polygon of mp) {
    for (const ring of polygon) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i] as [number, number];
        const [xj, yj] = ring[j] as [number, number];
        if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) {
          inside = !inside;
        }
      }
    }
  }
  return inside;
}

export function bboxOf(mp: MultiPolygon): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const polygon of mp) {
    for (const [x, y] of polygon[0] ?? []) {
      if (x! < minX) minX = x!;
      if (y! < minY) minY = y!;
      if (x! > maxX) maxX = x!;
      if (y! > maxY) maxY = y!;
    }
  }
  return [minX, minY, maxX, maxY];
}

/**
 * Point → deepest area containing it. A packed R-tree (flatbush) over the areas'
 * bounding boxes picks the few candidates; the deepest candidate whose polygon
 * contains the point wins.
 */
export class AreaIndex {
  private readonly areas: IndexedArea[];
  private readonly tree: Flatbush | null;

  constructor(areas: IndexedArea[]) {
    // deepest first, so the first polygon hit in candidate order is the answer
    this.areas = [...areas].sort((a, b) => b.depth - a.depth);
    if (this.areas.length === 0) {
      this.tree = null;
      return;
    }
    this.tree = new Flatbush(this.areas.length);
    for (const a of this.areas) this.tree.add(...bboxOf(a.boundary));
    this.tree.finish();
  }

  get size(): number {
    return this.areas.length;
  }

  resolve(lng: number, lat: number): string | null {
    if (!this.tree) return null;
    const hits = this.tree.search(lng, lat, lng, lat);
    // flatbush returns insertion indices; lower index = deeper area
    hits.sort((a, b) => a - b);
    for (const i of hits) {
      const a = this.areas[i]!;
      if (pointInMultiPolygon(lng, lat, a.boundary)) return a.code;
    }
    return null;
  }

  /** The same answer without the index: the baseline the benchmark compares against. */
  resolveByScan(lng: number, lat: number): string | null {
    for (const a of this.areas) {
      if (pointInMultiPolygon(lng, lat, a.boundary)) return a.code;
    }
    return null;
  }
}
