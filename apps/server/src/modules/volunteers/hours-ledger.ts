import {
  badgesFor,
  type ServiceCategory,
  type VolunteerHoursEntry,
  type VolunteerHoursLedger,
  type VolunteerHoursTotals,
} from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import { openCursor, sealCursor } from '../../platform/cursor.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { shanghaiDate, shanghaiYear } from '../../platform/shanghai-time.js';
import { activeDelta } from './active-decay.js';
import { feedVolunteerFigures, type VolunteerFigureChange } from './volunteer-figures.js';

/**
 * The ledger of service hours (volunteer_hours): append-only. A credit covers an interval of
 * service; the minutes it credits leave out every part of that interval an earlier credit of the
 * same volunteer already covers, so an overlap is never counted twice. A correction is a new
 * entry that moves one credit's net to what the organiser now says (never above what that
 * credit could hold). volunteers.total_minutes and last_served_on move in the same transaction,
 * under the volunteer row's lock, and so do the volunteers topic's figures. last_served_on is
 * the newest service day (Shanghai day of its end) of the volunteer's credits whose net is above
 * 0: a credit of 0 minutes does not make anyone active, and correcting a volunteer's only
 * service to 0 makes them inactive again (setLastServed, for both paths).
 */

export interface CreditInput {
  volunteerId: string;
  category: ServiceCategory;
  title: string;
  /** the service's interval */
  fromAt: Date;
  toAt: Date;
  /** what the organiser confirms (≤ the interval) */
  claimedMinutes: number;
  signupId?: string;
  taskId?: string;
  byAccount: string | null;
  note?: string | null;
}

export interface CorrectInput {
  signupId?: string;
  taskId?: string;
  /** the credit's net after this entry */
  minutes: number;
  note: string;
  byAccount: string | null;
}

const MINUTE = 60_000;

interface Interval {
  from: number;
  to: number;
}

/** The milliseconds of [from, to] that none of `covered` covers. */
export function uncoveredMs(from: number, to: number, covered: readonly Interval[]): number {
  const parts = covered
    .map((c) => ({ from: Math.max(from, c.from), to: Math.min(to, c.to) }))
    .filter((c) => c.to > c.from)
    .sort((a, b) => a.from - b.from);
  let taken = 0;
  let end = from;
  for (const p of parts) {
    const start = Math.max(p.from, end);
    if (p.to > start) {
      taken += p.to - start;
      end = p.to;
    }
  }
  return to - from - taken;
}

interface LockedVolunteer {
  id: string;
  committee_code: string;
  area_path: string;
  status: string;
  last_served_on: string | null;
}

async function lockVolunteer(trx: Kysely<DB>, volunteerId: string): Promise<LockedVolunteer> {
  const r = await sql<LockedVolunteer>`
    select id, committee_code, area_path, status, last_served_on::text as last_served_on
    from volunteers where id = ${volunteerId} for update`.execute(trx);
  const v = r.rows[0];
  if (!v) throw AppError.notFound('No such volunteer / 没有这位志愿者');
  return v;
}

/**
 * Move the volunteer's newest day of service to `newest`, and active_volunteers with it when that
 * moves them into or out of the count (activeDelta: against the newest day decayed). The one
 * step a credit and a correction take.
 */
async function setLastServed(
  trx: Kysely<DB>,
  v: LockedVolunteer,
  newest: string | null,
  changes: VolunteerFigureChange[],
): Promise<void> {
  if (newest === v.last_served_on) return;
  const delta = await activeDelta(
    trx,
    { status: v.status, lastServedOn: v.last_served_on },
    { status: v.status, lastServedOn: newest },
  );
  // a volunteer who left is counted by no figure of the registered (activeDelta gives 0)
  if (delta !== 0)
    changes.push({ metric: 'active_volunteers', areaPath: v.area_path, delta, at: new Date() });
  await trx
    .updateTable('volunteers')
    .set({ last_served_on: newest })
    .where('id', '=', v.id)
    .execute();
}

/** The newest service day of the volunteer's credits whose net (with corrections) is above 0. */
async function newestServedOn(trx: Kysely<DB>, volunteerId: string): Promise<string | null> {
  const r = await sql<{ to_at: Date | null }>`
    select max(to_at) as to_at from (
      select max(to_at) as to_at, sum(minutes) as net from volunteer_hours
      where volunteer_id = ${volunteerId}
      group by coalesce(corrects, id)
    ) c where net > 0`.execute(trx);
  const at = r.rows[0]?.to_at;
  return at ? shanghaiDate(new Date(at)) : null;
}

/** The whole minutes of [from, to] not covered by the volunteer's credits (before `beforeId`). */
async function roomOf(
  trx: Kysely<DB>,
  volunteerId: string,
  from: Date,
  to: Date,
  beforeId: string | null,
): Promise<number> {
  const r = await sql<{ from_at: Date; to_at: Date }>`
    select from_at, to_at from volunteer_hours
    where volunteer_id = ${volunteerId} and kind = 'credit'
      and from_at < ${to} and to_at > ${from}
      ${beforeId === null ? sql`` : sql`and id < ${beforeId}::bigint`}`.execute(trx);
  const covered = r.rows.map((x) => ({
    from: new Date(x.from_at).getTime(),
    to: new Date(x.to_at).getTime(),
  }));
  return Math.floor(uncoveredMs(from.getTime(), to.getTime(), covered) / MINUTE);
}

/**
 * Credit a service interval. Inside the caller's transaction: lock the volunteer row, clip the
 * interval against the volunteer's earlier credits (no overlap counted twice), insert the credit,
 * move total_minutes / last_served_on, feed service_minutes and active_volunteers.
 * A second credit for the same sign-up or task is a 409.
 */
export async function creditHours(
  trx: Kysely<DB>,
  input: CreditInput,
): Promise<{ entryId: string; minutes: number }> {
  const from = input.fromAt;
  const to = input.toAt;
  if (!(to.getTime() >= from.getTime()))
    throw AppError.invalid(
      'toAt',
      'afterStart',
      'The service ends before it starts / 服务结束时间早于开始时间',
    );
  if (!Number.isInteger(input.claimedMinutes) || input.claimedMinutes < 0)
    throw AppError.invalid(
      'minutes',
      'min',
      'Minutes must be a whole number, 0 or more / 时长应为不小于 0 的整数分钟',
    );

  const v = await lockVolunteer(trx, input.volunteerId);
  // the volunteer's lock serialises their credits: this check sees every earlier one
  if (input.signupId || input.taskId) {
    const dup = await trx
      .selectFrom('volunteer_hours')
      .select('id')
      .where('kind', '=', 'credit')
      .where(input.signupId ? 'signup_id' : 'task_id', '=', (input.signupId ?? input.taskId)!)
      .executeTakeFirst();
    if (dup)
      throw AppError.conflict('These hours are already confirmed / 该服务时长已确认', 'minutes');
  }

  const room = await roomOf(trx, v.id, from, to, null);
  const minutes = Math.min(input.claimedMinutes, room);
  const teams = await trx
    .selectFrom('volunteer_team_members')
    .select('team_id')
    .where('volunteer_id', '=', v.id)
    .execute();

  const row = await trx
    .insertInto('volunteer_hours')
    .values({
      volunteer_id: v.id,
      kind: 'credit',
      category: input.category,
      minutes,
      from_at: from,
      to_at: to,
      year: shanghaiYear(from),
      signup_id: input.signupId ?? null,
      task_id: input.taskId ?? null,
      corrects: null,
      title: input.title,
      note: input.note ?? null,
      committee_code: v.committee_code,
      area_path: v.area_path,
      team_ids: teams.map((t) => t.team_id),
      by_account: input.byAccount,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  const changes: VolunteerFigureChange[] = [];
  if (minutes > 0) {
    const served = shanghaiDate(to);
    const newest =
      v.last_served_on === null || served > v.last_served_on ? served : v.last_served_on;
    changes.push({ metric: 'service_minutes', areaPath: v.area_path, delta: minutes, at: from });
    await trx
      .updateTable('volunteers')
      .set({ total_minutes: sql`total_minutes + ${minutes}` })
      .where('id', '=', v.id)
      .execute();
    await setLastServed(trx, v, newest, changes);
  }
  await feedVolunteerFigures(trx, changes);
  return { entryId: String(row.id), minutes };
}

/**
 * A correction entry making the net of a credit (by signupId or taskId) `minutes`: at least 0 and
 * at most what that credit could hold (its interval less what earlier credits cover), else a 400
 * naming `minutes`. No credit: 404.
 */
export async function correctHours(
  trx: Kysely<DB>,
  input: CorrectInput,
): Promise<{ entryId: string; minutes: number }> {
  const key = input.signupId ? 'signup_id' : 'task_id';
  const keyValue = input.signupId ?? input.taskId;
  if (!keyValue) throw AppError.notFound('No confirmed hours to correct / 没有可更正的服务时长');
  const found = await trx
    .selectFrom('volunteer_hours')
    .select('volunteer_id')
    .where('kind', '=', 'credit')
    .where(key, '=', keyValue)
    .executeTakeFirst();
  if (!found) throw AppError.notFound('No confirmed hours to correct / 没有可更正的服务时长');
  const v = await lockVolunteer(trx, found.volunteer_id);
  const credit = await trx
    .selectFrom('volunteer_hours')
    .selectAll()
    .where('kind', '=', 'credit')
    .where(key, '=', keyValue)
    .executeTakeFirstOrThrow();
  const from = new Date(credit.from_at);
  const to = new Date(credit.to_at);
  const room = await roomOf(trx, credit.volunteer_id, from, to, String(credit.id));
  if (!Number.isInteger(input.minutes) || input.minutes < 0 || input.minutes > room)
    throw AppError.invalid(
      'minutes',
      'max',
      `minutes: between 0 and ${room} for this service (its time not already credited) / 时长应在 0 至 ${room} 分钟之间（不含已计入的重叠时段）`,
    );
  const net = await sql<{ net: number }>`
    select (${credit.minutes}::int + coalesce(sum(minutes), 0))::int as net
    from volunteer_hours where corrects = ${credit.id}::bigint`.execute(trx);
  const before = Number(net.rows[0]?.net ?? credit.minutes);
  const delta = input.minutes - before;

  const row = await trx
    .insertInto('volunteer_hours')
    .values({
      volunteer_id: credit.volunteer_id,
      kind: 'correction',
      category: credit.category,
      minutes: delta,
      from_at: from,
      to_at: to,
      year: credit.year,
      signup_id: credit.signup_id,
      task_id: credit.task_id,
      corrects: credit.id,
      title: credit.title,
      note: input.note,
      committee_code: credit.committee_code,
      area_path: credit.area_path,
      team_ids: credit.team_ids,
      by_account: input.byAccount,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (delta !== 0) {
    await trx
      .updateTable('volunteers')
      .set({ total_minutes: sql`total_minutes + ${delta}` })
      .where('id', '=', credit.volunteer_id)
      .execute();
    const changes: VolunteerFigureChange[] = [
      { metric: 'service_minutes', areaPath: credit.area_path, delta, at: from },
    ];
    // the credit starts or stops counting as service: the newest day of service moves
    if (before > 0 !== input.minutes > 0)
      await setLastServed(trx, v, await newestServedOn(trx, v.id), changes);
    await feedVolunteerFigures(trx, changes);
  }
  return { entryId: String(row.id), minutes: input.minutes };
}

// ---------------------------------------------------------------------------------------------
// Reading the ledger

/** Totals of a volunteer: all time, by year, by category, with the badges they earned. */
export async function hoursTotals(
  db: Kysely<DB>,
  volunteerId: string,
): Promise<VolunteerHoursTotals> {
  const r = await sql<{ year: number; category: string; minutes: number }>`
    select year, category, sum(minutes)::int as minutes from volunteer_hours
    where volunteer_id = ${volunteerId} group by year, category`.execute(db);
  const byYear = new Map<number, number>();
  const byCategory = new Map<string, number>();
  let total = 0;
  for (const x of r.rows) {
    const m = Number(x.minutes);
    total += m;
    byYear.set(x.year, (byYear.get(x.year) ?? 0) + m);
    byCategory.set(x.category, (byCategory.get(x.category) ?? 0) + m);
  }
  return {
    totalMinutes: total,
    byYear: [...byYear].sort((a, b) => b[0] - a[0]).map(([year, minutes]) => ({ year, minutes })),
    byCategory: [...byCategory]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([category, minutes]) => ({ category, minutes })),
    badges: badgesFor(total),
  };
}

/** The confirmed minutes and the number of services (credits with minutes) of one year. */
export async function yearSummary(
  db: Kysely<DB>,
  volunteerId: string,
  year: number | null,
): Promise<{ minutes: number; services: number }> {
  const r = await sql<{ minutes: number; services: number }>`
    select coalesce(sum(h.minutes), 0)::int as minutes,
      (select count(*)::int from volunteer_hours c
        where c.volunteer_id = ${volunteerId} and c.kind = 'credit'
          ${year === null ? sql`` : sql`and c.year = ${year}`}
          and c.minutes + coalesce((select sum(k.minutes) from volunteer_hours k where k.corrects = c.id), 0) > 0
      ) as services
    from volunteer_hours h
    where h.volunteer_id = ${volunteerId} ${year === null ? sql`` : sql`and h.year = ${year}`}`.execute(
    db,
  );
  return { minutes: Number(r.rows[0]?.minutes ?? 0), services: Number(r.rows[0]?.services ?? 0) };
}

const LEDGER_LIST = 'volunteers.hours';

/** The ledger's entries, newest first, with the volunteer's totals; keyset cursor on id. */
export async function hoursLedger(
  db: Kysely<DB>,
  dataKey: Buffer,
  accountId: string | null,
  volunteerId: string,
  q: { year?: number | undefined; cursor?: string | undefined; limit?: number | undefined },
): Promise<VolunteerHoursLedger> {
  const limit = q.limit ?? 20;
  const list = `${LEDGER_LIST}:${volunteerId}:${q.year ?? ''}`;
  let after: string | null = null;
  if (q.cursor) {
    const pos = openCursor(dataKey, list, accountId, q.cursor);
    if (typeof pos !== 'string' || !/^\d+$/.test(pos))
      throw AppError.invalid('cursor', 'format', 'cursor is not valid / 分页游标无效');
    after = pos;
  }
  const rows = await sql<{
    id: string;
    kind: string;
    category: string;
    minutes: number;
    title: string;
    from_at: Date;
    to_at: Date;
    note: string | null;
    at: Date;
  }>`
    select id::text as id, kind, category, minutes, title, from_at, to_at, note, at
    from volunteer_hours
    where volunteer_id = ${volunteerId}
      ${q.year === undefined ? sql`` : sql`and year = ${q.year}`}
      ${after === null ? sql`` : sql`and id < ${after}::bigint`}
    order by id desc limit ${limit + 1}`.execute(db);
  const page = rows.rows.slice(0, limit);
  const entries: VolunteerHoursEntry[] = page.map((x) => ({
    id: Number(x.id),
    kind: x.kind as VolunteerHoursEntry['kind'],
    category: x.category as ServiceCategory,
    minutes: Number(x.minutes),
    title: x.title,
    from: new Date(x.from_at).toISOString(),
    to: new Date(x.to_at).toISOString(),
    note: x.note,
    at: new Date(x.at).toISOString(),
  }));
  const last = page[page.length - 1];
  return {
    totals: await hoursTotals(db, volunteerId),
    entries,
    nextCursor:
      rows.rows.length > limit && last ? sealCursor(dataKey, list, accountId, last.id) : null,
  };
}
