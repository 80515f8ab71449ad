/**
 * Fixtures for the owners' vote benchmarks (issue 21), written in bulk (COPY on PostgreSQL,
 * batched INSERTs on PGlite), not through the registry's forms: a compound of the demo
 * committee with its buildings, rooms and owners register (registered areas, owner keys),
 * and — for the owners who vote online — registry residents whose document hash is their owner
 * key, made verified residents by generateResidentAccounts. The model kept here (which rooms
 * form which owner group, their areas) is what the benchmarks count against: independently of
 * the server's grouping and tally.
 */
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { copyInto } from '../apps/server/src/platform/db/copy.js';
import type { DataCipher } from '../apps/server/src/platform/crypto.js';
import type { DB } from '../apps/server/src/platform/db/schema.js';
import { generateResidentAccounts } from '../apps/server/src/testing.js';

export const COMMITTEE = '310101002001'; // 云南中路居委会
export const ROOMS_PER_BUILDING = 200; // 4 staircases × 25 floors × 2 rooms

export interface ModelGroup {
  /** the owner keys on record (a developer: its one key) */
  keys: string[];
  developer: boolean;
  rooms: number[];
  /** hundredths of a m² */
  area: number;
}

export interface CompoundModel {
  code: string;
  path: string;
  rooms: { id: string; area: number; group: number }[];
  groups: ModelGroup[];
  /** group index → an account that may vote for it (only groups given voters) */
  voters: Map<number, string>;
}

export interface CompoundOptions {
  /** a suffix for the compound's code, e.g. "VT" */
  tag: string;
  units: number;
  /** every room its own owner alone (no couples, no second flats, no developer) */
  plain?: boolean;
  /** how many groups (single owners, from the first) get a verified account */
  voters: number;
}

/**
 * The owner groups of room g: every 5th room a couple on the title, every 50th (from the
 * 8th) the second flat of the owner of the room before it, every 100th the developer's.
 */
function planOwners(units: number, plain: boolean, tag: string) {
  const groups: ModelGroup[] = [];
  const roomGroup: number[] = [];
  let developer = -1;
  const key = (g: number, who: string) => `vbench-${tag}-${g}-${who}`;
  for (let g = 0; g < units; g++) {
    const area = 5_000 + ((g * 7_919) % 10_001); // 50.00–150.00 m²
    let gi: number;
    if (!plain && g % 100 === 99) {
      if (developer < 0) {
        developer = groups.length;
        groups.push({ keys: [`vbench-${tag}-developer`], developer: true, rooms: [], area: 0 });
      }
      gi = developer;
    } else if (!plain && g % 50 === 7 && !groups[roomGroup[g - 1]!]!.developer) {
      gi = roomGroup[g - 1]!;
    } else {
      gi = groups.length;
      const couple = !plain && g % 5 === 0;
      groups.push({
        keys: couple ? [key(g, 'a'), key(g, 'b')] : [key(g, 'a')],
        developer: false,
        rooms: [],
        area: 0,
      });
    }
    groups[gi]!.rooms.push(g);
    groups[gi]!.area += area;
    roomGroup.push(gi);
  }
  return { groups, roomGroup };
}

const AREA = (g: number) => 5_000 + ((g * 7_919) % 10_001);

/** A new compound of the demo committee with `units` rooms, all with owners and areas on record. */
export async function makeCompound(
  db: Kysely<DB>,
  cipher: DataCipher,
  o: CompoundOptions,
): Promise<CompoundModel> {
  const committee = await db
    .selectFrom('areas')
    .select(['code', 'path', 'depth', 'centre_lng', 'centre_lat', 'parent_code'])
    .where('code', '=', COMMITTEE)
    .executeTakeFirstOrThrow();
  const code = `${COMMITTEE}-${o.tag}`;
  const path = `${committee.path}/${code}`;
  await db
    .insertInto('areas')
    .values({
      code,
      parent_code: COMMITTEE,
      path,
      level: 'compound',
      depth: committee.depth + 1,
      name: `压测小区${o.tag}`,
      name_en: null,
      approximate: true,
      centre_lng: committee.centre_lng,
      centre_lat: committee.centre_lat,
      boundary: null,
      min_lng: null,
      min_lat: null,
      max_lng: null,
      max_lat: null,
    })
    .execute();
  const street = committee.parent_code!;
  const { groups, roomGroup } = planOwners(o.units, !!o.plain, o.tag);
  const buildings = Array.from({ length: Math.ceil(o.units / ROOMS_PER_BUILDING) }, (_, b) => ({
    id: crypto.randomUUID(),
    name: `${b + 1}号楼`,
  }));
  const rooms = roomGroup.map((group, g) => ({ id: crypto.randomUUID(), area: AREA(g), group }));
  await copyInto(
    db,
    'buildings',
    ['id', 'committee_code', 'compound_code', 'area_path', 'name', 'floors'],
    buildings.map((b) => [b.id, COMMITTEE, code, path, b.name, 25]),
  );
  const place = (g: number) => {
    const i = g % ROOMS_PER_BUILDING;
    const floor = Math.floor((i % 50) / 2) + 1;
    return {
      building: buildings[Math.floor(g / ROOMS_PER_BUILDING)]!.id,
      unit: `${Math.floor(i / 50) + 1}单元`,
      floor,
      number: `${floor}0${(i % 2) + 1}`,
    };
  };
  await copyInto(
    db,
    'rooms',
    [
      'id',
      'building_id',
      'committee_code',
      'area_path',
      'unit',
      'number',
      'floor',
      'floor_area',
      'use',
      'ownership',
      'occupancy',
      'row_digest',
    ],
    rooms.map((r, g) => {
      const p = place(g);
      const m2 = (r.area / 100).toFixed(2);
      return [
        r.id,
        p.building,
        COMMITTEE,
        path,
        p.unit,
        p.number,
        p.floor,
        m2,
        'residential',
        'private',
        'owner_occupied',
        'bench',
      ];
    }),
  );
  await copyInto(
    db,
    'room_ownership',
    ['room_id', 'committee_code', 'area_path', 'building_id', 'registered_area', 'source'],
    rooms.map((r, g) => [
      r.id,
      COMMITTEE,
      path,
      place(g).building,
      (r.area / 100).toFixed(2),
      'generated',
    ]),
  );
  const secret = cipher.encrypt('BENCH-DOCUMENT');
  await copyInto(
    db,
    'room_owners',
    [
      'id',
      'room_id',
      'committee_code',
      'position',
      'kind',
      'name',
      'document_type',
      'document_enc',
      'document_hmac',
      'document_masked',
      'share_bp',
      'row_digest',
    ],
    rooms.flatMap((r) => {
      const group = groups[r.group]!;
      return group.keys.map((k, i) => [
        crypto.randomUUID(),
        r.id,
        COMMITTEE,
        i + 1,
        group.developer ? 'developer' : 'person',
        group.developer ? '压测置业有限公司' : `业主${i}`,
        group.developer ? 'uscc' : 'resident_id',
        secret,
        k,
        group.developer ? '9131**********123X' : '3101**********1234',
        Math.floor(10_000 / group.keys.length),
        'bench',
      ]);
    }),
  );

  // the first `voters` single-owner groups: a registry resident in their (first) room whose
  // document hash is their owner key, then a verified account each
  const voterGroups = groups
    .map((g, i) => ({ g, i }))
    .filter(({ g }) => !g.developer)
    .slice(0, o.voters);
  await copyInto(
    db,
    'residents',
    [
      'id',
      'committee_code',
      'street_code',
      'area_path',
      'room_id',
      'relation',
      'name',
      'document_type',
      'document_enc',
      'document_hmac',
      'document_masked',
      'birth_date',
      'sex',
      'registration',
      'row_digest',
    ],
    voterGroups.map(({ g }) => [
      crypto.randomUUID(),
      COMMITTEE,
      street,
      path,
      rooms[g.rooms[0]!]!.id,
      'head',
      '压测业主',
      'resident_id',
      secret,
      g.keys[0]!,
      '3101**********1234',
      '1970-01-01',
      'male',
      'local',
      'bench',
    ]),
  );
  await generateResidentAccounts(db, cipher, { withinPaths: [path], cap: o.voters });
  const links = await sql<{ account_id: string; key: string }>`
    select l.account_id, p.document_hmac as key from resident_links l
    join residents p on p.id = l.resident_id
    where l.compound_code = ${code} and l.status = 'verified'`.execute(db);
  const byKey = new Map(groups.map((g, i) => [g.keys[0]!, i]));
  const voters = new Map<number, string>();
  for (const l of links.rows) voters.set(byKey.get(l.key)!, l.account_id);
  if (voters.size !== voterGroups.length)
    throw new Error(`fixtures: ${voters.size} voters made of ${voterGroups.length}`);
  await sql`analyze rooms, room_ownership, room_owners, residents, resident_links`.execute(db);
  return { code, path, rooms, groups, voters };
}

export type Choice = 'agree' | 'disagree' | 'abstain';
export interface Figures {
  heads: number;
  units: number;
  area: number;
}

/** The figures of the groups that voted, by choice, counted from the model alone. */
export function expectedTotals(
  m: CompoundModel,
  choiceOf: ReadonlyMap<number, Choice>,
): { electorate: Figures; agree: Figures; disagree: Figures; abstain: Figures } {
  const zero = () => ({ heads: 0, units: 0, area: 0 });
  const out = { electorate: zero(), agree: zero(), disagree: zero(), abstain: zero() };
  m.groups.forEach((g, i) => {
    const add = (f: Figures) => {
      f.heads += 1;
      f.units += g.rooms.length;
      f.area += g.area;
    };
    add(out.electorate);
    const c = choiceOf.get(i);
    if (c) add(out[c]);
  });
  return out;
}

/** The vote's head number of every model group, from the frozen electorate (vote_voters). */
export async function headNumbers(
  db: Kysely<DB>,
  m: CompoundModel,
  voteId: string,
): Promise<number[]> {
  const rows = await db
    .selectFrom('vote_voters')
    .select(['owner_key', 'head_no'])
    .where('vote_id', '=', voteId)
    .execute();
  const byKey = new Map(rows.map((r) => [r.owner_key, r.head_no]));
  return m.groups.map((g) => {
    const h = byKey.get(g.keys[0]!);
    if (h === undefined) throw new Error(`no head for ${g.keys[0]}`);
    return h;
  });
}

/**
 * Standing ballots written in bulk, as appendBallot would leave them: chain entries hashed in
 * the published format after the vote's current head, the ballots, and the vote's count, chain
 * length and head — under the vote's row lock, in one transaction.
 */
export async function bulkBallots(
  db: Kysely<DB>,
  voteId: string,
  castBy: string,
  ballots: { headNo: number; choice: Choice }[],
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const v = await trx
      .selectFrom('votes')
      .select(['chain_seq', 'chain_head'])
      .where('id', '=', voteId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    let seq = v.chain_seq;
    let prev = v.chain_head ?? '0'.repeat(64);
    const at = new Date();
    const iso = at.toISOString();
    const chain: (string | number)[][] = [];
    const standing: (string | number | null)[][] = [];
    for (const b of ballots) {
      seq += 1;
      const hash = crypto
        .createHash('sha256')
        .update(`${prev}\n${JSON.stringify([voteId, seq, b.headNo, b.choice, 'online', iso])}`)
        .digest('hex');
      chain.push([voteId, seq, b.headNo, b.choice, 'online', iso, prev, hash]);
      standing.push([voteId, b.headNo, b.choice, 'online', castBy, null, null, seq, iso]);
      prev = hash;
    }
    await copyInto(
      trx,
      'vote_ballot_chain',
      ['vote_id', 'seq', 'head_no', 'choice', 'channel', 'cast_at', 'prev_hash', 'hash'],
      chain,
    );
    await copyInto(
      trx,
      'vote_ballots',
      [
        'vote_id',
        'head_no',
        'choice',
        'channel',
        'cast_by',
        'attachment_id',
        'note',
        'seq',
        'cast_at',
      ],
      standing,
    );
    await trx
      .updateTable('votes')
      .set((eb) => ({
        ballots: eb('ballots', '+', ballots.length),
        chain_seq: seq,
        chain_head: prev,
      }))
      .where('id', '=', voteId)
      .execute();
  });
}

/** Run `tasks` with at most `concurrency` at once; each one's latency in ms. */
export async function pool<T>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await task(items[i]!, i);
      }
    }),
  );
}
