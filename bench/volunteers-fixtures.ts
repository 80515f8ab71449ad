/**
 * Fixtures for the volunteers benchmarks (issue 23), written in bulk, not through the module's
 * forms: rows as the module's writers leave them (volunteers with their encrypted name and
 * phone, the phone's keyed hash, the grid square of gridCell, and their volunteer_skill_cells),
 * sent as arrays and unnested by the database — the same fast path on PGlite and PostgreSQL.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { maskName, maskPhone } from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import { prng } from '../apps/server/src/demo/prng.js';
import type { DataCipher } from '../apps/server/src/platform/crypto.js';
import type { DB } from '../apps/server/src/platform/db/schema.js';
import { distanceMeters } from '../apps/server/src/platform/geo.js';
import { phoneHmac } from '../apps/server/src/modules/registry/index.js';
import { gridCell } from '../apps/server/src/modules/volunteers/index.js';

type Rand = () => number;

/** The shipped skills, and how often a volunteer has each (助老, 垃圾分类, 巡逻 common; 手语 rare). */
const SKILL_WEIGHT: Record<string, number> = {
  first_aid: 6,
  elderly_care: 14,
  english: 6,
  japanese: 1.5,
  sign_language: 0.6,
  shanghainese: 8,
  legal: 2,
  psychology: 2,
  medical: 3,
  driving: 6,
  electrician: 4,
  it_help: 7,
  garbage_sorting: 14,
  childcare: 5,
  photography: 3,
  patrol: 12,
};
export const SKILLS: string[] = (
  JSON.parse(
    fs.readFileSync(path.join(import.meta.dirname, '../data/volunteers/skills.json'), 'utf8'),
  ) as { code: string }[]
).map((s) => s.code);

// prettier-ignore
const SURNAMES = ['王', '张', '陈', '李', '刘', '徐', '朱', '周', '杨', '黄', '吴', '沈', '赵', '孙', '顾',
  '胡', '陆', '马', '郭', '何', '林', '高', '金', '钱', '蒋', '许', '施', '姚', '汪', '曹', '唐', '郑'];
const GIVEN = [
  ...'伟强磊军勇杰涛明刚平辉华建国峰亮成东志文芳娜敏静丽艳娟霞秀英燕玲桂兰萍红琴云洁梅慧',
];
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const gauss = (rand: Rand) => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());

/** A weighted choice by binary search over cumulative weights. */
class Weighted {
  private readonly cum: number[] = [];
  constructor(weights: readonly number[]) {
    let s = 0;
    for (const w of weights) this.cum.push((s += w));
  }
  pick(rand: Rand): number {
    const x = rand() * this.cum[this.cum.length - 1]!;
    let lo = 0;
    let hi = this.cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

const skillPicker = new Weighted(SKILLS.map((s) => SKILL_WEIGHT[s] ?? 1));

/** 1–3 distinct skills, common ones more often. */
function skillsOf(rand: Rand): string[] {
  const n = 1 + Math.floor(rand() * 3);
  const out = new Set<string>();
  while (out.size < n) out.add(SKILLS[skillPicker.pick(rand)]!);
  return [...out];
}

/**
 * A week of 28 slots (day × night/morning/afternoon/evening), after who they are: retired
 * (mornings and afternoons most days), working (evenings and weekends), students (weekends),
 * and a few who are free at odd hours; every slot a little noise.
 */
function availabilityOf(rand: Rand): string {
  const r = rand();
  const want = (day: number, period: number): number => {
    const weekend = day >= 5;
    if (r < 0.4) return period === 1 || period === 2 ? 0.75 : period === 3 ? 0.2 : 0.02;
    if (r < 0.8) return weekend ? (period === 0 ? 0.05 : 0.6) : period === 3 ? 0.55 : 0.05;
    if (r < 0.93) return weekend && period > 0 ? 0.7 : 0.03;
    return period === 0 ? 0.3 : 0.35;
  };
  let bits = '';
  for (let d = 0; d < 7; d++) for (let p = 0; p < 4; p++) bits += rand() < want(d, p) ? '1' : '0';
  return bits.includes('1') ? bits : '0000000000000000000001100000'; // at least Saturday daytime
}

export interface CommitteePlace {
  code: string;
  path: string;
  name: string;
  lat: number;
  lng: number;
  /** half the bounding box, in degrees (a small default where the area has none) */
  halfLat: number;
  halfLng: number;
  /** its share of the city's volunteers, relative */
  weight: number;
}

const PEOPLES_SQUARE = { lat: 31.2304, lng: 121.4737 };

/**
 * The committees of the areas table with their centre and bounding box, and a weight: a
 * log-normal factor of its own (some committees recruit many more), few in the 虚拟社区 of
 * industrial parks, and up to twice as many in the old centre (older, denser, more 楼组) —
 * on top of the centre's small committees lying closer together.
 */
export async function committeePlaces(db: Kysely<DB>, seed: number): Promise<CommitteePlace[]> {
  const rows = await db
    .selectFrom('areas')
    .select(['code', 'path', 'name', 'centre_lat', 'centre_lng', 'min_lat', 'max_lat'])
    .select(['min_lng', 'max_lng'])
    .where('level', '=', 'committee')
    .orderBy('code')
    .execute();
  const rand = prng(seed);
  return rows.map((r) => {
    const d = distanceMeters(r.centre_lat, r.centre_lng, PEOPLES_SQUARE.lat, PEOPLES_SQUARE.lng);
    const own = Math.exp(0.5 * gauss(rand) - 0.125);
    const box =
      r.min_lat !== null && r.max_lat !== null && r.min_lng !== null && r.max_lng !== null;
    return {
      code: r.code,
      path: r.path,
      name: r.name,
      lat: r.centre_lat,
      lng: r.centre_lng,
      halfLat: box ? Math.max(0.0008, (r.max_lat! - r.min_lat!) / 2) : 0.003,
      halfLng: box ? Math.max(0.0008, (r.max_lng! - r.min_lng!) / 2) : 0.003,
      weight: own * (/虚拟/.test(r.name) ? 0.3 : 1) * (1 + Math.exp(-d / 8_000)),
    };
  });
}

/** A point of a committee: around its centre, spread over (and kept inside) its bounding box. */
export function pointIn(rand: Rand, c: CommitteePlace): { lat: number; lng: number } {
  const clip = (x: number, h: number) => Math.max(-h, Math.min(h, x));
  return {
    lat: c.lat + clip(gauss(rand) * c.halfLat * 0.5, c.halfLat),
    lng: c.lng + clip(gauss(rand) * c.halfLng * 0.5, c.halfLng),
  };
}

/** A chooser of committees by weight (the fill's, and the places where work comes up). */
export function committeeChooser(places: readonly CommitteePlace[]) {
  const w = new Weighted(places.map((p) => p.weight));
  return (rand: Rand) => places[w.pick(rand)]!;
}

export interface FillOptions {
  count: number;
  seed: number;
  /** only these committees (default all) */
  committees?: readonly CommitteePlace[];
  /** account ids, one per volunteer from the first (the rest have none) */
  accounts?: readonly string[];
  /** where the phone numbers start (fills into one database each give another) */
  phoneFirst?: number;
  /** rows per statement */
  chunk?: number;
  onProgress?: (done: number) => void;
}

/**
 * `count` active volunteers spread over the committees by weight: a name and phone each
 * (encrypted, masked, the phone's keyed hash), 1–3 skills, a week's availability, a usual
 * position in their committee with its gridCell square, some service already given; their
 * volunteer_skill_cells rows in the same statement. Returns the ids, in order.
 */
export async function fillVolunteers(
  db: Kysely<DB>,
  cipher: DataCipher,
  o: FillOptions,
): Promise<string[]> {
  const places = o.committees ?? (await committeePlaces(db, o.seed));
  // the volunteer's columns the (skill, square) rows carry beside the skill and square, if any
  const skillCellColumns = await sql<{ column_name: string }>`
    select column_name from information_schema.columns
    where table_schema = current_schema() and table_name = 'volunteer_skill_cells'`.execute(db);
  const carried = ['lat', 'lng', 'availability', 'area_path'].filter((c) =>
    skillCellColumns.rows.some((r) => r.column_name === c),
  );
  const choose = committeeChooser(places);
  const rand = prng(o.seed);
  const chunk = o.chunk ?? 20_000;
  const now = Date.now();
  const ids: string[] = [];
  for (let start = 0; start < o.count; start += chunk) {
    const n = Math.min(chunk, o.count - start);
    const cols = {
      id: [] as string[],
      account: [] as (string | null)[],
      nameEnc: [] as string[],
      nameMasked: [] as string[],
      phoneEnc: [] as string[],
      phoneHmac: [] as string[],
      phoneMasked: [] as string[],
      committee: [] as string[],
      path: [] as string[],
      skills: [] as string[],
      availability: [] as string[],
      lat: [] as number[],
      lng: [] as number[],
      cell: [] as string[],
      minutes: [] as number[],
      served: [] as (string | null)[],
      joined: [] as string[],
    };
    for (let k = 0; k < n; k++) {
      const i = start + k;
      const c = choose(rand);
      const p = pointIn(rand, c);
      const name =
        pick(rand, SURNAMES) + pick(rand, GIVEN) + (rand() < 0.7 ? pick(rand, GIVEN) : '');
      // unique across the run: 11 digits, 13x–19x
      const x = i + (o.phoneFirst ?? 0);
      const phone = `1${3 + (x % 7)}${String(100_000_000 + ((x * 7_919) % 900_000_000)).slice(-9)}`;
      const served = rand() < 0.45;
      const joined = now - Math.floor(rand() * 3 * 365) * 86_400_000;
      const id = crypto.randomUUID();
      ids.push(id);
      cols.id.push(id);
      cols.account.push(o.accounts?.[i] ?? null);
      cols.nameEnc.push(cipher.encrypt(name));
      cols.nameMasked.push(maskName(name));
      cols.phoneEnc.push(cipher.encrypt(phone));
      cols.phoneHmac.push(phoneHmac(cipher, phone));
      cols.phoneMasked.push(maskPhone(phone));
      cols.committee.push(c.code);
      cols.path.push(c.path);
      cols.skills.push(skillsOf(rand).join(','));
      cols.availability.push(availabilityOf(rand));
      cols.lat.push(p.lat);
      cols.lng.push(p.lng);
      cols.cell.push(String(gridCell(p.lat, p.lng)));
      cols.minutes.push(served ? Math.round(60 * 40 * Math.exp(gauss(rand))) : 0);
      cols.served.push(
        served
          ? new Date(now - Math.floor(rand() * 500) * 86_400_000).toISOString().slice(0, 10)
          : null,
      );
      cols.joined.push(new Date(joined).toISOString());
    }
    await sql`
      with v as (
        insert into volunteers (id, account_id, name_enc, name_masked, phone_enc, phone_hmac,
          phone_masked, committee_code, area_path, serve_codes, skills, availability, lat, lng,
          cell, status, total_minutes, last_served_on, joined_at, registered_by)
        select id, account, name_enc, name_masked, phone_enc, phone_hmac, phone_masked,
          committee, path, array[committee], string_to_array(skills, ','), availability, lat, lng,
          cell, 'active', minutes, served, joined, null
        from unnest(${cols.id}::uuid[], ${cols.account}::uuid[], ${cols.nameEnc}::text[],
          ${cols.nameMasked}::text[], ${cols.phoneEnc}::text[], ${cols.phoneHmac}::text[],
          ${cols.phoneMasked}::text[], ${cols.committee}::text[], ${cols.path}::text[],
          ${cols.skills}::text[], ${cols.availability}::text[], ${cols.lat}::float8[],
          ${cols.lng}::float8[], ${cols.cell}::bigint[], ${cols.minutes}::int[],
          ${cols.served}::date[], ${cols.joined}::timestamptz[])
          as t(id, account, name_enc, name_masked, phone_enc, phone_hmac, phone_masked,
            committee, path, skills, availability, lat, lng, cell, minutes, served, joined)
        returning id, skills, cell, lat, lng, availability, area_path)
      insert into volunteer_skill_cells (skill, cell, volunteer_id${sql.raw(carried.map((c) => `, ${c}`).join(''))})
      select s, v.cell, v.id${sql.raw(carried.map((c) => `, v.${c}`).join(''))}
      from v, unnest(v.skills || array['']::text[]) s`.execute(db);
    o.onProgress?.(start + n);
  }
  return ids;
}

/**
 * Bare accounts for the check-in bench's volunteers: a username, a display name and a phone
 * each, one shared password hash (sessions are written directly, nobody signs in by password).
 */
export async function bulkAccounts(
  db: Kysely<DB>,
  cipher: DataCipher,
  n: number,
  tag: string,
  /** the first phone number's place (phones are 177 and 8 digits from it) */
  first = 0,
): Promise<string[]> {
  const ids = Array.from({ length: n }, () => crypto.randomUUID());
  const hash = '$scrypt$bench-only$not-a-password';
  for (let i = 0; i < n; i += 1000) {
    await db
      .insertInto('accounts')
      .values(
        ids.slice(i, i + 1000).map((id, k) => {
          const phone = `177${String(100_000_000 + first + i + k).slice(-8)}`;
          return {
            id,
            username: `${tag}-${i + k}`,
            display_name: `志愿者${i + k}`,
            password_hash: hash,
            phone_enc: cipher.encrypt(phone),
            phone_hmac: cipher.lookupHash(phone),
            phone_masked: maskPhone(phone),
            created_by: null,
          };
        }),
      )
      .execute();
  }
  return ids;
}
