import type { Area } from '@cc/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { AreasTable } from './areas.tables.js';

export type AreaRow = Selectable<AreasTable>;
const AREA_COLUMNS = [
  'code',
  'parent_code',
  'path',
  'level',
  'depth',
  'name',
  'name_en',
  'approximate',
  'centre_lng',
  'centre_lat',
] as const;
export type AreaSummaryRow = Pick<AreaRow, (typeof AREA_COLUMNS)[number]>;

export function toArea(r: AreaSummaryRow): Area {
  return {
    code: r.code,
    name: r.name,
    nameEn: r.name_en,
    level: r.level as Area['level'],
    parentCode: r.parent_code,
    approximate: r.approximate,
    centre: [r.centre_lng, r.centre_lat],
  };
}

export function findArea(db: Kysely<DB>, code: string): Promise<AreaSummaryRow | undefined> {
  return db.selectFrom('areas').select(AREA_COLUMNS).where('code', '=', code).executeTakeFirst();
}

export function findAreas(db: Kysely<DB>, codes: string[]): Promise<AreaSummaryRow[]> {
  if (codes.length === 0) return Promise.resolve([]);
  return db.selectFrom('areas').select(AREA_COLUMNS).where('code', 'in', codes).execute();
}

/** Ancestors from the root down to the parent, read off the path in one query. */
export async function findChain(db: Kysely<DB>, path: string): Promise<AreaSummaryRow[]> {
  const codes = path.split('/').slice(0, -1);
  const rows = await findAreas(db, codes);
  return rows.sort((a, b) => a.depth - b.depth);
}

export function findChildren(db: Kysely<DB>, code: string): Promise<AreaSummaryRow[]> {
  return db
    .selectFrom('areas')
    .select(AREA_COLUMNS)
    .where('parent_code', '=', code)
    .orderBy('code')
    .execute();
}

export async function countChildrenByLevel(
  db: Kysely<DB>,
  code: string,
): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('areas')
    .select(['level', (eb) => eb.fn.countAll<number>().as('n')])
    .where('parent_code', '=', code)
    .groupBy('level')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.level, Number(r.n)]));
}

export function findBoundaries(db: Kysely<DB>, codes: string[]) {
  return db
    .selectFrom('areas')
    .select([...AREA_COLUMNS, 'boundary'])
    .where('code', 'in', codes)
    .where('boundary', 'is not', null)
    .orderBy('code')
    .execute();
}

export function findChildBoundaries(db: Kysely<DB>, code: string) {
  return db
    .selectFrom('areas')
    .select([...AREA_COLUMNS, 'boundary'])
    .where('parent_code', '=', code)
    .where('boundary', 'is not', null)
    .orderBy('code')
    .execute();
}

/** Every area with a boundary, for the in-memory spatial index. */
export function findAllBoundaries(db: Kysely<DB>) {
  return db
    .selectFrom('areas')
    .select([...AREA_COLUMNS, 'boundary'])
    .where('boundary', 'is not', null)
    .execute();
}

export async function countAreas(db: Kysely<DB>): Promise<number> {
  const r = await db
    .selectFrom('areas')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export interface NewAreaRow {
  code: string;
  parent_code: string | null;
  path: string;
  level: string;
  depth: number;
  name: string;
  name_en: string | null;
  approximate: boolean;
  centre_lng: number;
  centre_lat: number;
  boundary: string | null;
  min_lng: number | null;
  min_lat: number | null;
  max_lng: number | null;
  max_lat: number | null;
}

/** Insert or refresh areas; the tree position (parent, path) of an existing area is kept. */
export async function upsertAreas(db: Kysely<DB>, rows: NewAreaRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('areas')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          name_en: eb.ref('excluded.name_en'),
          approximate: eb.ref('excluded.approximate'),
          centre_lng: eb.ref('excluded.centre_lng'),
          centre_lat: eb.ref('excluded.centre_lat'),
          boundary: eb.ref('excluded.boundary'),
          min_lng: eb.ref('excluded.min_lng'),
          min_lat: eb.ref('excluded.min_lat'),
          max_lng: eb.ref('excluded.max_lng'),
          max_lat: eb.ref('excluded.max_lat'),
        })),
      )
      .execute();
  }
}

export async function findPaths(
  db: Kysely<DB>,
  codes: string[],
): Promise<Map<string, { path: string; depth: number }>> {
  const out = new Map<string, { path: string; depth: number }>();
  for (let i = 0; i < codes.length; i += 1000) {
    const rows = await db
      .selectFrom('areas')
      .select(['code', 'path', 'depth'])
      .where('code', 'in', codes.slice(i, i + 1000))
      .execute();
    for (const r of rows) out.set(r.code, { path: r.path, depth: r.depth });
  }
  return out;
}
