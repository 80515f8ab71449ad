import crypto from 'node:crypto';
import {
  MEETING_CHECK_IN_OPENS_MS,
  maskName,
  type AttendeeListQuery,
  type AttendeeReveal,
  type MeetingAttendee,
  type MeetingAttendeeList,
} from '@cc/contracts';
import type { Selectable } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { openCursor, sealCursor } from '../../platform/cursor.js';
import { AppError } from '../../platform/errors.js';
import { reaches } from '../../platform/policy.js';
import { recordAudit } from '../audit/index.js';
import { DOOR_CLOSED, addCounts } from './attendance.service.js';
import { requireStaff } from './meetings.policy.js';
import * as repo from './meetings.repo.js';
import type { MeetingAttendeesTable } from './meetings.tables.js';

/**
 * The host's staff at the door: the list of who registered and who came (names masked), ticks,
 * walk-ins added by name, and a name in clear for a reason (committee staff, audited).
 */

type AttendeeRow = Selectable<MeetingAttendeesTable>;
const ATTENDEES_LIST = 'meetings.attendees';
const NO_SUCH_ATTENDEE = 'No such person on the list / 签到名单中没有此人';

/** An attendee as the list shows them: the name masked (the clear one only through the reveal). */
function toAttendee(a: AttendeeRow): MeetingAttendee {
  return {
    id: a.id,
    kind: a.kind as MeetingAttendee['kind'],
    name: a.name_masked,
    registeredAt: a.registered_at.toISOString(),
    attendedAt: a.attended_at?.toISOString() ?? null,
    attendedBy: a.attended_by as MeetingAttendee['attendedBy'],
  };
}

/** The host's staff read who registered and who came, in order of registration (names masked). */
export async function listAttendees(
  ctx: Ctx,
  id: string,
  q: AttendeeListQuery,
): Promise<MeetingAttendeeList> {
  const m = await repo.findMeeting(ctx.db, id);
  if (!m) throw AppError.notFound(repo.MEETING_NOT_FOUND);
  await requireStaff(ctx, m);
  const limit = q.limit ?? 100;
  let query = ctx.db
    .selectFrom('meeting_attendees')
    .selectAll()
    .where('meeting_id', '=', id)
    .where('state', '=', 'registered');
  if (q.cursor) {
    const [at, after] = openCursor(ctx.cipher.key, ATTENDEES_LIST, ctx.actor!.id, q.cursor) as [
      string,
      string,
    ];
    const t = new Date(at);
    query = query.where((eb) =>
      eb.or([
        eb('registered_at', '>', t),
        eb.and([eb('registered_at', '=', t), eb('id', '>', after)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('registered_at')
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  await recordAudit(ctx, {
    action: 'meetings.attendees.read',
    objectType: 'meeting',
    objectId: id,
    areaPath: m.area_path,
    detail: { count: page.length },
  });
  const last = page[page.length - 1];
  return {
    items: page.map((a) => toAttendee(a)),
    nextCursor:
      rows.length > limit && last
        ? sealCursor(ctx.cipher.key, ATTENDEES_LIST, ctx.actor!.id, [
            last.registered_at.toISOString(),
            last.id,
          ])
        : null,
  };
}

/** Staff may take attendance from an hour before the start until the minutes are out. */
function requireAttendanceOpen(m: repo.MeetingRow): void {
  if (m.state !== 'scheduled') {
    throw AppError.conflict(
      'Attendance is closed: the meeting was held or cancelled / 会议已召开或已取消，签到已结束',
    );
  }
  if (Date.now() < m.starts_at.getTime() - MEETING_CHECK_IN_OPENS_MS) {
    throw AppError.conflict(DOOR_CLOSED);
  }
}

/** Staff tick (or untick) someone on the list as present. */
export async function markAttendance(
  ctx: Ctx,
  id: string,
  attendeeId: string,
  attended: boolean,
): Promise<MeetingAttendee> {
  const found = await repo.findMeeting(ctx.db, id);
  if (!found) throw AppError.notFound(repo.MEETING_NOT_FOUND);
  await requireStaff(ctx, found);
  return ctx.db.transaction().execute(async (trx) => {
    const m = (await repo.lockMeeting(trx, id))!;
    requireAttendanceOpen(m);
    const a = await trx
      .selectFrom('meeting_attendees')
      .selectAll()
      .where('id', '=', attendeeId)
      .where('meeting_id', '=', id)
      .where('state', '=', 'registered')
      .executeTakeFirst();
    if (!a) throw AppError.notFound(NO_SUCH_ATTENDEE);
    if (!!a.attended_at === attended) return toAttendee(a);
    const now = new Date();
    const changed = await trx
      .updateTable('meeting_attendees')
      .set(
        attended
          ? { attended_at: now, attended_by: 'staff' }
          : { attended_at: null, attended_by: null },
      )
      .where('id', '=', a.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await addCounts(trx, id, 0, attended ? 1 : -1);
    return toAttendee(changed);
  });
}

/** Staff add someone who came without registering, by name (present at once). */
export async function addWalkIn(ctx: Ctx, id: string, rawName: string): Promise<MeetingAttendee> {
  const name = rawName.trim();
  if (!name) throw AppError.invalid('name', 'required', 'name: who came / 请填写参会人姓名');
  const found = await repo.findMeeting(ctx.db, id);
  if (!found) throw AppError.notFound(repo.MEETING_NOT_FOUND);
  await requireStaff(ctx, found);
  return ctx.db.transaction().execute(async (trx) => {
    const m = (await repo.lockMeeting(trx, id))!;
    requireAttendanceOpen(m);
    const now = new Date();
    const row = await trx
      .insertInto('meeting_attendees')
      .values({
        id: crypto.randomUUID(),
        meeting_id: id,
        kind: 'walk_in',
        account_id: null,
        resident_id: null,
        name_enc: ctx.cipher.encrypt(name),
        name_masked: maskName(name),
        state: 'registered',
        attended_at: now,
        attended_by: 'staff',
        registered_at: now,
        cancelled_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await addCounts(trx, id, 0, 1);
    await recordAudit(
      ctx,
      { action: 'meetings.walk-in', objectType: 'meeting', objectId: id, areaPath: m.area_path },
      trx,
    );
    return toAttendee(row);
  });
}

/**
 * Committee staff of the host see one attendee's name in clear, for a reason (2–200
 * characters); the reveal is audited with the reason. Street operators see the masked list.
 */
export async function revealAttendee(
  ctx: Ctx,
  id: string,
  attendeeId: string,
  rawReason: string,
): Promise<AttendeeReveal> {
  const reason = rawReason.trim();
  if (reason.length < 2) {
    throw AppError.invalid(
      'reason',
      'minLength',
      'reason: 2 to 200 characters / 查看原因须为 2–200 个字',
    );
  }
  const m = await repo.findMeeting(ctx.db, id);
  if (!m) throw AppError.notFound(repo.MEETING_NOT_FOUND);
  await requireStaff(ctx, m);
  if (!reaches(ctx.actor, m.area_path, ['committee_staff'])) {
    throw AppError.forbidden(
      "Only the committee's staff see names in clear / 仅居委会工作人员可查看参会人完整姓名",
    );
  }
  const a = await ctx.db
    .selectFrom('meeting_attendees')
    .select(['id', 'name_enc'])
    .where('id', '=', attendeeId)
    .where('meeting_id', '=', id)
    .executeTakeFirst();
  if (!a) throw AppError.notFound(NO_SUCH_ATTENDEE);
  await recordAudit(ctx, {
    action: 'meetings.attendee.reveal',
    objectType: 'meeting_attendee',
    objectId: a.id,
    areaPath: m.area_path,
    detail: { meetingId: id, reason },
  });
  return { id: a.id, name: ctx.cipher.decrypt(a.name_enc) };
}
