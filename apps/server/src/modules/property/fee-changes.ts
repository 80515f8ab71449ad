import crypto from 'node:crypto';
import type { CreateFeeChangeBody, FeeChangeView } from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { AppDeps, Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import type { VoteSubjectType } from '../votes/index.js';
import { checkDay, checkFees, editableCompound } from './property-edits.js';
import { NO_SUCH_CHANGE } from './property.policy.js';
import {
  ensureCompound,
  feeHistory,
  feesInForce,
  findChange,
  findCompound,
  type FeeChangeRow,
} from './property.repo.js';
import { readableCompound, today } from './property.service.js';

/**
 * A change of the property fee (物业费调整) is the owners' decision: staff propose it for a
 * compound ('proposed'), a vote of the whole compound's owners (subject 'property_fee') decides
 * it; when its result is published, passed → 'approved' and the new fees enter the history
 * from their effective date, not passed → 'rejected'. Nothing applies a fee without that vote.
 */

async function view(db: Kysely<DB>, c: FeeChangeRow): Promise<FeeChangeView> {
  const compound = await findCompound(db, c.compoundCode);
  const { areaPath: _, ...rest } = c;
  return { ...rest, compoundName: compound?.name ?? c.compoundCode };
}

/** POST /api/property/fee-changes: a change put to the owners (201). */
export async function createFeeChange(ctx: Ctx, body: CreateFeeChangeBody): Promise<FeeChangeView> {
  const compound = await editableCompound(ctx, body.compoundCode).catch(() => {
    throw AppError.invalid(
      'compoundCode',
      'exists',
      'compoundCode: no such compound in your committee / 您的居委会没有这个小区',
    );
  });
  checkFees(body.fees);
  checkDay(body.effectiveFrom, 'effectiveFrom');
  if (body.effectiveFrom < today())
    throw AppError.invalid(
      'effectiveFrom',
      'future',
      'effectiveFrom: a new fee takes effect today or later / 新物业费的生效日期不能早于今天',
    );
  const reason = body.reason.trim();
  if (reason.length < 2)
    throw AppError.invalid('reason', 'minLength', 'reason: 2 to 1000 characters / 请说明调整理由');
  const id = crypto.randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    await ensureCompound(trx, compound, ctx.actor!.id);
    const pending = await trx
      .selectFrom('property_fee_changes')
      .select('id')
      .where('compound_code', '=', compound.code)
      .where('state', '=', 'proposed')
      .executeTakeFirst();
    if (pending)
      throw AppError.conflict(
        `compoundCode: a fee change of this compound awaits the owners' vote already (${pending.id}) / 本小区已有待业主表决的物业费调整`,
        'compoundCode',
      );
    const history = (await feeHistory(trx, [compound.code])).get(compound.code) ?? [];
    const previous = feesInForce(history, today()).map((r) => ({ use: r.use, fen: r.fen }));
    await trx
      .insertInto('property_fee_changes')
      .values({
        id,
        compound_code: compound.code,
        committee_code: compound.committeeCode,
        area_path: compound.path,
        fees: JSON.stringify(body.fees),
        previous: JSON.stringify(previous),
        effective_from: body.effectiveFrom,
        reason,
        created_by: ctx.actor!.id,
      })
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'property.fee-change.propose',
        objectType: 'property_fee_change',
        objectId: id,
        areaPath: compound.path,
        detail: {
          compound: compound.code,
          fees: body.fees,
          previous,
          effectiveFrom: body.effectiveFrom,
        },
      },
      trx,
    );
  });
  return view(ctx.db, (await findChange(ctx.db, id))!);
}

/** GET /api/property/fee-changes/:id: staff of its area, or a resident of its compound; else 404. */
export async function getFeeChange(ctx: Ctx, id: string): Promise<FeeChangeView> {
  const change = await findChange(ctx.db, id);
  if (!change) throw AppError.notFound(NO_SUCH_CHANGE);
  await readableCompound(ctx, change.compoundCode).catch((e: unknown) => {
    throw e instanceof AppError && e.statusCode === 404 ? AppError.notFound(NO_SUCH_CHANGE) : e;
  });
  return view(ctx.db, change);
}

/**
 * POST /api/property/fee-changes/:id/apply: a change enters the fee history only through a
 * passed owners' vote (the vote's publication applies it); before that, or after a vote that
 * did not pass, 409. An approved change is returned as it stands.
 */
export async function applyFeeChange(ctx: Ctx, id: string): Promise<FeeChangeView> {
  const change = await findChange(ctx.db, id);
  if (!change) throw AppError.notFound(NO_SUCH_CHANGE);
  await editableCompound(ctx, change.compoundCode).catch(() => {
    throw AppError.notFound(NO_SUCH_CHANGE);
  });
  if (change.state !== 'approved')
    throw AppError.conflict(
      change.state === 'rejected'
        ? "The owners' vote did not pass: this fee change cannot be applied / 业主表决未通过，不能执行此物业费调整"
        : "A fee change needs a passed owners' vote first (发起业主表决) / 物业费调整须经业主表决通过后方可执行",
    );
  return view(ctx.db, change);
}

/** The votes module asks whether a change may be put to the owners (vote subject 'property_fee'). */
export const feeChangeSubject: VoteSubjectType = {
  async mayPutToVote(db, subjectId, vote) {
    const change = await findChange(db, subjectId);
    if (!change || change.committeeCode !== vote.committeeCode) return null;
    if (change.state !== 'proposed')
      return 'subject: this fee change has been decided already / 该物业费调整已表决';
    if (vote.electorateKind !== 'compound' || vote.compoundCode !== change.compoundCode)
      return `electorate: a fee change is decided by the owners of its whole compound (kind compound, compoundCode ${change.compoundCode}) / 物业费调整须由本小区全体业主表决`;
    return true;
  },
};

/** In the votes module's publishing transaction: the owners decided a fee change. */
export async function onVotePublished(
  trx: Kysely<DB>,
  deps: AppDeps,
  p: { voteId: string; committeeCode: string; passed: boolean; subjectId: string | null },
): Promise<void> {
  if (!p.subjectId) return;
  const change = await findChange(trx, p.subjectId, true);
  if (!change || change.state !== 'proposed' || change.committeeCode !== p.committeeCode) return;
  const compound = await findCompound(trx, change.compoundCode);
  if (compound) await ensureCompound(trx, compound, null);
  await trx
    .updateTable('property_fee_changes')
    .set({ state: p.passed ? 'approved' : 'rejected', vote_id: p.voteId, decided_at: new Date() })
    .where('id', '=', change.id)
    .execute();
  if (p.passed)
    await trx
      .insertInto('property_fees')
      .values(
        change.fees.map((f) => ({
          compound_code: change.compoundCode,
          use: f.use,
          effective_from: change.effectiveFrom,
          fen: f.fen,
          change_id: change.id,
          vote_id: p.voteId,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['compound_code', 'use', 'effective_from']).doUpdateSet((eb) => ({
          fen: eb.ref('excluded.fen'),
          change_id: eb.ref('excluded.change_id'),
          vote_id: eb.ref('excluded.vote_id'),
        })),
      )
      .execute();
  await recordAudit(
    { ...deps, actor: null, ip: null },
    {
      action: p.passed ? 'property.fee-change.approve' : 'property.fee-change.reject',
      objectType: 'property_fee_change',
      objectId: change.id,
      areaPath: change.areaPath,
      detail: { voteId: p.voteId, compound: change.compoundCode, fees: change.fees },
    },
    trx,
  );
}
