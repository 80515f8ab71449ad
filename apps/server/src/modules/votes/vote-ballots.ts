import type { BallotReceipt, CastBallotBody, PaperBallotBody } from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { maskPersonalNumbers } from '../../platform/text-masking.js';
import { recordAudit } from '../audit/index.js';
import { attachAttachments, attachmentRefs } from '../media/index.js';
import { appendBallot, assertTakesBallots } from './vote-chain.js';
import { voterStanding } from './vote-voters.js';
import { mayWatch, requireReader, requireRunner } from './votes.policy.js';
import { requireVote } from './votes.repo.js';

/**
 * Casting a ballot: an owner online (one ballot per owner group, any co-owner on record casts
 * it), staff on paper with the photo of the signed sheet (书面表决, audited). Both go through
 * `appendBallot`, the one way into the vote's chain.
 */

/** The owner type of a paper ballot's signed sheet (not the vote's documents: staff only). */
export const BALLOT_SHEET_OWNER = 'vote_ballot';
const SHEET_KINDS = ['jpeg', 'png', 'pdf'];

export const STAFF_ENTER_PAPER =
  'Staff do not vote: staff enter paper ballots / 工作人员不能网上表决，请录入书面表决票';

/** A paper ballot's signed sheet: staff who watch the vote read it (never the electorate). */
export async function canSeeBallotSheet(ctx: Ctx, file: { ownerId: string }): Promise<boolean> {
  const v = await ctx.db
    .selectFrom('votes')
    .select('area_path')
    .where('id', '=', file.ownerId)
    .executeTakeFirst();
  return !!v && mayWatch(ctx.actor, v);
}

/** An owner's ballot online, for the owner group they are on record for (or `roomId`'s). */
export async function castBallot(
  ctx: Ctx,
  voteId: string,
  body: CastBallotBody,
): Promise<BallotReceipt> {
  const v = await requireVote(ctx.db, voteId);
  const reader = await requireReader(ctx, v);
  if (reader.kind === 'staff') throw AppError.forbidden(STAFF_ENTER_PAPER);
  assertTakesBallots(v, new Date());
  const standing = await voterStanding(ctx.db, v.id, reader.home);
  if (!standing.owner) throw AppError.forbidden(standing.reason);
  const choices = () =>
    standing.groups
      .map((g) => g.units.map((u) => `${u.label} (${u.roomId})`).join(', '))
      .join('; ');
  let group = standing.groups[0]!;
  if (body.roomId) {
    const picked = standing.groups.find((g) => g.units.some((u) => u.roomId === body.roomId));
    if (!picked)
      throw AppError.invalid(
        'roomId',
        'exists',
        `roomId: you are not an owner on record of that unit in this vote; yours: ${choices()} / 您不是该房屋的登记业主`,
      );
    group = picked;
  } else if (standing.groups.length > 1)
    throw AppError.invalid(
      'roomId',
      'required',
      `roomId: you own units of ${standing.groups.length} owner groups in this vote (each casts its own ballot); say which unit this ballot is for: ${choices()} / 您名下有多组房屋，请选择本次表决的房屋`,
    );
  return ctx.db.transaction().execute((trx) =>
    appendBallot(trx, v, {
      headNo: group.headNo,
      choice: body.choice,
      channel: 'online',
      castBy: ctx.actor!.id,
    }),
  );
}

/** Staff enter a paper ballot (书面表决) for a unit's owner group, with the signed sheet. */
export async function enterPaperBallot(
  ctx: Ctx,
  voteId: string,
  body: PaperBallotBody,
): Promise<BallotReceipt> {
  const v = await requireVote(ctx.db, voteId);
  await requireRunner(ctx, v);
  assertTakesBallots(v, new Date());
  const unit = await ctx.db
    .selectFrom('vote_units')
    .select(['head_no', 'label'])
    .where('vote_id', '=', v.id)
    .where('room_id', '=', body.roomId)
    .executeTakeFirst();
  if (!unit)
    throw AppError.invalid(
      'roomId',
      'exists',
      'roomId: that room is not in this vote’s electorate / 该房屋不在本次表决范围内',
    );
  const note = body.note?.trim() ? maskPersonalNumbers(body.note.trim()) : null;
  return ctx.db.transaction().execute(async (trx) => {
    const receipt = await appendBallot(trx, v, {
      headNo: unit.head_no,
      choice: body.choice,
      channel: 'paper',
      castBy: ctx.actor!.id,
      attachmentId: body.attachmentId,
      note,
    });
    // under the vote's lock (appendBallot): a sheet goes to one ballot
    const taken = (await attachmentRefs(trx, BALLOT_SHEET_OWNER, [v.id])).get(v.id) ?? [];
    if (taken.some((a) => a.id === body.attachmentId.toLowerCase()))
      throw AppError.invalid(
        'attachmentId',
        'unattached',
        'attachmentId: that sheet belongs to another paper ballot already; upload the photo of this one / 该照片已用于其他书面表决票，请上传本张表决票的照片',
      );
    await attachAttachments(trx, {
      ids: [body.attachmentId],
      ownerType: BALLOT_SHEET_OWNER,
      ownerId: v.id,
      uploadedBy: ctx.actor!.id,
      field: 'attachmentId',
    });
    const sheet = (await attachmentRefs(trx, BALLOT_SHEET_OWNER, [v.id]))
      .get(v.id)
      ?.find((a) => a.id === body.attachmentId.toLowerCase());
    if (!sheet || !SHEET_KINDS.includes(sheet.kind))
      throw AppError.invalid(
        'attachmentId',
        'type',
        'attachmentId: the signed sheet is a photo (JPEG, PNG) or a PDF / 书面表决票须为照片（JPEG、PNG）或 PDF',
      );
    await recordAudit(
      ctx,
      {
        action: 'votes.ballot.paper',
        objectType: 'vote',
        objectId: v.id,
        areaPath: v.area_path,
        detail: {
          voteId: v.id,
          headNo: unit.head_no,
          unit: unit.label,
          choice: body.choice,
          attachmentId: body.attachmentId,
          seq: receipt.seq,
          replaces: receipt.replaces,
        },
      },
      trx,
    );
    return receipt;
  });
}
