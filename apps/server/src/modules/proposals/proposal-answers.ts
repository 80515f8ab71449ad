import {
  PROPOSAL_ANSWER_ROLES,
  PROPOSAL_STATE_LABELS,
  type AnswerProposalBody,
  type ProposalDetail,
  type ProposalState,
  type ProposalUpdateBody,
} from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { AppDeps, Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { bindingsWith, isWithin } from '../../platform/policy.js';
import { maskPersonalNumbers } from '../../platform/text-masking.js';
import { recordAudit } from '../audit/index.js';
import { fileCase, findCaseNumber, findScenario } from '../cases/index.js';
import { addAgendaItem, type MeetingDecision } from '../meetings/index.js';
import { queueNotifications } from '../notifications/index.js';
import { residentHome } from '../residents/index.js';
import { tellJob } from './proposal-tell.js';
import { canAnswer, canRead } from './proposals.policy.js';
import * as repo from './proposals.repo.js';
import { getProposal } from './proposals.service.js';

/**
 * The committee's public answer (accepted, put to a meeting, referred to a case, declined with
 * reasons), its progress updates on an accepted proposal, and a meeting's outcome. Each is on
 * the public timeline and told to the supporters and followers by a fan-out job.
 */

const SHANGHAI_MS = 8 * 3_600_000;
const today = () => new Date(Date.now() + SHANGHAI_MS).toISOString().slice(0, 10);

/** The proposal for its answerers: 404 for whoever may not read it, 403 for readers who may not answer. */
async function answerable(ctx: Ctx, id: string) {
  const p = await repo.findProposal(ctx.db, id);
  const home = await residentHome(ctx.db, ctx.actor!.id);
  if (!p || !canRead(ctx.actor, home, p)) throw AppError.notFound(repo.NOT_FOUND);
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

const ANSWER_TEXT: Record<AnswerProposalBody['kind'], string> = {
  accepted: '已采纳',
  meeting: '已提交议事会讨论',
  case: '已转为工单办理',
  declined: '未被采纳',
};

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
    if (body.doneBy < today())
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
  let linkedCase: { id: string; number: string | null } | null = null;
  if (body.kind === 'case') {
    if (!body.caseScenario)
      throw AppError.invalid(
        'caseScenario',
        'required',
        'caseScenario is required to refer it to a case / 请选择工单场景',
      );
    const scenario = findScenario(body.caseScenario);
    if (!scenario)
      throw AppError.invalid(
        'caseScenario',
        'exists',
        `caseScenario: no scenario "${body.caseScenario}" / 没有这个场景`,
      );
    // a proposal carries no case attributes: a scenario that requires some cannot take it
    if (scenario.fields.some((f) => f.required))
      throw AppError.invalid(
        'caseScenario',
        'fields',
        `caseScenario: ${scenario.name} / ${scenario.nameEn} asks for details a proposal does not have; choose a scenario without required fields / 该场景需填写附加信息，请选择其他场景`,
      );
    // filed under the proposal's id as the idempotency key: a retry finds the same case
    const filed = await fileCase(ctx, {
      scenarioCode: body.caseScenario,
      description: `居民建议「${p.title}」：${p.body}`.slice(0, 1000),
      lat: p.place_lat,
      lng: p.place_lng,
      areaCode: p.place_lat === null ? p.committee_code : null,
      address: null,
      attributes: {},
      photoIds: [],
      contact: null,
      source: 'staff',
      reporterId: actor.id,
      reporterName: answererName(ctx, p.area_path),
      idempotency: { scope: 'proposals', key: p.id },
    });
    linkedCase = { id: filed.caseId, number: await findCaseNumber(ctx.db, filed.caseId) };
  }
  const byName = answererName(ctx, p.area_path);
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
    const locked = await repo.lockProposal(trx, id);
    if (!locked || locked.state !== 'awaiting_answer')
      throw AppError.conflict('The proposal was answered meanwhile / 该建议已被答复');
    const now = new Date();
    await trx
      .updateTable('proposals')
      .set({
        state: body.kind,
        answer_kind: body.kind,
        answer_text: text,
        answer_at: now,
        answer_by: actor.id,
        answer_by_name: byName,
        done_by: body.doneBy ?? null,
        progress: body.kind === 'accepted' ? 0 : null,
        meeting_id: body.kind === 'meeting' ? body.meetingId! : null,
        meeting_item_id: item?.itemId ?? null,
        case_id: linkedCase?.id ?? null,
        case_number: linkedCase?.number ?? null,
        updated_at: now,
        last_activity_at: now,
      })
      .where('id', '=', id)
      .execute();
    const eventId = await repo.insertEvent(trx, {
      proposalId: id,
      actorId: actor.id,
      actorName: byName,
      action: 'answer',
      fromState: 'awaiting_answer',
      toState: body.kind,
      message: text,
      at: now,
      detail: {
        kind: body.kind,
        ...(body.doneBy ? { doneBy: body.doneBy } : {}),
        ...(item ? { meetingId: body.meetingId, meetingItemId: item.itemId } : {}),
        ...(linkedCase ? { caseId: linkedCase.id, caseNumber: linkedCase.number } : {}),
      },
    });
    await queueNotifications(
      trx,
      [],
      [
        tellJob({
          proposalId: id,
          eventId,
          areaPath: p.area_path,
          text: `【社区云】您支持或关注的建议${repo.label(p)}${ANSWER_TEXT[body.kind]}：${text.slice(0, 60)}`,
        }),
      ],
    );
    await recordAudit(
      ctx,
      {
        action: 'proposals.answer',
        objectType: 'proposal',
        objectId: id,
        areaPath: p.area_path,
        detail: { kind: body.kind },
      },
      trx,
    );
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

const DECISION_TEXT: Record<MeetingDecision, string> = {
  adopted: '议事会通过',
  rejected: '议事会未通过',
  deferred: '议事会暂缓',
};

/** A meeting decided an item that came from a proposal: on its timeline, and told. */
export async function recordMeetingOutcome(
  trx: Kysely<DB>,
  deps: AppDeps,
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
  await trx
    .updateTable('proposals')
    .set({ last_activity_at: now, updated_at: now })
    .where('id', '=', p.id)
    .execute();
  const eventId = await repo.insertEvent(trx, {
    proposalId: p.id,
    actorId: null,
    actorName: '议事会 meeting',
    action: 'meeting_decided',
    message: maskPersonalNumbers(o.outcome),
    at: now,
    detail: { meetingId: o.meetingId, itemId: o.itemId, decision: o.decision },
  });
  await queueNotifications(
    trx,
    [],
    [
      tellJob({
        proposalId: p.id,
        eventId,
        areaPath: p.area_path,
        text: `【社区云】您支持或关注的建议${repo.label(p)}${DECISION_TEXT[o.decision]}：${o.outcome.slice(0, 60)}`,
      }),
    ],
  );
  void deps;
}
