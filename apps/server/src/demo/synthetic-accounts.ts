/**
 * Resident accounts for the synthetic city: one account per registry resident (present, with a
 * room), up to a cap, each verified into the resident's room — an `accounts` row, a `resident`
 * role binding at the compound and a `resident_links` row, as the residents module would leave
 * them after approval. For the demo street and for load tests (notices at a million accounts).
 *
 * Every account shares one precomputed password hash (argon2id takes tens of milliseconds per
 * hash: a million would take hours) and gets a fresh mobile number in the 199 range (unique,
 * encrypted, hashed and masked like a real one), so urgent notices have somewhere to text.
 * Rows are written with copyInto (COPY on PostgreSQL, batched INSERTs on PGlite), a page of
 * residents at a time; residents who have a link already are skipped, so a second run adds
 * only what is missing.
 */
import crypto from 'node:crypto';
import { maskPhone } from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import { hashPassword } from '../modules/identity/index.js';
import type { DataCipher } from '../platform/crypto.js';
import { copyInto } from '../platform/db/copy.js';
import { pathWithin } from '../platform/db/path-within.js';
import type { DB } from '../platform/db/schema.js';

export interface AccountGenOptions {
  /** the most accounts to make (default: every resident without one) */
  cap?: number;
  /** only residents below these area paths (e.g. one street's path) */
  withinPaths?: string[];
  /** the password every account gets (default the demo's) */
  password?: string;
  /** residents read and accounts written per round */
  page?: number;
  onProgress?: (made: number) => void;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const username = () => {
  const bytes = crypto.randomBytes(10);
  let s = 'r-';
  for (const b of bytes) s += ALPHABET[b % ALPHABET.length];
  return s;
};

/** Head of household → owner; spouse → co-owner; tenants stay tenants; everyone else family. */
function linkRelation(relation: string | null, ownership: string | null): string {
  if (relation === 'head') return ownership === 'rented' ? 'tenant' : 'owner';
  if (relation === 'spouse') return ownership === 'rented' ? 'tenant' : 'co_owner';
  if (relation === 'tenant') return 'tenant';
  return 'family';
}

export async function generateResidentAccounts(
  db: Kysely<DB>,
  cipher: DataCipher,
  opts: AccountGenOptions = {},
): Promise<{ accounts: number; seconds: number }> {
  const started = performance.now();
  const cap = opts.cap ?? Number.POSITIVE_INFINITY;
  const page = opts.page ?? 20_000;
  const passwordHash = await hashPassword(opts.password ?? 'shanghai-2026');
  // phones 199xxxxxxxx: numbered on from the synthetic ones already made
  const taken = await sql<{ n: number }>`
    select count(*)::int as n from accounts where username like 'r-%'`.execute(db);
  let phoneNo = 1_000_000 + taken.rows[0]!.n;
  let made = 0;
  let after: string | null = null;
  while (made < cap) {
    const want = Math.min(page, cap - made);
    const rows = await sql<{
      id: string;
      room_id: string;
      household_id: string | null;
      relation: string | null;
      building_id: string;
      committee_code: string;
      compound_code: string;
      area_path: string;
      ownership: string | null;
    }>`
      select p.id, p.room_id, p.household_id, p.relation, r.building_id, b.committee_code,
        b.compound_code, b.area_path, r.ownership
      from residents p
      join rooms r on r.id = p.room_id
      join buildings b on b.id = r.building_id
      where p.status = 'present'
        ${opts.withinPaths ? sql`and ${pathWithin('p.area_path', opts.withinPaths)}` : sql``}
        ${after ? sql`and p.id > ${after}::uuid` : sql``}
        and not exists (select 1 from resident_links l where l.resident_id = p.id)
      order by p.id
      limit ${want}`.execute(db);
    if (rows.rows.length === 0) break;
    after = rows.rows[rows.rows.length - 1]!.id;
    const accounts: (string | null)[][] = [];
    const bindings: (string | null)[][] = [];
    const links: (string | boolean | null)[][] = [];
    for (const p of rows.rows) {
      const id = crypto.randomUUID();
      const phone = `199${String(phoneNo++).padStart(8, '0')}`;
      accounts.push([
        id,
        username(),
        `居民${phone.slice(-4)}`,
        passwordHash,
        cipher.encrypt(phone),
        cipher.lookupHash(phone),
        maskPhone(phone),
      ]);
      bindings.push([crypto.randomUUID(), id, 'resident', p.compound_code, p.area_path]);
      links.push([
        id,
        p.id,
        p.room_id,
        p.building_id,
        p.household_id,
        p.committee_code,
        p.compound_code,
        p.area_path,
        linkRelation(p.relation, p.ownership),
        p.relation === 'head',
        'verified',
      ]);
    }
    await copyInto(
      db,
      'accounts',
      [
        'id',
        'username',
        'display_name',
        'password_hash',
        'phone_enc',
        'phone_hmac',
        'phone_masked',
      ],
      accounts,
    );
    await copyInto(
      db,
      'role_bindings',
      ['id', 'account_id', 'role', 'area_code', 'area_path'],
      bindings,
    );
    await copyInto(
      db,
      'resident_links',
      [
        'account_id',
        'resident_id',
        'room_id',
        'building_id',
        'household_id',
        'committee_code',
        'compound_code',
        'area_path',
        'relation',
        'is_head',
        'status',
      ],
      links,
    );
    made += rows.rows.length;
    opts.onProgress?.(made);
  }
  if (made > 0) await sql`analyze accounts, role_bindings, resident_links`.execute(db);
  return { accounts: made, seconds: (performance.now() - started) / 1000 };
}
