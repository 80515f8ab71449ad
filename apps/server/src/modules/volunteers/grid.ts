import { boxAround } from '../../platform/geo.js';

/**
 * The 0.01° grid (about 1.1 km north–south, 0.95 km east–west at Shanghai) that "volunteers near
 * this point" reads: a volunteer is filed under the square of their usual position, and a query
 * reads the squares its circle touches. One definition for the writer, the query and the bench.
 */
const STEP = 100; // squares per degree

export function gridCell(lat: number, lng: number): number {
  return Math.floor((lat + 90) * STEP) * 100_000 + Math.floor((lng + 180) * STEP);
}

/** Every square the circle of `radiusM` metres around (lat, lng) touches. */
export function cellsWithin(lat: number, lng: number, radiusM: number): number[] {
  const box = boxAround(lat, lng, radiusM);
  const r0 = Math.floor((box.minLat + 90) * STEP);
  const r1 = Math.floor((box.maxLat + 90) * STEP);
  const c0 = Math.floor((box.minLng + 180) * STEP);
  const c1 = Math.floor((box.maxLng + 180) * STEP);
  const out: number[] = [];
  for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) out.push(r * 100_000 + c);
  return out;
}
