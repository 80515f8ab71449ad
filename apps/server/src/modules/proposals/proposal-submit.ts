import crypto from 'node:crypto';
import {
  maskName,
  PROPOSAL_BODY_MAX,
  PROPOSAL_TITLE_MAX,
  PROPOSAL_TITLE_MIN,
  type EditProposalBody,
  type ProposalDetail,
  type ProposalPlace,
  type SubmitProposalBody,
} from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { committeePath, isWithin } from '../../platform/policy.js';
import { maskPersonalNumbers } from '../../platform/text-masking.js';
import { findAreaCached, resolveAreaCode } from '../areas/index.js';
import { recordAudit } from '../audit/index.js';
import { attachmentRefs, setAttachments } from '../media/index.js';
import { queueNotifications } from '../notifications/index.js';
import { residentHome, type ResidentHome } from '../residents/index.js';
import { answerDue, deadlineJob } from './proposal-deadlines.js';
import { getProposal, readable } from './proposal-detail.js';
import { thresholdNow } from './proposal-settings.js';
import { assertTransition } from './proposal-states.js';
import * as repo from './proposals.repo.js';

/** A verified resident proposes, edits until the first support, withdraws while it gathers support. */

const PHOTO_OWNER = repo.PHOTO_OWNER;
const WITHDRAWN_ONLY_OPEN =
  'Only a proposal still gathering support can be withdrawn / 只有征集支持中的建议可以撤回';

/** The actor's verified home, or a 403 that says to get verified first. */
export async function requireHome(ctx: Ctx): Promise<ResidentHome> {
  const home = await residentHome(ctx.db, ctx.actor!.id);
  if (!home) throw AppError.forbidden(repo.VERIFY_FIRST);
  return home;
}

function cleanTitle(raw: string): string {
  const t = raw.trim();
  if (t.length < PROPOSAL_TITLE_MIN || t.length > PROPOSAL_TITLE_MAX)
    throw AppError.invalid(
      'title',
      t.length < PROPOSAL_TITLE_MIN ? 'minLength' : 'maxLength',
      `title must be ${PROPOSAL_TITLE_MIN}–${PROPOSAL_TITLE_MAX} characters / 标题须为${PROPOSAL_TITLE_MIN}–${PROPOSAL_TITLE_MAX}个字`,
    );
  return maskPersonalNumbers(t);
}

function cleanBody(raw: string): string {
  const t = raw.trim();
  if (t.length < 1 || t.length > PROPOSAL_BODY_MAX)
    throw AppError.invalid(
      'body',
      t.length < 1 ? 'minLength' : 'maxLength',
      `body must be 1–${PROPOSAL_BODY_MAX} characters / 正文须为1–${PROPOSAL_BODY_MAX}个字`,
    );
  return maskPersonalNumbers(t);
}

/** The place must lie in the committee (the area tree's point resolution): a 400 naming `place` otherwise. */
async function placeInCommittee(
  db: Kysely<DB>,
  place: ProposalPlace | null | undefined,
  committeePath: string,
): Promise<void> {
  if (!place) return;
  const code = resolveAreaCode(db, place.lng, place.lat);
  const area = code ? await findAreaCached(db, code) : undefined;
  if (!area || !isWithin(area.path, committeePath))
    throw AppError.invalid(
      'place',
      'within',
      `place (lng ${place.lng}, lat ${place.lat}) lies outside the committee's area / 位置不在本居委会范围内`,
    );
}

/** Attach the photos (own uploads, images only) in the caller's transaction; their count. */
async function attachPhotos(
  trx: Kysely<DB>,
  proposalId: string,
  by: string,
  ids: readonly string[],
) {
  await setAttachments(trx, {
    ids,
    ownerType: PHOTO_OWNER,
    ownerId: proposalId,
    uploadedBy: by,
    field: 'attachmentIds',
  });
  const refs = (await attachmentRefs(trx, PHOTO_OWNER, [proposalId])).get(proposalId) ?? [];
  for (const r of refs)
    if (r.kind !== 'jpeg' && r.kind !== 'png')
      throw AppError.invalid(
        'attachmentIds',
        'type',
        `attachmentIds: ${r.name} is not a photo (JPEG or PNG only) / 只能上传图片`,
      );
  return refs.length;
}

/**
 * A verified resident proposes to their committee. The threshold is fixed now (the committee's
 * rule over its verified households), and the author is its first supporter and follower.
 */
export async function submitProposal(ctx: Ctx, body: SubmitProposalBody): Promise<ProposalDetail> {
  const actor = ctx.actor!;
  const title = cleanTitle(body.title);
  const text = cleanBody(body.body);
  const home = await requireHome(ctx);
  const path = committeePath(home.areaPath, home.committeeCode);
  await placeInCommittee(ctx.db, body.place, path);
  const { threshold, answerDays } = await thresholdNow(ctx.db, home.committeeCode, path);
  const id = crypto.randomUUID();
  const now = new Date();
  const reached = threshold <= 1;
  if (reached) assertTransition('open', 'awaiting_answer');
  const due = reached ? answerDue(now, answerDays) : null;
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('proposals')
      .values({
        id,
        committee_code: home.committeeCode,
        area_path: path,
        street_code: repo.streetOf(path),
        author_id: actor.id,
        author_name_masked: maskName(actor.displayName),
        title,
        body: text,
        category: body.category,
        place_lng: body.place?.lng ?? null,
        place_lat: body.place?.lat ?? null,
        state: reached ? 'awaiting_answer' : 'open',
        support_count: 1,
        follower_count: 1,
        threshold,
        answer_days: answerDays,
        threshold_reached_at: reached ? now : null,
        due_at: due,
        created_at: now,
        updated_at: now,
        last_activity_at: now,
      })
      .execute();
    await trx
      .insertInto('proposal_supports')
      .values({ proposal_id: id, account_id: actor.id, created_at: now })
      .execute();
    await trx
      .insertInto('proposal_follows')
      .values({ proposal_id: id, account_id: actor.id, created_at: now })
      .execute();
    const photos = body.attachmentIds?.length
      ? await attachPhotos(trx, id, actor.id, body.attachmentIds)
      : 0;
    if (photos > 0)
      await trx
        .updateTable('proposals')
        .set({ photo_count: photos })
        .where('id', '=', id)
        .execute();
    await repo.insertEvent(trx, {
      proposalId: id,
      actorId: actor.id,
      actorName: maskName(actor.displayName),
      action: 'submit',
      toState: 'open',
      at: now,
      detail: { threshold },
    });
    if (reached) {
      await repo.insertEvent(trx, {
        proposalId: id,
        actorId: null,
        actorName: 'system',
        action: 'threshold',
        fromState: 'open',
        toState: 'awaiting_answer',
        at: now,
        detail: { supportCount: 1, threshold, dueAt: due!.toISOString() },
      });
      const staff = await repo.staffAt(trx, home.committeeCode, ['committee_staff']);
      await queueNotifications(
        trx,
        staff.map((recipientId) => ({
          caseId: null,
          areaPath: path,
          recipientId,
          channels: ['inapp' as const],
          text: `【社区云】居民建议「${title}」已达到支持门槛，请在${answerDays}天内答复。`,
        })),
        [deadlineJob(id, now, due!, answerDays)],
      );
    }
    await recordAudit(
      ctx,
      {
        action: 'proposals.submit',
        objectType: 'proposal',
        objectId: id,
        areaPath: path,
        detail: { threshold },
      },
      trx,
    );
  });
  ctx.jobs.kick();
  return getProposal(ctx, id);
}

/** The author edits title, text, category, photos or place while nobody else supports it. */
export async function editProposal(
  ctx: Ctx,
  id: string,
  body: EditProposalBody,
): Promise<ProposalDetail> {
  const actor = ctx.actor!;
  const { p } = await readable(ctx, id);
  if (p.author_id !== actor.id)
    throw AppError.forbidden('Only the author edits a proposal / 只有建议人可以修改');
  const title = body.title === undefined ? undefined : cleanTitle(body.title);
  const text = body.body === undefined ? undefined : cleanBody(body.body);
  await placeInCommittee(ctx.db, body.place, p.area_path);
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await repo.lockProposal(trx, id);
    if (!locked || locked.state !== 'open' || locked.support_count !== 1)
      throw AppError.conflict(
        'A proposal can be edited only until someone else supports it / 已有邻居支持，建议不能再修改',
      );
    const photos =
      body.attachmentIds === undefined
        ? undefined
        : await attachPhotos(trx, id, actor.id, body.attachmentIds);
    const now = new Date();
    await trx
      .updateTable('proposals')
      .set({
        ...(title === undefined ? {} : { title }),
        ...(text === undefined ? {} : { body: text }),
        ...(body.category === undefined ? {} : { category: body.category }),
        ...(body.place === undefined
          ? {}
          : { place_lng: body.place?.lng ?? null, place_lat: body.place?.lat ?? null }),
        ...(photos === undefined ? {} : { photo_count: photos }),
        updated_at: now,
        last_activity_at: now,
      })
      .where('id', '=', id)
      .execute();
    await repo.insertEvent(trx, {
      proposalId: id,
      actorId: actor.id,
      actorName: locked.author_name_masked,
      action: 'edit',
      at: now,
    });
  });
  return getProposal(ctx, id);
}

/** The author withdraws a proposal still gathering support. */
export async function withdrawProposal(ctx: Ctx, id: string): Promise<ProposalDetail> {
  const actor = ctx.actor!;
  const { p } = await readable(ctx, id);
  if (p.author_id !== actor.id)
    throw AppError.forbidden('Only the author withdraws a proposal / 只有建议人可以撤回');
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await repo.lockProposal(trx, id);
    assertTransition(locked?.state ?? 'withdrawn', 'withdrawn', WITHDRAWN_ONLY_OPEN);
    const now = new Date();
    await trx
      .updateTable('proposals')
      .set({ state: 'withdrawn', updated_at: now, last_activity_at: now })
      .where('id', '=', id)
      .execute();
    await repo.insertEvent(trx, {
      proposalId: id,
      actorId: actor.id,
      actorName: p.author_name_masked,
      action: 'withdraw',
      fromState: 'open',
      toState: 'withdrawn',
      at: now,
    });
  });
  return getProposal(ctx, id);
}
