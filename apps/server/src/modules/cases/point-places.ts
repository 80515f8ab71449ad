import type { Kysely } from 'kysely';
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
