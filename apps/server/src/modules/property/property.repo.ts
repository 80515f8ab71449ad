import type {
  FeeAmount,
  FeeChangeState,
  FeeChangeView,
  FeeRate,
  FeeUse,
  OwnersCommitteeMember,
  OwnersCommitteeRole,
  PropertyCompanyView,
} from '@cc/contracts';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { pathWithin } from '../../platform/db/path-within.js';
import type { DB } from '../../platform/db/schema.js';

/** The property module's queries that more than one use case shares (a few per page, never one per compound). */

/** A date column as 'YYYY-MM-DD' (pg would make a Date of it in the server's zone). */
const day = (column: string): RawBuilder<string> =>
  sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;

export interface CompoundArea {
  code: string;
  name: string;
  path: string;
  committeeCode: string;
  committeeName: string;
}

/** The compounds at or below an area (the area tree is shared with every module), with their committees. */
export async function compoundsWithin(db: Kysely<DB>, path: string): Promise<CompoundArea[]> {
  const rows = await db
    .selectFrom('areas')
    .select(['code', 'name', 'path'])
    .where('level', '=', 'compound')
    .where(pathWithin('path', [path]))
    .orderBy('code')
    .execute();
  return withCommittees(db, rows);
}

/** One compound by its code, with its committee; undefined if it is no compound. */
export async function findCompound(
  db: Kysely<DB>,
  code: string,
): Promise<CompoundArea | undefined> {
  const rows = await db
    .selectFrom('areas')
    .select(['code', 'name', 'path'])
    .where('level', '=', 'compound')
    .where('code', '=', code)
    .execute();
  return (await withCommittees(db, rows))[0];
}

async function withCommittees(
  db: Kysely<DB>,
  rows: { code: string; name: string; path: string }[],
): Promise<CompoundArea[]> {
  const segments = [...new Set(rows.flatMap((r) => r.path.split('/')))];
  if (segments.length === 0) return [];
  const committees = await db
    .selectFrom('areas')
    .select(['code', 'name'])
    .where('level', '=', 'committee')
    .where('code', 'in', segments)
    .execute();
  const names = new Map(committees.map((c) => [c.code, c.name]));
  return rows.flatMap((r) => {
    const committeeCode = r.path.split('/').find((s) => names.has(s));
    return committeeCode ? [{ ...r, committeeCode, committeeName: names.get(committeeCode)! }] : [];
  });
}

/** Each compound's company and contract. */
export async function companiesOf(
  db: Kysely<DB>,
  codes: readonly string[],
): Promise<Map<string, PropertyCompanyView>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .selectFrom('property_compounds as c')
    .innerJoin('property_companies as k', 'k.id', 'c.company_id')
    .select([
      'c.compound_code',
      'k.id',
      'k.name',
      'k.uscc',
      'k.service_phone',
      day('c.contract_start').as('contract_start'),
      day('c.contract_end').as('contract_end'),
    ])
    .where('c.compound_code', 'in', codes)
    .execute();
  return new Map(
    rows.map((r) => [
      r.compound_code,
      {
        id: r.id,
        name: r.name,
        uscc: r.uscc,
        servicePhone: r.service_phone,
        contractStart: r.contract_start,
        contractEnd: r.contract_end,
      },
    ]),
  );
}

export async function membersOf(
  db: Kysely<DB>,
  codes: readonly string[],
): Promise<Map<string, OwnersCommitteeMember[]>> {
  const out = new Map<string, OwnersCommitteeMember[]>();
  if (codes.length === 0) return out;
  const rows = await db
    .selectFrom('owners_committee_members')
    .select([
      'compound_code',
      'name',
      'role',
      day('term_start').as('term_start'),
      day('term_end').as('term_end'),
    ])
    .where('compound_code', 'in', codes)
    .orderBy('compound_code')
    .orderBy('position')
    .execute();
  for (const r of rows) {
    const list = out.get(r.compound_code) ?? [];
    list.push({
      name: r.name,
      role: r.role as OwnersCommitteeRole,
      termStart: r.term_start,
      termEnd: r.term_end,
    });
    out.set(r.compound_code, list);
  }
  return out;
}

/** The fee history of the compounds, newest first per use. */
export async function feeHistory(
  db: Kysely<DB>,
  codes: readonly string[],
): Promise<Map<string, FeeRate[]>> {
  const out = new Map<string, FeeRate[]>();
  if (codes.length === 0) return out;
  const rows = await db
    .selectFrom('property_fees')
    .select([
      'compound_code',
      'use',
      'fen',
      day('effective_from').as('effective_from'),
      'change_id',
      'vote_id',
    ])
    .where('compound_code', 'in', codes)
    .orderBy('compound_code')
    .orderBy('use')
    .orderBy('effective_from', 'desc')
    .execute();
  for (const r of rows) {
    const list = out.get(r.compound_code) ?? [];
    list.push({
      use: r.use as FeeUse,
      fen: r.fen,
      effectiveFrom: r.effective_from,
      changeId: r.change_id,
      voteId: r.vote_id,
    });
    out.set(r.compound_code, list);
  }
  return out;
}

/** The fees in force on `today` (YYYY-MM-DD) out of a history newest first. */
export function feesInForce(history: readonly FeeRate[], today: string): FeeRate[] {
  const out: FeeRate[] = [];
  for (const rate of history)
    if (rate.effectiveFrom <= today && !out.some((r) => r.use === rate.use)) out.push(rate);
  return out;
}

const CHANGE_COLUMNS = [
  'id',
  'compound_code',
  'committee_code',
  'area_path',
  'fees',
  'previous',
  'reason',
  'state',
  'vote_id',
  'created_by',
  'created_at',
  'decided_at',
] as const;

export type FeeChangeRow = Omit<FeeChangeView, 'compoundName'> & { areaPath: string };

function toChange(r: {
  id: string;
  compound_code: string;
  committee_code: string;
  area_path: string;
  fees: unknown;
  previous: unknown;
  effective_from: string;
  reason: string;
  state: string;
  vote_id: string | null;
  created_at: Date;
  decided_at: Date | null;
}): FeeChangeRow {
  const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as FeeAmount[];
  return {
    id: r.id,
    compoundCode: r.compound_code,
    committeeCode: r.committee_code,
    areaPath: r.area_path,
    state: r.state as FeeChangeState,
    fees: json(r.fees),
    previous: json(r.previous),
    effectiveFrom: r.effective_from,
    reason: r.reason,
    voteId: r.vote_id,
    createdAt: r.created_at.toISOString(),
    decidedAt: r.decided_at?.toISOString() ?? null,
  };
}

export async function findChange(
  db: Kysely<DB>,
  id: string,
  lock = false,
): Promise<FeeChangeRow | undefined> {
  const row = await db
    .selectFrom('property_fee_changes')
    .select([...CHANGE_COLUMNS, day('effective_from').as('effective_from')])
    .where('id', '=', id)
    .$if(lock, (q) => q.forUpdate())
    .executeTakeFirst();
  return row && toChange(row);
}

/** The compounds' changes, newest first (`proposedOnly`: only those awaiting a vote). */
export async function changesOf(
  db: Kysely<DB>,
  codes: readonly string[],
  proposedOnly: boolean,
): Promise<FeeChangeRow[]> {
  if (codes.length === 0) return [];
  const rows = await db
    .selectFrom('property_fee_changes')
    .select([...CHANGE_COLUMNS, day('effective_from').as('effective_from')])
    .where('compound_code', 'in', codes)
    .$if(proposedOnly, (q) => q.where('state', '=', 'proposed'))
    .orderBy('created_at', 'desc')
    .limit(proposedOnly ? codes.length : 50)
    .execute();
  return rows.map(toChange);
}

/** The compound's record, made if missing (inside the caller's transaction). */
export async function ensureCompound(
  trx: Kysely<DB>,
  c: CompoundArea,
  by: string | null,
): Promise<void> {
  await trx
    .insertInto('property_compounds')
    .values({
      compound_code: c.code,
      committee_code: c.committeeCode,
      area_path: c.path,
      updated_by: by,
    })
    .onConflict((oc) => oc.column('compound_code').doNothing())
    .execute();
}
