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
import { sql, type Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { pathWithin } from '../../platform/db/path-within.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { fileCase } from '../cases/index.js';
import { accountNames } from '../identity/index.js';
import { attachAttachments, attachmentRefs } from '../media/index.js';
import { residentHome } from '../residents/index.js';
import { answerText, checkAnswers, type Answers } from './affair-answers.js';
import { deadlineJob, dueDate } from './affair-deadlines.js';
import { canHandle, canReadAsStaff, canSee, isApplicant, staffScope } from './affairs.policy.js';
import * as repo from './affairs.repo.js';
import { findService, listServices, requireService } from './catalogue.js';
import { stepsFrom } from './state-machine.js';

export const NOT_FOUND = 'No such request / 办事申请不存在';
/** the owner type of a request's attachments in the media module */
export const ATTACHMENT_OWNER = 'affair';

export function getServices(): { services: AffairService[] } {
  return { services: [...listServices()] };
}

type AttachmentSlots = Record<string, string[]>;

/**
 * The slots given, checked against the service: known codes, at most `maxFiles` each, and
 * (unless `partial`) every required one present. Errors name `attachments.<code>`.
 */
export function checkSlots(
  service: AffairService,
  given: AttachmentSlots,
  partial = false,
): AttachmentSlots {
  const specs = new Map(service.attachments.map((a) => [a.code, a]));
  const out: AttachmentSlots = {};
  for (const [code, ids] of Object.entries(given)) {
    const name = `attachments.${code}`;
    const spec = specs.get(code);
    if (!spec)
      throw AppError.invalid(
        name,
        'unknown',
        `${name}: ${service.name} / ${service.nameEn} asks for no such attachment / 没有这项附件`,
      );
    const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
    const max = spec.maxFiles ?? 5;
    if (unique.length > max)
      throw AppError.invalid(
        name,
        'maxItems',
        `${name} (${spec.name} / ${spec.nameEn}): at most ${max} files / 最多${max}个文件`,
      );
    if (unique.length > 0) out[code] = unique;
  }
  if (!partial) requireSlots(service, out);
  return out;
}

function requireSlots(service: AffairService, slots: AttachmentSlots): void {
  for (const a of service.attachments) {
    if (a.required && !slots[a.code]?.length) {
      const name = `attachments.${a.code}`;
      throw AppError.invalid(
        name,
        'required',
        `${name} (${a.name} / ${a.nameEn}) is required: attach the file / 请上传${a.name}`,
      );
    }
  }
}

/**
 * Attach the slots' files to the request (each the applicant's loose upload) and check each
 * file is of a type its slot accepts. In the caller's transaction: a refusal stores nothing.
 */
export async function attachSlots(
  trx: Kysely<DB>,
  service: AffairService,
  requestId: string,
  uploadedBy: string,
  slots: AttachmentSlots,
): Promise<void> {
  for (const [code, ids] of Object.entries(slots)) {
    await attachAttachments(trx, {
      ids,
      ownerType: ATTACHMENT_OWNER,
      ownerId: requestId,
      uploadedBy,
      field: `attachments.${code}`,
    });
  }
  const refs = new Map(
    ((await attachmentRefs(trx, ATTACHMENT_OWNER, [requestId])).get(requestId) ?? []).map((r) => [
      r.id,
      r,
    ]),
  );
  for (const [code, ids] of Object.entries(slots)) {
    const spec = service.attachments.find((a) => a.code === code)!;
    for (const id of ids) {
      const kind = refs.get(id)?.kind;
      if (!kind || !spec.types.includes(kind)) {
        const name = `attachments.${code}`;
        throw AppError.invalid(
          name,
          'type',
          `${name} (${spec.name} / ${spec.nameEn}): ${refs.get(id)?.name ?? id} must be ${spec.types.join(', ')} / 文件类型不符`,
        );
      }
    }
  }
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

const caseNumberOf = (detail: unknown): string | null => {
  const n = (detail as { number?: unknown } | undefined)?.number;
  return typeof n === 'string' ? n : null;
};

/**
 * A verified resident files a request with their committee: the answers and attachments
 * checked against the service; a repair or complaint is filed as a case at once.
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
  const names = await accountNames(ctx.db, [actor.id]);
  const applicantName = names.get(actor.id) ?? actor.displayName;
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
    await repo.notifyAndQueue(
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
      // a forwarded request's job finds it ended and stops; one whose case could not be filed
      // stays with the committee, under its deadline
      [deadlineJob(id, now, due)],
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
  repo.kick(ctx);
  if (outcome.kind === 'case') await forwardAsCase(ctx, row, service, answers, home.compoundCode);
  return getRequest(ctx, id);
}

/**
 * A repair or complaint becomes a case at once (the cases module's intake, its own
 * transaction; the request's id as the idempotency key, so a second try finds the same case),
 * and the request records it.
 */
async function forwardAsCase(
  ctx: Ctx,
  row: repo.RequestRow,
  service: AffairService,
  answers: Answers,
  compoundCode: string,
): Promise<void> {
  const actor = ctx.actor!;
  const outcome = service.outcome;
  if (outcome.kind !== 'case') return;
  const scenario = outcome.scenarioField
    ? outcome.scenarios![String(answers[outcome.scenarioField])]!
    : outcome.scenario!;
  const address = outcome.addressField ? answers[outcome.addressField] : undefined;
  const filed = await fileCase(ctx, {
    scenarioCode: scenario,
    description: String(answers[outcome.descriptionField]),
    lat: null,
    lng: null,
    areaCode: compoundCode,
    address: address === undefined ? null : String(address),
    attributes: {},
    photoIds: [],
    contact: null,
    source: 'resident',
    reporterId: actor.id,
    reporterName: actor.displayName,
    idempotency: { scope: 'affairs', key: row.id },
  });
  const caseNumber = caseNumberOf(filed.detail);
  await ctx.db.transaction().execute(async (trx) => {
    const r = await repo.lockRequest(trx, row.id);
    if (!r || r.state !== 'submitted') return;
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
        actorId: actor.id,
        actorName: actor.displayName,
        at: now,
        action: 'forward',
        fromState: 'submitted',
        toState: 'forwarded',
        detail: { caseId: filed.caseId, caseNumber },
      })
      .execute();
    await repo.notifyAndQueue(trx, [
      repo.tellApplicant(
        r,
        `【社区云】您的${repo.requestLabel(service, r)}已转为工单${caseNumber ?? ''}，处理进展可在「我的办事」查看。`,
        false,
      ),
    ]);
  });
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
  let query = ctx.db.selectFrom('affair_requests');
  const mine = q.mine === true || roots.length === 0;
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
    actions: steps,
  };
}

/** For the media module: who besides the uploader may read a request's attachments. */
export async function canSeeRequestFile(ctx: Ctx, file: { ownerId: string }): Promise<boolean> {
  const r = await repo.findRequest(ctx.db, file.ownerId);
  return !!r && (isApplicant(ctx.actor, r) || canReadAsStaff(ctx.actor, r));
}

export { answerText };
