import crypto from 'node:crypto';
import {
  MEETING_CHECK_IN_OPENS_MS,
  maskName,
  type AttendeeListQuery,
  type MeetingAttendee,
  type MeetingAttendeeList,
  type MeetingDetail,
} from '@cc/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { openCursor, sealCursor } from '../../platform/cursor.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { accountNames } from '../identity/index.js';
import { registryResidentName } from '../registry/index.js';
import type { ResidentHome } from '../residents/index.js';
import { requireMember, requireStaff } from './meetings.policy.js';
import * as repo from './meetings.repo.js';
import { cannotRegister, getMeeting, isCheckInOpen } from './meetings.service.js';
import type { MeetingAttendeesTable } from './meetings.tables.js';

/**
 * Who comes to a meeting: residents register (capacity counted on the meeting row, under its
 * lock) and check in at the door with its code; staff tick the list and add walk-ins by name.
 * Names are stored encrypted under the data key, and masked beside them.
 */

type AttendeeRow = Selectable<MeetingAttendeesTable>;
const ATTENDEES_LIST = 'meetings.attendees';

const FULL = 'The meeting is full / 报名人数已满';
const DOOR_CLOSED =
  'Check-in opens an hour before the start and closes at the end / 签到时间为会议开始前 1 小时至会议结束';

/** The name a resident registers under: the registry's, else the account's. */
async function residentName(ctx: Ctx, home: ResidentHome): Promise<string> {
  const registered = await registryResidentName(ctx.db, home.residentId);
  if (registered) return registered;
  const actor = ctx.actor!;
  return (await accountNames(ctx.db, [actor.id])).get(actor.id) ?? actor.displayName;
}

function findMine(trx: Kysely<DB>, meetingId: string, accountId: string) {
  return trx
    .selectFrom('meeting_attendees')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

function addCounts(trx: Kysely<DB>, id: string, registered: number, attended: number) {
  return trx
    .updateTable('meetings')
    .set((eb) => ({
      registered_count: eb('registered_count', '+', registered),
      attended_count: eb('attended_count', '+', attended),
      updated_at: new Date(),
    }))
    .where('id', '=', id)
    .execute();
}

/**
 * The member's registration made (or brought back), checked in at once when `attend`. Runs
 * under the meeting's lock: the capacity is exact however many register at once.
 */
async function registerMember(
  trx: Kysely<DB>,
  ctx: Ctx,
  m: repo.MeetingRow,
  home: ResidentHome,
  name: string,
  attend: boolean,
): Promise<void> {
  const actor = ctx.actor!;
  const now = new Date();
  const mine = await findMine(trx, m.id, actor.id);
  if (mine?.state === 'registered') {
    if (attend && !mine.attended_at) {
      await trx
        .updateTable('meeting_attendees')
        .set({ attended_at: now, attended_by: 'code' })
        .where('id', '=', mine.id)
        .execute();
      await addCounts(trx, m.id, 0, 1);
    }
    return;
  }
  if (m.capacity !== null && m.registered_count >= m.capacity) throw AppError.conflict(FULL);
  const values = {
    kind: 'registered',
    resident_id: home.residentId,
    name_enc: ctx.cipher.encrypt(name),
    name_masked: maskName(name),
    state: 'registered',
    attended_at: attend ? now : null,
    attended_by: attend ? 'code' : null,
    registered_at: now,
    cancelled_at: null,
  };
  if (mine) {
    await trx.updateTable('meeting_attendees').set(values).where('id', '=', mine.id).execute();
  } else {
    await trx
      .insertInto('meeting_attendees')
      .values({ id: crypto.randomUUID(), meeting_id: m.id, account_id: actor.id, ...values })
      .execute();
  }
  await addCounts(trx, m.id, 1, attend ? 1 : 0);
}

/** A verified resident of the host registers (idempotent); 409 when it is full or over. */
export async function registerForMeeting(ctx: Ctx, id: string): Promise<MeetingDetail> {
  const found = await repo.findMeeting(ctx.db, id);
  if (!found) throw AppError.notFound(repo.MEETING_NOT_FOUND);
  const home = await requireMember(ctx, found);
  const name = await residentName(ctx, home);
  await ctx.db.transaction().execute(async (trx) => {
    const m = (await repo.lockMeeting(trx, id))!;
    const mine = await findMine(trx, id, ctx.actor!.id);
    if (mine?.state === 'registered') return;
    const why = cannotRegister(m, null);
    if (why) throw AppError.conflict(why);
    await registerMember(trx, ctx, m, home, name, false);
  });
  return getMeeting(ctx, id);
}

/** The resident takes their registration back (idempotent); not once they have checked in. */
export async function cancelRegistration(ctx: Ctx, id: string): Promise<MeetingDetail> {
  const found = await repo.findMeeting(ctx.db, id);
  if (!found) throw AppError.notFound(repo.MEETING_NOT_FOUND);
  await requireMember(ctx, found);
  await ctx.db.transaction().execute(async (trx) => {
    const m = (await repo.lockMeeting(trx, id))!;
    const mine = await findMine(trx, id, ctx.actor!.id);
    if (!mine || mine.state !== 'registered') return;
    if (mine.attended_at) {
      throw AppError.conflict('You have checked in already / 您已签到，无法取消报名');
    }
    if (m.state !== 'scheduled') throw AppError.conflict('The meeting is over / 会议已结束');
    await trx
      .updateTable('meeting_attendees')
      .set({ state: 'cancelled', cancelled_at: new Date() })
      .where('id', '=', mine.id)
      .execute();
    await addCounts(trx, id, -1, 0);
  });
  return getMeeting(ctx, id);
}

const sameCode = (a: string, b: string) =>
  a.length === b.length && crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * A verified resident checks in at the door with the meeting's code (registering on the way
 * if they had not and there is room). A wrong code is a 400 that says nothing more; the route
 * limits the tries.
 */
export async function checkIn(ctx: Ctx, id: string, code: string): Promise<MeetingDetail> {
  const found = await repo.findMeeting(ctx.db, id);
  if (!found) throw AppError.notFound(repo.MEETING_NOT_FOUND);
  const home = await requireMember(ctx, found);
  if (!isCheckInOpen(found)) throw AppError.conflict(DOOR_CLOSED);
  if (!sameCode(code.trim(), found.door_code)) {
    throw AppError.invalid('code', 'match', 'code: wrong code / 签到码不正确');
  }
  const name = await residentName(ctx, home);
  await ctx.db.transaction().execute(async (trx) => {
    const m = (await repo.lockMeeting(trx, id))!;
    if (!isCheckInOpen(m)) throw AppError.conflict(DOOR_CLOSED);
    await registerMember(trx, ctx, m, home, name, true);
  });
  return getMeeting(ctx, id);
}

function toAttendee(ctx: Ctx, a: AttendeeRow): MeetingAttendee {
  return {
    id: a.id,
    kind: a.kind as MeetingAttendee['kind'],
    name: ctx.cipher.decrypt(a.name_enc),
    registeredAt: a.registered_at.toISOString(),
    attendedAt: a.attended_at?.toISOString() ?? null,
    attendedBy: a.attended_by as MeetingAttendee['attendedBy'],
  };
}

/** The host's staff read who registered and who came, in order of registration (audited: names). */
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
    items: page.map((a) => toAttendee(ctx, a)),
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
    if (!a) throw AppError.notFound('No such person on the list / 签到名单中没有此人');
    if (!!a.attended_at === attended) return toAttendee(ctx, a);
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
    return toAttendee(ctx, changed);
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
    return toAttendee(ctx, row);
  });
}
