import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

/** What another module may know of a building: its name and where it stands (no people). */
export interface BuildingRef {
  id: string;
  name: string;
  committeeCode: string;
  compoundCode: string;
  /** the compound's path in the area tree */
  areaPath: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Buildings by id (unknown or malformed ids are left out): one query however many. */
export async function buildingRefs(
  db: Kysely<DB>,
  ids: readonly string[],
): Promise<Map<string, BuildingRef>> {
  const wanted = [...new Set(ids)].filter((id) => UUID.test(id));
  if (wanted.length === 0) return new Map();
  const rows = await db
    .selectFrom('buildings')
    .select(['id', 'name', 'committee_code', 'compound_code', 'area_path'])
    .where('id', 'in', wanted)
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        name: r.name,
        committeeCode: r.committee_code,
        compoundCode: r.compound_code,
        areaPath: r.area_path,
      },
    ]),
  );
}

/** A building's place in a committee's natural order: compound, then 2号楼 before 10号楼, then id. */
export type BuildingPosition = [compound: string, length: number, name: string, id: string];

/**
 * A page of committees' buildings in natural order after `after` (keyset; the committee index
 * gives each committee's few hundred buildings, sorted in the database), with their positions.
 */
export async function buildingsPage(
  db: Kysely<DB>,
  committeeCodes: readonly string[],
  after: BuildingPosition | null,
  limit: number,
): Promise<{ ref: BuildingRef; at: BuildingPosition }[]> {
  if (committeeCodes.length === 0) return [];
  let q = db
    .selectFrom('buildings')
    .select([
      'id',
      'name',
      'committee_code',
      'compound_code',
      'area_path',
      sql<number>`char_length(name)`.as('name_length'),
    ])
    .where('committee_code', 'in', [...committeeCodes])
    .orderBy('compound_code')
    .orderBy(sql`char_length(name)`)
    .orderBy('name')
    .orderBy('id')
    .limit(limit);
  if (after)
    q = q.where(
      sql<boolean>`(compound_code, char_length(name), name, id) > (${after[0]}, ${after[1]}::int, ${after[2]}, ${after[3]}::uuid)`,
    );
  const rows = await q.execute();
  return rows.map((r) => ({
    ref: {
      id: r.id,
      name: r.name,
      committeeCode: r.committee_code,
      compoundCode: r.compound_code,
      areaPath: r.area_path,
    },
    at: [r.compound_code, Number(r.name_length), r.name, r.id],
  }));
}
