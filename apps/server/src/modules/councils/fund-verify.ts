import type { FundChainCheck } from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { CHAIN_GENESIS, chainHash } from '../../platform/hash-chain.js';
import { requireCouncilReader } from './councils.policy.js';
import { findCouncil, type CouncilRecord } from './councils.repo.js';
import { fundChainPayload } from './fund-ledger.js';
import { uuidList } from './fund-read.js';

const VERIFY_PAGE = 5000;

/**
 * GET /api/councils/:id/fund/verify — read in pages by seq: seq 1, 2, 3 … without a gap, each
 * prevHash the hash before it, each hash recomputed from its payload; each entry's running
 * totals those of the entry before moved as its kind says (balance = contributed − spent, never
 * below 0); and the council row's totals, pending sum and head those of the last entry.
 */
export async function verifyFund(ctx: Ctx, councilId: string): Promise<FundChainCheck> {
  const { council } = await requireCouncilReader(ctx, await findCouncil(ctx.db, councilId));
  return verifyFundChain(ctx.db, council);
}

export async function verifyFundChain(
  db: Kysely<DB>,
  council: CouncilRecord,
): Promise<FundChainCheck> {
  let prev = CHAIN_GENESIS;
  let length = 0;
  const t = { balance: 0, pledged: 0, contributed: 0, spent: 0 };
  const pending = new Map<number, number>();
  const broken = (seq: number | null, reason: string): FundChainCheck => ({
    ok: false,
    length,
    head: length > 0 ? prev : null,
    brokenAt: seq,
    reason,
  });
  for (;;) {
    const rows = await db
      .selectFrom('council_fund_entries')
      .select([
        'seq',
        'kind',
        'member_id',
        'amount_fen',
        'refers_to',
        'note',
        'receipt_ids',
        'recorded_by',
        'recorded_at',
        'balance_fen',
        'pledged_fen',
        'contributed_fen',
        'spent_fen',
        'prev_hash',
        'hash',
      ])
      .where('council_id', '=', council.id)
      .where('seq', '>', length)
      .orderBy('seq')
      .limit(VERIFY_PAGE)
      .execute();
    for (const e of rows) {
      if (e.seq !== length + 1) return broken(e.seq, `expected seq ${length + 1}, found ${e.seq}`);
      if (e.prev_hash !== prev) return broken(e.seq, 'prevHash is not the previous entry’s hash');
      const amount = Number(e.amount_fen);
      const payload = fundChainPayload({
        councilId: council.id,
        seq: e.seq,
        kind: e.kind,
        memberId: e.member_id,
        amountFen: amount,
        refersTo: e.refers_to,
        note: e.note,
        receiptIds: uuidList(e.receipt_ids as string[] | string),
        recordedBy: e.recorded_by,
        recordedAt: new Date(e.recorded_at),
      });
      if (chainHash(prev, payload) !== e.hash)
        return broken(e.seq, 'the hash does not match the entry');
      const stored = {
        balance: Number(e.balance_fen),
        pledged: Number(e.pledged_fen),
        contributed: Number(e.contributed_fen),
        spent: Number(e.spent_fen),
      };
      const problem =
        e.kind === 'correction'
          ? correct(t, stored, amount)
          : move(t, pending, e.kind, amount, e.refers_to, e.seq);
      if (problem) return broken(e.seq, problem);
      if (
        stored.balance !== t.balance ||
        stored.pledged !== t.pledged ||
        stored.contributed !== t.contributed ||
        stored.spent !== t.spent
      )
        return broken(e.seq, 'the running totals do not add up');
      prev = e.hash;
      length = e.seq;
    }
    if (rows.length < VERIFY_PAGE) break;
  }
  const pendingSum = [...pending.values()].reduce((a, b) => a + b, 0);
  if (
    council.fund_seq !== length ||
    (council.fund_head ?? null) !== (length > 0 ? prev : null) ||
    Number(council.balance_fen) !== t.balance ||
    Number(council.pledged_fen) !== t.pledged ||
    Number(council.contributed_fen) !== t.contributed ||
    Number(council.spent_fen) !== t.spent ||
    Number(council.pending_fen) !== pendingSum
  )
    return broken(null, 'the council’s totals or head are not the ledger’s');
  return { ok: true, length, head: length > 0 ? prev : null, brokenAt: null, reason: null };
}

/** Move the totals by one entry as the ledger does; a sentence when the entry cannot be so. */
function move(
  t: Totals,
  pending: Map<number, number>,
  kind: string,
  amount: number,
  refersTo: number | null,
  seq: number,
): string | null {
  switch (kind) {
    case 'pledge':
      t.pledged += amount;
      break;
    case 'contribution':
      t.contributed += amount;
      t.balance += amount;
      break;
    case 'expense':
      pending.set(seq, amount);
      break;
    case 'approval':
    case 'refusal': {
      const x = refersTo === null ? undefined : pending.get(refersTo);
      if (x === undefined) return `a decision on ${refersTo}, which is no pending expense`;
      if (kind === 'refusal' || amount > 0) pending.delete(refersTo!);
      if (kind === 'approval' && amount > 0) {
        if (amount !== x) return 'the approval spends another amount than the expense’s';
        t.spent += amount;
        t.balance -= amount;
      } else if (amount !== 0) return 'a decision that moves no money carries 0';
      break;
    }
    default:
      return `unknown kind ${kind}`;
  }
  return t.balance < 0 ? 'the balance goes below zero' : null;
}

type Totals = { balance: number; pledged: number; contributed: number; spent: number };

/**
 * A correction moves the pledges, the contributions (and the balance with them) or the spending
 * (and the balance against it) by its amount, as the entry it corrects was: the stored totals
 * say which; anything else does not add up.
 */
function correct(t: Totals, stored: Totals, amount: number): string | null {
  if (amount === 0) return 'a correction that changes nothing';
  const ways: Totals[] = [
    { ...t, pledged: t.pledged + amount },
    { ...t, contributed: t.contributed + amount, balance: t.balance + amount },
    { ...t, spent: t.spent + amount, balance: t.balance - amount },
  ];
  const way = ways.find(
    (w) =>
      w.balance === stored.balance &&
      w.pledged === stored.pledged &&
      w.contributed === stored.contributed &&
      w.spent === stored.spent,
  );
  if (!way) return 'the running totals do not add up';
  Object.assign(t, way);
  return t.balance < 0 ? 'the balance goes below zero' : null;
}
