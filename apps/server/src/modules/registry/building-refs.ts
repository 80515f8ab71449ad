import type { Kysely } from 'kysely';
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
