/**
 * The owners' votes of the demo city (issue 21): in the compound of 云南中路 where the demo
 * residents live, a small old building with one staircase of six flats (one a floor) and its
 * owners register, made so that the law's two measures part ways:
 *
 *   room  area (m²)  owners on record
 *   601     45.00    a generated owner (not a demo account)
 *   501     60.00    liuyang
 *   401     60.00    wangqiang + zhouli (co-owners)
 *   301     60.00    chenyu + linxia (co-owners)
 *   201     45.00    a generated owner; let to a tenant (on the registry, no account)
 *   101     90.00    a generated owner
 *
 * Under civil_code_major (participation ≥ 2/3 of heads and area, consent ≥ 3/4 of the
 * participants' heads and area), "agree" from 301, 401 and 501 online and a paper "disagree"
 * for 101 give participation 4/6 heads (exactly 2/3) and 270/360 m² (75 %), consent 3/4
 * heads (75 %) but 180/270 m² (66.6 %): passed by head count, not by area. The browser journey
 * (e2e/votes-journey.test.ts) runs that vote. The demo residents keep their own homes; these
 * flats are second flats of theirs, let or empty.
 *
 * Rows are written as the registry writes them (roomRow, ownerRow: encrypted, hashed, masked);
 * owner keys of the demo residents are their registry records' document hashes, so the votes
 * module finds them. Idempotent; never called in production (seed-demo.ts).
 */
import { sql } from 'kysely';
import { districtOf } from '../platform/district.js';
import type { AppDeps } from '../platform/context.js';
import {
  fakeResidentId,
  ownerRow,
  residentRow,
  refreshCommitteeStats,
  roomRow,
  type OwnerPlain,
} from '../modules/registry/index.js';
import { keyedSeed, prng } from './prng.js';
import { seedElevators } from './seed-elevators.js';
import { seedProperty } from './seed-property.js';

const COMMITTEE = '310101002001'; // 云南中路居委会
const STREET = '310101002000'; // 南京东路街道
export const VOTE_STAIRCASE_UNIT = '1单元';

type Owner = { username: string } | { generated: number };
/** ground floor first: room number, registered area in m², owners in register order */
const FLATS: { number: string; area: string; owners: Owner[] }[] = [
  { number: '101', area: '90.00', owners: [{ generated: 0 }] },
  { number: '201', area: '45.00', owners: [{ generated: 1 }] },
  { number: '301', area: '60.00', owners: [{ username: 'chenyu' }, { username: 'linxia' }] },
  { number: '401', area: '60.00', owners: [{ username: 'wangqiang' }, { username: 'zhouli' }] },
  { number: '501', area: '60.00', owners: [{ username: 'liuyang' }] },
  { number: '601', area: '45.00', owners: [{ generated: 2 }] },
];
/** the generated owners: they live elsewhere */
const STRANGERS = [
  { name: '顾国平', sex: 'male' as const, birthDate: '1958-03-14' },
  { name: '沈美华', sex: 'female' as const, birthDate: '1966-09-02' },
  { name: '陆建军', sex: 'male' as const, birthDate: '1971-12-20' },
  // the tenant of 201 (a registry resident, no account): not an owner, cannot vote
  { name: '马晓东', sex: 'male' as const, birthDate: '1994-05-08' },
];
const TENANT = 3;
const TENANT_ROOM = '201';

export interface VoteStaircase {
  buildingId: string;
  buildingName: string;
  compoundCode: string;
  unit: string;
}

interface Person {
  name: string;
  document_type: string;
  document_enc: string;
  document_hmac: string;
}

/** The registry record each demo username is linked to. */
async function demoPeople(deps: AppDeps, usernames: string[]): Promise<Map<string, Person>> {
  const rows = await deps.db
    .selectFrom('accounts as a')
    .innerJoin('resident_links as l', 'l.account_id', 'a.id')
    .innerJoin('residents as r', 'r.id', 'l.resident_id')
    .select(['a.username', 'r.name', 'r.document_type', 'r.document_enc', 'r.document_hmac'])
    .where('a.username', 'in', usernames)
    .execute();
  return new Map(rows.map((r) => [r.username, r]));
}

/** The staircase made earlier: the building whose 301 is on record as chenyu's. */
export async function findVoteStaircase(deps: AppDeps): Promise<VoteStaircase | null> {
  const chenyu = (await demoPeople(deps, ['chenyu'])).get('chenyu');
  if (!chenyu) return null;
  const row = await deps.db
    .selectFrom('room_owners as o')
    .innerJoin('rooms as r', 'r.id', 'o.room_id')
    .innerJoin('buildings as b', 'b.id', 'r.building_id')
    .select(['b.id', 'b.name', 'b.compound_code'])
    .where('o.document_hmac', '=', chenyu.document_hmac)
    .where('r.unit', '=', VOTE_STAIRCASE_UNIT)
    .where('r.number', '=', '301')
    .where('b.floors', '=', FLATS.length)
    .where('b.committee_code', '=', COMMITTEE)
    .executeTakeFirst();
  return row
    ? {
        buildingId: row.id,
        buildingName: row.name,
        compoundCode: row.compound_code,
        unit: VOTE_STAIRCASE_UNIT,
      }
    : null;
}

/** A synthetic resident ID no one in the database holds yet (the county code makes it fake). */
async function freeResidentId(deps: AppDeps, i: number): Promise<string> {
  const rand = prng(keyedSeed(20261206, `vote staircase owner ${i}`));
  const s = STRANGERS[i]!;
  for (;;) {
    const id = fakeResidentId('310101', s.birthDate, s.sex, rand);
    // the owner key the registry would give it (the same hash as a resident record's)
    const hmac = ownerRow(deps.cipher, {
      roomId: '',
      committeeCode: COMMITTEE,
      position: 0,
      kind: 'person',
      name: s.name,
      documentType: 'resident_id',
      documentNumber: id,
      shareBp: 10_000,
    }).document_hmac;
    const taken = await sql<{ n: string }>`
      select (select count(*) from residents where document_hmac = ${hmac})
        + (select count(*) from room_owners where document_hmac = ${hmac}) as n`.execute(deps.db);
    if (Number(taken.rows[0]?.n ?? 0) === 0) return id;
  }
}

/**
 * Make the staircase and its owners register (once). Returns it, or null when the demo
 * residents are not there (they come first: seed-residents.ts).
 */
export async function seedVoteStaircase(
  deps: AppDeps,
): Promise<{ staircase: VoteStaircase; created: boolean } | null> {
  const found = await findVoteStaircase(deps);
  if (found) return { staircase: found, created: false };
  const { db, cipher } = deps;
  const usernames = ['chenyu', 'linxia', 'wangqiang', 'zhouli', 'liuyang'];
  const people = await demoPeople(deps, usernames);
  if (usernames.some((u) => !people.has(u))) return null;
  const home = await db
    .selectFrom('accounts as a')
    .innerJoin('resident_links as l', 'l.account_id', 'a.id')
    .select(['l.compound_code', 'l.area_path', 'l.building_id'])
    .where('a.username', '=', 'chenyu')
    .executeTakeFirstOrThrow();
  const buildings = await db
    .selectFrom('buildings')
    .select(['name', 'lng', 'lat'])
    .where('compound_code', '=', home.compound_code)
    .execute();
  // the next free "N号楼" of the compound, beside its other buildings
  const taken = new Set(buildings.map((b) => b.name));
  let n = buildings.length + 1;
  while (taken.has(`${n}号楼`)) n++;
  const placed = buildings.filter((b) => b.lng !== null && b.lat !== null);
  const mean = (f: (b: (typeof placed)[number]) => number) =>
    placed.length ? placed.reduce((s, b) => s + f(b), 0) / placed.length : null;
  const lng = mean((b) => b.lng!);
  const lat = mean((b) => b.lat!);
  const strangers = await Promise.all(STRANGERS.map((_, i) => freeResidentId(deps, i)));

  const staircase = await db.transaction().execute(async (trx) => {
    const building = await trx
      .insertInto('buildings')
      .values({
        committee_code: COMMITTEE,
        compound_code: home.compound_code,
        area_path: home.area_path,
        name: `${n}号楼`,
        floors: FLATS.length,
        lng: lng === null ? null : Math.round((lng + 0.0004) * 1e6) / 1e6,
        lat: lat === null ? null : Math.round((lat - 0.0003) * 1e6) / 1e6,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [floor0, flat] of FLATS.entries()) {
      const generated = flat.owners.some((o) => 'generated' in o);
      const room = await trx
        .insertInto('rooms')
        .values(
          roomRow(cipher, {
            buildingId: building.id,
            committeeCode: COMMITTEE,
            areaPath: home.area_path,
            unit: VOTE_STAIRCASE_UNIT,
            number: flat.number,
            floor: floor0 + 1,
            floorArea: Number(flat.area),
            use: 'residential',
            ownership: 'private',
            // the owners on record live elsewhere: the stranger's flats are let, the demo
            // residents' second flats stand empty
            occupancy: generated ? 'rented' : 'vacant',
          }),
        )
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('room_ownership')
        .values({
          room_id: room.id,
          committee_code: COMMITTEE,
          area_path: home.area_path,
          building_id: building.id,
          registered_area: flat.area,
          source: 'generated',
        })
        .execute();
      const each = Math.floor(10_000 / flat.owners.length);
      const plains: OwnerPlain[] = flat.owners.map((o, position) => {
        const base = {
          roomId: room.id,
          committeeCode: COMMITTEE,
          position,
          kind: 'person' as const,
          shareBp: position === 0 ? 10_000 - each * (flat.owners.length - 1) : each,
        };
        if ('generated' in o)
          return {
            ...base,
            name: STRANGERS[o.generated]!.name,
            documentType: 'resident_id',
            documentNumber: strangers[o.generated]!,
          };
        const p = people.get(o.username)!;
        return {
          ...base,
          name: p.name,
          documentType: p.document_type as OwnerPlain['documentType'],
          documentNumber: cipher.decrypt(p.document_enc),
        };
      });
      await trx
        .insertInto('room_owners')
        .values(plains.map((p) => ownerRow(cipher, p)))
        .execute();
      if (flat.number === TENANT_ROOM) {
        // 201 is let: its tenant's household is on the registry (he is no owner of it)
        const household = await trx
          .insertInto('households')
          .values({
            district_code: districtOf(home.area_path),
            committee_code: COMMITTEE,
            number: `V${n}-${VOTE_STAIRCASE_UNIT}-${flat.number}`,
            room_id: room.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const t = STRANGERS[TENANT]!;
        await trx
          .insertInto('residents')
          .values(
            residentRow(cipher, {
              committeeCode: COMMITTEE,
              streetCode: STREET,
              areaPath: home.area_path,
              roomId: room.id,
              householdId: household.id,
              relation: 'tenant',
              name: t.name,
              documentType: 'resident_id',
              documentNumber: strangers[TENANT]!,
              phone: null,
              birthDate: t.birthDate,
              sex: t.sex,
              registration: 'migrant',
              nationality: 'CHN',
              tags: [],
              healthNote: null,
            }),
          )
          .execute();
      }
    }
    return {
      buildingId: building.id,
      buildingName: `${n}号楼`,
      compoundCode: home.compound_code,
      unit: VOTE_STAIRCASE_UNIT,
    };
  });
  await refreshCommitteeStats(db, [COMMITTEE]);
  return { staircase, created: true };
}

/**
 * The demo's owners' votes and what they serve (seed-demo.ts, after the residents): the
 * staircase above, elevator projects and the street's target (seed-elevators.ts), and the
 * compounds' property management (seed-property.ts). Returns whether it wrote anything.
 */
export async function seedVotes(deps: AppDeps): Promise<boolean> {
  const made = await seedVoteStaircase(deps);
  if (!made) return false;
  const elevators = await seedElevators(deps, made.staircase);
  const property = await seedProperty(deps);
  return made.created || elevators || property;
}
