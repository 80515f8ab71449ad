import crypto from 'node:crypto';
import type { AgendaItemInput, MeetingDetail, ScheduleMeetingBody } from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { maskPersonalNumbers } from '../../platform/text-masking.js';
import { staffCommittee } from '../areas/index.js';
import { recordAudit } from '../audit/index.js';
import { NOT_UPCOMING, insertAgendaItem } from './meeting-agenda.js';
import { canRun, requireStaff, staffScope } from './meetings.policy.js';
import * as repo from './meetings.repo.js';
import { getMeeting } from './meetings.service.js';

/**
 * Staff schedule a meeting of their committee (times, place or link, written agenda items) and
 * add written items to it later; a registered host (a council) schedules its own the same way. Text is published to residents: numbers masked when stored.
 */

/** A start this far in the past is still "now" (a clock a little behind, a slow form). */
const START_GRACE_MS = 60_000;
const MAX_LENGTH_MS = 24 * 3_600_000;
const MAX_AHEAD_MS = 366 * 24 * 3_600_000;

/** The 6 digits residents type at the door. */
const newDoorCode = () => String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');

/** The committee a new meeting is for: the one named (in the actor's area), or their only one. */
const hostCommittee = (ctx: Ctx, code: string | undefined) =>
  staffCommittee(ctx, code, {
    roles: ['committee_staff'],
    mayAct: (path) => canRun(ctx.actor, { area_path: path }),
    required: 'committeeCode: name the committee holding the meeting / 请选择召开议事会的居委会',
  });

function checkTimes(
  body: Pick<ScheduleMeetingBody, 'startsAt' | 'endsAt'>,
  now: Date,
): { startsAt: Date; endsAt: Date } {
  const startsAt = new Date(body.startsAt);
  const endsAt = new Date(body.endsAt);
  if (startsAt.getTime() < now.getTime() - START_GRACE_MS) {
    throw AppError.invalid(
      'startsAt',
      'future',
      'startsAt: a meeting cannot be scheduled in the past / 会议开始时间不能早于当前时间',
    );
  }
  if (startsAt.getTime() > now.getTime() + MAX_AHEAD_MS) {
    throw AppError.invalid(
      'startsAt',
      'withinYear',
      'startsAt: schedule at most a year ahead / 会议开始时间不能晚于一年之后',
    );
  }
  if (endsAt <= startsAt) {
    throw AppError.invalid(
      'endsAt',
      'afterStartsAt',
      'endsAt must be after startsAt / 结束时间须晚于开始时间',
    );
  }
  if (endsAt.getTime() - startsAt.getTime() > MAX_LENGTH_MS) {
    throw AppError.invalid(
      'endsAt',
      'maxDuration',
      'endsAt: a meeting lasts at most 24 hours / 会议时长不能超过 24 小时',
    );
  }
  return { startsAt, endsAt };
}

/** The online link: an https address, or a 400 naming `onlineUrl`. */
function checkOnlineUrl(raw: string | undefined): string | null {
  const text = raw?.trim() ?? '';
  if (!text) return null;
  const url = URL.canParse(text) ? new URL(text) : null;
  if (!url || url.protocol !== 'https:' || !url.hostname) {
    throw AppError.invalid(
      'onlineUrl',
      'https',
      'onlineUrl must be an https:// address / 线上会议链接须以 https:// 开头',
    );
  }
  return url.toString();
}

function checkAgendaItem(item: AgendaItemInput, field: string) {
  const title = item.title.trim();
  if (!title) {
    throw AppError.invalid(
      `${field}.title`,
      'required',
      `${field}.title: the item needs a title / 议题标题不能为空`,
    );
  }
  return { title, note: item.note?.trim() || null };
}

/**
 * Staff schedule a meeting of their committee: a time to come (not in the past), a place or an
 * https link (or both), an optional capacity and the agenda's written items. The door code is
 * drawn now; proposals join the agenda later through `addAgendaItem`.
 */
export async function scheduleMeeting(ctx: Ctx, body: ScheduleMeetingBody): Promise<MeetingDetail> {
  const actor = ctx.actor!;
  if (staffScope(actor).length === 0) {
    throw AppError.forbidden(
      'Only committee staff and street operators schedule meetings / 仅居委会、街道工作人员可召集议事会',
    );
  }
  const checked = checkMeeting(body, new Date());
  const area = await hostCommittee(ctx, body.committeeCode);
  return insertMeeting(ctx, { type: 'committee', code: area.code, areaPath: area.path }, checked);
}

/**
 * Schedule a meeting of a registered host type (a council: host_type 'council', its id as the
 * code, its area path), with the same checks as a committee's; the reader must run the host's
 * meetings (403 otherwise, 404 when the host does not know them).
 */
export async function scheduleHostedMeeting(
  ctx: Ctx,
  host: { type: string; code: string; areaPath: string },
  body: Omit<ScheduleMeetingBody, 'committeeCode'>,
): Promise<MeetingDetail> {
  await requireStaff(ctx, { host_type: host.type, host_code: host.code, area_path: host.areaPath });
  return insertMeeting(ctx, host, checkMeeting(body, new Date()));
}

interface CheckedMeeting {
  title: string;
  startsAt: Date;
  endsAt: Date;
  place: string | null;
  onlineUrl: string | null;
  capacity: number | null;
  agenda: { title: string; note: string | null }[];
}

function checkMeeting(body: Omit<ScheduleMeetingBody, 'committeeCode'>, now: Date): CheckedMeeting {
  const title = body.title.trim();
  if (title.length < 2) {
    throw AppError.invalid(
      'title',
      'minLength',
      'title: 2 to 80 characters / 会议标题须为 2–80 个字',
    );
  }
  const { startsAt, endsAt } = checkTimes(body, now);
  const place = body.place?.trim() || null;
  const onlineUrl = checkOnlineUrl(body.onlineUrl);
  if (!place && !onlineUrl) {
    throw AppError.invalid(
      'place',
      'placeOrOnlineUrl',
      'place: give a place or an online link (or both) / 请填写会议地点或线上会议链接',
    );
  }
  const agenda = (body.agenda ?? []).map((item, i) => checkAgendaItem(item, `agenda.${i}`));
  return { title, startsAt, endsAt, place, onlineUrl, capacity: body.capacity ?? null, agenda };
}

async function insertMeeting(
  ctx: Ctx,
  host: { type: string; code: string; areaPath: string },
  m: CheckedMeeting,
): Promise<MeetingDetail> {
  const actor = ctx.actor!;
  const now = new Date();
  const id = crypto.randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('meetings')
      .values({
        id,
        host_type: host.type,
        host_code: host.code,
        area_path: host.areaPath,
        title: maskPersonalNumbers(m.title),
        starts_at: m.startsAt,
        ends_at: m.endsAt,
        place: m.place,
        online_url: m.onlineUrl,
        capacity: m.capacity,
        door_code: newDoorCode(),
        state: 'scheduled',
        minutes: null,
        minutes_published_at: null,
        cancel_reason: null,
        cancelled_at: null,
        created_by: actor.id,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const locked = (await repo.lockMeeting(trx, id))!;
    for (const item of m.agenda) {
      await insertAgendaItem(trx, locked, { ...item, sourceType: null, sourceId: null });
    }
    await recordAudit(
      ctx,
      {
        action: 'meetings.schedule',
        objectType: 'meeting',
        objectId: id,
        areaPath: host.areaPath,
        detail: {
          startsAt: m.startsAt.toISOString(),
          agenda: m.agenda.length,
          ...(host.type === 'committee' ? {} : { hostType: host.type, hostCode: host.code }),
        },
      },
      trx,
    );
  });
  return getMeeting(ctx, id);
}

/** Staff add a written item to a scheduled meeting's agenda. */
export async function addWrittenAgendaItem(
  ctx: Ctx,
  id: string,
  item: AgendaItemInput,
): Promise<MeetingDetail> {
  const found = await repo.findMeeting(ctx.db, id);
  if (!found) throw AppError.notFound(repo.MEETING_NOT_FOUND);
  // asked before the transaction: a host's answer may read through ctx.db (PGlite has one connection)
  await requireStaff(ctx, found);
  const checked = checkAgendaItem(item, 'agenda');
  await ctx.db.transaction().execute(async (trx) => {
    const m = (await repo.lockMeeting(trx, id))!;
    if (m.state !== 'scheduled') throw AppError.conflict(NOT_UPCOMING);
    await insertAgendaItem(trx, m, { ...checked, sourceType: null, sourceId: null });
  });
  return getMeeting(ctx, id);
}
