import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

/** What the address index knows of a building: its name, compound and place (no people). */
export interface BuildingPlace {
  id: string;
  name: string;
  compoundCode: string;
  /** the compound's path in the area tree */
  areaPath: string;
  /** null when the registry has no position for it (the compound's centre stands in) */
  lng: number | null;
  lat: number | null;
}

/** A page of buildings in id order after `afterId` (keyset on the primary key). */
export async function buildingPlaces(
  db: Kysely<DB>,
  afterId: string | null,
  limit: number,
): Promise<BuildingPlace[]> {
  let q = db
    .selectFrom('buildings')
    .select(['id', 'name', 'compound_code', 'area_path', 'lng', 'lat'])
    .orderBy('id')
    .limit(limit);
  if (afterId) q = q.where('id', '>', afterId);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    compoundCode: r.compound_code,
    areaPath: r.area_path,
    lng: r.lng,
    lat: r.lat,
  }));
}
