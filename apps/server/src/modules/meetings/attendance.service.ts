import crypto from 'node:crypto';
import { maskName, type MeetingDetail } from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { accountNames } from '../identity/index.js';
import { registryResidentName } from '../registry/index.js';
import type { ResidentHome } from '../residents/index.js';
import { requireMember } from './meetings.policy.js';
import * as repo from './meetings.repo.js';
import { cannotRegister, getMeeting, isCheckInOpen } from './meetings.service.js';

/**
 * Who comes to a meeting: residents register (capacity counted on the meeting row, under its
 * lock) and check in at the door with its code (staff's side of the list: attendee-list.ts).
 * Names are stored encrypted under the data key, and masked beside them.
 */

const FULL = 'The meeting is full / 报名人数已满';
export const DOOR_CLOSED =
  'Check-in opens an hour before the start and closes at the end / 签到时间为会议开始前 1 小时至会议结束';

/**
 * The name one registers under: a resident's in the registry, else the account's (a council's
 * representative has no home to look up: `home` null).
 */
async function residentName(ctx: Ctx, home: ResidentHome | null): Promise<string> {
  const registered = home ? await registryResidentName(ctx.db, home.residentId) : null;
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

export function addCounts(trx: Kysely<DB>, id: string, registered: number, attended: number) {
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
  home: ResidentHome | null,
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
    resident_id: home?.residentId ?? null,
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
