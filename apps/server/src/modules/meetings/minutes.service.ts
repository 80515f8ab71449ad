import {
  MEETING_MINUTES_MAX,
  type CancelMeetingBody,
  type MeetingDetail,
  type PublishMinutesBody,
} from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { maskPersonalNumbers } from '../../platform/text-masking.js';
import { recordAudit } from '../audit/index.js';
import { meetingCancelled, meetingItemDecided, type MeetingDecision } from './meeting-events.js';
import { requireStaff } from './meetings.policy.js';
import * as repo from './meetings.repo.js';
import { getMeeting } from './meetings.service.js';
import { tellRegistrants } from './tell-registrants.js';

/**
 * After the meeting: the minutes and an outcome per agenda item, published once (each item's
 * decision told to the module it came from through `meetingItemDecided`); or the meeting
 * called off (`meetingCancelled`, with its items). Registered residents are told either way
 * (tell-registrants.ts).
 */

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
  const minutes = maskPersonalNumbers(body.minutes.trim());
  if (!minutes)
    throw AppError.invalid('minutes', 'required', 'minutes: write the minutes / 请填写会议纪要');
  if (minutes.length > MEETING_MINUTES_MAX) {
    throw AppError.invalid(
      'minutes',
      'maxLength',
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
      const outcome = maskPersonalNumbers(o.outcome.trim());
      if (!items.some((it) => it.id === o.itemId)) {
        throw AppError.invalid(
          `outcomes.${i}.itemId`,
          'agendaItem',
          `outcomes.${i}.itemId is not an item of this meeting's agenda / 议题不属于本次会议`,
        );
      }
      if (byItem.has(o.itemId)) {
        throw AppError.invalid(
          `outcomes.${i}.itemId`,
          'unique',
          `outcomes.${i}: one outcome per item / 每个议题只能有一个结果`,
        );
      }
      if (!outcome) {
        throw AppError.invalid(
          `outcomes.${i}.outcome`,
          'required',
          `outcomes.${i}.outcome: say what was decided / 请填写议题结果`,
        );
      }
      byItem.set(o.itemId, { decision: o.decision, outcome });
    });
    const missing = items.find((it) => !byItem.has(it.id));
    if (missing) {
      throw AppError.invalid(
        'outcomes',
        'everyItem',
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
  const reason = maskPersonalNumbers(body.reason.trim());
  if (reason.length < 2) {
    throw AppError.invalid(
      'reason',
      'minLength',
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
    const items = await trx
      .selectFrom('meeting_agenda_items')
      .select(['id', 'source_type', 'source_id'])
      .where('meeting_id', '=', id)
      .orderBy('position')
      .execute();
    await ctx.events.publish(trx, meetingCancelled, {
      meetingId: id,
      items: items.map((i) => ({ itemId: i.id, sourceType: i.source_type, sourceId: i.source_id })),
    });
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
