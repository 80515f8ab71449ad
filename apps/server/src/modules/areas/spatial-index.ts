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

/** One polygon of a multi-polygon, flattened for the hot loop: its bbox and its rings. */
interface CompiledPart {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  /** [x0, y0, x1, y1, …] per ring, outer first. */
  rings: Float64Array[];
}

function compile(mp: MultiPolygon): CompiledPart[] {
  return mp.map((polygon) => {
    const [minX, minY, maxX, maxY] = bboxOf([polygon]);
    return { minX, minY, maxX, maxY, rings: polygon.map((ring) => Float64Array.from(ring.flat())) };
  });
}

/**
 * Even-odd test over the parts whose bbox holds the point. Skipping the others is safe:
 * a part that does not contain the point adds an even number of crossings.
 */
function inCompiled(x: number, y: number, parts: CompiledPart[]): boolean {
  let inside = false;
  for (const part of parts) {
    if (x < part.minX || x > part.maxX || y < part.minY || y > part.maxY) continue;
    for (const r of part.rings) {
      const n = r.length;
      for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
        const yi = r[i + 1]!;
        const yj = r[j + 1]!;
        if (yi > y !== yj > y) {
          const xi = r[i]!;
          if (x < ((r[j]! - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
        }
      }
    }
  }
  return inside;
}

/**
 * Point → deepest area containing it. A packed R-tree (flatbush) over the areas'
 * bounding boxes picks the few candidates; the deepest candidate whose polygon
 * contains the point wins.
 */
export interface AreaBounds {
  minLat: number;
  minLng: number;
  maxLat: number;
  maxLng: number;
}

export class AreaIndex {
  private readonly codes: string[];
  private readonly shapes: CompiledPart[][];
  private readonly tree: Flatbush | null;

  constructor(areas: IndexedArea[]) {
    // deepest first, so the first polygon hit in index order is the answer
    const sorted = [...areas].sort((a, b) => b.depth - a.depth);
    this.codes = sorted.map((a) => a.code);
    this.shapes = sorted.map((a) => compile(a.boundary));
    if (sorted.length === 0) {
      this.tree = null;
      return;
    }
    this.tree = new Flatbush(sorted.length);
    for (const a of sorted) this.tree.add(...bboxOf(a.boundary));
    this.tree.finish();
  }

  get size(): number {
    return this.codes.length;
  }

  /** The box around every boundary indexed (the city's), or null when there is none. */
  get bounds(): AreaBounds | null {
    const t = this.tree;
    return t ? { minLng: t.minX, minLat: t.minY, maxLng: t.maxX, maxLat: t.maxY } : null;
  }

  resolve(lng: number, lat: number): string | null {
    if (!this.tree) return null;
    const hits = this.tree.search(lng, lat, lng, lat);
    // flatbush returns insertion indices; a lower index is a deeper area
    hits.sort((a, b) => a - b);
    for (const i of hits) {
      if (inCompiled(lng, lat, this.shapes[i]!)) return this.codes[i]!;
    }
    return null;
  }

  /** The same answer without the R-tree: the baseline the benchmark compares against. */
  resolveByScan(lng: number, lat: number): string | null {
    for (let i = 0; i < this.shapes.length; i++) {
      if (inCompiled(lng, lat, this.shapes[i]!)) return this.codes[i]!;
    }
    return null;
  }
}
