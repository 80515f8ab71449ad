import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

/**
 * The owners register as other modules read it (through index.ts): owner keys, kinds, shares
 * and registered areas, never names or numbers. Areas in hundredths of a square metre as
 * integers, shares in hundredths of a percent: owners' votes count them exactly.
 */

export type OwnerKind = 'person' | 'organisation' | 'developer';

/** Which rooms an owners' vote is over: a staircase, a building, a compound or a list. */
export type ElectorateScope =
  | { kind: 'unit'; buildingId: string; unit: string }
  | { kind: 'building'; buildingId: string }
  | { kind: 'compound'; compoundCode: string }
  | { kind: 'list'; roomIds: readonly string[] };

export interface ElectorateRoomRow {
  roomId: string;
  buildingId: string;
  /** building, unit, room: 3号楼 1单元 502 */
  label: string;
  unit: string;
  floor: number | null;
  committeeCode: string;
  compoundCode: string;
  /** the compound's path in the area tree */
  areaPath: string;
  /** the registered area in hundredths of a m², or null when not on record */
  area: number | null;
  /** the owners on record, in register order (none: the room has no owners on record) */
  owners: { key: string; kind: OwnerKind }[];
}

/**
 * The rooms of an electorate in natural order (building, unit, floor, room) with their
 * registered areas and owner keys — never names or numbers. Rooms of a list that do not
 * exist are left out (the caller compares counts).
 */
export async function electorateRooms(
  db: Kysely<DB>,
  scope: ElectorateScope,
): Promise<ElectorateRoomRow[]> {
  const where =
    scope.kind === 'unit'
      ? sql`b.id = ${scope.buildingId} and r.unit = ${scope.unit}`
      : scope.kind === 'building'
        ? sql`b.id = ${scope.buildingId}`
        : scope.kind === 'compound'
          ? sql`b.compound_code = ${scope.compoundCode}`
          : sql`r.id = any(${[...scope.roomIds]}::uuid[])`;
  const { rows } = await sql<{
    room_id: string;
    building_id: string;
    label: string;
    unit: string;
    floor: number | null;
    committee_code: string;
    compound_code: string;
    area_path: string;
    area: number | null;
    owners: { key: string; kind: OwnerKind }[] | null;
  }>`
    select r.id as room_id, b.id as building_id,
      concat_ws(' ', b.name, nullif(r.unit, ''), r.number) as label,
      r.unit, r.floor, b.committee_code, b.compound_code, b.area_path,
      (w.registered_area * 100)::int as area,
      (select json_agg(json_build_object('key', o.document_hmac, 'kind', o.kind) order by o.position)
         from room_owners o where o.room_id = r.id) as owners
    from rooms r
    join buildings b on b.id = r.building_id
    left join room_ownership w on w.room_id = r.id
    where ${where}
    order by length(b.name), b.name, length(r.unit), r.unit, r.floor nulls last,
      length(r.number), r.number`.execute(db);
  return rows.map((r) => ({
    roomId: r.room_id,
    buildingId: r.building_id,
    label: r.label,
    unit: r.unit,
    floor: r.floor,
    committeeCode: r.committee_code,
    compoundCode: r.compound_code,
    areaPath: r.area_path,
    area: r.area,
    owners: r.owners ?? [],
  }));
}

/** The owner key of a registry resident (their document's keyed hash), or null. */
export async function ownerKeyOfResident(
  db: Kysely<DB>,
  residentId: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('residents')
    .select('document_hmac')
    .where('id', '=', residentId)
    .executeTakeFirst();
  return row?.document_hmac ?? null;
}
