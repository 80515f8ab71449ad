import type { ProposalState } from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { maskPersonalNumbers } from '../../platform/text-masking.js';
import type { MeetingDecision } from '../meetings/index.js';
import { queueNotifications } from '../notifications/index.js';
import { answerDue, deadlineJob } from './proposal-deadlines.js';
import { assertTransition } from './proposal-states.js';
import { tellJob } from './proposal-tell.js';
import * as repo from './proposals.repo.js';

/**
 * What a meeting does to a proposal put to it (in the meeting's transaction, through its
 * events): adopted → accepted (progress updates follow), rejected → declined, deferred — or the
 * meeting cancelled — → awaiting the committee's answer again, with a new deadline chain. On
 * the public timeline, and told to the supporters and followers.
 */

const DECISION: Record<MeetingDecision, { to: ProposalState; text: string }> = {
  adopted: { to: 'accepted', text: '议事会通过' },
  rejected: { to: 'declined', text: '议事会未通过' },
  deferred: { to: 'awaiting_answer', text: '议事会暂缓，重新等待居委会答复' },
};

const MEETING = { actorId: null, actorName: '议事会 meeting' };

/** The state change a meeting brings, guarded by the state machine; a new deadline when it awaits again. */
async function move(trx: Kysely<DB>, p: repo.ProposalRow, to: ProposalState, now: Date) {
  assertTransition(p.state, to);
  const due = to === 'awaiting_answer' ? answerDue(now, p.answer_days) : null;
  await trx
    .updateTable('proposals')
    .set({
      state: to,
      ...(to === 'accepted' ? { progress: 0 } : {}),
      // awaiting again: the earlier answer (put to the meeting) is on the timeline, not the row
      ...(due
        ? {
            due_at: due,
            answer_kind: null,
            answer_text: null,
            answer_at: null,
            answer_by: null,
            answer_by_name: null,
          }
        : {}),
      updated_at: now,
      last_activity_at: now,
    })
    .where('id', '=', p.id)
    .execute();
  return due ? [deadlineJob(p.id, now, due, p.answer_days)] : [];
}

/**
 * A meeting decided an item that came from a proposal. Only the proposal's current agenda item
 * moves it (an item of an earlier meeting is only noted on the timeline).
 */
export async function recordMeetingOutcome(
  trx: Kysely<DB>,
  o: {
    meetingId: string;
    itemId: string;
    sourceId: string;
    outcome: string;
    decision: MeetingDecision;
  },
): Promise<void> {
  const p = await repo.lockProposal(trx, o.sourceId);
  if (!p) return;
  const now = new Date();
  const current = p.state === 'meeting' && p.meeting_item_id === o.itemId;
  const to = current ? DECISION[o.decision].to : null;
  const jobs = to ? await move(trx, p, to, now) : [];
  if (!to)
    await trx
      .updateTable('proposals')
      .set({ last_activity_at: now, updated_at: now })
      .where('id', '=', p.id)
      .execute();
  const outcome = maskPersonalNumbers(o.outcome);
  const eventId = await repo.insertEvent(trx, {
    ...MEETING,
    proposalId: p.id,
    action: 'meeting_decided',
    fromState: to ? 'meeting' : null,
    toState: to,
    message: outcome,
    at: now,
    detail: {
      meetingId: o.meetingId,
      itemId: o.itemId,
      decision: o.decision,
      ...(jobs.length ? { dueAt: jobs[0]!.payload.due } : {}),
    },
  });
  await queueNotifications(
    trx,
    [],
    [
      ...jobs,
      tellJob({
        proposalId: p.id,
        eventId,
        areaPath: p.area_path,
        text: `【社区云】您支持或关注的建议${repo.label(p)}${DECISION[o.decision].text}：${outcome.slice(0, 60)}`,
      }),
    ],
  );
}

/** A meeting was cancelled: the proposals on its agenda await the committee's answer again. */
export async function recordMeetingCancelled(
  trx: Kysely<DB>,
  m: {
    meetingId: string;
    items: { itemId: string; sourceType: string | null; sourceId: string | null }[];
  },
): Promise<void> {
  for (const item of m.items) {
    if (item.sourceType !== 'proposal' || !item.sourceId) continue;
    const p = await repo.lockProposal(trx, item.sourceId);
    if (!p || p.state !== 'meeting' || p.meeting_item_id !== item.itemId) continue;
    const now = new Date();
    const jobs = await move(trx, p, 'awaiting_answer', now);
    const eventId = await repo.insertEvent(trx, {
      ...MEETING,
      proposalId: p.id,
      action: 'meeting_decided',
      fromState: 'meeting',
      toState: 'awaiting_answer',
      message:
        '议事会已取消，建议重新等待居委会答复 / the meeting was cancelled: awaiting the committee’s answer again',
      at: now,
      detail: {
        meetingId: m.meetingId,
        itemId: item.itemId,
        cancelled: true,
        dueAt: jobs[0]!.payload.due,
      },
    });
    await queueNotifications(
      trx,
      [],
      [
        ...jobs,
        tellJob({
          proposalId: p.id,
          eventId,
          areaPath: p.area_path,
          text: `【社区云】您支持或关注的建议${repo.label(p)}原定的议事会已取消，居委会将重新答复。`,
        }),
      ],
    );
  }
}
