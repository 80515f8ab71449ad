import type {
  AttachmentRef,
  ExpenseState,
  FundEntry,
  FundEntryKind,
  FundEntryList,
  FundEntryQuery,
  FundTotals,
} from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { openCursor, sealCursor } from '../../platform/cursor.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { attachmentRefsById, type OwnedFileRef } from '../media/index.js';
import { canRead, requireCouncilReader, standingIn } from './councils.policy.js';
import { councilRules, findCouncil, normalizeId, type CouncilRecord } from './councils.repo.js';

/**
 * Reading the shared fund (decision 022): the totals are the council row's (one row read,
 * kept by the ledger); entries newest first by keyset on seq, a member's through the partial
 * index on (council_id, member_id, seq desc); the chain verified page by page. Every member's
 * representatives and the staff over the street read all of it; nobody else learns it exists.
 */

/** Who owns receipts in the media module: the council (its members and staff read them). */
export const RECEIPT_OWNER = 'council_fund';

/** A stored entry with its member's name, as the readers here select it. */
export interface FundEntryRow {
  seq: number;
  kind: string;
  member_id: string | null;
  member_name: string | null;
  amount_fen: string;
  refers_to: number | null;
  note: string;
  receipt_ids: string[] | string;
  expense_state: string | null;
  expense_approvals: number | null;
  recorded_by_name: string;
  recorded_at: Date;
  balance_fen: string;
  hash: string;
}

/** uuid[] as the driver gives it back (an array; a '{…}' text on drivers that do not parse it) */
export function uuidList(v: string[] | string | null): string[] {
  if (Array.isArray(v)) return v;
  if (!v || v === '{}') return [];
  return v.replace(/^\{|\}$/g, '').split(',');
}

/** The council's fund totals, from its row. */
export function totalsOf(c: CouncilRecord): FundTotals {
  return {
    balanceFen: Number(c.balance_fen),
    pledgedFen: Number(c.pledged_fen),
    contributedFen: Number(c.contributed_fen),
    spentFen: Number(c.spent_fen),
    pendingFen: Number(c.pending_fen),
    entries: c.fund_seq,
    chainHead: c.fund_head,
  };
}

/**
 * The base query of entries with their member's name and, for an expense (and a decision, its
 * expense's), where the expense stands now.
 */
export function entryRows(db: Kysely<DB>, councilId: string) {
  return db
    .selectFrom('council_fund_entries as e')
    .leftJoin('council_members as m', 'm.id', 'e.member_id')
    .leftJoin('council_fund_expenses as x', (j) =>
      j.onRef('x.council_id', '=', 'e.council_id').on(
        'x.seq',
        '=',
        sql<number>`case when e.kind = 'expense' then e.seq
            when e.kind in ('approval', 'refusal') then e.refers_to end`,
      ),
    )
    .select([
      'x.state as expense_state',
      'x.approvals as expense_approvals',
      'e.seq',
      'e.kind',
      'e.member_id',
      'm.name as member_name',
      'e.amount_fen',
      'e.refers_to',
      'e.note',
      'e.receipt_ids',
      'e.recorded_by_name',
      'e.recorded_at',
      'e.balance_fen',
      'e.hash',
    ])
    .where('e.council_id', '=', councilId);
}

/**
 * Rows as FundEntry: the expenses' standing (for decisions, their expense's) and receipts —
 * only the page's receipts, read by id (never all of the council's).
 */
export async function hydrateEntries(
  db: Kysely<DB>,
  councilId: string,
  required: number,
  rows: readonly FundEntryRow[],
): Promise<FundEntry[]> {
  const receiptIds = rows.flatMap((r) => uuidList(r.receipt_ids));
  const files: Map<string, AttachmentRef> =
    receiptIds.length > 0
      ? await attachmentRefsById(db, RECEIPT_OWNER, councilId, receiptIds)
      : new Map();
  return rows.map((r) => ({
    seq: r.seq,
    kind: r.kind as FundEntryKind,
    member: r.member_id ? { id: r.member_id, name: r.member_name ?? '' } : null,
    amountFen: Number(r.amount_fen),
    note: r.note,
    refersTo: r.refers_to,
    expense:
      r.expense_state === null
        ? null
        : {
            state: r.expense_state as ExpenseState,
            approvals: r.expense_approvals ?? 0,
            required,
          },
    receipts: uuidList(r.receipt_ids).flatMap((id) => files.get(id) ?? []),
    recordedBy: r.recorded_by_name,
    recordedAt: new Date(r.recorded_at).toISOString(),
    balanceFen: Number(r.balance_fen),
    hash: r.hash,
  }));
}

/** Entries by seq (oldest first), hydrated; for the ledger's answers. */
export async function fundEntriesOf(
  db: Kysely<DB>,
  councilId: string,
  required: number,
  seqs: readonly number[],
): Promise<FundEntry[]> {
  if (seqs.length === 0) return [];
  const rows = await entryRows(db, councilId)
    .where('e.seq', 'in', [...seqs])
    .orderBy('e.seq')
    .execute();
  return hydrateEntries(db, councilId, required, rows);
}

/** GET /api/councils/:id/fund */
export async function getFundTotals(ctx: Ctx, councilId: string): Promise<FundTotals> {
  const { council } = await requireCouncilReader(ctx, await findCouncil(ctx.db, councilId));
  return totalsOf(council);
}

const LIST = 'councils.fund';

/** A member of this council (now or once), else 400 naming `member`. */
export async function requireMemberOf(
  db: Kysely<DB>,
  councilId: string,
  memberId: string,
): Promise<void> {
  const m = await db
    .selectFrom('council_members')
    .select('id')
    .where('council_id', '=', normalizeId(councilId))
    .where('id', '=', normalizeId(memberId))
    .executeTakeFirst();
  if (!m)
    throw AppError.invalid(
      'member',
      'notMember',
      'member: not a member of this council / 该单位不是本组织的成员',
    );
}

/** GET /api/councils/:id/fund/entries — newest first, keyset on seq. */
export async function listFundEntries(
  ctx: Ctx,
  councilId: string,
  q: FundEntryQuery,
): Promise<FundEntryList> {
  const { council } = await requireCouncilReader(ctx, await findCouncil(ctx.db, councilId));
  const limit = q.limit ?? 20;
  const memberId = q.member ? normalizeId(q.member) : undefined;
  const list = `${LIST}:${council.id}:${memberId ?? ''}:${q.kind ?? ''}`;
  let before: number | null = null;
  if (q.cursor) {
    const pos = openCursor(ctx.cipher.key, list, ctx.actor?.id, q.cursor);
    if (typeof pos !== 'number' || !Number.isInteger(pos))
      throw AppError.invalid('cursor', 'format', 'cursor is not valid / 分页游标无效');
    before = pos;
  }
  let query = entryRows(ctx.db, council.id);
  if (memberId)
    query = query.where('e.member_id', '=', memberId).where('e.member_id', 'is not', null);
  // a kind's page reads through council_fund_entries_kind_idx (council_id, kind, seq desc)
  if (q.kind) query = query.where('e.kind', '=', q.kind);
  if (before !== null) query = query.where('e.seq', '<', before);
  const rows = await query
    .orderBy('e.seq', 'desc')
    .limit(limit + 1)
    .execute();
  // a member's statement with entries is a member's; an empty one may be nobody's
  if (memberId && rows.length === 0) await requireMemberOf(ctx.db, council.id, memberId);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    totals: totalsOf(council),
    items: await hydrateEntries(ctx.db, council.id, councilRules(council).expenseApprovals, page),
    nextCursor:
      rows.length > limit && last
        ? sealCursor(ctx.cipher.key, list, ctx.actor?.id, last.seq)
        : null,
  };
}

/** Who else reads a council's receipts: its members' representatives and the staff over it. */
export async function canReadFundReceipt(ctx: Ctx, file: OwnedFileRef): Promise<boolean> {
  const council = await findCouncil(ctx.db, file.ownerId);
  return !!council && canRead(await standingIn(ctx, council));
}
