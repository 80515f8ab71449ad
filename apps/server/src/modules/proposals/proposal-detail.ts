import type { AttachmentRef, ProposalDetail, ProposalEvent, ProposalState } from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { attachmentRefs } from '../media/index.js';
import { commentCounts } from './proposal-discussion.js';
import { committeeNames, toSummary } from './proposal-list.js';
import { SUPPORTABLE } from './proposal-states.js';
import { canAnswer, canRead, isNeighbour, type Reader } from './proposals.policy.js';
import * as repo from './proposals.repo.js';

/** The proposal for a reader: 404 to whoever may not read it (writers check more). */
export async function readable(ctx: Ctx, id: string) {
  const p = await repo.findProposal(ctx.db, id);
  const reader = await repo.readerOf(ctx.db, ctx.actor!.id);
  if (!p || !canRead(ctx.actor, reader, p)) throw AppError.notFound(repo.NOT_FOUND);
  return { p, reader };
}

/** Why the reader may not support (null: they may). */
function cannotSupport(reader: Reader, p: repo.ProposalRow): string | null {
  if (!reader.home) return repo.VERIFY_FIRST;
  if (!isNeighbour(reader.home, p))
    return 'Only residents of the committee support its proposals / 仅本居委会居民可以支持';
  if (!SUPPORTABLE.includes(p.state as ProposalState))
    return 'This proposal no longer takes support / 该建议已不再征集支持';
  return null;
}

/** One proposal with its timeline, answer, updates and links, and what the reader may do. */
export async function getProposal(ctx: Ctx, id: string): Promise<ProposalDetail> {
  const actor = ctx.actor!;
  const { p, reader } = await readable(ctx, id);
  const [events, refs, names, comments, support, follow] = await Promise.all([
    ctx.db
      .selectFrom('proposal_events')
      .selectAll()
      .where('proposal_id', '=', id)
      .orderBy('at')
      .orderBy('id')
      .execute(),
    attachmentRefs(ctx.db, repo.PHOTO_OWNER, [id]),
    committeeNames(ctx.db, [p.committee_code]),
    commentCounts(ctx.db, [id]),
    ctx.db
      .selectFrom('proposal_supports')
      .select('account_id')
      .where('proposal_id', '=', id)
      .where('account_id', '=', actor.id)
      .executeTakeFirst(),
    ctx.db
      .selectFrom('proposal_follows')
      .select('account_id')
      .where('proposal_id', '=', id)
      .where('account_id', '=', actor.id)
      .executeTakeFirst(),
  ]);
  const state = p.state as ProposalState;
  const reason = cannotSupport(reader, p);
  const isAuthor = p.author_id === actor.id;
  const answerer = canAnswer(actor, p);
  return {
    ...toSummary(ctx, p, {
      committeeName: names.get(p.committee_code) ?? p.committee_code,
      comments: comments.get(id) ?? 0,
      mySupport: !!support,
      now: new Date(),
    }),
    body: p.body,
    photos: (refs.get(id) ?? []) as AttachmentRef[],
    place:
      p.place_lng !== null && p.place_lat !== null ? { lng: p.place_lng, lat: p.place_lat } : null,
    answer:
      p.answer_kind && p.answer_at
        ? {
            kind: p.answer_kind as 'accepted',
            text: p.answer_text ?? '',
            at: p.answer_at.toISOString(),
            byName: p.answer_by_name ?? '',
            doneBy: p.done_by,
          }
        : null,
    updates: events
      .filter((e) => e.action === 'update')
      .map((e) => ({
        id: e.id,
        at: e.at.toISOString(),
        byName: e.actor_name,
        text: e.message ?? '',
        progress: Number(e.detail?.progress ?? 0),
        done: e.detail?.done === true,
      })),
    timeline: events.map((e): ProposalEvent => ({
      at: e.at.toISOString(),
      action: e.action as ProposalEvent['action'],
      actorName: e.actor_name,
      fromState: e.from_state as ProposalState | null,
      toState: e.to_state as ProposalState | null,
      message: e.message,
      detail: e.detail,
    })),
    links: {
      meetingId: p.meeting_id,
      meetingItemId: p.meeting_item_id,
      caseId: p.case_id,
      caseNumber: p.case_number,
    },
    myFollow: !!follow,
    canSupport: reason === null && !support,
    cannotSupportReason: reason,
    canTakeBack: !!support && !isAuthor && state === 'open',
    canEdit: isAuthor && state === 'open' && p.support_count === 1,
    canWithdraw: isAuthor && state === 'open',
    canAnswer: answerer && state === 'awaiting_answer',
    canUpdate: answerer && state === 'accepted',
    doneAt: p.done_at?.toISOString() ?? null,
  };
}

/** For the media module: whoever may read the proposal reads its photos. */
export async function canSeeProposalFile(ctx: Ctx, file: { ownerId: string }): Promise<boolean> {
  if (!ctx.actor) return false;
  const p = await repo.findProposal(ctx.db, file.ownerId);
  return !!p && canRead(ctx.actor, await repo.readerOf(ctx.db, ctx.actor.id), p);
}
