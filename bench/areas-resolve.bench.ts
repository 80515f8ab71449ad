/**
 * Point → area resolution on one core, over the whole Shanghai tree (6,509 committee cells):
 * the flatbush index against a brute-force scan of every polygon, in the same run.
 *   node --import tsx bench/areas-resolve.bench.ts [--points 1000000]
 */
import fs from 'node:fs';
import { SHANGHAI_AREAS } from '../apps/server/src/modules/areas/index.js';
import {
  AreaIndex,
  type AreaFile,
  type MultiPolygon,
} from '../apps/server/src/modules/areas/index.js';
import { arg, report } from './bench-util.js';

const N = Number(arg('points', '1000000'));
const file = JSON.parse(fs.readFileSync(SHANGHAI_AREAS, 'utf8')) as AreaFile;
const depth: Record<string, number> = { city: 0, district: 1, street: 2, committee: 3 };
const t0 = performance.now();
const index = new AreaIndex(
  file.areas.map((a) => ({
    code: a.code,
    depth: depth[a.level]!,
    boundary: a.boundary as MultiPolygon,
  })),
);
const buildMs = performance.now() - t0;

// points drawn uniformly from the city's bounding box (sea and neighbours included)
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pts = new Float64Array(N * 2);
for (let i = 0; i < N; i++) {
  pts[2 * i] = 120.85 + rand() * (122.0 - 120.85);
  pts[2 * i + 1] = 30.68 + rand() * (31.88 - 30.68);
}

function run(
  resolve: (lng: number, lat: number) => string | null,
  n: number,
): { perSec: number; hits: number } {
  let hits = 0;
  const start = performance.now();
  for (let i = 0; i < n; i++) if (resolve(pts[2 * i]!, pts[2 * i + 1]!)) hits++;
  return { perSec: (n / (performance.now() - start)) * 1000, hits };
}

run((x, y) => index.resolve(x, y), Math.min(N, 50_000)); // warm-up
const indexed = run((x, y) => index.resolve(x, y), N);
const scanN = Math.max(200, Math.floor(N / 500));
const scan = run((x, y) => index.resolveByScan(x, y), scanN);

report('areas-resolve', {
  areas: index.size,
  'index build ms': buildMs.toFixed(0),
  points: N,
  'inside the city': `${((indexed.hits / N) * 100).toFixed(1)} %`,
  'indexed points/s': Math.round(indexed.perSec),
  [`brute-force points/s (${scanN} points)`]: Math.round(scan.perSec),
  'index / brute force': `${(indexed.perSec / scan.perSec).toFixed(0)}×`,
});
