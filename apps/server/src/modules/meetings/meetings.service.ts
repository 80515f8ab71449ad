import crypto from 'node:crypto';
import {
  MEETING_CHECK_IN_OPENS_MS,
  type AgendaItem,
  type AgendaItemInput,
  type MeetingDecisionValue,
  type MeetingDetail,
  type MeetingList,
  type MeetingListQuery,
  type MeetingState,
  type MeetingSummary,
  type ScheduleMeetingBody,
} from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { openCursor, sealCursor } from '../../platform/cursor.js';
import { pathWithin } from '../../platform/db/path-within.js';
import { AppError } from '../../platform/errors.js';
import { bindingsWith } from '../../platform/policy.js';
import { findAreaCached } from '../areas/index.js';
import { recordAudit } from '../audit/index.js';
import { residentHome } from '../residents/index.js';
import { NOT_UPCOMING, insertAgendaItem } from './meeting-agenda.js';
import {
  audienceOf,
  canRun,
  isOtherStaff,
  requireAudience,
  requireStaff,
  staffScope,
  UNVERIFIED,
} from './meetings.policy.js';
import * as repo from './meetings.repo.js';

/** A start this far in the past is still "now" (a clock a little behind, a slow form). */
const START_GRACE_MS = 60_000;
const MAX_LENGTH_MS = 24 * 3_600_000;
const MAX_AHEAD_MS = 366 * 24 * 3_600_000;
const MEETINGS_LIST = 'meetings.list';

/** The 6 digits residents type at the door. */
const newDoorCode = () => String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');

/** The committee a new meeting is for: the one named (in the actor's area), or their only one. */
async function hostCommittee(ctx: Ctx, code: string | undefined) {
  const actor = ctx.actor!;
  if (code === undefined) {
    const own = [
      ...new Set(
        bindingsWith(actor, ['committee_staff'])
          .filter((b) => b.areaLevel === 'committee')
          .map((b) => b.areaCode),
      ),
    ];
    if (own.length !== 1) {
      throw AppError.invalid(
        'committeeCode',
        'required',
        'committeeCode: name the committee holding the meeting / 请选择召开议事会的居委会',
      );
    }
    code = own[0]!;
  }
  const area = await findAreaCached(ctx.db, code);
  if (!area || area.level !== 'committee' || !canRun(actor, { area_path: area.path })) {
    throw AppError.notFound(
      'No such committee in your area: committeeCode / 您的辖区内没有该居委会（committeeCode）',
    );
  }
  return area;
}

function checkTimes(body: ScheduleMeetingBody, now: Date): { startsAt: Date; endsAt: Date } {
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
      'within a year',
      'startsAt: schedule at most a year ahead / 会议开始时间不能晚于一年之后',
    );
  }
  if (endsAt <= startsAt) {
    throw AppError.invalid(
      'endsAt',
      'after startsAt',
      'endsAt must be after startsAt / 结束时间须晚于开始时间',
    );
  }
  if (endsAt.getTime() - startsAt.getTime() > MAX_LENGTH_MS) {
    throw AppError.invalid(
      'endsAt',
      'within 24 h',
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
  const now = new Date();
  const title = body.title.trim();
  if (title.length < 2) {
    throw AppError.invalid(
      'title',
      'length 2–80',
      'title: 2 to 80 characters / 会议标题须为 2–80 个字',
    );
  }
  const { startsAt, endsAt } = checkTimes(body, now);
  const place = body.place?.trim() || null;
  const onlineUrl = checkOnlineUrl(body.onlineUrl);
  if (!place && !onlineUrl) {
    throw AppError.invalid(
      'place',
      'place or onlineUrl',
      'place: give a place or an online link (or both) / 请填写会议地点或线上会议链接',
    );
  }
  const agenda = (body.agenda ?? []).map((item, i) => checkAgendaItem(item, `agenda[${i}]`));
  const area = await hostCommittee(ctx, body.committeeCode);
  const id = crypto.randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('meetings')
      .values({
        id,
        host_type: 'committee',
        host_code: area.code,
        area_path: area.path,
        title,
        starts_at: startsAt,
        ends_at: endsAt,
        place,
        online_url: onlineUrl,
        capacity: body.capacity ?? null,
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
    const m = (await repo.lockMeeting(trx, id))!;
    for (const item of agenda) {
      await insertAgendaItem(trx, m, { ...item, sourceType: null, sourceId: null });
    }
    await recordAudit(
      ctx,
      {
        action: 'meetings.schedule',
        objectType: 'meeting',
        objectId: id,
        areaPath: area.path,
        detail: { startsAt: startsAt.toISOString(), agenda: agenda.length },
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
  const checked = checkAgendaItem(item, 'agenda');
  await ctx.db.transaction().execute(async (trx) => {
    const m = await repo.lockMeeting(trx, id);
    if (!m) throw AppError.notFound(repo.MEETING_NOT_FOUND);
    await requireStaff(ctx, m);
    if (m.state !== 'scheduled') throw AppError.conflict(NOT_UPCOMING);
    await insertAgendaItem(trx, m, { ...checked, sourceType: null, sourceId: null });
  });
  return getMeeting(ctx, id);
}

/** The meeting the reader may see: 404 for outsiders, 403 (why) for the unverified. */
export async function visibleMeeting(ctx: Ctx, id: string) {
  const m = await repo.findMeeting(ctx.db, id);
  if (!m) throw AppError.notFound(repo.MEETING_NOT_FOUND);
  const audience = await requireAudience(ctx, m);
  return { m, audience };
}

type Mine = MeetingSummary['myRegistration'];

async function myRegistrations(ctx: Ctx, ids: readonly string[]): Promise<Map<string, Mine>> {
  if (ids.length === 0 || !ctx.actor) return new Map();
  const rows = await ctx.db
    .selectFrom('meeting_attendees')
    .select(['meeting_id', 'attended_at'])
    .where('account_id', '=', ctx.actor.id)
    .where('meeting_id', 'in', ids)
    .where('state', '=', 'registered')
    .execute();
  return new Map(rows.map((r) => [r.meeting_id, r.attended_at ? 'attended' : 'registered']));
}

async function hostNames(ctx: Ctx, codes: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const code of new Set(codes)) {
    names.set(code, (await findAreaCached(ctx.db, code))?.name ?? code);
  }
  return names;
}

function toSummary(m: repo.MeetingRow, hostName: string, mine: Mine): MeetingSummary {
  return {
    id: m.id,
    hostType: m.host_type,
    hostCode: m.host_code,
    hostName,
    title: m.title,
    startsAt: m.starts_at.toISOString(),
    endsAt: m.ends_at.toISOString(),
    place: m.place,
    onlineUrl: m.online_url,
    capacity: m.capacity,
    state: m.state as MeetingState,
    registeredCount: m.registered_count,
    attendedCount: m.attended_count,
    agendaCount: m.agenda_count,
    myRegistration: mine,
  };
}

/** The door is open: from an hour before the start to the end, while scheduled. */
export const isCheckInOpen = (m: repo.MeetingRow, now = new Date()): boolean =>
  m.state === 'scheduled' &&
  now.getTime() >= m.starts_at.getTime() - MEETING_CHECK_IN_OPENS_MS &&
  now <= m.ends_at;

/** Why a member may not register now, or null when they may. */
export function cannotRegister(m: repo.MeetingRow, mine: Mine, now = new Date()): string | null {
  if (m.state === 'cancelled') return 'The meeting was cancelled / 会议已取消';
  if (m.state !== 'scheduled' || m.ends_at <= now) return 'The meeting is over / 会议已结束';
  if (mine) return 'You are registered / 您已报名';
  if (m.capacity !== null && m.registered_count >= m.capacity) {
    return 'The meeting is full / 报名人数已满';
  }
  return null;
}

/**
 * Meetings as the reader stands: staff's in their area (one committee with `committee`), a
 * verified resident's committee's. `upcoming`: still to come, soonest first; otherwise the
 * newest first. Keyset pages.
 */
export async function listMeetings(ctx: Ctx, q: MeetingListQuery): Promise<MeetingList> {
  const actor = ctx.actor!;
  const roots = staffScope(actor);
  let query = ctx.db.selectFrom('meetings').selectAll();
  if (roots.length > 0) {
    query = query.where(pathWithin('area_path', roots));
    if (q.committee) {
      query = query.where('host_type', '=', 'committee').where('host_code', '=', q.committee);
    }
  } else {
    const home = await residentHome(ctx.db, actor.id);
    if (!home) {
      throw AppError.forbidden(
        isOtherStaff(actor)
          ? 'Meetings are run by committee staff and street operators / 议事会由居委会、街道工作人员管理'
          : UNVERIFIED,
      );
    }
    query = query.where('host_type', '=', 'committee').where('host_code', '=', home.committeeCode);
  }
  const upcoming = q.upcoming === '1' || q.upcoming === 'true';
  const now = new Date();
  if (upcoming) query = query.where('state', '=', 'scheduled').where('ends_at', '>', now);
  else if (q.state) query = query.where('state', '=', q.state);
  const limit = q.limit ?? 20;
  const listKey = `${MEETINGS_LIST}:${upcoming ? 'up' : 'all'}`;
  if (q.cursor) {
    const [at, id] = openCursor(ctx.cipher.key, listKey, actor.id, q.cursor) as [string, string];
    const after = new Date(at);
    query = upcoming
      ? query.where((eb) =>
          eb.or([
            eb('starts_at', '>', after),
            eb.and([eb('starts_at', '=', after), eb('id', '>', id)]),
          ]),
        )
      : query.where((eb) =>
          eb.or([
            eb('starts_at', '<', after),
            eb.and([eb('starts_at', '=', after), eb('id', '<', id)]),
          ]),
        );
  }
  const dir = upcoming ? 'asc' : 'desc';
  const rows = await query
    .orderBy('starts_at', dir)
    .orderBy('id', dir)
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const [mine, names] = await Promise.all([
    myRegistrations(
      ctx,
      page.map((m) => m.id),
    ),
    hostNames(
      ctx,
      page.map((m) => m.host_code),
    ),
  ]);
  const last = page[page.length - 1];
  return {
    items: page.map((m) =>
      toSummary(m, names.get(m.host_code) ?? m.host_code, mine.get(m.id) ?? null),
    ),
    nextCursor:
      rows.length > limit && last
        ? sealCursor(ctx.cipher.key, listKey, actor.id, [last.starts_at.toISOString(), last.id])
        : null,
  };
}

/** One meeting with its agenda, the outcomes and minutes once published, and what the reader may do. */
export async function getMeeting(ctx: Ctx, id: string): Promise<MeetingDetail> {
  const { m, audience } = await visibleMeeting(ctx, id);
  const [items, mine, names] = await Promise.all([
    ctx.db
      .selectFrom('meeting_agenda_items')
      .selectAll()
      .where('meeting_id', '=', id)
      .orderBy('position')
      .execute(),
    myRegistrations(ctx, [id]),
    hostNames(ctx, [m.host_code]),
  ]);
  const isStaff = audience.kind === 'staff';
  const my = mine.get(id) ?? null;
  const now = new Date();
  const why = isStaff
    ? 'Staff record attendance on the list / 工作人员无需报名'
    : cannotRegister(m, my, now);
  return {
    ...toSummary(m, names.get(m.host_code) ?? m.host_code, my),
    agenda: items.map((i): AgendaItem => ({
      id: i.id,
      position: i.position,
      title: i.title,
      note: i.note,
      sourceType: i.source_type,
      sourceId: i.source_id,
      decision: i.decision as MeetingDecisionValue | null,
      outcome: i.outcome,
    })),
    minutes: m.minutes,
    minutesPublishedAt: m.minutes_published_at?.toISOString() ?? null,
    cancelReason: m.cancel_reason,
    doorCode: isStaff ? m.door_code : null,
    isStaff,
    canRegister: why === null,
    cannotRegisterReason: why,
    isCheckInOpen: isCheckInOpen(m, now),
    canTakeAttendance:
      isStaff &&
      m.state === 'scheduled' &&
      now.getTime() >= m.starts_at.getTime() - MEETING_CHECK_IN_OPENS_MS,
    canPublishMinutes: isStaff && m.state === 'scheduled' && m.starts_at <= now,
  };
}

export { audienceOf };
