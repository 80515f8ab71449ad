import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

/** What another module may know of a staircase (单元): its building, where it stands, its size. */
export interface StaircaseRef {
  buildingId: string;
  buildingName: string;
  unit: string;
  committeeCode: string;
  compoundCode: string;
  /** the compound's path in the area tree */
  areaPath: string;
  lng: number | null;
  lat: number | null;
  /** the building's floors on record, or null */
  floors: number | null;
  /** rooms of the staircase, and the highest floor among them (null: none has a floor) */
  rooms: number;
  topFloor: number | null;
}

/**
 * A building's staircase as the registry holds it (no people): null when the building does not
 * exist; `rooms` 0 when it has no room in that unit. One query.
 */
export async function staircaseRef(
  db: Kysely<DB>,
  buildingId: string,
  unit: string,
): Promise<StaircaseRef | null> {
  const { rows } = await sql<{
    id: string;
    name: string;
    committee_code: string;
    compound_code: string;
    area_path: string;
    lng: number | null;
    lat: number | null;
    floors: number | null;
    rooms: number | string;
    top_floor: number | null;
  }>`
    select b.id, b.name, b.committee_code, b.compound_code, b.area_path, b.lng, b.lat, b.floors,
      count(r.id) as rooms, max(r.floor) as top_floor
    from buildings b
    left join rooms r on r.building_id = b.id and r.unit = ${unit}
    where b.id = ${buildingId}
    group by b.id`.execute(db);
  const b = rows[0];
  if (!b) return null;
  return {
    buildingId: b.id,
    buildingName: b.name,
    unit,
    committeeCode: b.committee_code,
    compoundCode: b.compound_code,
    areaPath: b.area_path,
    lng: b.lng,
    lat: b.lat,
    floors: b.floors,
    rooms: Number(b.rooms),
    topFloor: b.top_floor,
  };
}

/** A room a resident has a stake in: where they live (verified), or one they own on record. */
export interface ResidentRoomRef {
  roomId: string;
  buildingId: string;
  unit: string;
  /** the room's number within its staircase, e.g. "502" */
  number: string;
  home: boolean;
  owner: boolean;
}

/**
 * The rooms of a registry resident: their home room, and the rooms whose owners on record
 * include them (their document's keyed hash on the owners register). No people. One query.
 */
export async function residentRooms(
  db: Kysely<DB>,
  residentId: string,
  homeRoomId: string | null,
): Promise<ResidentRoomRef[]> {
  const { rows } = await sql<{
    id: string;
    building_id: string;
    unit: string;
    number: string;
    home: boolean;
    owner: boolean;
  }>`
    with owned as (
      select o.room_id from room_owners o
      join residents x on x.document_hmac = o.document_hmac
      where x.id = ${residentId})
    select r.id, r.building_id, r.unit, r.number,
      (r.id = ${homeRoomId}::uuid) is true as home,
      r.id in (select room_id from owned) as owner
    from rooms r
    where r.id = ${homeRoomId}::uuid or r.id in (select room_id from owned)
    order by r.building_id, r.unit, r.number`.execute(db);
  return rows.map((r) => ({
    roomId: r.id,
    buildingId: r.building_id,
    unit: r.unit,
    number: r.number,
    home: Boolean(r.home),
    owner: Boolean(r.owner),
  }));
}
