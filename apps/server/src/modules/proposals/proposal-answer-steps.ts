import type { AnswerProposalBody } from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { fileCase, findCaseNumber, findScenario } from '../cases/index.js';
import { queueNotifications } from '../notifications/index.js';
import { assertTransition } from './proposal-states.js';
import { tellJob } from './proposal-tell.js';
import * as repo from './proposals.repo.js';

/**
 * The steps of an answer: claim the proposal (the state machine's guard, under its lock),
 * announce it (timeline, fan-out, audit), and — referred to a case — file and link the case.
 */

const ANSWER_TEXT: Record<AnswerProposalBody['kind'], string> = {
  accepted: '已采纳',
  meeting: '已提交议事会讨论',
  case: '已转为工单办理',
  declined: '未被采纳',
};

/** The scenario a proposal is referred to a case under: one that asks no details (else 400). */
export function caseScenarioOf(code: string | undefined) {
  if (!code)
    throw AppError.invalid(
      'caseScenario',
      'required',
      'caseScenario is required to refer it to a case / 请选择工单场景',
    );
  const scenario = findScenario(code);
  if (!scenario)
    throw AppError.invalid(
      'caseScenario',
      'exists',
      `caseScenario: no scenario "${code}" / 没有这个场景`,
    );
  // a proposal carries no case attributes: a scenario that requires some cannot take it
  if (scenario.fields.some((f) => f.required))
    throw AppError.invalid(
      'caseScenario',
      'fields',
      `caseScenario: ${scenario.name} / ${scenario.nameEn} asks for details a proposal does not have; choose a scenario without required fields / 该场景需填写附加信息，请选择其他场景`,
    );
  return scenario;
}

export type Answer = {
  answer_kind: AnswerProposalBody['kind'];
  answer_text: string;
  answer_by: string;
  answer_by_name: string;
  done_by: string | null;
  progress: number | null;
  case_id: string | null;
  case_number: string | null;
};

/** Lock the proposal and move it from awaiting its answer to `kind` (409 if answered meanwhile). */
export async function claim(
  trx: Kysely<DB>,
  id: string,
  kind: AnswerProposalBody['kind'],
  set: Answer & { meeting_id: string | null; meeting_item_id: string | null },
) {
  const locked = await repo.lockProposal(trx, id);
  assertTransition(
    locked?.state ?? 'withdrawn',
    kind,
    'The proposal was answered meanwhile / 该建议已被答复',
  );
  const now = new Date();
  await trx
    .updateTable('proposals')
    .set({ ...set, state: kind, answer_at: now, updated_at: now, last_activity_at: now })
    .where('id', '=', id)
    .execute();
}

/** The answer on the public timeline, told to supporters and followers, and audited. */
export async function announce(
  ctx: Ctx,
  trx: Kysely<DB>,
  p: repo.ProposalRow,
  kind: AnswerProposalBody['kind'],
  a: Answer,
  detail: Record<string, unknown>,
) {
  const eventId = await repo.insertEvent(trx, {
    proposalId: p.id,
    actorId: a.answer_by,
    actorName: a.answer_by_name,
    action: 'answer',
    fromState: 'awaiting_answer',
    toState: kind,
    message: a.answer_text,
    detail: { kind, ...detail },
  });
  await queueNotifications(
    trx,
    [],
    [
      tellJob({
        proposalId: p.id,
        eventId,
        areaPath: p.area_path,
        text: `【社区云】您支持或关注的建议${repo.label(p)}${ANSWER_TEXT[kind]}：${a.answer_text.slice(0, 60)}`,
      }),
    ],
  );
  await recordAudit(
    ctx,
    {
      action: 'proposals.answer',
      objectType: 'proposal',
      objectId: p.id,
      areaPath: p.area_path,
      detail: { kind },
    },
    trx,
  );
}

/**
 * Refer to a case: claim the proposal first (a concurrent answer then gets its 409 and files
 * nothing), then file the case (the cases module files in its own batched transaction, under
 * the proposal's id as the idempotency key: a retry finds the same case), then link it and
 * announce the answer. Should filing fail, the claim — not yet on the timeline — is given back.
 */
export async function answerWithCase(
  ctx: Ctx,
  p: repo.ProposalRow,
  scenarioCode: string,
  a: Answer,
) {
  await ctx.db
    .transaction()
    .execute((trx) => claim(trx, p.id, 'case', { ...a, meeting_id: null, meeting_item_id: null }));
  let caseId: string;
  try {
    const filed = await fileCase(ctx, {
      scenarioCode,
      description: `居民建议「${p.title}」：${p.body}`.slice(0, 1000),
      lat: p.place_lat,
      lng: p.place_lng,
      areaCode: p.place_lat === null ? p.committee_code : null,
      address: null,
      attributes: {},
      photoIds: [],
      contact: null,
      source: 'staff',
      reporterId: a.answer_by,
      reporterName: a.answer_by_name,
      idempotency: { scope: 'proposals', key: p.id },
    });
    caseId = filed.caseId;
  } catch (e) {
    await ctx.db
      .updateTable('proposals')
      .set({
        state: 'awaiting_answer',
        answer_kind: null,
        answer_text: null,
        answer_at: null,
        answer_by: null,
        answer_by_name: null,
      })
      .where('id', '=', p.id)
      .where('state', '=', 'case')
      .where('case_id', 'is', null)
      .execute();
    throw e;
  }
  const caseNumber = await findCaseNumber(ctx.db, caseId);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('proposals')
      .set({ case_id: caseId, case_number: caseNumber })
      .where('id', '=', p.id)
      .execute();
    await announce(ctx, trx, p, 'case', a, { caseId, caseNumber });
  });
}
