import {
  MEETING_CHECK_IN_OPENS_MS,
  type AgendaItem,
  type MeetingDecisionValue,
  type MeetingDetail,
  type MeetingList,
  type MeetingListQuery,
  type MeetingState,
  type MeetingSummary,
} from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { openCursor, sealCursor } from '../../platform/cursor.js';
import { pathWithin } from '../../platform/db/path-within.js';
import { AppError } from '../../platform/errors.js';
import { findAreaCached } from '../areas/index.js';
import { residentHome } from '../residents/index.js';
import { isStaff } from '../../platform/policy.js';
import { meetingHostType } from './meeting-hosts.js';
import { audienceOf, requireAudience, staffScope, UNVERIFIED } from './meetings.policy.js';
import * as repo from './meetings.repo.js';

/**
 * Reading meetings: the list as the reader stands (staff's area, a resident's committee) and one
 * meeting with its agenda, outcomes, minutes and what the reader may do now. Scheduling is in
 * meeting-schedule.ts, registration in attendance.service.ts, the minutes in minutes.service.ts.
 */

const MEETINGS_LIST = 'meetings.list';

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

/** The hosts' names by host code: a committee's area name, a registered host type's own. */
async function hostNames(
  ctx: Ctx,
  hosts: readonly { host_type: string; host_code: string }[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const byType = new Map<string, Set<string>>();
  for (const h of hosts)
    byType.set(h.host_type, (byType.get(h.host_type) ?? new Set()).add(h.host_code));
  for (const [type, codes] of byType) {
    if (type === 'committee') {
      for (const code of codes) names.set(code, (await findAreaCached(ctx.db, code))?.name ?? code);
    } else {
      const found = (await meetingHostType(type)?.names(ctx.db, [...codes])) ?? new Map();
      for (const code of codes) names.set(code, found.get(code) ?? code);
    }
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
/**
 * A page of a meeting list: the first `limit` of `rows` (one more was asked for, to know there
 * is a next page) as summaries with the reader's registrations and the hosts' names, and the
 * cursor after the last, sealed to the list and the reader.
 */
async function toPage(
  ctx: Ctx,
  rows: repo.MeetingRow[],
  limit: number,
  listKey: string,
): Promise<MeetingList> {
  const page = rows.slice(0, limit);
  const [mine, names] = await Promise.all([
    myRegistrations(
      ctx,
      page.map((m) => m.id),
    ),
    hostNames(ctx, page),
  ]);
  const last = page[page.length - 1];
  return {
    items: page.map((m) =>
      toSummary(m, names.get(m.host_code) ?? m.host_code, mine.get(m.id) ?? null),
    ),
    nextCursor:
      rows.length > limit && last
        ? sealCursor(ctx.cipher.key, listKey, ctx.actor!.id, [
            last.starts_at.toISOString(),
            last.id,
          ])
        : null,
  };
}

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
        isStaff(actor)
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
  return toPage(ctx, rows, limit, listKey);
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
    hostNames(ctx, [m]),
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

/**
 * One host's meetings (a council's, host_type 'council'), the newest first, keyset pages: for
 * its staff and its audience as the host's registration says (404 for anyone else).
 */
export async function listHostMeetings(
  ctx: Ctx,
  host: { type: string; code: string; areaPath: string },
  q: { cursor?: string; limit?: number } = {},
): Promise<MeetingList> {
  const actor = ctx.actor!;
  const audience = await audienceOf(ctx, {
    host_type: host.type,
    host_code: host.code,
    area_path: host.areaPath,
  });
  if (audience.kind !== 'staff' && audience.kind !== 'member')
    throw AppError.notFound(repo.MEETING_NOT_FOUND);
  const listKey = `${MEETINGS_LIST}:host:${host.type}:${host.code}`;
  let query = ctx.db
    .selectFrom('meetings')
    .selectAll()
    .where('host_type', '=', host.type)
    .where('host_code', '=', host.code);
  if (q.cursor) {
    const [at, id] = openCursor(ctx.cipher.key, listKey, actor.id, q.cursor) as [string, string];
    const after = new Date(at);
    query = query.where((eb) =>
      eb.or([
        eb('starts_at', '<', after),
        eb.and([eb('starts_at', '=', after), eb('id', '<', id)]),
      ]),
    );
  }
  const limit = q.limit ?? 20;
  const rows = await query
    .orderBy('starts_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  return toPage(ctx, rows, limit, listKey);
}

/** A meeting's host and state (for a module that refers to a meeting: a council's motion). */
export async function findMeetingHost(
  ctx: Pick<Ctx, 'db'>,
  id: string,
): Promise<{ hostType: string; hostCode: string; state: MeetingState } | undefined> {
  const m = await repo.findMeeting(ctx.db, id);
  return m
    ? { hostType: m.host_type, hostCode: m.host_code, state: m.state as MeetingState }
    : undefined;
}
