import { Type, type Static } from '@sinclair/typebox';
import type { AppDeps, Ctx } from '../../platform/context.js';
import { defineJob, type JobSpec } from '../../platform/jobs.js';
import { fileCase, findCaseNumber } from '../cases/index.js';
import type { Answers } from './affair-answers.js';
import { queueNotifications } from '../notifications/index.js';
import * as repo from './affairs.repo.js';
import { findService } from './catalogue.js';

const AffairForwardPayload = Type.Object({ requestId: Type.String() });
type AffairForwardPayload = Static<typeof AffairForwardPayload>;

/**
 * A repair or complaint becomes a case: enqueued with the request in its transaction, so a
 * request stored is a request forwarded, however often the case intake fails first.
 */
export const AFFAIR_FORWARD_JOB = defineJob('affairs.forward', AffairForwardPayload);

/** The forward job of a new request (one per request, ever). */
export const forwardJob = (requestId: string): JobSpec =>
  AFFAIR_FORWARD_JOB.spec({ requestId }, { dedupeKey: `affair-forward:${requestId}` });

/**
 * File the request's case and mark the request `forwarded` with the case's id and number.
 * Idempotent: the case is filed under the request's id as the idempotency key and from the
 * stored request only (the same input every time), so a second run — the job after a filing
 * that answered at once, or a retry after a crash between the case and the request — finds the
 * same case; a request no longer `submitted` is left alone. Run by the job, and at once after
 * filing so that the resident sees the case number in the answer.
 */
export async function forwardRequest(deps: AppDeps | Ctx, requestId: string): Promise<void> {
  const r = await repo.findRequest(deps.db, requestId);
  if (!r || r.state !== 'submitted' || r.case_id) return;
  const service = findService(r.service_code);
  const outcome = service?.outcome;
  if (outcome?.kind !== 'case') return;
  const answers = JSON.parse(deps.cipher.decrypt(r.answers_enc)) as Answers;
  const scenario = outcome.scenarioField
    ? outcome.scenarios![String(answers[outcome.scenarioField])]!
    : outcome.scenario!;
  const address = outcome.addressField ? answers[outcome.addressField] : undefined;
  // the resident is the reporter whoever runs this; the job has no actor (the case's audit
  // row then names none), the request's own run has the resident
  const filed = await fileCase('actor' in deps ? deps : { ...deps, actor: null, ip: null }, {
    scenarioCode: scenario,
    description: String(answers[outcome.descriptionField]),
    lat: null,
    lng: null,
    areaCode: r.compound_code,
    address: address === undefined ? null : String(address),
    attributes: {},
    photoIds: [],
    contact: null,
    source: 'resident',
    reporterId: r.account_id,
    reporterName: deps.cipher.decrypt(r.applicant_name_enc),
    idempotency: { scope: 'affairs', key: r.id },
  });
  const caseNumber = await findCaseNumber(deps.db, filed.caseId);
  await deps.db.transaction().execute(async (trx) => {
    const locked = await repo.lockRequest(trx, r.id);
    if (!locked || locked.state !== 'submitted' || locked.case_id) return;
    const now = new Date();
    await trx
      .updateTable('affair_requests')
      .set({
        state: 'forwarded',
        case_id: filed.caseId,
        case_number: caseNumber,
        updated_at: now,
        closed_at: now,
      })
      .where('id', '=', r.id)
      .execute();
    await repo
      .insertEvent(trx, {
        requestId: r.id,
        actorId: null,
        actorName: 'system',
        at: now,
        action: 'forward',
        fromState: 'submitted',
        toState: 'forwarded',
        detail: { caseId: filed.caseId, caseNumber },
      })
      .execute();
    await queueNotifications(trx, [
      repo.tellApplicant(
        locked,
        `【社区云】您的${repo.requestLabel(service, locked)}已转为工单${caseNumber}，处理进展可在「我的办事」查看。`,
        false,
      ),
    ]);
  });
}

export const runAffairForward = (deps: AppDeps, p: AffairForwardPayload) =>
  forwardRequest(deps, p.requestId);
