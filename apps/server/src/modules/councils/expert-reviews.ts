import type { Application, ExpertReviewBody } from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import {
  conflictField,
  forbiddenField,
  getApplication,
  requireApplicationReader,
} from './applications.js';

/** Shortest reason a reviewer gives for "changes" or "refuse". */
const REASON_MIN = 2;

/**
 * An expert reviewer (守门人) decides on an application in its current round: only the
 * guideline's reviewers, never one who represents the applying member (403 `own`), once per
 * round (409). When approvals reach the number the guideline requires it is approved; one
 * refusal refuses it; "changes" sends it back to the member, whose resubmission starts a new
 * round. Under the application's row lock, with the guideline's counter in the same
 * transaction, so two reviewers deciding at once count both.
 */
export async function reviewApplication(
  ctx: Ctx,
  id: string,
  body: ExpertReviewBody,
): Promise<Application> {
  const { app, access } = await requireApplicationReader(ctx, id);
  if (!access.reviewer)
    throw AppError.forbidden(
      "Only the guideline's expert reviewers review its applications / 仅该导则的评审专家可以评审",
    );
  if (access.standing.rep?.memberId === app.member_id)
    throw forbiddenField(
      'decision',
      'own',
      'decision: you represent the applying member, so you cannot review its application / 您是申请成员的代表，不能评审本申请',
    );
  const reason = (body.reason ?? '').trim();
  if (body.decision !== 'approve' && reason.length < REASON_MIN)
    throw AppError.invalid(
      'reason',
      'required',
      `reason: give a reason (at least ${REASON_MIN} characters) to ask for changes or refuse / 要求修改或不同意时须填写理由（至少 ${REASON_MIN} 个字）`,
    );
  const me = ctx.actor!.id;
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await trx
      .selectFrom('council_applications')
      .select(['state', 'round', 'approvals'])
      .where('id', '=', app.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (locked.state !== 'submitted')
      throw conflictField(
        'state',
        'notUnderReview',
        locked.state === 'changes_requested'
          ? 'state: the application waits for the member’s changes / 申请正等待成员修改后重新提交'
          : 'state: the application has been decided / 该申请已有评审结论',
      );
    const inserted = await trx
      .insertInto('council_application_reviews')
      .values({
        application_id: app.id,
        reviewer_id: me,
        round: locked.round,
        decision: body.decision,
        reason,
      })
      .onConflict((oc) => oc.columns(['application_id', 'reviewer_id', 'round']).doNothing())
      .returning('round')
      .executeTakeFirst();
    if (!inserted)
      throw conflictField(
        'decision',
        'once',
        'decision: you have reviewed this round already / 您已评审过本轮申请',
      );
    const approvals = locked.approvals + (body.decision === 'approve' ? 1 : 0);
    const state =
      body.decision === 'refuse'
        ? 'refused'
        : body.decision === 'changes'
          ? 'changes_requested'
          : approvals >= access.guideline.approvals_required
            ? 'approved'
            : 'submitted';
    await trx
      .updateTable('council_applications')
      .set({
        approvals,
        state,
        ...(state === 'approved' || state === 'refused' ? { decided_at: new Date() } : {}),
      })
      .where('id', '=', app.id)
      .execute();
    if (state === 'approved')
      await trx
        .updateTable('council_guidelines')
        .set((eb) => ({ approved: eb('approved', '+', 1) }))
        .where('id', '=', app.guideline_id)
        .execute();
    await recordAudit(
      ctx,
      {
        action: 'councils.application.review',
        objectType: 'council_application',
        objectId: app.id,
        areaPath: access.council.area_path,
        detail: { round: locked.round, decision: body.decision, state },
      },
      trx,
    );
  });
  return getApplication(ctx, app.id);
}
