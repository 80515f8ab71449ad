import {
  ErrorCode,
  maskName,
  type CorrectFundEntryBody,
  type DecideExpenseBody,
  type FundEntry,
  type RecordFundEntryBody,
} from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { CHAIN_GENESIS, chainHash } from '../../platform/hash-chain.js';
import { recordAudit } from '../audit/index.js';
import { attachAttachments, attachmentRefsById } from '../media/index.js';
import {
  canApproveExpenses,
  canRecordFund,
  requireCouncilReader,
  requireThat,
  type Standing,
} from './councils.policy.js';
import {
  councilRules,
  findActiveMember,
  findCouncil,
  lockCouncil,
  normalizeId,
  representativeOf,
} from './councils.repo.js';
import { fundEntriesOf, RECEIPT_OWNER } from './fund-read.js';

/**
 * The shared fund's ledger (decision 022, "The shared fund"): every entry appended under the
 * council row's lock (`for update`), numbered 1, 2, 3 … without a gap, carrying the running
 * totals after it, and chained by `chainHash` over the previous entry's hash and its payload
 * (`fundChainPayload`). The council row holds the same totals and the chain head, so the
 * balance is one row read. Nothing is ever changed: a decision on an expense and a correction
 * are new entries.
 *
 * - pledge: pledged += amount (money promised, not held);
 * - contribution: contributed += amount, balance += amount;
 * - expense: waits for approvals (pending += amount); refused when above balance − pending;
 *   each receipt backs one expense only (one already taken by this council is a 409);
 * - approval: by the chair or a director, never on an expense they asked for, one asked for by
 *   a representative of their own member, or one paid to it; one per member organisation (two
 *   directors of one member count once); the one that reaches the
 *   council's `expenseApprovals` spends it (pending −, spent +, balance −, re-checked against
 *   the balance) and carries its amount, earlier ones 0;
 * - refusal: one refuses it (pending −), amount 0;
 * - correction: the change (may be negative) that brings a pledge, a contribution or an approved
 *   expense to its right amount; the balance never goes below 0.
 * So balance = contributed − spent after every entry, and never below 0 (a check on both tables).
 */

/** What the ledger keeps in the council row and in each entry. */
export interface FundTotalsRow {
  balance: number;
  pledged: number;
  contributed: number;
  spent: number;
  pending: number;
}

interface LockedCouncil extends FundTotalsRow {
  id: string;
  area_path: string;
  seq: number;
  head: string | null;
  expenseApprovals: number;
}

/** The fields of an entry its hash covers, in this order; never change it (old hashes). */
export function fundChainPayload(e: {
  councilId: string;
  seq: number;
  kind: string;
  memberId: string | null;
  amountFen: number;
  refersTo: number | null;
  note: string;
  receiptIds: readonly string[];
  recordedBy: string;
  recordedAt: Date;
}): unknown[] {
  return [
    e.councilId,
    e.seq,
    e.kind,
    e.memberId,
    e.amountFen,
    e.refersTo,
    e.note,
    e.receiptIds,
    e.recordedBy,
    e.recordedAt.toISOString(),
  ];
}

/** ¥1,234.56 from fen (a whole number, may be negative). */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toLocaleString('en');
  return `${sign}¥${whole}.${String(abs % 100).padStart(2, '0')}`;
}

const balanceConflict = (what: string, whatZh: string, t: FundTotalsRow): AppError =>
  new AppError(
    ErrorCode.conflict,
    `amountFen: ${what}: the fund's balance is ${yuan(t.balance)}` +
      (t.pending > 0
        ? `, of which ${yuan(t.pending)} waits for approval (${yuan(Math.max(0, t.balance - t.pending))} available)`
        : '') +
      ` / ${whatZh}：基金余额 ${yuan(t.balance)}` +
      (t.pending > 0
        ? `，其中待批支出 ${yuan(t.pending)}（可用 ${yuan(Math.max(0, t.balance - t.pending))}）`
        : ''),
    { field: 'amountFen', rule: 'balance' },
  );

function checkFen(field: string, v: number, min: number): void {
  if (!Number.isSafeInteger(v) || v < min)
    throw AppError.invalid(
      field,
      'fen',
      `${field}: a whole number of fen (分), at least ${min} / 金额须为不小于 ${min} 的整数（单位：分）`,
    );
}

/** The council row, locked for this transaction (`lockCouncil`), with its fund's totals. */
async function lockFund(trx: Kysely<DB>, councilId: string): Promise<LockedCouncil> {
  const r = await lockCouncil(trx, councilId);
  return {
    id: r.id,
    area_path: r.area_path,
    seq: r.fund_seq,
    head: r.fund_head,
    expenseApprovals: councilRules(r).expenseApprovals,
    balance: Number(r.balance_fen),
    pledged: Number(r.pledged_fen),
    contributed: Number(r.contributed_fen),
    spent: Number(r.spent_fen),
    pending: Number(r.pending_fen),
  };
}

interface NewEntry {
  kind: FundEntry['kind'];
  memberId: string | null;
  amountFen: number;
  refersTo: number | null;
  note: string;
  receiptIds: string[];
}

/**
 * Append one entry after `c` with the totals `after`: the entry row, then the council row's
 * totals and head. Refuses (409) a balance below 0 — callers check first with a better message;
 * this is the ledger's own guard.
 */
async function appendEntry(
  ctx: Ctx,
  trx: Kysely<DB>,
  c: LockedCouncil,
  e: NewEntry,
  after: FundTotalsRow,
): Promise<number> {
  const actor = ctx.actor!;
  if (after.balance < 0)
    throw balanceConflict('the balance would go below zero', '余额不能为负', c);
  for (const v of [after.balance, after.pledged, after.contributed, after.spent, after.pending])
    if (!Number.isSafeInteger(v))
      throw AppError.invalid('amountFen', 'max', 'amountFen: too large / 金额过大');
  const seq = c.seq + 1;
  const prevHash = c.head ?? CHAIN_GENESIS;
  const recordedAt = new Date();
  const hash = chainHash(
    prevHash,
    fundChainPayload({ councilId: c.id, seq, recordedBy: actor.id, recordedAt, ...e }),
  );
  await trx
    .insertInto('council_fund_entries')
    .values({
      council_id: c.id,
      seq,
      kind: e.kind,
      member_id: e.memberId,
      amount_fen: e.amountFen,
      refers_to: e.refersTo,
      note: e.note,
      receipt_ids: e.receiptIds,
      recorded_by: actor.id,
      recorded_by_name: maskName(actor.displayName),
      recorded_at: recordedAt,
      balance_fen: after.balance,
      pledged_fen: after.pledged,
      contributed_fen: after.contributed,
      spent_fen: after.spent,
      prev_hash: prevHash,
      hash,
    })
    .execute();
  await trx
    .updateTable('councils')
    .set({
      fund_seq: seq,
      fund_head: hash,
      balance_fen: after.balance,
      pledged_fen: after.pledged,
      contributed_fen: after.contributed,
      spent_fen: after.spent,
      pending_fen: after.pending,
    })
    .where('id', '=', c.id)
    .execute();
  Object.assign(c, after, { seq, head: hash });
  return seq;
}

async function requireActiveMember(
  trx: Kysely<DB>,
  councilId: string,
  memberId: string,
): Promise<void> {
  if (!(await findActiveMember(trx, councilId, memberId)))
    throw AppError.invalid(
      'memberId',
      'notMember',
      'memberId: not a member of this council / 该单位不是本组织的成员',
    );
}

async function readerWho(
  ctx: Ctx,
  councilId: string,
  may: (s: Standing) => boolean,
  message: string,
): Promise<Standing> {
  const { standing } = await requireCouncilReader(ctx, await findCouncil(ctx.db, councilId));
  requireThat(may(standing), message);
  return standing;
}

const DECIDERS =
  'Only the chair and the directors approve or refuse expenses / 仅主任和理事可审批支出';
const RECORDERS =
  "Only the council's chair, its secretary or street staff record the fund / 仅主任、秘书或街道工作人员可记账";

/** The entry just written, as the list shows it (its own receipts only). */
async function entryAt(ctx: Ctx, c: LockedCouncil, seq: number): Promise<FundEntry> {
  const [e] = await fundEntriesOf(ctx.db, c.id, c.expenseApprovals, [seq]);
  return e!;
}

/**
 * 409 `receiptIds.N` when a receipt already backs an expense of this council (attached to it
 * by an earlier expense: media accepts a file its owner already holds, so the ledger checks).
 * Under the council's lock, so two expenses at once cannot both take one receipt.
 */
async function requireUnusedReceipts(
  trx: Kysely<DB>,
  councilId: string,
  /** as in the body (normalized, not deduplicated): N is the body's index */
  receiptIds: readonly string[],
): Promise<void> {
  const taken = await attachmentRefsById(trx, RECEIPT_OWNER, councilId, receiptIds);
  const i = receiptIds.findIndex((id) => taken.has(id));
  if (i < 0) return;
  const id = receiptIds[i]!;
  const r = await sql<{ seq: number }>`
    select seq from council_fund_entries
    where council_id = ${councilId} and kind = 'expense' and ${id}::uuid = any(receipt_ids)
    order by seq desc limit 1`.execute(trx);
  const seq = r.rows[0]?.seq;
  const which = seq === undefined ? '' : ` no. ${seq}`;
  const whichZh = seq === undefined ? '' : `第 ${seq} 号`;
  throw new AppError(
    ErrorCode.conflict,
    `receiptIds.${i}: this receipt backs expense${which} already; each expense needs its own / 该票据已用于${whichZh}支出，每笔支出须附各自的票据`,
    { field: `receiptIds.${i}`, rule: 'unique' },
  );
}

/** POST /api/councils/:id/fund/entries — a pledge, a contribution or an expense. */
export async function recordFundEntry(
  ctx: Ctx,
  councilId: string,
  body: RecordFundEntryBody,
): Promise<FundEntry> {
  await readerWho(ctx, councilId, canRecordFund, RECORDERS);
  checkFen('amountFen', body.amountFen, 1);
  const note = body.note.trim();
  if (!note) throw AppError.invalid('note', 'required', 'note: say what it is / 请填写说明');
  // ids as the database gives them back (the hash covers them as stored); the body's order
  const receiptIds = [...new Set((body.receiptIds ?? []).map(normalizeId))];
  const memberId = body.memberId ? normalizeId(body.memberId) : null;
  if (body.kind !== 'expense' && !memberId)
    throw AppError.invalid(
      'memberId',
      'required',
      'memberId: which member gives it / 请选择认捐或缴款的成员单位',
    );
  if (body.kind === 'expense' && receiptIds.length === 0)
    throw AppError.invalid(
      'receiptIds',
      'required',
      'receiptIds: an expense needs at least one receipt (a photo or a PDF) / 支出须附至少一张票据',
    );
  if (body.kind !== 'expense' && receiptIds.length > 0)
    throw AppError.invalid(
      'receiptIds',
      'expenseOnly',
      'receiptIds: only an expense carries receipts / 仅支出可附票据',
    );
  const { c, seq } = await ctx.db.transaction().execute(async (trx) => {
    const c = await lockFund(trx, councilId);
    if (memberId) await requireActiveMember(trx, c.id, memberId);
    if (body.kind === 'expense')
      await requireUnusedReceipts(trx, c.id, (body.receiptIds ?? []).map(normalizeId));
    const after: FundTotalsRow = { ...c };
    if (body.kind === 'pledge') after.pledged += body.amountFen;
    else if (body.kind === 'contribution') {
      after.contributed += body.amountFen;
      after.balance += body.amountFen;
    } else {
      if (body.amountFen > c.balance - c.pending)
        throw balanceConflict(
          'the expense is above what the fund holds',
          '支出超出基金可用余额',
          c,
        );
      after.pending += body.amountFen;
    }
    const seq = await appendEntry(
      ctx,
      trx,
      c,
      {
        kind: body.kind,
        memberId,
        amountFen: body.amountFen,
        refersTo: null,
        note,
        receiptIds,
      },
      after,
    );
    if (body.kind === 'expense') {
      await attachAttachments(trx, {
        ids: receiptIds,
        ownerType: RECEIPT_OWNER,
        ownerId: c.id,
        uploadedBy: ctx.actor!.id,
        field: 'receiptIds',
      });
      await trx
        .insertInto('council_fund_expenses')
        .values({
          council_id: c.id,
          seq,
          amount_fen: body.amountFen,
          requested_by: ctx.actor!.id,
        })
        .execute();
    }
    await recordAudit(
      ctx,
      {
        action: `council.fund.${body.kind}`,
        objectType: 'council',
        objectId: c.id,
        areaPath: c.area_path,
        detail: { seq, amountFen: body.amountFen, memberId },
      },
      trx,
    );
    return { c, seq };
  });
  return entryAt(ctx, c, seq);
}

/** POST /api/councils/:id/fund/expenses/:seq/decision — the chair or a director decides. */
export async function decideExpense(
  ctx: Ctx,
  councilId: string,
  expenseSeq: number,
  body: DecideExpenseBody,
): Promise<FundEntry> {
  await readerWho(ctx, councilId, canApproveExpenses, DECIDERS);
  const actorId = ctx.actor!.id;
  const { c, seq } = await ctx.db.transaction().execute(async (trx) => {
    const c = await lockFund(trx, councilId);
    // the decider's standing as of the lock: a role taken away meanwhile no longer decides
    const rep = await representativeOf(trx, c.id, actorId);
    requireThat(canApproveExpenses({ staff: false, rep }), DECIDERS);
    const x = await trx
      .selectFrom('council_fund_expenses as x')
      .innerJoin('council_fund_entries as e', (j) =>
        j.onRef('e.council_id', '=', 'x.council_id').onRef('e.seq', '=', 'x.seq'),
      )
      .select(['x.amount_fen', 'x.state', 'x.approvals', 'x.requested_by', 'e.member_id'])
      .where('x.council_id', '=', c.id)
      .where('x.seq', '=', expenseSeq)
      .executeTakeFirst();
    if (!x) throw AppError.notFound('No such expense / 未找到该支出');
    // the requester's member (staff represent none): its representatives do not decide either
    const asker =
      x.requested_by === actorId ? rep : await representativeOf(trx, c.id, x.requested_by);
    if (
      x.requested_by === actorId ||
      (asker && asker.memberId === rep!.memberId) ||
      (x.member_id && x.member_id === rep!.memberId)
    )
      throw new AppError(
        ErrorCode.forbidden,
        'decision: nobody decides an expense they or their own member asked for, or that is paid to their own member / 不能审批本人或本单位提出的、或支付给本单位的支出',
        { field: 'decision', rule: 'own' },
      );
    if (x.state !== 'pending')
      throw AppError.conflict(
        `decision: the expense is already ${x.state} / 该支出已${x.state === 'approved' ? '批准' : '驳回'}`,
        'decision',
      );
    const already = await trx
      .selectFrom('council_fund_approvals')
      .select('account_id')
      .where('council_id', '=', c.id)
      .where('expense_seq', '=', expenseSeq)
      .where((eb) => eb.or([eb('account_id', '=', actorId), eb('member_id', '=', rep!.memberId)]))
      .executeTakeFirst();
    if (already)
      throw AppError.conflict(
        already.account_id === actorId
          ? 'decision: you have approved this expense already / 您已批准过该支出'
          : 'decision: another representative of your member has approved this expense; a member approves once / 本单位的另一位代表已批准该支出，每个成员单位只计一次',
        'decision',
      );
    const amount = Number(x.amount_fen);
    const after: FundTotalsRow = { ...c };
    let state = 'pending';
    let approvals = x.approvals;
    let moved = 0;
    if (body.decision === 'approve') {
      approvals += 1;
      await trx
        .insertInto('council_fund_approvals')
        .values({
          council_id: c.id,
          expense_seq: expenseSeq,
          account_id: actorId,
          member_id: rep!.memberId,
        })
        .execute();
      if (approvals >= c.expenseApprovals) {
        if (amount > c.balance)
          throw balanceConflict('the expense is above the balance now', '支出超出当前基金余额', c);
        state = 'approved';
        moved = amount;
        after.pending -= amount;
        after.spent += amount;
        after.balance -= amount;
      }
    } else {
      state = 'refused';
      after.pending -= amount;
    }
    await trx
      .updateTable('council_fund_expenses')
      .set({ state, approvals })
      .where('council_id', '=', c.id)
      .where('seq', '=', expenseSeq)
      .execute();
    const seq = await appendEntry(
      ctx,
      trx,
      c,
      {
        kind: body.decision === 'approve' ? 'approval' : 'refusal',
        memberId: null,
        amountFen: moved,
        refersTo: expenseSeq,
        note: body.note?.trim() ?? '',
        receiptIds: [],
      },
      after,
    );
    await recordAudit(
      ctx,
      {
        action: `council.fund.${body.decision}`,
        objectType: 'council',
        objectId: c.id,
        areaPath: c.area_path,
        detail: { seq, expense: expenseSeq, state, approvals, required: c.expenseApprovals },
      },
      trx,
    );
    return { c, seq };
  });
  return entryAt(ctx, c, seq);
}

/** POST /api/councils/:id/fund/corrections — bring an entry to its right amount. */
export async function correctFundEntry(
  ctx: Ctx,
  councilId: string,
  body: CorrectFundEntryBody,
): Promise<FundEntry> {
  await readerWho(ctx, councilId, canRecordFund, RECORDERS);
  checkFen('amountFen', body.amountFen, 0);
  const note = body.note.trim();
  if (!note) throw AppError.invalid('note', 'required', 'note: say why / 请填写更正原因');
  const { c, seq } = await ctx.db.transaction().execute(async (trx) => {
    const c = await lockFund(trx, councilId);
    const target = await trx
      .selectFrom('council_fund_entries')
      .select(['kind', 'member_id', 'amount_fen'])
      .where('council_id', '=', c.id)
      .where('seq', '=', body.corrects)
      .executeTakeFirst();
    if (!target)
      throw AppError.invalid('corrects', 'exists', 'corrects: no such entry / 没有这条记录');
    let current: number;
    if (target.kind === 'expense') {
      const x = await trx
        .selectFrom('council_fund_expenses')
        .select(['state', 'amount_fen'])
        .where('council_id', '=', c.id)
        .where('seq', '=', body.corrects)
        .executeTakeFirstOrThrow();
      if (x.state !== 'approved')
        throw AppError.invalid(
          'corrects',
          'kind',
          'corrects: an expense is corrected once approved (a pending one is refused and asked again) / 支出须批准后方可更正（待批支出请驳回后重新申请）',
        );
      current = Number(x.amount_fen);
    } else if (target.kind === 'pledge' || target.kind === 'contribution') {
      const r = await sql<{ delta: string | null }>`
        select sum(amount_fen)::text as delta from council_fund_entries
        where council_id = ${c.id} and refers_to = ${body.corrects} and kind = 'correction'`.execute(
        trx,
      );
      current = Number(target.amount_fen) + Number(r.rows[0]?.delta ?? 0);
    } else
      throw AppError.invalid(
        'corrects',
        'kind',
        'corrects: only a pledge, a contribution or an approved expense is corrected / 只能更正认捐、实缴或已批准的支出',
      );
    const delta = body.amountFen - current;
    if (delta === 0)
      throw AppError.invalid(
        'amountFen',
        'unchanged',
        `amountFen: the entry is ${yuan(current)} already / 该记录金额已是 ${yuan(current)}`,
      );
    const after: FundTotalsRow = { ...c };
    if (target.kind === 'pledge') after.pledged += delta;
    else if (target.kind === 'contribution') {
      after.contributed += delta;
      after.balance += delta;
    } else {
      after.spent += delta;
      after.balance -= delta;
    }
    if (after.balance < 0)
      throw balanceConflict(
        'the correction would take the balance below zero',
        '更正后基金余额将为负',
        c,
      );
    if (target.kind === 'expense')
      await trx
        .updateTable('council_fund_expenses')
        .set({ amount_fen: body.amountFen })
        .where('council_id', '=', c.id)
        .where('seq', '=', body.corrects)
        .execute();
    const seq = await appendEntry(
      ctx,
      trx,
      c,
      {
        kind: 'correction',
        memberId: target.member_id,
        amountFen: delta,
        refersTo: body.corrects,
        note,
        receiptIds: [],
      },
      after,
    );
    await recordAudit(
      ctx,
      {
        action: 'council.fund.correction',
        objectType: 'council',
        objectId: c.id,
        areaPath: c.area_path,
        detail: { seq, corrects: body.corrects, from: current, to: body.amountFen },
      },
      trx,
    );
    return { c, seq };
  });
  return entryAt(ctx, c, seq);
}
