import fs from 'node:fs';
import path from 'node:path';
import {
  AREA_LEVELS,
  type AreaDetail,
  type AreaFeatureCollection,
  type AreaList,
  type ResolvedArea,
} from '@cc/contracts';
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { Kysely } from 'kysely';
import { REPO_ROOT } from '../../platform/config.js';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { normalizeAreaCode } from './area-code.js';
import * as repo from './areas.repo.js';
import { AreaIndex, bboxOf, type AreaBounds, type MultiPolygon } from './spatial-index.js';

/**
 * What point resolution needs, in memory: the spatial index and the areas it can return
 * (those with a boundary), so resolving a point never waits on the database.
 */
interface AreaCatalog {
  index: AreaIndex;
  byCode: Map<string, repo.AreaSummaryRow>;
}

// One catalog per database handle (tests run several apps in one process).
const catalogs = new WeakMap<Kysely<DB>, AreaCatalog>();

/** Rebuild the in-memory catalog from the database (at start and after an import). */
export async function refreshAreaIndex(db: Kysely<DB>): Promise<AreaIndex> {
  const rows = await repo.findAllBoundaries(db);
  const index = new AreaIndex(
    rows.map((r) => ({ code: r.code, depth: r.depth, boundary: r.boundary as MultiPolygon })),
  );
  catalogs.set(db, {
    index,
    byCode: new Map(rows.map(({ boundary: _b, ...r }) => [r.code, r])),
  });
  return index;
}

/** The area of a code in any of its forms, or a 404 that names the code. */
export async function requireArea(db: Kysely<DB>, rawCode: string): Promise<repo.AreaSummaryRow> {
  const code = normalizeAreaCode(rawCode);
  const area = await findAreaCached(db, code);
  if (!area) throw AppError.notFound(`No area with code ${code} / 没有编码为 ${code} 的区域`);
  return area;
}

export async function getAreaDetail(ctx: Ctx, rawCode: string): Promise<AreaDetail> {
  const area = await requireArea(ctx.db, rawCode);
  const [chain, childCounts] = await Promise.all([
    findChainCached(ctx.db, area),
    repo.countChildrenByLevel(ctx.db, area.code),
  ]);
  return {
    area: repo.toArea(area),
    chain: chain.map(repo.toArea),
    childCounts,
  };
}

export async function listChildAreas(ctx: Ctx, rawCode: string): Promise<AreaList> {
  const area = await requireArea(ctx.db, rawCode);
  return {
    items: (await repo.findChildren(ctx.db, area.code)).map(repo.toArea),
  };
}

/** The children's boundaries as GeoJSON, or the area's own when it has no mapped children. */
export async function getAreaBoundaries(ctx: Ctx, rawCode: string): Promise<AreaFeatureCollection> {
  const area = await requireArea(ctx.db, rawCode);
  let rows = await repo.findChildBoundaries(ctx.db, area.code);
  if (rows.length === 0) rows = await repo.findBoundaries(ctx.db, [area.code]);
  return {
    type: 'FeatureCollection',
    features: rows.map((r) => {
      const a = repo.toArea(r);
      return {
        type: 'Feature' as const,
        properties: {
          code: a.code,
          name: a.name,
          nameEn: a.nameEn,
          level: a.level,
          approximate: a.approximate,
          centre: a.centre,
        },
        geometry: {
          type: 'MultiPolygon' as const,
          coordinates: r.boundary as MultiPolygon,
        },
      };
    }),
  };
}

/** The deepest area containing the point, from the in-memory index (no database trip). */
export function resolveAreaCode(db: Kysely<DB>, lng: number, lat: number): string | null {
  return catalogs.get(db)?.index.resolve(lng, lat) ?? null;
}

export async function resolvePoint(ctx: Ctx, lat: number, lng: number): Promise<ResolvedArea> {
  const catalog = catalogs.get(ctx.db);
  const code = catalog?.index.resolve(lng, lat);
  if (!catalog || !code) {
    throw AppError.notFound(
      `The point (lat ${lat}, lng ${lng}) lies outside every area of this city / 该坐标不在本市范围内`,
    );
  }
  const area = catalog.byCode.get(code)!;
  const chain = await findChainCached(ctx.db, area);
  return { area: repo.toArea(area), chain: chain.map(repo.toArea) };
}

/**
 * The city's bounding box (around every boundary loaded: the root's), from memory; null before
 * the areas are loaded. For a query that must refuse a point far from the city.
 */
export function cityBounds(db: Kysely<DB>): AreaBounds | null {
  return catalogs.get(db)?.index.bounds ?? null;
}

/** An area by code: from the in-memory catalog when it is there, else from the database. */
export async function findAreaCached(
  db: Kysely<DB>,
  code: string,
): Promise<repo.AreaSummaryRow | undefined> {
  return catalogs.get(db)?.byCode.get(code) ?? repo.findArea(db, code);
}

/** Ancestors from the root down to the parent, from memory when they are all there. */
export async function findChainCached(
  db: Kysely<DB>,
  area: repo.AreaSummaryRow,
): Promise<repo.AreaSummaryRow[]> {
  const catalog = catalogs.get(db);
  const hits = area.path
    .split('/')
    .slice(0, -1)
    .map((c) => catalog?.byCode.get(c));
  if (hits.every((h) => h)) return hits as repo.AreaSummaryRow[];
  return repo.findChain(db, area.path);
}

// ---- import of an area file (the Shanghai file, or another city's) ----

const AreaFileEntry = Type.Object({
  code: Type.String({ pattern: '^(\\d{12}|\\d{12}-[A-Za-z0-9-]{1,40})$' }),
  parent: Type.Union([Type.String(), Type.Null()]),
  level: Type.Union(AREA_LEVELS.map((l) => Type.Literal(l))),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  nameEn: Type.Optional(Type.String({ maxLength: 100 })),
  approximate: Type.Optional(Type.Boolean()),
  centre: Type.Tuple([
    Type.Number({ minimum: -180, maximum: 180 }),
    Type.Number({ minimum: -90, maximum: 90 }),
  ]),
  boundary: Type.Optional(
    Type.Union([Type.Null(), Type.Array(Type.Array(Type.Array(Type.Array(Type.Number()))))]),
  ),
});
export type AreaFileEntry = Static<typeof AreaFileEntry>;
const AreaFile = Type.Object({
  city: Type.String(),
  source: Type.Optional(Type.String()),
  areas: Type.Array(AreaFileEntry, { minItems: 1 }),
});
export type AreaFile = Static<typeof AreaFile>;
const checkAreaFile = TypeCompiler.Compile(AreaFile);

/**
 * Load areas (parents before children) into the tree, all or nothing.
 * A parent must be in the file above its children, or already in the database.
 */
export async function importAreas(db: Kysely<DB>, file: unknown): Promise<{ loaded: number }> {
  if (!checkAreaFile.Check(file)) {
    const e = checkAreaFile.Errors(file).First()!;
    throw AppError.invalid(e.path || '/', 'schema', `area file ${e.path}: ${e.message}`);
  }
  const entries = file.areas;
  const parentCodes = [...new Set(entries.map((e) => e.parent).filter((p): p is string => !!p))];
  const known = await repo.findPaths(db, parentCodes);
  const rows: repo.NewAreaRow[] = [];
  for (const [i, e] of entries.entries()) {
    let path = e.code;
    let depth = 0;
    if (e.parent) {
      const parent = known.get(e.parent);
      if (!parent) {
        throw AppError.invalid(
          `/areas/${i}/parent`,
          'exists',
          `area ${e.code}: parent ${e.parent} is neither above it in the file nor in the database`,
        );
      }
      path = `${parent.path}/${e.code}`;
      depth = parent.depth + 1;
    }
    known.set(e.code, { path, depth });
    const bbox = e.boundary ? bboxOf(e.boundary) : null;
    rows.push({
      code: e.code,
      parent_code: e.parent,
      path,
      level: e.level,
      depth,
      name: e.name,
      name_en: e.nameEn ?? null,
      approximate: e.approximate ?? false,
      centre_lng: e.centre[0],
      centre_lat: e.centre[1],
      boundary: e.boundary ? JSON.stringify(e.boundary) : null,
      min_lng: bbox?.[0] ?? null,
      min_lat: bbox?.[1] ?? null,
      max_lng: bbox?.[2] ?? null,
      max_lat: bbox?.[3] ?? null,
    });
  }
  await db.transaction().execute((trx) => repo.upsertAreas(trx, rows));
  await refreshAreaIndex(db);
  return { loaded: rows.length };
}

/** The shipped area file: Shanghai's districts, streets and committees (data/areas/). */
export const SHANGHAI_AREAS = path.join(REPO_ROOT, 'data/areas/shanghai.json');

/** At start: an empty database gets the shipped city; otherwise the point index is built. */
export async function loadAreas(db: Kysely<DB>): Promise<void> {
  if ((await repo.countAreas(db)) === 0) {
    await importAreas(db, JSON.parse(fs.readFileSync(SHANGHAI_AREAS, 'utf8')));
  } else {
    await refreshAreaIndex(db);
  }
}

export { countAreas, findArea, findAreas, toArea } from './areas.repo.js';
