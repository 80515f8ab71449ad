import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

/**
 * The owners register as other modules read it (through index.ts): owner keys, kinds, shares
 * and registered areas, never names or numbers. Areas in hundredths of a square metre as
 * integers, shares in hundredths of a percent: owners' votes count them exactly.
 */

export interface RecordedOwner {
  roomId: string;
  buildingId: string;
  /** the keyed hash of the owner's document: a resident's document_hmac for a person */
  ownerKey: string;
  kind: 'person' | 'organisation' | 'developer';
  /** hundredths of a percent; a room's add up to 10000 */
  shareBp: number;
  /** the room's 不动产登记面积 in hundredths of a m², or null when not on record */
  registeredArea: number | null;
}

/** Is the holder of this document key an owner of the room on record? */
export async function isRecordedOwner(
  db: Kysely<DB>,
  roomId: string,
  ownerKey: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('room_owners')
    .select('id')
    .where('room_id', '=', roomId)
    .where('document_hmac', '=', ownerKey)
    .executeTakeFirst();
  return !!row;
}

/** The owners on record of these rooms (rooms without owners are absent). */
export async function ownersOfRooms(
  db: Kysely<DB>,
  roomIds: readonly string[],
): Promise<RecordedOwner[]> {
  if (roomIds.length === 0) return [];
  const { rows } = await sql<{
    room_id: string;
    building_id: string;
    document_hmac: string;
    kind: RecordedOwner['kind'];
    share_bp: number;
    area: number | null;
  }>`
    select o.room_id, w.building_id, o.document_hmac, o.kind, o.share_bp,
      (w.registered_area * 100)::int as area
    from room_owners o join room_ownership w on w.room_id = o.room_id
    where o.room_id = any(${[...roomIds]}::uuid[])
    order by o.room_id, o.position`.execute(db);
  return rows.map((r) => ({
    roomId: r.room_id,
    buildingId: r.building_id,
    ownerKey: r.document_hmac,
    kind: r.kind,
    shareBp: r.share_bp,
    registeredArea: r.area,
  }));
}
