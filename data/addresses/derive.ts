/**
 * Derives data/addresses/nanjing-east-road.csv: door numbers (门牌) along the real roads of
 * 南京东路街道 (黄浦区), for the demo city's address search.
 *
 *   node --import tsx data/addresses/derive.ts
 *
 * No survey and no network: the roads are the street's real ones, in their real order (north
 * to south, west to east), numbered the Shanghai way (east–west roads from the east end,
 * north–south roads from the south end; odd numbers on one side, even on the other), and each
 * number is placed by interpolation along a straight road laid inside the street's area outline
 * from data/areas/shanghai.json, itself approximate. Positions are APPROXIMATE (PROVENANCE.md).
 * Deterministic: a rerun writes the same bytes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const STREET = '310101002000';

type Pt = [number, number];

const areas = JSON.parse(readFileSync(join(here, '../areas/shanghai.json'), 'utf8')) as {
  areas: { code: string; boundary?: number[][][][] }[];
};
const outline = areas.areas.find((a) => a.code === STREET)!.boundary![0]![0]! as Pt[];

/** Ray casting: is the point inside the outline's ring? */
function inside([x, y]: Pt, ring: Pt[]): boolean {
  let hit = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

// The outline is a four-sided shape: its westmost, southmost, eastmost and northmost points.
const pick = (f: (p: Pt) => number) => outline.reduce((a, b) => (f(b) < f(a) ? b : a));
const W = pick((p) => p[0]);
const S = pick((p) => p[1]);
const E = pick((p) => -p[0]);
const N = pick((p) => -p[1]);

/**
 * The street's frame: u runs west → east (西藏中路 → the Bund), v south → north (延安东路 →
 * 北京东路); (u, v) in [0, 1]² is mapped bilinearly onto the four corners, so it stays inside.
 */
function place(u: number, v: number): Pt {
  const c00 = S; // south-west of the frame
  const c10 = E; // south-east
  const c01 = W; // north-west
  const c11 = N; // north-east
  const lerp = (k: 0 | 1) =>
    (1 - u) * (1 - v) * c00[k] + u * (1 - v) * c10[k] + (1 - u) * v * c01[k] + u * v * c11[k];
  return [lerp(0), lerp(1)];
}

/** East–west roads, north to south: where they run (v), their numbers (1 at the east end). */
const EAST_WEST: [name: string, v: number, last: number][] = [
  ['北京东路', 0.93, 850],
  ['宁波路', 0.82, 600],
  ['天津路', 0.72, 500],
  ['南京东路', 0.6, 830],
  ['九江路', 0.48, 800],
  ['汉口路', 0.37, 750],
  ['福州路', 0.25, 700],
  ['广东路', 0.1, 650],
];

/** North–south roads, west to east: where they run (u), their stretch (v), their last number. */
const NORTH_SOUTH: [name: string, u: number, from: number, to: number, last: number][] = [
  ['西藏中路', 0.02, 0.02, 0.98, 400],
  ['浙江中路', 0.1, 0.02, 0.98, 500],
  ['湖北路', 0.17, 0.45, 0.85, 200],
  ['广西北路', 0.24, 0.3, 0.98, 300],
  ['贵州路', 0.31, 0.55, 0.98, 280],
  ['云南中路', 0.38, 0.02, 0.62, 360],
  ['福建中路', 0.47, 0.02, 0.98, 460],
  ['山西南路', 0.56, 0.02, 0.98, 300],
  ['山东中路', 0.64, 0.02, 0.98, 320],
  ['河南中路', 0.73, 0.02, 0.98, 600],
  ['江西中路', 0.82, 0.02, 0.98, 480],
  ['四川中路', 0.9, 0.02, 0.98, 660],
];

/** Half a road's width in the frame: odd numbers on one side, even on the other. */
const SIDE = 0.004;

const rows: string[] = ['address,lng,lat,area_code'];
let dropped = 0;
const emit = (address: string, [lng, lat]: Pt) => {
  if (!inside([lng, lat], outline)) {
    dropped++;
    return;
  }
  rows.push(`${address},${lng.toFixed(6)},${lat.toFixed(6)},`);
};

for (const [road, v, last] of EAST_WEST) {
  for (let n = 1; n <= last; n++) {
    const u = 0.98 - ((n - 1) / (last - 1)) * 0.96;
    emit(`${road}${n}号`, place(u, v + (n % 2 === 1 ? SIDE : -SIDE)));
  }
}
for (const [road, u, from, to, last] of NORTH_SOUTH) {
  for (let n = 1; n <= last; n++) {
    const v = from + ((n - 1) / (last - 1)) * (to - from);
    emit(`${road}${n}号`, place(u + (n % 2 === 1 ? SIDE : -SIDE), v));
  }
}

writeFileSync(join(here, 'nanjing-east-road.csv'), `${rows.join('\n')}\n`);
console.log(
  `nanjing-east-road.csv: ${rows.length - 1} addresses (${dropped} outside the outline left out)`,
);
