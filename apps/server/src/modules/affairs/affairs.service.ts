import crypto from 'node:crypto';
import {
  AFFAIR_FINAL_STATES,
  maskName,
  type AffairDetail,
  type AffairEvent,
  type AffairList,
  type AffairListQuery,
  type AffairService,
  type AffairState,
  type AffairSummary,
  type AttachmentRef,
  type FileAffairBody,
} from '@cc/contracts';
import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { pathWithin } from '../../platform/db/path-within.js';
import { AppError } from '../../platform/errors.js';
import { denyAndAudit, recordAudit } from '../audit/index.js';
import { accountNames } from '../identity/index.js';
import { attachmentRefs } from '../media/index.js';
import { registryResidentName } from '../registry/index.js';
import { residentHome } from '../residents/index.js';
import { answerText, checkAnswers, type Answers } from './affair-answers.js';
import { ATTACHMENT_OWNER, attachSlots, checkSlots } from './affair-attachments.js';
import { deadlineJob, dueDate } from './affair-deadlines.js';
import { forwardJob, forwardRequest } from './affair-forward.js';
import {
  canHandle,
  canReadAsStaff,
  canSee,
  isApplicant,
  isStaffWithoutQueue,
  staffScope,
} from './affairs.policy.js';
import { queueNotifications } from '../notifications/index.js';
import * as repo from './affairs.repo.js';
import { findService, listServices, requireService } from './catalogue.js';
import { stepsFrom } from './state-machine.js';

export const NOT_FOUND = 'No such request / 办事申请不存在';

export function getServices(): { services: AffairService[] } {
  return { services: [...listServices()] };
}

/** The verified home of the actor, or a 403 that says to get verified first. */
async function requireHome(ctx: Ctx) {
  const home = await residentHome(ctx.db, ctx.actor!.id);
  if (!home) {
    throw AppError.forbidden(
      'Only residents verified as living in a room may file requests: ask to be verified first / 请先完成居住认证后再办理',
    );
  }
  return home;
}

/**
 * The applicant's name as the registry records the verified resident (a certificate names its
 * holder so), not the display name typed at sign-up; that only when the registry has no name.
 */
async function applicantNameOf(ctx: Ctx, residentId: string): Promise<string> {
  const actor = ctx.actor!;
  const registered = await registryResidentName(ctx.db, residentId);
  if (registered) return registered;
  return (await accountNames(ctx.db, [actor.id])).get(actor.id) ?? actor.displayName;
}

/**
 * A verified resident files a request with their committee: the answers and attachments
 * checked against the service; a repair or complaint is filed as a case at once (a durable
 * job in the same commit makes sure of it).
 */
export async function fileRequest(ctx: Ctx, body: FileAffairBody): Promise<AffairDetail> {
  const actor = ctx.actor!;
  const service = requireService(body.service);
  const answers = checkAnswers(service, body.answers);
  const slots = checkSlots(service, body.attachments ?? {});
  const home = await requireHome(ctx);
  const id = crypto.randomUUID();
  const now = new Date();
  const due = dueDate(now, service.timeLimit);
  const applicantName = await applicantNameOf(ctx, home.residentId);
  const { rows: seq } = await sql<{
    n: string | number;
  }>`select nextval('affair_number_seq') as n`.execute(ctx.db);
  const number = `BS${now.toISOString().slice(0, 10).replaceAll('-', '')}${String(seq[0]!.n).padStart(6, '0')}`;
  const row = {
    id,
    number,
    service_code: service.code,
    area_path: home.areaPath,
    account_id: actor.id,
  } as repo.RequestRow;
  const label = repo.requestLabel(service, row);
  const outcome = service.outcome;
  const event = { requestId: id, actorId: actor.id, actorName: actor.displayName };
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('affair_requests')
      .values({
        id,
        number,
        service_code: service.code,
        state: 'submitted',
        account_id: actor.id,
        applicant_name_enc: ctx.cipher.encrypt(applicantName),
        applicant_name_masked: maskName(applicantName),
        resident_id: home.residentId,
        room_id: home.roomId,
        committee_code: home.committeeCode,
        compound_code: home.compoundCode,
        area_path: home.areaPath,
        answers_enc: ctx.cipher.encrypt(JSON.stringify(answers)),
        attachments: JSON.stringify(slots),
        due_at: due,
        created_at: now,
        updated_at: now,
        closed_at: null,
      })
      .execute();
    await attachSlots(trx, service, id, actor.id, slots);
    await repo
      .insertEvent(trx, {
        ...event,
        at: now,
        action: 'file',
        fromState: null,
        toState: 'submitted',
      })
      .execute();
    const staff =
      outcome.kind === 'case'
        ? []
        : await repo.staffAt(trx, home.committeeCode, ['committee_staff']);
    await queueNotifications(
      trx,
      [
        ...(outcome.kind === 'case'
          ? []
          : [
              repo.tellApplicant(
                row,
                `【社区云】您的${label}已提交，居委会将在办理时限内处理。`,
                false,
              ),
            ]),
        ...staff.map((recipientId) => ({
          caseId: null,
          areaPath: home.areaPath,
          recipientId,
          channels: ['inapp' as const],
          text: `【社区云】新的办事申请：${label}，请及时受理。`,
        })),
      ],
      // a forwarded request's deadline job finds it ended and stops; the forward job files the
      // case (again and again until it is filed)
      [deadlineJob(id, now, due), ...(outcome.kind === 'case' ? [forwardJob(id)] : [])],
    );
    await recordAudit(
      ctx,
      {
        action: 'affairs.file',
        objectType: 'affair',
        objectId: id,
        areaPath: home.areaPath,
        detail: { number, service: service.code, attachments: Object.values(slots).flat().length },
      },
      trx,
    );
  });
  if (outcome.kind === 'case') {
    try {
      await forwardRequest(ctx, id);
    } catch {
      // stored with its forward job, which retries: the request shows `submitted` until then
    }
  }
  repo.kick(ctx);
  return getRequest(ctx, id);
}

function isOverdue(r: repo.RequestRow, now: Date): boolean {
  return !AFFAIR_FINAL_STATES.includes(r.state as AffairState) && r.due_at < now;
}

function toSummary(r: repo.RequestRow, applicantName: string, now: Date): AffairSummary {
  const service = findService(r.service_code);
  return {
    id: r.id,
    number: r.number,
    service: r.service_code,
    serviceName: service?.name ?? r.service_code,
    serviceNameEn: service?.nameEn ?? r.service_code,
    state: r.state as AffairState,
    applicantName,
    committeeCode: r.committee_code,
    createdAt: r.created_at.toISOString(),
    dueAt: r.due_at.toISOString(),
    isOverdue: isOverdue(r, now),
    isEscalated: r.escalation_level > 0,
    caseId: r.case_id,
    caseNumber: r.case_number,
    certificateId: r.certificate_id,
  };
}

/**
 * The reader's requests: a resident's own; staff's queue in their area (by state, the nearest
 * deadline first). Names are masked in lists.
 */
export async function listRequests(ctx: Ctx, q: AffairListQuery): Promise<AffairList> {
  const actor = ctx.actor!;
  const roots = staffScope(actor);
  const mine = q.mine === true || roots.length === 0;
  if (mine && q.mine !== true && isStaffWithoutQueue(actor)) {
    await denyAndAudit(
      ctx,
      { action: 'affairs.list', objectType: 'affair', objectId: null },
      "Requests are people's files: only the committee's staff and the street's operators read them / 办事申请仅居委会、街道工作人员可查看",
    );
  }
  let query = ctx.db.selectFrom('affair_requests');
  query = mine
    ? query.where('account_id', '=', actor.id)
    : query.where(pathWithin('area_path', roots));
  if (q.state) query = query.where('state', '=', q.state);
  const pageSize = q.pageSize ?? 20;
  const page = q.page ?? 1;
  const ordered = mine
    ? query.orderBy('created_at', 'desc')
    : query
        .orderBy(sql`case when state in ('completed', 'refused', 'forwarded') then 1 else 0 end`)
        .orderBy('due_at')
        .orderBy('created_at');
  const [rows, count] = await Promise.all([
    ordered
      .selectAll()
      .orderBy('id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const now = new Date();
  return {
    total: Number(count.n),
    items: rows.map((r) => toSummary(r, r.applicant_name_masked, now)),
  };
}

/** The request, or a 404 for anyone who may not see it. */
export async function visibleRequest(ctx: Ctx, id: string): Promise<repo.RequestRow> {
  const r = await repo.findRequest(ctx.db, id);
  if (!r || !canSee(ctx.actor, r)) throw AppError.notFound(NOT_FOUND);
  return r;
}

/**
 * One request with its answers, attachments and timeline, and the actions the reader may take.
 * Staff reading another person's request (their name and answers) is audited.
 */
export async function getRequest(ctx: Ctx, id: string): Promise<AffairDetail> {
  const r = await visibleRequest(ctx, id);
  const applicant = isApplicant(ctx.actor, r);
  const [events, refs] = await Promise.all([
    ctx.db
      .selectFrom('affair_events')
      .selectAll()
      .where('request_id', '=', id)
      .orderBy('at')
      .orderBy('id')
      .execute(),
    attachmentRefs(ctx.db, ATTACHMENT_OWNER, [id]),
  ]);
  if (!applicant) {
    await recordAudit(ctx, {
      action: 'affairs.read',
      objectType: 'affair',
      objectId: id,
      areaPath: r.area_path,
    });
  }
  const answers = JSON.parse(ctx.cipher.decrypt(r.answers_enc)) as Answers;
  const slotOf = new Map<string, string>();
  for (const [slot, ids] of Object.entries(r.attachments)) for (const a of ids) slotOf.set(a, slot);
  const state = r.state as AffairState;
  const steps = stepsFrom(state).filter((s) =>
    s === 'supplement' ? applicant : canHandle(ctx.actor, r),
  );
  return {
    ...toSummary(r, ctx.cipher.decrypt(r.applicant_name_enc), new Date()),
    answers,
    attachments: (refs.get(id) ?? []).map((a: AttachmentRef) => ({
      ...a,
      slot: slotOf.get(a.id) ?? '',
    })),
    events: events.map((e): AffairEvent => ({
      at: e.at.toISOString(),
      action: e.action as AffairEvent['action'],
      actorName: e.actor_name,
      fromState: e.from_state as AffairState | null,
      toState: e.to_state as AffairState | null,
      message: e.message,
    })),
    pendingQuestion: state === 'needs_more' ? r.pending_question : null,
    certificateCode: r.certificate_code,
    certificateRevokedAt:
      events.findLast((e) => e.action === 'certificate_revoked')?.at.toISOString() ?? null,
    actions: steps,
  };
}

/** For the media module: who besides the uploader may read a request's attachments. */
export async function canSeeRequestFile(ctx: Ctx, file: { ownerId: string }): Promise<boolean> {
  const r = await repo.findRequest(ctx.db, file.ownerId);
  return !!r && (isApplicant(ctx.actor, r) || canReadAsStaff(ctx.actor, r));
}

export { answerText };
