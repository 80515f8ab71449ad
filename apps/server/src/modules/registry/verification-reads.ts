import { maskName } from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import type { DataCipher } from '../../platform/crypto.js';
import type { DB } from '../../platform/db/schema.js';
import { defineEvent } from '../../platform/events.js';
import { documentHmac } from './records.js';
import { roomLabelSql } from './room-label.repo.js';

/**
 * What the residents module asks of the registry to verify an account as living in a room:
 * the room picker (building names, units and room numbers: nothing about anyone), the place of
 * a room, the registry resident that an ID number's keyed hash finds, and households masked.
 * Reads only; the residents module keeps its own tables.
 */

/** Residents left their home in the registry (status moved_out), in the publisher's transaction. */
export const residentsMovedOut = defineEvent<{ residentIds: string[] }>(
  'registry.residentsMovedOut',
);

/**
 * Residents' place changed in the registry while they stay present: another room, building or
 * committee, another household, or another relation to its head (户主 or not). Published in
 * the publisher's transaction, by the form (move, update) and by the residents import.
 */
export const residentsChanged = defineEvent<{ residentIds: string[] }>('registry.residentsChanged');

/** The keyed hash a resident ID is found by in the registry (residents.document_hmac). */
export const residentIdHmac = (cipher: DataCipher, normalized: string): string =>
  documentHmac(cipher, 'resident_id', normalized);

/** The buildings of a compound, by name (for the picker). */
export async function pickerBuildings(
  db: Kysely<DB>,
  compoundCode: string,
): Promise<{ id: string; name: string }[]> {
  // natural order of names such as 2号楼 < 10号楼 (and 1单元 < 2单元 below)
  return db
    .selectFrom('buildings')
    .select(['id', 'name'])
    .where('compound_code', '=', compoundCode)
    .orderBy(sql`length(name)`)
    .orderBy('name')
    .limit(500)
    .execute();
}

export interface PickerRoomRow {
  id: string;
  buildingId: string;
  building: string;
  unit: string;
  number: string;
}

/**
 * Rooms of a compound (or one building of it) whose number or unit starts with `q`: at most
 * `limit`, and whether there are more.
 */
export async function pickerRooms(
  db: Kysely<DB>,
  o: { compoundCode: string; buildingId?: string; q?: string; limit: number },
): Promise<{ items: PickerRoomRow[]; more: boolean }> {
  let query = db
    .selectFrom('rooms as r')
    .innerJoin('buildings as b', 'b.id', 'r.building_id')
    .select(['r.id', 'b.id as buildingId', 'b.name as building', 'r.unit', 'r.number'])
    .where('b.compound_code', '=', o.compoundCode);
  if (o.buildingId) query = query.where('b.id', '=', o.buildingId);
  if (o.q) {
    const prefix = `${o.q.replace(/[\\%_]/g, '\\$&')}%`;
    query = query.where((eb) =>
      eb.or([eb('r.number', 'like', prefix), eb('r.unit', 'like', prefix)]),
    );
  }
  const rows = await query
    .orderBy(sql`length(b.name)`)
    .orderBy('b.name')
    .orderBy(sql`length(r.unit)`)
    .orderBy('r.unit')
    .orderBy(sql`length(r.number)`)
    .orderBy('r.number')
    .limit(o.limit + 1)
    .execute();
  return { items: rows.slice(0, o.limit), more: rows.length > o.limit };
}

export interface RoomPlaceRow {
  roomId: string;
  buildingId: string;
  committeeCode: string;
  compoundCode: string;
  /** the compound's path in the area tree */
  areaPath: string;
  /** compound, building, unit, room: 云南中路花园 1号楼 1单元 101 */
  label: string;
}

const roomLabel = roomLabelSql('a', 'b', 'r');

/** Rooms with their building, compound and label, by id (missing ids are left out). */
export async function roomPlaces(
  db: Kysely<DB>,
  roomIds: readonly string[],
): Promise<Map<string, RoomPlaceRow>> {
  const ids = [...new Set(roomIds)];
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('rooms as r')
    .innerJoin('buildings as b', 'b.id', 'r.building_id')
    .leftJoin('areas as a', 'a.code', 'b.compound_code')
    .select([
      'r.id as roomId',
      'b.id as buildingId',
      'b.committee_code as committeeCode',
      'b.compound_code as compoundCode',
      'b.area_path as areaPath',
      roomLabel.as('label'),
    ])
    .where('r.id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.roomId, r]));
}

export interface RegistryMatch {
  residentId: string;
  name: string;
  nameMatches: boolean;
  registryRelation: string | null;
  isHead: boolean;
  householdId: string | null;
  householdNumber: string | null;
  headName: string | null;
  roomLabel: string | null;
  sameRoom: boolean;
}

/**
 * The registry resident present in `committeeCode` whose ID number has this keyed hash, with
 * their household, masked; null when the committee has no such person (a person registered
 * elsewhere is not named).
 */
export async function findRegistryMatch(
  db: Kysely<DB>,
  o: { idHmac: string; committeeCode: string; roomId: string; name: string },
): Promise<RegistryMatch | null> {
  const row = await db
    .selectFrom('residents as p')
    .leftJoin('households as h', 'h.id', 'p.household_id')
    .leftJoin('rooms as r', 'r.id', 'p.room_id')
    .leftJoin('buildings as b', 'b.id', 'r.building_id')
    .leftJoin('areas as a', 'a.code', 'b.compound_code')
    .select([
      'p.id',
      'p.name',
      'p.relation',
      'p.room_id',
      'p.household_id',
      'h.number as household_number',
      sql<string | null>`case when r.id is null then null else ${roomLabel} end`.as('room_label'),
    ])
    .where('p.document_hmac', '=', o.idHmac)
    .where('p.status', '=', 'present')
    .where('p.committee_code', '=', o.committeeCode)
    .executeTakeFirst();
  if (!row) return null;
  const head = row.household_id
    ? await db
        .selectFrom('residents')
        .select('name')
        .where('household_id', '=', row.household_id)
        .where('relation', '=', 'head')
        .where('status', '=', 'present')
        .executeTakeFirst()
    : undefined;
  return {
    residentId: row.id,
    name: maskName(row.name),
    nameMatches: row.name.trim() === o.name.trim(),
    registryRelation: row.relation,
    isHead: row.relation === 'head',
    householdId: row.household_id,
    householdNumber: row.household_number,
    headName: head ? maskName(head.name) : null,
    roomLabel: row.room_label,
    sameRoom: row.room_id === o.roomId,
  };
}

export interface RegistryResidentPlace {
  residentId: string;
  committeeCode: string;
  status: string;
  roomId: string | null;
  buildingId: string | null;
  compoundCode: string | null;
  /** the building's area path (the compound's) when the resident has a room */
  areaPath: string;
  householdId: string | null;
  householdNumber: string | null;
  relation: string | null;
  isHead: boolean;
}

/** Where a registry resident lives now: room, building, compound, household, relation. */
export async function registryResidentPlace(
  db: Kysely<DB>,
  residentId: string,
): Promise<RegistryResidentPlace | null> {
  return (await registryResidentPlaces(db, [residentId])).get(residentId) ?? null;
}

/** Where these registry residents live now, by id (missing ids are left out). */
export async function registryResidentPlaces(
  db: Kysely<DB>,
  residentIds: readonly string[],
): Promise<Map<string, RegistryResidentPlace>> {
  const ids = [...new Set(residentIds)];
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('residents as p')
    .leftJoin('rooms as r', 'r.id', 'p.room_id')
    .leftJoin('buildings as b', 'b.id', 'r.building_id')
    .leftJoin('households as h', 'h.id', 'p.household_id')
    .select([
      'p.id',
      'p.committee_code',
      'p.status',
      'p.room_id',
      'b.id as building_id',
      'b.compound_code',
      'p.area_path',
      'b.area_path as building_path',
      'p.household_id',
      'h.number as household_number',
      'p.relation',
    ])
    .where(sql<boolean>`p.id = any(${ids}::uuid[])`)
    .execute();
  return new Map(
    rows.map((row) => [
      row.id,
      {
        residentId: row.id,
        committeeCode: row.committee_code,
        status: row.status,
        roomId: row.room_id,
        buildingId: row.building_id,
        compoundCode: row.compound_code,
        areaPath: row.building_path ?? row.area_path,
        householdId: row.household_id,
        householdNumber: row.household_number,
        relation: row.relation,
        isHead: row.relation === 'head',
      },
    ]),
  );
}

/**
 * A registry resident's name as the registry records it (null for no such resident): what a
 * certificate names its holder by, never the name an account typed at sign-up.
 */
export async function registryResidentName(
  db: Kysely<DB>,
  residentId: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('residents')
    .select('name')
    .where('id', '=', residentId)
    .executeTakeFirst();
  return row?.name ?? null;
}

/** The present members of a household, names masked: the head, the spouse, then eldest first. */
export async function householdMembersMasked(
  db: Kysely<DB>,
  householdId: string,
): Promise<{
  number: string | null;
  members: { residentId: string; name: string; relation: string | null }[];
}> {
  const [household, members] = await Promise.all([
    db.selectFrom('households').select('number').where('id', '=', householdId).executeTakeFirst(),
    db
      .selectFrom('residents')
      .select(['id', 'name', 'relation', 'birth_date'])
      .where('household_id', '=', householdId)
      .where('status', '=', 'present')
      .orderBy(sql`case relation when 'head' then 0 when 'spouse' then 1 else 2 end`)
      .orderBy('birth_date')
      .orderBy('id')
      .limit(100)
      .execute(),
  ]);
  return {
    number: household?.number ?? null,
    members: members.map((m) => ({
      residentId: m.id,
      name: maskName(m.name),
      relation: m.relation,
    })),
  };
}

/** Household numbers by household id. */
export async function householdNumbers(
  db: Kysely<DB>,
  ids: readonly (string | null)[],
): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .selectFrom('households')
    .select(['id', 'number'])
    .where('id', 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.id, r.number]));
}
