import {
  MEETING_MINUTES_MAX,
  type CancelMeetingBody,
  type MeetingDetail,
  type PublishMinutesBody,
} from '@cc/contracts';
import { Type } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { AppDeps, Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { defineJob, type JobSpec } from '../../platform/jobs.js';
import { recordAudit } from '../audit/index.js';
import { queueNotifications, type NotifyInput } from '../notifications/index.js';
import { meetingItemDecided, type MeetingDecision } from './meeting-events.js';
import { requireStaff } from './meetings.policy.js';
import * as repo from './meetings.repo.js';
import { getMeeting } from './meetings.service.js';

/**
 * After the meeting: the minutes and an outcome per agenda item, published once (each item's
 * decision told to the module it came from through `meetingItemDecided`); or the meeting
 * called off. Registered residents are told either way — in the same transaction when they
 * are few, by a job in batches when many.
 */

/** Up to this many registrants are told in the publishing transaction; more go to the job. */
const INLINE_RECIPIENTS = 200;
const BATCH = 1000;

const TellKind = Type.Union([Type.Literal('minutes'), Type.Literal('cancelled')]);
/** Tell a meeting's registrants (after attendee id `after`) that its minutes are out or it was called off. */
export const TELL_REGISTRANTS_JOB = defineJob(
  'meetings.tell-registrants',
  Type.Object({
    meetingId: Type.String(),
    kind: TellKind,
    after: Type.Union([Type.String(), Type.Null()]),
  }),
);

const shanghaiTime = (at: Date) =>
  new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

function message(
  m: repo.MeetingRow,
  kind: 'minutes' | 'cancelled',
): { text: string; channels: NotifyInput['channels'] } {
  return kind === 'minutes'
    ? {
        text: `【社区云】议事会「${m.title}」的会议纪要和议题结果已发布，欢迎查看。`,
        channels: ['inapp'],
      }
    : {
        // people may be on their way: a text as well
        text: `【社区云】原定${shanghaiTime(m.starts_at)}召开的议事会「${m.title}」已取消：${m.cancel_reason ?? ''}`,
        channels: ['inapp', 'sms'],
      };
}

/** One batch of registrants (residents with an account) after `after`, by attendee id. */
async function registrantBatch(
  trx: Kysely<DB>,
  meetingId: string,
  after: string | null,
  size: number,
) {
  let q = trx
    .selectFrom('meeting_attendees')
    .select(['id', 'account_id'])
    .where('meeting_id', '=', meetingId)
    .where('state', '=', 'registered')
    .where('account_id', 'is not', null);
  if (after) q = q.where('id', '>', after);
  return q.orderBy('id').limit(size).execute();
}

/**
 * Tell the registrants, inside `trx`: all of them at once when few, else the first batch of
 * the job (its continuation carries the cursor).
 */
async function tellRegistrants(trx: Kysely<DB>, m: repo.MeetingRow, kind: 'minutes' | 'cancelled') {
  if (m.registered_count > INLINE_RECIPIENTS) {
    await queueNotifications(
      trx,
      [],
      [
        TELL_REGISTRANTS_JOB.spec(
          { meetingId: m.id, kind, after: null },
          { dedupeKey: `meetings.tell:${m.id}:${kind}:start` },
        ),
      ],
    );
    return;
  }
  const rows = await registrantBatch(trx, m.id, null, INLINE_RECIPIENTS * 2);
  const { text, channels } = message(m, kind);
  await queueNotifications(
    trx,
    rows.map((r) => ({
      caseId: null,
      areaPath: m.area_path,
      recipientId: r.account_id!,
      channels,
      text,
    })),
  );
}

/** The job: one batch of registrants told, and the next batch queued (each once, by its key). */
export async function runTellRegistrants(
  deps: AppDeps,
  p: { meetingId: string; kind: 'minutes' | 'cancelled'; after: string | null },
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const m = await repo.findMeeting(trx, p.meetingId);
    if (!m) return;
    const rows = await registrantBatch(trx, m.id, p.after, BATCH);
    const { text, channels } = message(m, p.kind);
    const last = rows[rows.length - 1];
    const next: JobSpec[] =
      rows.length === BATCH && last
        ? [
            TELL_REGISTRANTS_JOB.spec(
              { meetingId: m.id, kind: p.kind, after: last.id },
              { dedupeKey: `meetings.tell:${m.id}:${p.kind}:${last.id}` },
            ),
          ]
        : [];
    await queueNotifications(
      trx,
      rows.map((r) => ({
        caseId: null,
        areaPath: m.area_path,
        recipientId: r.account_id!,
        channels,
        text,
      })),
      next,
    );
  });
  deps.jobs.kick();
}

/**
 * Staff publish the minutes (plain text, ≤ 20,000 characters) with an outcome for every agenda
 * item, once the meeting has begun. In one transaction: the items decided, the meeting held,
 * `meetingItemDecided` per item (its source's module hears it), the registrants told.
 */
export async function publishMinutes(
  ctx: Ctx,
  id: string,
  body: PublishMinutesBody,
): Promise<MeetingDetail> {
  const minutes = body.minutes.trim();
  if (!minutes)
    throw AppError.invalid('minutes', 'required', 'minutes: write the minutes / 请填写会议纪要');
  if (minutes.length > MEETING_MINUTES_MAX) {
    throw AppError.invalid(
      'minutes',
      `at most ${MEETING_MINUTES_MAX} characters`,
      `minutes: at most ${MEETING_MINUTES_MAX} characters / 会议纪要不能超过 ${MEETING_MINUTES_MAX} 字`,
    );
  }
  const found = await repo.findMeeting(ctx.db, id);
  if (!found) throw AppError.notFound(repo.MEETING_NOT_FOUND);
  await requireStaff(ctx, found);
  await ctx.db.transaction().execute(async (trx) => {
    const m = (await repo.lockMeeting(trx, id))!;
    if (m.state === 'held')
      throw AppError.conflict('The minutes are published already / 会议纪要已发布');
    if (m.state === 'cancelled') throw AppError.conflict('The meeting was cancelled / 会议已取消');
    if (m.starts_at > new Date()) {
      throw AppError.conflict('The meeting has not begun yet / 会议尚未开始，不能发布纪要');
    }
    const items = await trx
      .selectFrom('meeting_agenda_items')
      .selectAll()
      .where('meeting_id', '=', id)
      .orderBy('position')
      .execute();
    const byItem = new Map<string, { decision: MeetingDecision; outcome: string }>();
    body.outcomes.forEach((o, i) => {
      const outcome = o.outcome.trim();
      if (!items.some((it) => it.id === o.itemId)) {
        throw AppError.invalid(
          `outcomes[${i}].itemId`,
          'an item of the agenda',
          `outcomes[${i}].itemId is not an item of this meeting's agenda / 议题不属于本次会议`,
        );
      }
      if (byItem.has(o.itemId)) {
        throw AppError.invalid(
          `outcomes[${i}].itemId`,
          'once per item',
          `outcomes[${i}]: one outcome per item / 每个议题只能有一个结果`,
        );
      }
      if (!outcome) {
        throw AppError.invalid(
          `outcomes[${i}].outcome`,
          'required',
          `outcomes[${i}].outcome: say what was decided / 请填写议题结果`,
        );
      }
      byItem.set(o.itemId, { decision: o.decision, outcome });
    });
    const missing = items.find((it) => !byItem.has(it.id));
    if (missing) {
      throw AppError.invalid(
        'outcomes',
        'every item',
        `outcomes: every agenda item needs an outcome (missing: ${missing.title}) / 每个议题都须填写结果（缺少：${missing.title}）`,
      );
    }
    const now = new Date();
    for (const it of items) {
      const o = byItem.get(it.id)!;
      await trx
        .updateTable('meeting_agenda_items')
        .set({ decision: o.decision, outcome: o.outcome, decided_at: now })
        .where('id', '=', it.id)
        .execute();
    }
    await trx
      .updateTable('meetings')
      .set({ state: 'held', minutes, minutes_published_at: now, updated_at: now })
      .where('id', '=', id)
      .execute();
    for (const it of items) {
      const o = byItem.get(it.id)!;
      await ctx.events.publish(trx, meetingItemDecided, {
        meetingId: id,
        itemId: it.id,
        sourceType: it.source_type,
        sourceId: it.source_id,
        outcome: o.outcome,
        decision: o.decision,
      });
    }
    await tellRegistrants(trx, m, 'minutes');
    await recordAudit(
      ctx,
      {
        action: 'meetings.minutes',
        objectType: 'meeting',
        objectId: id,
        areaPath: m.area_path,
        detail: { items: items.length },
      },
      trx,
    );
  });
  ctx.jobs.kick();
  return getMeeting(ctx, id);
}

/** Staff call a scheduled meeting off, with the reason; the registrants are told. */
export async function cancelMeeting(
  ctx: Ctx,
  id: string,
  body: CancelMeetingBody,
): Promise<MeetingDetail> {
  const reason = body.reason.trim();
  if (reason.length < 2) {
    throw AppError.invalid(
      'reason',
      'length 2–500',
      'reason: 2 to 500 characters / 取消原因须为 2–500 个字',
    );
  }
  const found = await repo.findMeeting(ctx.db, id);
  if (!found) throw AppError.notFound(repo.MEETING_NOT_FOUND);
  await requireStaff(ctx, found);
  await ctx.db.transaction().execute(async (trx) => {
    const m = (await repo.lockMeeting(trx, id))!;
    if (m.state !== 'scheduled') {
      throw AppError.conflict('The meeting was already held or cancelled / 会议已召开或已取消');
    }
    const now = new Date();
    await trx
      .updateTable('meetings')
      .set({ state: 'cancelled', cancel_reason: reason, cancelled_at: now, updated_at: now })
      .where('id', '=', id)
      .execute();
    await tellRegistrants(trx, { ...m, cancel_reason: reason }, 'cancelled');
    await recordAudit(
      ctx,
      {
        action: 'meetings.cancel',
        objectType: 'meeting',
        objectId: id,
        areaPath: m.area_path,
        detail: { reason },
      },
      trx,
    );
  });
  ctx.jobs.kick();
  return getMeeting(ctx, id);
}
