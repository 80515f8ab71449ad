import {
  PROPOSAL_ANSWER_ROLES,
  PROPOSAL_STATE_LABELS,
  type AnswerProposalBody,
  type ProposalDetail,
  type ProposalState,
  type ProposalUpdateBody,
} from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { bindingsWith, isWithin } from '../../platform/policy.js';
import { shanghaiDate } from '../../platform/shanghai-time.js';
import { maskPersonalNumbers } from '../../platform/text-masking.js';
import { addAgendaItem } from '../meetings/index.js';
import { queueNotifications } from '../notifications/index.js';
import { announce, answerWithCase, caseScenarioOf, claim } from './proposal-answer-steps.js';
import { getProposal } from './proposal-detail.js';
import { assertTransition } from './proposal-states.js';
import { tellJob } from './proposal-tell.js';
import { canAnswer, canRead } from './proposals.policy.js';
import * as repo from './proposals.repo.js';

/**
 * The committee's public answer (accepted, put to a meeting, referred to a case, declined with
 * reasons) and its progress updates on an accepted proposal (meetings' outcomes: in
 * proposal-meetings.ts). Each is on the public timeline and told to the supporters and
 * followers by a fan-out job.
 */

/** The proposal for its answerers: 404 for whoever may not read it, 403 for readers who may not answer. */
async function answerable(ctx: Ctx, id: string) {
  const p = await repo.findProposal(ctx.db, id);
  if (!p || !canRead(ctx.actor, await repo.readerOf(ctx.db, ctx.actor!.id), p))
    throw AppError.notFound(repo.NOT_FOUND);
  if (!canAnswer(ctx.actor, p))
    throw AppError.forbidden(
      "Only the committee's staff (or the street's operators) answer a proposal / 仅居委会或街道工作人员可以答复",
    );
  return p;
}

/** Who answers, as the timeline shows it: the committee (or street) they act for. */
function answererName(ctx: Ctx, areaPath: string): string {
  const b = bindingsWith(ctx.actor, PROPOSAL_ANSWER_ROLES).find((x) =>
    isWithin(areaPath, x.areaPath),
  );
  return b?.areaName ?? ctx.actor!.displayName;
}

function cleanText(raw: string, field: string, min: number, what: string): string {
  const t = raw.trim();
  if (t.length < min)
    throw AppError.invalid(field, 'minLength', `${field}: ${what} / ${field} 不能为空`);
  return maskPersonalNumbers(t);
}

/**
 * Answer a proposal awaiting the committee's answer. `meeting` puts it on the agenda of one of
 * the committee's upcoming meetings; `case` files a case (idempotent per proposal) and links it.
 */
export async function answerProposal(
  ctx: Ctx,
  id: string,
  body: AnswerProposalBody,
): Promise<ProposalDetail> {
  const actor = ctx.actor!;
  const p = await answerable(ctx, id);
  const text =
    body.kind === 'declined'
      ? cleanText(
          body.text,
          'text',
          2,
          'the reasons are required when declining / 不采纳须说明理由',
        )
      : cleanText(body.text, 'text', 1, 'the answer text is required / 请填写答复内容');
  if (body.kind !== 'accepted' && body.doneBy !== undefined)
    throw AppError.invalid(
      'doneBy',
      'kind',
      'doneBy: only an accepted proposal has a done date / 仅采纳的建议有完成日期',
    );
  if (body.doneBy !== undefined) {
    const d = new Date(`${body.doneBy}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== body.doneBy)
      throw AppError.invalid('doneBy', 'format', 'doneBy: not a date (YYYY-MM-DD) / 日期无效');
    if (body.doneBy < shanghaiDate())
      throw AppError.invalid(
        'doneBy',
        'future',
        'doneBy: the done date is in the past / 完成日期不能早于今天',
      );
  }
  if (body.kind === 'meeting' && !body.meetingId)
    throw AppError.invalid(
      'meetingId',
      'required',
      'meetingId is required to put it to a meeting / 请选择议事会',
    );
  if (body.kind !== 'meeting' && body.meetingId !== undefined)
    throw AppError.invalid(
      'meetingId',
      'kind',
      'meetingId: only with kind "meeting" / 仅提交议事会时选择会议',
    );
  if (body.kind !== 'case' && body.caseScenario !== undefined)
    throw AppError.invalid(
      'caseScenario',
      'kind',
      'caseScenario: only with kind "case" / 仅转工单时选择场景',
    );
  if (p.state !== 'awaiting_answer')
    throw AppError.conflict(
      `Only a proposal awaiting the committee's answer is answered; this one is ${p.state} / 该建议当前为「${PROPOSAL_STATE_LABELS[p.state as ProposalState]?.zh ?? p.state}」，不能答复`,
    );
  if (body.kind === 'case') caseScenarioOf(body.caseScenario);
  const byName = answererName(ctx, p.area_path);
  const answer = {
    answer_kind: body.kind,
    answer_text: text,
    answer_by: actor.id,
    answer_by_name: byName,
    done_by: body.doneBy ?? null,
    progress: body.kind === 'accepted' ? 0 : null,
    case_id: null,
    case_number: null,
  };
  if (body.kind === 'case') {
    await answerWithCase(ctx, p, body.caseScenario!, answer);
    ctx.jobs.kick();
    return getProposal(ctx, id);
  }
  await ctx.db.transaction().execute(async (trx) => {
    // the meeting first, then the proposal: the order the meeting's minutes take them in
    // (they lock the meeting, then tell the proposal), so the two never wait on each other
    const item =
      body.kind === 'meeting'
        ? await addAgendaItem(trx, {
            meetingId: body.meetingId!,
            committeeCode: p.committee_code,
            title: p.title,
            sourceType: 'proposal',
            sourceId: p.id,
          })
        : null;
    await claim(trx, id, body.kind, {
      ...answer,
      meeting_id: item ? body.meetingId! : null,
      meeting_item_id: item?.itemId ?? null,
    });
    await announce(ctx, trx, p, body.kind, answer, {
      ...(body.doneBy ? { doneBy: body.doneBy } : {}),
      ...(item ? { meetingId: body.meetingId, meetingItemId: item.itemId } : {}),
    });
  });
  ctx.jobs.kick();
  return getProposal(ctx, id);
}

/** A progress update on an accepted proposal; `done` closes it with the done date. */
export async function addProposalUpdate(
  ctx: Ctx,
  id: string,
  body: ProposalUpdateBody,
): Promise<ProposalDetail> {
  const actor = ctx.actor!;
  const p = await answerable(ctx, id);
  const text = cleanText(body.text, 'text', 1, 'the update text is required / 请填写进展');
  const done = body.done === true;
  const progress = done ? 100 : body.progress;
  const byName = answererName(ctx, p.area_path);
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await repo.lockProposal(trx, id);
    if (!locked || locked.state !== 'accepted')
      throw AppError.conflict(
        'Progress is added only to an accepted proposal / 只有已采纳的建议可以更新进展',
      );
    if (done) assertTransition(locked.state, 'done');
    const now = new Date();
    await trx
      .updateTable('proposals')
      .set({
        progress,
        ...(done ? { state: 'done', done_at: now } : {}),
        updated_at: now,
        last_activity_at: now,
      })
      .where('id', '=', id)
      .execute();
    const eventId = await repo.insertEvent(trx, {
      proposalId: id,
      actorId: actor.id,
      actorName: byName,
      action: 'update',
      fromState: done ? 'accepted' : null,
      toState: done ? 'done' : null,
      message: text,
      at: now,
      detail: { progress, done },
    });
    await queueNotifications(
      trx,
      [],
      [
        tellJob({
          proposalId: id,
          eventId,
          areaPath: p.area_path,
          text: done
            ? `【社区云】您支持或关注的建议${repo.label(p)}已完成：${text.slice(0, 60)}`
            : `【社区云】您支持或关注的建议${repo.label(p)}有新进展（${progress}%）：${text.slice(0, 60)}`,
        }),
      ],
    );
  });
  ctx.jobs.kick();
  return getProposal(ctx, id);
}
