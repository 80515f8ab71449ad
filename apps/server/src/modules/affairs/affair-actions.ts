import type { AffairDetail, AffairService, AffairState, SupplementAffairBody } from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { committeePath } from '../../platform/policy.js';
import { findAreaCached } from '../areas/index.js';
import { recordAudit } from '../audit/index.js';
import { issueCertificate } from '../certificates/index.js';
import { registryResidentName, roomPlaces } from '../registry/index.js';
import { residentHome } from '../residents/index.js';
import { answerText, checkAnswers, requireAnswers, type Answers } from './affair-answers.js';
import { attachSlots, checkSlots } from './affair-attachments.js';
import { deadlineJob, dueDate } from './affair-deadlines.js';
import { CERTIFICATE_SOURCE } from './affair-revocations.js';
import { canHandle, canReadAsStaff, isApplicant } from './affairs.policy.js';
import { queueNotifications } from '../notifications/index.js';
import * as repo from './affairs.repo.js';
import { getRequest, NOT_FOUND } from './affairs.service.js';
import { findService } from './catalogue.js';
import { nextState, type AffairStep } from './state-machine.js';

export type StaffStep = Exclude<AffairStep, 'supplement'>;

export type ActionBody =
  | { step: 'accept' }
  | { step: 'ask'; message: string }
  | { step: 'refuse'; reason: string }
  | { step: 'complete'; note?: string | undefined };

const trimmed = (v: string, field: string) => {
  const t = v.trim();
  if (!t) throw AppError.invalid(field, 'required', `${field} is required / 必填`);
  return t;
};

/** The request locked, when the actor may act on it as staff: 404 outside their area, 403 for a reader. */
async function lockForStaff(trx: Kysely<DB>, ctx: Ctx, id: string) {
  const r = await repo.lockRequest(trx, id);
  if (!r) throw AppError.notFound(NOT_FOUND);
  if (!canHandle(ctx.actor, r)) {
    if (canReadAsStaff(ctx.actor, r)) {
      throw AppError.forbidden(
        "Only the committee's staff handle requests / 仅居委会工作人员可办理",
      );
    }
    throw AppError.notFound(NOT_FOUND);
  }
  return r;
}

/** Template values of a certificate line. */
async function certificateValues(
  trx: Kysely<DB>,
  r: repo.RequestRow,
  service: AffairService,
  answers: Answers,
  holder: string,
) {
  const [compound, committee, home] = await Promise.all([
    findAreaCached(trx, r.compound_code),
    findAreaCached(trx, r.committee_code),
    homeLabel(trx, r),
  ]);
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  return (name: string): string => {
    if (name.startsWith('answers.')) return answerText(service, name.slice(8), answers) || '—';
    switch (name) {
      case 'holder':
        return holder;
      case 'home':
        return home ?? compound?.name ?? r.compound_code;
      case 'compound':
        return compound?.name ?? r.compound_code;
      case 'committee':
        return committee?.name ?? r.committee_code;
      case 'today':
        return today;
      default:
        return '';
    }
  };
}

/**
 * Whom a certificate names: the applicant as the registry records them, while still verified
 * as living in the request's room. A resident who moved out (or whose link was revoked, or who
 * now lives elsewhere) gets a 409: the committee refuses the request instead.
 */
async function certificateHolder(trx: Kysely<DB>, r: repo.RequestRow): Promise<string> {
  const home = await residentHome(trx, r.account_id);
  if (!home || !r.room_id || home.roomId !== r.room_id) {
    throw AppError.conflict(
      'The applicant no longer lives in the room of this request (moved out, or verification ' +
        'revoked): no certificate can be issued; refuse the request instead / 申请人已不在该房屋居住（已迁出或认证已撤销），不能出具证明，请作不予办理',
    );
  }
  const name = await registryResidentName(trx, home.residentId);
  if (!name) {
    throw AppError.conflict(
      'The registry has no record of the applicant: no certificate can be issued / 人口登记中没有申请人的记录，不能出具证明',
    );
  }
  return name;
}

/** The applicant's room when filed, as the registry labels it (compound, building, unit, room). */
async function homeLabel(trx: Kysely<DB>, r: repo.RequestRow): Promise<string | null> {
  if (!r.room_id) return null;
  return (await roomPlaces(trx, [r.room_id])).get(r.room_id)?.label ?? null;
}

/**
 * Staff act on a request: accept it, ask the resident for more (补正), refuse it with a reason,
 * or complete it (a certificate service issues its certificate in the same transaction).
 * The resident is told by in-app notice and text; the step is audited.
 */
export async function actOnRequest(ctx: Ctx, id: string, body: ActionBody): Promise<AffairDetail> {
  const actor = ctx.actor!;
  await ctx.db.transaction().execute(async (trx) => {
    const r = await lockForStaff(trx, ctx, id);
    const from = r.state as AffairState;
    const to = nextState(from, body.step);
    const service = findService(r.service_code);
    const label = repo.requestLabel(service, r);
    const now = new Date();
    const set: Record<string, unknown> = { state: to, updated_at: now };
    let message: string | null = null;
    let text: string;
    const detail: Record<string, unknown> = {};
    switch (body.step) {
      case 'accept':
        text = `【社区云】您的${label}已受理，正在办理。`;
        break;
      case 'ask':
        message = trimmed(body.message, 'message');
        set.pending_question = message;
        text = `【社区云】您的${label}需要补充材料：${message.slice(0, 60)}。请在「我的办事」补正。`;
        break;
      case 'refuse':
        message = trimmed(body.reason, 'reason');
        set.closed_at = now;
        text = `【社区云】您的${label}不予办理，原因：${message.slice(0, 60)}。`;
        break;
      case 'complete': {
        message = body.note?.trim() || null;
        set.closed_at = now;
        text = `【社区云】您的${label}已办结。`;
        if (service?.outcome.kind === 'certificate') {
          const outcome = service.outcome;
          const answers = JSON.parse(ctx.cipher.decrypt(r.answers_enc)) as Answers;
          const holder = await certificateHolder(trx, r);
          const value = await certificateValues(trx, r, service, answers, holder);
          const committee = await findAreaCached(trx, r.committee_code);
          const cert = await issueCertificate(trx, ctx, {
            kind: outcome.certificateKind,
            title: outcome.title,
            holderAccountId: r.account_id,
            holderName: holder,
            fields: outcome.lines.map((l) => ({
              label: l.label,
              value:
                l.value.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, n: string) => value(n)).trim() ||
                '—',
            })),
            areaCode: r.committee_code,
            areaPath: committeePath(r.area_path, r.committee_code),
            issuerName: committee?.name ?? r.committee_code,
            sourceType: CERTIFICATE_SOURCE,
            sourceId: r.id,
          });
          set.certificate_id = cert.id;
          set.certificate_code = cert.code;
          detail.certificateId = cert.id;
          text = `【社区云】您的${label}已办结，${outcome.title}已出具，可在「我的办事」下载。`;
        }
        break;
      }
    }
    await trx.updateTable('affair_requests').set(set).where('id', '=', r.id).execute();
    await repo
      .insertEvent(trx, {
        requestId: r.id,
        actorId: actor.id,
        actorName: actor.displayName,
        at: now,
        action: body.step,
        fromState: from,
        toState: to,
        message,
        detail: Object.keys(detail).length ? detail : null,
      })
      .execute();
    await queueNotifications(trx, [repo.tellApplicant(r, text)]);
    await recordAudit(
      ctx,
      {
        action: `affairs.${body.step}`,
        objectType: 'affair',
        objectId: r.id,
        areaPath: r.area_path,
        detail: { from, to, ...detail },
      },
      trx,
    );
  });
  repo.kick(ctx);
  return getRequest(ctx, id);
}

/**
 * The applicant answers what staff asked: a message, and changed answers or more files. The
 * request goes back to the committee's queue (submitted), whole again: every required answer
 * and attachment present.
 */
export async function supplementRequest(
  ctx: Ctx,
  id: string,
  body: SupplementAffairBody,
): Promise<AffairDetail> {
  const actor = ctx.actor!;
  await ctx.db.transaction().execute(async (trx) => {
    const r = await repo.lockRequest(trx, id);
    if (!r || !isApplicant(actor, r)) {
      if (r && canReadAsStaff(actor, r)) {
        throw AppError.forbidden('Only the applicant supplements a request / 仅申请人可补正');
      }
      throw AppError.notFound(NOT_FOUND);
    }
    const from = r.state as AffairState;
    const to = nextState(from, 'supplement');
    const service = findService(r.service_code);
    if (!service) {
      throw AppError.conflict('This service is no longer offered / 该服务已停办');
    }
    const message = trimmed(body.message, 'message');
    const changed = checkAnswers(service, body.answers ?? {}, true);
    const answers = { ...(JSON.parse(ctx.cipher.decrypt(r.answers_enc)) as Answers), ...changed };
    requireAnswers(service, answers);
    const added = checkSlots(service, body.attachments ?? {}, true);
    const slots: Record<string, string[]> = { ...r.attachments };
    for (const [code, ids] of Object.entries(added)) {
      slots[code] = [...new Set([...(slots[code] ?? []), ...ids])];
    }
    checkSlots(service, slots);
    await attachSlots(trx, service, r.id, actor.id, added);
    const now = new Date();
    // the time the resident took does not count against the committee: the time limit starts
    // again, and the old deadline chain finds its deadline replaced and stops
    const due = dueDate(now, service.timeLimit);
    await trx
      .updateTable('affair_requests')
      .set({
        state: to,
        answers_enc: ctx.cipher.encrypt(JSON.stringify(answers)),
        attachments: JSON.stringify(slots),
        pending_question: null,
        due_at: due,
        updated_at: now,
      })
      .where('id', '=', r.id)
      .execute();
    await repo
      .insertEvent(trx, {
        requestId: r.id,
        actorId: actor.id,
        actorName: actor.displayName,
        at: now,
        action: 'supplement',
        fromState: from,
        toState: to,
        message,
        detail: {
          answers: Object.keys(changed),
          attachments: Object.values(added).flat().length,
          dueAt: due.toISOString(),
        },
      })
      .execute();
    const staff = await repo.staffAt(trx, r.committee_code, ['committee_staff']);
    const text = `【社区云】办事申请${repo.requestLabel(service, r)}已补正材料，请继续办理。`;
    await queueNotifications(
      trx,
      staff.map((recipientId) => ({
        caseId: null,
        areaPath: r.area_path,
        recipientId,
        channels: ['inapp'],
        text,
      })),
      [deadlineJob(r.id, now, due)],
    );
    await recordAudit(
      ctx,
      {
        action: 'affairs.supplement',
        objectType: 'affair',
        objectId: r.id,
        areaPath: r.area_path,
        detail: { answers: Object.keys(changed) },
      },
      trx,
    );
  });
  repo.kick(ctx);
  return getRequest(ctx, id);
}
