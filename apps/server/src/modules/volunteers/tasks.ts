import crypto from 'node:crypto';
import {
  ErrorCode,
  VOLUNTEER_CASE_STEP_LABELS,
  VOLUNTEER_TASK_STATUS_LABELS,
  type AnswerVolunteerTaskBody,
  type ConfirmVolunteerHoursBody,
  type CreateVolunteerTaskBody,
  type VolunteerTask,
  type VolunteerTaskList,
  type VolunteerTaskQuery,
  type VolunteerTaskStatus,
} from '@cc/contracts';
import { Type } from '@sinclair/typebox';
import type { Kysely, Selectable } from 'kysely';
import type { Actor, AppDeps, Ctx } from '../../platform/context.js';
import { pathWithin } from '../../platform/db/path-within.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { defineJob, enqueueJobsQuery, type JobHandler } from '../../platform/jobs.js';
import type { LiveEvent } from '../../platform/live.js';
import { findAreaCached, requireArea, resolveAreaCode } from '../areas/index.js';
import { appendAudits, auditEntry, type AuditEvent } from '../audit/index.js';
import { caseForTask, recordCaseNote } from '../cases/index.js';
import { queueNotifications, type NotifyInput } from '../notifications/index.js';
import { creditHours } from './hours-ledger.js';
import { feedVolunteerFigures, volunteerTransaction } from './volunteer-figures.js';
import { areaRefs, summaryOf } from './volunteers.repo.js';
import { canDispatchTo, canManageTask, dispatchRoots } from './volunteers.policy.js';
import type { VolunteerTasksTable } from './volunteers.tables.js';

/**
 * Tasks (志愿者任务): an operator puts volunteers on duty from a case or a board. One task per
 * volunteer, told by SMS and in-app notice; the volunteer accepts or declines, then reports it
 * done; staff withdraw it or confirm its hours into the ledger. A task from a case writes each
 * step on the case's timeline, with the volunteer's masked name. A volunteer accepted and not
 * yet done is on duty (the volunteers topic's `on_duty`); a task still open a day after it was
 * accepted is ended then (TASK_AUTO_END_JOB), so that nobody stays on duty for ever.
 */

const NOT_FOUND = 'No such volunteer task / 没有这项志愿者任务';
/** The newest tasks a list shows (a case's, an area's, a volunteer's own). */
const LIST_LIMIT = 200;
/** A task accepted and not reported done is ended this long after it was accepted. */
export const TASK_AUTO_END_MS = 24 * 3_600_000;
/** The minutes a task's confirmation credits when staff give none: accepted → done, at most a day. */
export const TASK_DEFAULT_MAX_MINUTES = 1440;

const TaskPayload = Type.Object({ taskId: Type.String({ format: 'uuid' }) });
/** Ends a task still accepted TASK_AUTO_END_MS after it was accepted (endOverdueTask). */
export const TASK_AUTO_END_JOB = defineJob('volunteers.task-auto-end', TaskPayload);

type TaskRow = Selectable<VolunteerTasksTable>;

/** The volunteer's columns the rules need, read with the task. */
interface TaskVolunteer {
  v_account_id: string | null;
  v_name_masked: string;
  v_area_path: string;
}
type TaskWithVolunteer = TaskRow & TaskVolunteer;

function tasksWithVolunteers(db: Kysely<DB>) {
  return db
    .selectFrom('volunteer_tasks as t')
    .innerJoin('volunteers as v', 'v.id', 't.volunteer_id')
    .selectAll('t')
    .select([
      'v.account_id as v_account_id',
      'v.name_masked as v_name_masked',
      'v.area_path as v_area_path',
    ]);
}

/** Tasks as their reader sees them: the volunteer's own name in clear, anyone else's masked. */
async function presentTasks(ctx: Ctx, rows: readonly TaskRow[]): Promise<VolunteerTask[]> {
  if (rows.length === 0) return [];
  const volunteers = await ctx.db
    .selectFrom('volunteers')
    .selectAll()
    .where('id', 'in', [...new Set(rows.map((r) => r.volunteer_id))])
    .execute();
  const byId = new Map(volunteers.map((v) => [v.id, v]));
  const committees = await areaRefs(
    ctx.db,
    volunteers.map((v) => v.committee_code),
  );
  return rows.map((r) => {
    const v = byId.get(r.volunteer_id)!;
    const own = v.account_id !== null && v.account_id === ctx.actor?.id;
    return {
      id: r.id,
      caseId: r.case_id,
      caseNumber: r.case_number,
      title: r.title,
      note: r.note,
      place: r.place,
      lat: r.lat,
      lng: r.lng,
      skill: r.skill,
      volunteer: summaryOf(
        v,
        committees.get(v.committee_code)!,
        own ? ctx.cipher.decrypt(v.name_enc) : undefined,
      ),
      status: r.status as VolunteerTaskStatus,
      sentBy: r.sent_by_name,
      sentAt: r.sent_at.toISOString(),
      answeredAt: r.answered_at?.toISOString() ?? null,
      doneAt: r.done_at?.toISOString() ?? null,
      declineReason: r.decline_reason,
      confirmedAt: r.confirmed_at?.toISOString() ?? null,
    };
  });
}

async function readTasks(ctx: Ctx, ids: readonly string[]): Promise<VolunteerTask[]> {
  if (ids.length === 0) return [];
  const rows = await ctx.db
    .selectFrom('volunteer_tasks')
    .selectAll()
    .where('id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return presentTasks(
    ctx,
    ids.map((id) => byId.get(id)!),
  );
}

const fieldError = (code: ErrorCode, field: string, rule: string, message: string) =>
  new AppError(code, message, { field, rule });

function requireDispatcher(actor: Actor): void {
  if (dispatchRoots(actor).length === 0) {
    throw AppError.forbidden(
      'Only committee staff and operators send volunteers tasks / 只有居委会工作人员和城运、热线人员可以派志愿者',
    );
  }
}

/** The case's step for a task, its note naming the volunteer masked (派志愿者 张*三). */
function caseStep(
  step: keyof typeof VOLUNTEER_CASE_STEP_LABELS,
  maskedName: string,
  extra?: string | null,
): string {
  const base = `${VOLUNTEER_CASE_STEP_LABELS[step].zh} ${maskedName}`;
  return extra ? `${base}：${extra}` : base;
}

/**
 * After the commit: the outbox's texts go, the case's screens refresh (the figures' boards are
 * told by volunteerTransaction).
 */
function afterCommit(ctx: Ctx, live: readonly LiveEvent[]): void {
  ctx.jobs.kick();
  if (live.length > 0) void ctx.live.publish([...live]);
}

// ---------------------------------------------------------------------------------------------
// Sending

/** Where the task is: the body's point, else the case's; its area the case's, else the point's. */
async function taskPlace(
  ctx: Ctx,
  actor: Actor,
  body: CreateVolunteerTaskBody,
  kase: Awaited<ReturnType<typeof caseForTask>>,
): Promise<{ lat: number; lng: number; areaPath: string; place: string | null }> {
  if ((body.lat === undefined) !== (body.lng === undefined)) {
    const missing = body.lat === undefined ? 'lat' : 'lng';
    throw AppError.invalid(
      missing,
      'required',
      `${missing}: give both lat and lng, or neither / 经纬度需同时填写`,
    );
  }
  const lat = body.lat ?? kase?.lat ?? null;
  const lng = body.lng ?? kase?.lng ?? null;
  if (lat === null || lng === null) {
    throw AppError.invalid(
      'lat',
      'required',
      kase
        ? 'lat: the case has no point on the map; give the place (lat, lng) / 该工单没有位置，请填写任务地点'
        : 'lat: give the place of the task (lat, lng) / 请填写任务地点',
    );
  }
  const place = body.place ?? kase?.address ?? null;
  if (kase) return { lat, lng, areaPath: kase.areaPath, place };
  const code = resolveAreaCode(ctx.db, lng, lat);
  const area = code ? await findAreaCached(ctx.db, code) : undefined;
  if (!area || !canDispatchTo(actor, area.path)) {
    throw AppError.invalid(
      'lat',
      'outOfArea',
      'lat: the place lies outside your area / 任务地点不在您的辖区内',
    );
  }
  return { lat, lng, areaPath: area.path, place };
}

/**
 * Send a task to each volunteer named (dispatchers only). From a case, the case must be one the
 * dispatcher sees; every volunteer must be registered within the dispatcher's area (else 404
 * naming `volunteerIds.N`), active, with an account (400 `noAccount`). Nothing is stored
 * unless every one of them may be sent.
 */
export async function sendVolunteerTasks(
  ctx: Ctx,
  body: CreateVolunteerTaskBody,
): Promise<VolunteerTaskList> {
  const actor = ctx.actor!;
  requireDispatcher(actor);
  const kase = body.caseId ? await caseForTask(ctx.db, actor, body.caseId) : null;
  if (body.caseId && !kase) {
    throw fieldError(ErrorCode.notFound, 'caseId', 'notFound', 'No such case / 工单不存在');
  }
  const where = await taskPlace(ctx, actor, body, kase);
  if (body.skill) {
    const skill = await ctx.db
      .selectFrom('volunteer_skills')
      .select('code')
      .where('code', '=', body.skill)
      .executeTakeFirst();
    if (!skill) {
      throw AppError.invalid('skill', 'unknown', `skill: no skill ${body.skill} / 没有该技能`);
    }
  }

  const now = new Date();
  const ids = body.volunteerIds.map(() => crypto.randomUUID());
  const live: LiveEvent[] = [];
  await ctx.db.transaction().execute(async (trx) => {
    // locked in one order: two sends to the same people wait for each other, never in a circle
    const found = await trx
      .selectFrom('volunteers')
      .select(['id', 'account_id', 'name_masked', 'area_path', 'status'])
      .where('id', 'in', body.volunteerIds)
      .orderBy('id')
      .forUpdate()
      .execute();
    const byId = new Map(found.map((v) => [v.id, v]));
    const open = kase
      ? new Set(
          (
            await trx
              .selectFrom('volunteer_tasks')
              .select('volunteer_id')
              .where('case_id', '=', kase.id)
              .where('volunteer_id', 'in', body.volunteerIds)
              .where('status', 'in', ['sent', 'accepted'])
              .execute()
          ).map((t) => t.volunteer_id),
        )
      : new Set<string>();
    const volunteers = body.volunteerIds.map((id, i) => {
      const field = `volunteerIds.${i}`;
      const v = byId.get(id);
      if (!v || !canDispatchTo(actor, v.area_path)) {
        throw fieldError(
          ErrorCode.notFound,
          field,
          'notFound',
          `${field}: no such volunteer in your area / 您的辖区内没有这位志愿者`,
        );
      }
      if (v.status !== 'active') {
        throw AppError.invalid(
          field,
          'inactive',
          `${field}: ${v.name_masked} has left the volunteers / 该志愿者已退出`,
        );
      }
      if (v.account_id === null) {
        throw AppError.invalid(
          field,
          'noAccount',
          `${field}: ${v.name_masked} has no account to receive a task; call them instead / 该志愿者没有账号，无法接收任务，请电话联系`,
        );
      }
      if (open.has(v.id)) {
        throw fieldError(
          ErrorCode.conflict,
          field,
          'alreadySent',
          `${field}: ${v.name_masked} already has an open task on this case / 该志愿者已有本工单的待办任务`,
        );
      }
      return { ...v, accountId: v.account_id };
    });

    await trx
      .insertInto('volunteer_tasks')
      .values(
        volunteers.map((v, i) => ({
          id: ids[i]!,
          case_id: kase?.id ?? null,
          case_number: kase?.number ?? null,
          title: body.title,
          note: body.note ?? null,
          place: where.place,
          lat: where.lat,
          lng: where.lng,
          area_path: where.areaPath,
          skill: body.skill ?? null,
          volunteer_id: v.id,
          status: 'sent',
          sent_by: actor.id,
          sent_by_name: actor.displayName,
          sent_at: now,
        })),
      )
      .execute();
    const text =
      `【志愿者任务】${body.title}` +
      (where.place ? `，地点：${where.place}` : '') +
      (kase ? `（工单 ${kase.number}）` : '') +
      '。请在“我的任务”中接受或谢绝。';
    await queueNotifications(
      trx,
      volunteers.map((v): NotifyInput => ({
        caseId: null,
        areaPath: where.areaPath,
        recipientId: v.accountId,
        text,
        channels: ['sms', 'inapp'],
      })),
    );
    if (kase) {
      for (const [i, v] of volunteers.entries()) {
        const event = await recordCaseNote(trx, {
          caseId: kase.id,
          action: 'volunteer_sent',
          actorId: actor.id,
          actorName: actor.displayName,
          note: caseStep('volunteer_sent', v.name_masked),
          detail: { taskId: ids[i], volunteer: v.name_masked },
          at: now,
        });
        if (i === 0) live.push(event);
      }
    }
    await appendAudits(
      trx,
      ctx,
      volunteers.map((v, i) =>
        auditEntry(ctx, {
          action: 'volunteer.task.send',
          objectType: 'volunteer_task',
          objectId: ids[i]!,
          areaPath: where.areaPath,
          detail: { volunteerId: v.id, caseId: kase?.id ?? null },
        }),
      ),
    );
  });
  afterCommit(ctx, live);
  return { items: await readTasks(ctx, ids) };
}

// ---------------------------------------------------------------------------------------------
// Reading

/**
 * Staff: a case's tasks (a case they see) or an area's (within their dispatch area), newest first.
 * An area's are the union of two queries, each on its own index: the tasks whose place lies in
 * it (volunteer_tasks_area_idx) and the tasks of the volunteers registered in it
 * (volunteers_area_idx, then volunteer_tasks_volunteer_idx); an OR across the join would use
 * neither.
 */
export async function listVolunteerTasks(
  ctx: Ctx,
  q: VolunteerTaskQuery,
): Promise<VolunteerTaskList> {
  const actor = ctx.actor!;
  requireDispatcher(actor);
  const newest = (where: Parameters<ReturnType<typeof tasksWithVolunteers>['where']>[0]) => {
    let query = tasksWithVolunteers(ctx.db).where(where);
    if (q.status) query = query.where('t.status', '=', q.status);
    return query.orderBy('t.sent_at', 'desc').orderBy('t.id').limit(LIST_LIMIT).execute();
  };
  let rows: TaskWithVolunteer[];
  if (q.caseId) {
    const kase = await caseForTask(ctx.db, actor, q.caseId);
    if (!kase) throw AppError.notFound('No such case / 工单不存在');
    rows = await newest((eb) => eb('t.case_id', '=', kase.id));
  } else if (q.area) {
    const area = await requireArea(ctx.db, q.area);
    if (!canDispatchTo(actor, area.path)) {
      throw AppError.notFound(`No area with code ${area.code} / 没有编码为 ${area.code} 的区域`);
    }
    const [atPlace, ofVolunteers] = await Promise.all([
      newest(pathWithin('t.area_path', [area.path])),
      newest(pathWithin('v.area_path', [area.path])),
    ]);
    const byId = new Map([...atPlace, ...ofVolunteers].map((t) => [t.id, t]));
    rows = [...byId.values()]
      .sort(
        (a, b) =>
          new Date(b.sent_at).getTime() - new Date(a.sent_at).getTime() ||
          (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      )
      .slice(0, LIST_LIMIT);
  } else {
    throw AppError.invalid(
      'area',
      'required',
      'area: give a case (caseId) or an area (area) / 请指定工单或区域',
    );
  }
  return { items: await presentTasks(ctx, rows) };
}

/** The signed-in volunteer's own tasks, newest first (none when they are not a volunteer). */
export async function myVolunteerTasks(ctx: Ctx): Promise<VolunteerTaskList> {
  const rows = await tasksWithVolunteers(ctx.db)
    .where('v.account_id', '=', ctx.actor!.id)
    .orderBy('t.sent_at', 'desc')
    .orderBy('t.id')
    .limit(LIST_LIMIT)
    .execute();
  return { items: await presentTasks(ctx, rows) };
}

/** One task: for its volunteer, or staff who may follow it (canManageTask); else 404. */
export async function getVolunteerTask(ctx: Ctx, id: string): Promise<VolunteerTask> {
  const actor = ctx.actor!;
  const t = await tasksWithVolunteers(ctx.db).where('t.id', '=', id).executeTakeFirst();
  const own = !!t && t.v_account_id === actor.id;
  if (
    !t ||
    (!own && !canManageTask(actor, { areaPath: t.area_path, volunteerAreaPath: t.v_area_path }))
  )
    throw AppError.notFound(NOT_FOUND);
  return (await presentTasks(ctx, [t]))[0]!;
}

// ---------------------------------------------------------------------------------------------
// Answers, withdrawal, confirmation

/** The task and its volunteer, the task locked until the transaction ends. */
async function lockTask(trx: Kysely<DB>, id: string): Promise<TaskWithVolunteer | undefined> {
  const locked = await trx
    .selectFrom('volunteer_tasks')
    .select('id')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!locked) return undefined;
  return tasksWithVolunteers(trx).where('t.id', '=', id).executeTakeFirst();
}

function wrongState(t: TaskRow, what: { en: string; zh: string }): AppError {
  const s = VOLUNTEER_TASK_STATUS_LABELS[t.status as VolunteerTaskStatus];
  return new AppError(
    ErrorCode.conflict,
    `This task is ${s.en.toLowerCase()}: it cannot be ${what.en} / 该任务${s.zh}，不能${what.zh}`,
    { field: 'status', rule: 'state' },
  );
}

type Answer = 'accept' | 'decline' | 'done';

const ANSWERS: Record<
  Answer,
  {
    from: VolunteerTaskStatus;
    to: VolunteerTaskStatus;
    step: keyof typeof VOLUNTEER_CASE_STEP_LABELS;
    what: { en: string; zh: string };
    onDuty: number;
  }
> = {
  accept: {
    from: 'sent',
    to: 'accepted',
    step: 'volunteer_accepted',
    what: { en: 'accepted', zh: '接受' },
    onDuty: 1,
  },
  decline: {
    from: 'sent',
    to: 'declined',
    step: 'volunteer_declined',
    what: { en: 'declined', zh: '谢绝' },
    onDuty: 0,
  },
  done: {
    from: 'accepted',
    to: 'done',
    step: 'volunteer_done',
    what: { en: 'reported done', zh: '报完成' },
    onDuty: -1,
  },
};

/**
 * The volunteer's answer: accept or decline a task sent to them, then report an accepted one
 * done. Someone else's task: 404; a wrong state (accepting a declined task, done before
 * accepting): 409.
 */
export async function answerVolunteerTask(
  ctx: Ctx,
  id: string,
  answer: Answer,
  body: AnswerVolunteerTaskBody = {},
): Promise<VolunteerTask> {
  const actor = ctx.actor!;
  const a = ANSWERS[answer];
  const now = new Date();
  const live: LiveEvent[] = [];
  await volunteerTransaction(ctx, async (trx) => {
    const t = await lockTask(trx, id);
    if (!t || t.v_account_id !== actor.id) throw AppError.notFound(NOT_FOUND);
    if (t.status !== a.from) throw wrongState(t, a.what);
    if (answer === 'accept') {
      // their row shared-locked: a change of committee waits, and the +1 lands where it reads
      const v = await trx
        .selectFrom('volunteers')
        .select('area_path')
        .where('id', '=', t.volunteer_id)
        .forShare()
        .executeTakeFirstOrThrow();
      t.v_area_path = v.area_path;
      await enqueueJobsQuery([
        TASK_AUTO_END_JOB.spec(
          { taskId: id },
          {
            runAt: new Date(now.getTime() + TASK_AUTO_END_MS),
            dedupeKey: `volunteers.task-auto-end:${id}`,
          },
        ),
      ])!.execute(trx);
    }
    const extra = answer === 'decline' ? (body.reason ?? null) : (body.note ?? null);
    await trx
      .updateTable('volunteer_tasks')
      .set({
        status: a.to,
        ...(answer === 'done' ? { done_at: now } : { answered_at: now }),
        ...(answer === 'decline' ? { decline_reason: body.reason ?? null } : {}),
      })
      .where('id', '=', id)
      .execute();
    if (a.onDuty !== 0) {
      await feedVolunteerFigures(trx, [
        { metric: 'on_duty', areaPath: t.v_area_path, delta: a.onDuty, at: now },
      ]);
    }
    if (t.case_id) {
      live.push(
        await recordCaseNote(trx, {
          caseId: t.case_id,
          action: a.step,
          actorId: actor.id,
          actorName: t.v_name_masked,
          note: caseStep(a.step, t.v_name_masked, extra),
          detail: { taskId: id, volunteer: t.v_name_masked },
          at: now,
        }),
      );
    }
    await appendAudits(trx, ctx, [
      auditEntry(ctx, taskAudit(`volunteer.task.${answer}`, t, extra ? { note: extra } : {})),
    ]);
  });
  afterCommit(ctx, live);
  return (await readTasks(ctx, [id]))[0]!;
}

const taskAudit = (
  action: string,
  t: TaskWithVolunteer,
  detail: Record<string, unknown> = {},
): AuditEvent => ({
  action,
  objectType: 'volunteer_task',
  objectId: t.id,
  areaPath: t.area_path,
  detail: { volunteerId: t.volunteer_id, caseId: t.case_id, ...detail },
});

/** The task locked, for staff who follow it; anyone else: 404. */
async function lockTaskForStaff(
  trx: Kysely<DB>,
  actor: Actor,
  id: string,
): Promise<TaskWithVolunteer> {
  const t = await lockTask(trx, id);
  if (!t || !canManageTask(actor, { areaPath: t.area_path, volunteerAreaPath: t.v_area_path })) {
    throw AppError.notFound(NOT_FOUND);
  }
  return t;
}

/**
 * Staff withdraw a task not yet done (the volunteer is told); an accepted one takes the
 * volunteer off duty.
 */
export async function cancelVolunteerTask(ctx: Ctx, id: string): Promise<VolunteerTask> {
  const actor = ctx.actor!;
  const now = new Date();
  const live: LiveEvent[] = [];
  await volunteerTransaction(ctx, async (trx) => {
    const t = await lockTaskForStaff(trx, actor, id);
    if (t.status !== 'sent' && t.status !== 'accepted') {
      throw wrongState(t, { en: 'withdrawn', zh: '撤回' });
    }
    await trx
      .updateTable('volunteer_tasks')
      .set({ status: 'cancelled' })
      .where('id', '=', id)
      .execute();
    if (t.status === 'accepted') {
      await feedVolunteerFigures(trx, [
        { metric: 'on_duty', areaPath: t.v_area_path, delta: -1, at: now },
      ]);
    }
    await queueNotifications(trx, [
      {
        caseId: null,
        areaPath: t.area_path,
        recipientId: t.v_account_id!,
        text: `【志愿者任务】“${t.title}”已撤回，无需前往。感谢您的支持！`,
        channels: ['sms', 'inapp'],
      },
    ]);
    if (t.case_id) {
      live.push(
        await recordCaseNote(trx, {
          caseId: t.case_id,
          action: 'volunteer_cancelled',
          actorId: actor.id,
          actorName: actor.displayName,
          note: caseStep('volunteer_cancelled', t.v_name_masked),
          detail: { taskId: id, volunteer: t.v_name_masked },
          at: now,
        }),
      );
    }
    await appendAudits(trx, ctx, [auditEntry(ctx, taskAudit('volunteer.task.cancel', t))]);
  });
  afterCommit(ctx, live);
  return (await readTasks(ctx, [id]))[0]!;
}

/**
 * Staff confirm a done task's hours into the ledger (category 'emergency', the interval from
 * accepting to done): `minutes` when given (at most the interval), else the interval's minutes
 * capped at TASK_DEFAULT_MAX_MINUTES (a task accepted on Monday and reported done on Friday
 * credits a day, not four, unless staff say more — and the body allows at most a day). Twice: 409.
 */
export async function confirmVolunteerTask(
  ctx: Ctx,
  id: string,
  body: ConfirmVolunteerHoursBody = {},
): Promise<VolunteerTask> {
  const actor = ctx.actor!;
  const now = new Date();
  await volunteerTransaction(ctx, async (trx) => {
    const t = await lockTaskForStaff(trx, actor, id);
    if (t.status !== 'done') throw wrongState(t, { en: 'confirmed', zh: '确认时长' });
    if (t.confirmed_at) {
      throw AppError.conflict('These hours are already confirmed / 该服务时长已确认', 'minutes');
    }
    const fromAt = t.answered_at!;
    const toAt = t.done_at!;
    const interval = Math.floor((toAt.getTime() - fromAt.getTime()) / 60_000);
    if (body.minutes !== undefined && body.minutes > interval) {
      throw AppError.invalid(
        'minutes',
        'max',
        `minutes: at most ${interval}, from accepting to done / 时长不能超过接受到完成的 ${interval} 分钟`,
      );
    }
    const credit = await creditHours(trx, {
      volunteerId: t.volunteer_id,
      category: 'emergency',
      title: t.title,
      fromAt,
      toAt,
      claimedMinutes: body.minutes ?? Math.min(interval, TASK_DEFAULT_MAX_MINUTES),
      taskId: t.id,
      byAccount: actor.id,
      note: t.case_number ? `工单 ${t.case_number}` : null,
    });
    await trx
      .updateTable('volunteer_tasks')
      .set({ confirmed_at: now, confirmed_by: actor.id })
      .where('id', '=', id)
      .execute();
    await appendAudits(trx, ctx, [
      auditEntry(ctx, taskAudit('volunteer.task.confirm', t, { minutes: credit.minutes })),
    ]);
  });
  afterCommit(ctx, []);
  return (await readTasks(ctx, [id]))[0]!;
}

// ---------------------------------------------------------------------------------------------
// A task left open

/**
 * A task still accepted TASK_AUTO_END_MS after it was accepted is ended as done at that moment
 * (done_at = accepted + 24 h), on the case's timeline as `volunteer_done` noting 自动结束; the
 * volunteer is off duty and told in the app. Staff confirm its hours as for any done task
 * (adjusting them as they know). A task answered meanwhile is left as it is. Returns whether it
 * ended the task.
 */
export async function endOverdueTask(deps: AppDeps, id: string): Promise<boolean> {
  const now = new Date();
  const live: LiveEvent[] = [];
  const ended = await volunteerTransaction(deps, async (trx) => {
    const t = await lockTask(trx, id);
    if (!t || t.status !== 'accepted' || !t.answered_at) return false;
    const doneAt = new Date(
      Math.min(new Date(t.answered_at).getTime() + TASK_AUTO_END_MS, now.getTime()),
    );
    await trx
      .updateTable('volunteer_tasks')
      .set({ status: 'done', done_at: doneAt })
      .where('id', '=', id)
      .execute();
    await feedVolunteerFigures(trx, [
      { metric: 'on_duty', areaPath: t.v_area_path, delta: -1, at: now },
    ]);
    const why = '自动结束（接受后 24 小时未报完成）';
    if (t.case_id) {
      live.push(
        await recordCaseNote(trx, {
          caseId: t.case_id,
          action: 'volunteer_done',
          actorId: null,
          actorName: null,
          note: caseStep('volunteer_done', t.v_name_masked, why),
          detail: { taskId: id, volunteer: t.v_name_masked, auto: true },
          at: now,
        }),
      );
    }
    if (t.v_account_id)
      await queueNotifications(trx, [
        {
          caseId: null,
          areaPath: t.area_path,
          recipientId: t.v_account_id,
          text: `【志愿者任务】“${t.title}”已在接受 24 小时后自动结束。感谢您的支持！`,
          channels: ['inapp'],
        },
      ]);
    await appendAudits(trx, deps, [
      auditEntry({ actor: null, ip: null }, taskAudit('volunteer.task.auto-done', t)),
    ]);
    return true;
  });
  if (live.length > 0) void deps.live.publish(live);
  return ended;
}

/** The tasks' job kind and handler (volunteers.jobs.ts lists it with the module's others). */
export function taskJobHandlers(deps: AppDeps): (readonly [string, JobHandler])[] {
  return [
    TASK_AUTO_END_JOB.handler(async ({ taskId }) => {
      await endOverdueTask(deps, taskId);
    }),
  ];
}
