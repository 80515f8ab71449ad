import type { Kysely } from 'kysely';
import { pathWithin } from '../../platform/db/path-within.js';
import type { DB } from '../../platform/db/schema.js';

/** What the address index knows of a fixed point (点位): its name and where it stands. */
export interface PointPlace {
  id: string;
  name: string;
  lng: number;
  lat: number;
  areaCode: string;
  areaPath: string;
}

/** Every dispatch point's name and place (a city has hundreds to a few thousand). */
export async function pointPlaces(db: Kysely<DB>): Promise<PointPlace[]> {
  const rows = await db
    .selectFrom('dispatch_points')
    .select(['id', 'name', 'lng', 'lat', 'area_code', 'area_path'])
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    lng: r.lng,
    lat: r.lat,
    areaCode: r.area_code,
    areaPath: r.area_path,
  }));
}

/** The fixed points of one kind (积水点) at or below an area, with their leader and unit. */
export async function pointsOfKind(
  db: Kysely<DB>,
  areaPath: string,
  kind: string,
  limit = 500,
): Promise<
  { id: string; name: string; lat: number; lng: number; leaderId: string; unitName: string }[]
> {
  const rows = await db
    .selectFrom('dispatch_points')
    .select(['id', 'name', 'lat', 'lng', 'leader_id', 'unit_name'])
    .where('kind', '=', kind)
    .where(pathWithin('area_path', [areaPath]))
    .orderBy('name')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    lat: r.lat,
    lng: r.lng,
    leaderId: r.leader_id,
    unitName: r.unit_name,
  }));
}
