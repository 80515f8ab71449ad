import crypto from 'node:crypto';
import {
  CHECK_IN_CODE_SECONDS,
  ACTIVITY_RADIUS_DEFAULT_M,
  VOLUNTEER_STAFF_ROLES,
  type ActivityCheckInCode,
  type ActivityKind,
  type ActivityOpenTo,
  type ActivityRoster,
  type ActivityStatus,
  type CancelVolunteerActivityBody,
  type CreateVolunteerActivityBody,
  type ServiceCategory,
  type VolunteerActivity,
  type VolunteerActivityList,
  type VolunteerActivityQuery,
  type VolunteerShift,
} from '@cc/contracts';
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { openCursor, sealCursor } from '../../platform/cursor.js';
import { pathWithin } from '../../platform/db/path-within.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { enqueueJobsQuery } from '../../platform/jobs.js';
import { bindingsWith, isWithin, scopeRoots } from '../../platform/policy.js';
import { shanghaiMinute } from '../../platform/shanghai-time.js';
import { findAreaCached, requireArea } from '../areas/index.js';
import { recordAudit } from '../audit/index.js';
import { smsContacts } from '../identity/index.js';
import { shiftJobs } from './activities.jobs.js';
import {
  ACTIVITY_NOT_FOUND,
  ancestorsOf,
  conflict,
  isOpenTo,
  loadPerson,
  tellPeople,
  toSignup,
  waitlistPositions,
  type ActivityRow,
  type Person,
} from './activities.repo.js';
import { checkInCodeAt, codeWindow, newCodeSecret, windowEnd } from './check-in-code.js';
import { isVolunteerStaff } from './volunteers.policy.js';

/**
 * Activities (志愿活动 and 社区活动): published by staff of a committee or street with shifts
 * and roles per shift, each role with its capacity; read by their organisers, and by the people
 * they are open to; called off with a reason (everyone signed up is told). Each activity has a
 * secret for the rotating check-in code its organiser's screen shows.
 */

const LIST = 'volunteers.activities';
const OPEN_LIST = 'volunteers.activities.open';
const MAX_SHIFT_MS = 24 * 3_600_000;
const DEFAULT_REMIND_MINUTES = 120;
const DEFAULT_LIMIT = 20;

const notFound = () => AppError.notFound(ACTIVITY_NOT_FOUND);
const iso = (d: Date) => new Date(d).toISOString();

/** The activity by id (none for an id that is not one). */
export async function findActivity(db: Kysely<DB>, id: string): Promise<ActivityRow | undefined> {
  return db.selectFrom('volunteer_activities').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The activity if the actor organises it (staff whose area reaches it); else 404. */
export async function requireOrganised(ctx: Ctx, id: string): Promise<ActivityRow> {
  const a = await findActivity(ctx.db, id);
  if (!a || !isVolunteerStaff(ctx.actor, a.area_path)) throw notFound();
  return a;
}

interface ParsedShift {
  id: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  roles: { name: string; capacity: number }[];
}

/** The shifts' times and roles checked: each ends after it starts, starts in the future, lasts at most a day. */
function checkShifts(shifts: CreateVolunteerActivityBody['shifts'], now: Date): ParsedShift[] {
  return shifts.map((s, i) => {
    const startsAt = new Date(s.startsAt);
    const endsAt = new Date(s.endsAt);
    if (Number.isNaN(startsAt.getTime()))
      throw AppError.invalid(
        `shifts.${i}.startsAt`,
        'format',
        `shifts.${i}.startsAt: not a time / 开始时间无效`,
      );
    if (Number.isNaN(endsAt.getTime()))
      throw AppError.invalid(
        `shifts.${i}.endsAt`,
        'format',
        `shifts.${i}.endsAt: not a time / 结束时间无效`,
      );
    if (endsAt <= startsAt)
      throw AppError.invalid(
        `shifts.${i}.endsAt`,
        'afterStart',
        `shifts.${i}.endsAt: a shift must end after it starts / 班次结束时间须晚于开始时间`,
      );
    if (startsAt <= now)
      throw AppError.invalid(
        `shifts.${i}.startsAt`,
        'future',
        `shifts.${i}.startsAt: a shift must start in the future / 班次开始时间须晚于当前时间`,
      );
    if (endsAt.getTime() - startsAt.getTime() > MAX_SHIFT_MS)
      throw AppError.invalid(
        `shifts.${i}.endsAt`,
        'maxDuration',
        `shifts.${i}.endsAt: a shift lasts at most 24 hours / 单个班次不能超过 24 小时`,
      );
    const names = new Set<string>();
    s.roles.forEach((r, j) => {
      const name = r.name.trim();
      if (name.length === 0 || names.has(name))
        throw AppError.invalid(
          `shifts.${i}.roles.${j}.name`,
          'unique',
          `shifts.${i}.roles.${j}.name: each role of a shift needs its own name / 同一班次的岗位名称不能为空或重复`,
        );
      names.add(name);
    });
    return {
      id: crypto.randomUUID(),
      title: s.title.trim() || s.title,
      startsAt,
      endsAt,
      roles: s.roles.map((r) => ({ name: r.name.trim(), capacity: r.capacity })),
    };
  });
}

/**
 * Publish an activity at a committee or street in the organiser's scope (else 404): its shifts
 * and roles, its check-in code's secret under the data key, and each shift's reminder and auto
 * check-out queued, in one transaction. Bad times, a missing or stray team: 400, nothing stored.
 */
export async function createActivity(
  ctx: Ctx,
  body: CreateVolunteerActivityBody,
): Promise<VolunteerActivity> {
  const area = await requireArea(ctx.db, body.areaCode).catch((e: unknown) => {
    if (e instanceof AppError && e.statusCode === 404) throw notFoundArea();
    throw e;
  });
  if (!isVolunteerStaff(ctx.actor, area.path)) throw notFoundArea();
  if (area.level !== 'committee' && area.level !== 'street')
    throw AppError.invalid(
      'areaCode',
      'level',
      'areaCode: an activity is run by a committee or a street / 活动须由居委会或街道发布',
    );
  const now = new Date();
  const shifts = checkShifts(body.shifts, now);
  let teamId: string | null = null;
  if (body.openTo === 'team') {
    if (!body.teamId)
      throw AppError.invalid(
        'teamId',
        'required',
        'teamId: choose the team this activity is open to / 请选择可报名的志愿者队伍',
      );
    const team = await ctx.db
      .selectFrom('volunteer_teams')
      .select(['id', 'area_path'])
      .where('id', '=', body.teamId)
      .executeTakeFirst();
    if (!team || !isWithin(team.area_path, area.path))
      throw AppError.invalid(
        'teamId',
        'inArea',
        'teamId: no such team in the activity’s area / 该区域内没有这支志愿者队伍',
      );
    teamId = team.id;
  } else if (body.teamId !== undefined) {
    throw AppError.invalid(
      'teamId',
      'notAllowed',
      'teamId: only an activity open to one team names a team / 只有面向指定队伍的活动需要选择队伍',
    );
  }
  const id = crypto.randomUUID();
  const remind = body.remindMinutes ?? DEFAULT_REMIND_MINUTES;
  const startsAt = new Date(Math.min(...shifts.map((s) => s.startsAt.getTime())));
  const endsAt = new Date(Math.max(...shifts.map((s) => s.endsAt.getTime())));
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('volunteer_activities')
      .values({
        id,
        area_code: area.code,
        area_path: area.path,
        kind: body.kind,
        category: body.category,
        title: body.title.trim() || body.title,
        description: body.description,
        place: body.place.trim() || body.place,
        lat: body.lat,
        lng: body.lng,
        radius_m: body.radiusM ?? ACTIVITY_RADIUS_DEFAULT_M,
        open_to: body.openTo,
        team_id: teamId,
        remind_minutes: remind,
        code_secret_enc: ctx.cipher.encrypt(newCodeSecret()),
        starts_at: startsAt,
        ends_at: endsAt,
        organiser_id: ctx.actor!.id,
      })
      .execute();
    await trx
      .insertInto('volunteer_shifts')
      .values(
        shifts.map((s) => ({
          id: s.id,
          activity_id: id,
          title: s.title,
          starts_at: s.startsAt,
          ends_at: s.endsAt,
        })),
      )
      .execute();
    await trx
      .insertInto('volunteer_shift_roles')
      .values(
        shifts.flatMap((s) =>
          s.roles.map((r, j) => ({
            id: crypto.randomUUID(),
            shift_id: s.id,
            activity_id: id,
            name: r.name,
            capacity: r.capacity,
            position: j,
          })),
        ),
      )
      .execute();
    const jobs = enqueueJobsQuery(shifts.flatMap((s) => shiftJobs(s, remind, now)));
    if (jobs) await jobs.execute(trx);
    await recordAudit(
      ctx,
      {
        action: 'volunteers.activity.create',
        objectType: 'volunteer_activity',
        objectId: id,
        areaPath: area.path,
        detail: { kind: body.kind, shifts: shifts.length, openTo: body.openTo },
      },
      trx,
    );
  });
  return getActivity(ctx, id);
}

const notFoundArea = () =>
  AppError.notFound(
    'areaCode: no such committee or street in your area / 您的辖区内没有该居委会或街道（areaCode）',
  );

// ---------------------------------------------------------------------------------------------
// Reading

/** Activities shaped for the actor: shifts and roles with their counts, their own sign-ups. */
async function shapeActivities(
  ctx: Ctx,
  rows: readonly ActivityRow[],
  person: Person | null,
): Promise<VolunteerActivity[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const teamIds = [...new Set(rows.flatMap((r) => (r.team_id ? [r.team_id] : [])))];
  const [shifts, roles, waiting, teams, mine, areas] = await Promise.all([
    ctx.db
      .selectFrom('volunteer_shifts')
      .selectAll()
      .where('activity_id', 'in', ids)
      .orderBy('starts_at')
      .orderBy('id')
      .execute(),
    ctx.db
      .selectFrom('volunteer_shift_roles')
      .selectAll()
      .where('activity_id', 'in', ids)
      .orderBy('position')
      .execute(),
    ctx.db
      .selectFrom('volunteer_signups')
      .select(['role_id', (eb) => eb.fn.countAll<string>().as('n')])
      .where('activity_id', 'in', ids)
      .where('status', '=', 'waitlisted')
      .groupBy('role_id')
      .execute(),
    teamIds.length === 0
      ? Promise.resolve([])
      : ctx.db
          .selectFrom('volunteer_teams')
          .select(['id', 'name'])
          .where('id', 'in', teamIds)
          .execute(),
    person ? mySignups(ctx.db, person, ids) : Promise.resolve([]),
    Promise.all(rows.map((r) => findAreaCached(ctx.db, r.area_code))),
  ]);
  const positions = await waitlistPositions(ctx.db, mine);
  const waitingBy = new Map(waiting.map((w) => [w.role_id, Number(w.n)]));
  const teamName = new Map(teams.map((t) => [t.id, t.name]));
  const now = new Date();
  return rows.map((a, i) => {
    const own = shifts.filter((s) => s.activity_id === a.id);
    const shaped: VolunteerShift[] = own.map((s) => ({
      id: s.id,
      title: s.title,
      startsAt: iso(s.starts_at),
      endsAt: iso(s.ends_at),
      roles: roles
        .filter((r) => r.shift_id === s.id)
        .map((r) => ({
          id: r.id,
          name: r.name,
          capacity: r.capacity,
          confirmed: r.confirmed,
          waitlisted: waitingBy.get(r.id) ?? 0,
        })),
    }));
    return {
      id: a.id,
      kind: a.kind as ActivityKind,
      category: a.category as ServiceCategory,
      title: a.title,
      description: a.description,
      area: { code: a.area_code, name: areas[i]?.name ?? a.area_code },
      place: a.place,
      lat: a.lat,
      lng: a.lng,
      radiusM: a.radius_m,
      openTo: a.open_to as ActivityOpenTo,
      team: a.team_id ? { id: a.team_id, name: teamName.get(a.team_id) ?? '' } : null,
      status: a.status as ActivityStatus,
      startsAt: iso(a.starts_at),
      endsAt: iso(a.ends_at),
      remindMinutes: a.remind_minutes,
      shifts: shaped,
      mySignups: mine.filter((s) => s.activity_id === a.id).map((s) => toSignup(s, positions)),
      canSignUp:
        !!person &&
        a.status === 'published' &&
        isOpenTo(person, a) &&
        own.some((s) => new Date(s.starts_at) > now),
      canManage: isVolunteerStaff(ctx.actor, a.area_path),
      createdAt: iso(a.created_at),
    };
  });
}

/** The person's live sign-ups (not cancelled) in these activities. */
function mySignups(db: Kysely<DB>, p: Person, activityIds: readonly string[]) {
  return db
    .selectFrom('volunteer_signups')
    .selectAll()
    .where('activity_id', 'in', activityIds)
    .where('status', '<>', 'cancelled')
    .where((eb) =>
      eb.or([
        ...(p.accountId ? [eb('account_id', '=', p.accountId)] : []),
        ...(p.volunteer ? [eb('volunteer_id', '=', p.volunteer.id)] : []),
      ]),
    )
    .orderBy('seq')
    .execute();
}

const personOf = (ctx: Ctx) => (ctx.actor ? loadPerson(ctx.db, ctx.actor.id) : null);

/**
 * One activity: to its organisers, to the people it is open to, and to anyone signed up for
 * it; else 404.
 */
export async function getActivity(ctx: Ctx, id: string): Promise<VolunteerActivity> {
  const a = await findActivity(ctx.db, id);
  if (!a) throw notFound();
  const person = await personOf(ctx);
  const [shaped] = await shapeActivities(ctx, [a], person);
  if (!shaped!.canManage && !(person && isOpenTo(person, a)) && shaped!.mySignups.length === 0)
    throw notFound();
  return shaped!;
}

type Position = [string, string];

/** One page of activities matching `where`, upcoming (not ended, soonest first) or past (latest first). */
async function pageOf(
  ctx: Ctx,
  list: string,
  q: Pick<VolunteerActivityQuery, 'when' | 'cursor' | 'limit'>,
  where: (eb: ExpressionBuilder<DB, 'volunteer_activities'>) => Expression<SqlBool>,
): Promise<{ rows: ActivityRow[]; nextCursor: string | null }> {
  const past = q.when === 'past';
  const limit = q.limit ?? DEFAULT_LIMIT;
  const listKey = `${list}:${past ? 'past' : 'upcoming'}`;
  const after = q.cursor
    ? (openCursor(ctx.cipher.key, listKey, ctx.actor?.id, q.cursor) as Position)
    : null;
  if (after && (!Array.isArray(after) || after.length !== 2))
    throw AppError.invalid('cursor', 'format', 'cursor is not valid / 分页游标无效');
  const now = new Date();
  const rows = await ctx.db
    .selectFrom('volunteer_activities')
    .selectAll()
    .where(where)
    .where('ends_at', past ? '<=' : '>', now)
    .$if(!!after, (b) =>
      b.where(
        past
          ? sql<SqlBool>`(starts_at, id) < (${after![0]}::timestamptz, ${after![1]}::uuid)`
          : sql<SqlBool>`(starts_at, id) > (${after![0]}::timestamptz, ${after![1]}::uuid)`,
      ),
    )
    .orderBy('starts_at', past ? 'desc' : 'asc')
    .orderBy('id', past ? 'desc' : 'asc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const end = page.at(-1);
  return {
    rows: page,
    nextCursor:
      rows.length > limit && end
        ? sealCursor(ctx.cipher.key, listKey, ctx.actor?.id, [iso(end.starts_at), end.id])
        : null,
  };
}

/** Staff: the activities run within an area they reach (or within all of their areas). */
export async function listActivities(
  ctx: Ctx,
  q: VolunteerActivityQuery,
): Promise<VolunteerActivityList> {
  let roots: string[];
  if (q.area !== undefined) {
    const area = await requireArea(ctx.db, q.area).catch((e: unknown) => {
      if (e instanceof AppError && e.statusCode === 404) throw notFoundArea();
      throw e;
    });
    if (!isVolunteerStaff(ctx.actor, area.path)) throw notFoundArea();
    roots = [area.path];
  } else {
    roots = scopeRoots(bindingsWith(ctx.actor, VOLUNTEER_STAFF_ROLES));
    if (roots.length === 0) throw notFoundArea();
  }
  const { rows, nextCursor } = await pageOf(ctx, LIST, q, () => pathWithin('area_path', roots));
  return { items: await shapeActivities(ctx, rows, await personOf(ctx)), nextCursor };
}

/**
 * What the signed-in person may join: published activities open to them (see `isOpenTo`),
 * as one indexed query — the activity's area is one of the areas at or above where they serve
 * or live.
 */
export async function listOpenActivities(
  ctx: Ctx,
  q: Omit<VolunteerActivityQuery, 'area'>,
): Promise<VolunteerActivityList> {
  const person = await loadPerson(ctx.db, ctx.actor!.id);
  const serve = ancestorsOf(person.servePaths);
  const lives = ancestorsOf(person.homePath ? [person.homePath] : []);
  const residentsOf = [...new Set([...serve, ...lives])];
  const { rows, nextCursor } = await pageOf(ctx, OPEN_LIST, q, (eb) => {
    const any: Expression<SqlBool>[] = [];
    if (person.volunteer) {
      if (serve.length > 0)
        any.push(eb.and([eb('open_to', '=', 'volunteers'), eb('area_path', 'in', serve)]));
      if (person.teamIds.length > 0)
        any.push(eb.and([eb('open_to', '=', 'team'), eb('team_id', 'in', person.teamIds)]));
    }
    if (residentsOf.length > 0)
      any.push(
        eb.and([
          eb('open_to', '=', 'residents'),
          eb('area_path', 'in', residentsOf),
          // a service activity is only ever for volunteers
          ...(person.volunteer ? [] : [eb('kind', '=', 'event')]),
        ]),
      );
    return any.length === 0
      ? sql<SqlBool>`false`
      : eb.and([eb('status', '=', 'published'), eb.or(any)]);
  });
  return { items: await shapeActivities(ctx, rows, person), nextCursor };
}

// ---------------------------------------------------------------------------------------------
// Calling off, the check-in code, the roster

/**
 * Call an activity off (its organisers; before it ends): every sign-up not yet checked in is
 * cancelled, and everyone signed up is told (in-app and SMS). Someone already checked in stays
 * so, and checks out as usual (or is checked out by the auto check-out).
 */
export async function cancelActivity(
  ctx: Ctx,
  id: string,
  body: CancelVolunteerActivityBody,
): Promise<VolunteerActivity> {
  const a = await requireOrganised(ctx, id);
  const reason = body.reason.trim();
  if (reason.length < 2)
    throw AppError.invalid(
      'reason',
      'minLength',
      'reason: say why it is called off / 请填写取消原因',
    );
  if (a.status === 'cancelled')
    throw conflict('status', 'cancelled', 'The activity is already cancelled / 活动已取消');
  if (new Date(a.ends_at) <= new Date())
    throw conflict(
      'status',
      'ended',
      'The activity is over; it cannot be cancelled / 活动已结束，不能取消',
    );
  await ctx.db.transaction().execute(async (trx) => {
    // the roles first, in the order sign-ups lock them: a sign-up under way finishes first
    // (and is told below), a later one finds the activity cancelled
    await sql`select id from volunteer_shift_roles where activity_id = ${id} order by id for update`.execute(
      trx,
    );
    const done = await trx
      .updateTable('volunteer_activities')
      .set({ status: 'cancelled', cancel_reason: reason })
      .where('id', '=', id)
      .where('status', '=', 'published')
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1)
      throw conflict('status', 'cancelled', 'The activity is already cancelled / 活动已取消');
    const people = await trx
      .selectFrom('volunteer_signups')
      .select(['account_id', 'volunteer_id'])
      .where('activity_id', '=', id)
      .where('status', '<>', 'cancelled')
      .execute();
    await trx
      .updateTable('volunteer_signups')
      .set({ status: 'cancelled', cancelled_at: new Date() })
      .where('activity_id', '=', id)
      .where('status', '<>', 'cancelled')
      .where('checked_in_at', 'is', null)
      .execute();
    await sql`update volunteer_shift_roles r set confirmed = (
        select count(*) from volunteer_signups s where s.role_id = r.id and s.status = 'confirmed')
      where r.activity_id = ${id}`.execute(trx);
    await tellPeople(trx, ctx, people, {
      areaPath: a.area_path,
      text: `【社区云】您报名的「${a.title}」（${shanghaiMinute(a.starts_at)}）已取消：${reason}`,
    });
    await recordAudit(
      ctx,
      {
        action: 'volunteers.activity.cancel',
        objectType: 'volunteer_activity',
        objectId: id,
        areaPath: a.area_path,
        detail: { reason, told: people.length },
      },
      trx,
    );
  });
  ctx.jobs.kick();
  return getActivity(ctx, id);
}

/** The code the organiser's screen shows now, and when the next one replaces it. */
export async function activityCode(ctx: Ctx, id: string): Promise<ActivityCheckInCode> {
  const a = await requireOrganised(ctx, id);
  const w = codeWindow(new Date());
  return {
    code: checkInCodeAt(ctx.cipher.decrypt(a.code_secret_enc), w),
    expiresAt: windowEnd(w).toISOString(),
    periodSeconds: CHECK_IN_CODE_SECONDS,
  };
}

/** Every sign-up of every shift, for the organiser: names and phones masked, with the counts. */
export async function activityRoster(ctx: Ctx, id: string): Promise<ActivityRoster> {
  await requireOrganised(ctx, id);
  const rows = await ctx.db
    .selectFrom('volunteer_signups as s')
    .innerJoin('volunteer_shift_roles as r', 'r.id', 's.role_id')
    .leftJoin('volunteers as v', 'v.id', 's.volunteer_id')
    .selectAll('s')
    .select(['r.name as role_name', 'v.phone_masked'])
    .where('s.activity_id', '=', id)
    .orderBy('s.starts_at')
    .orderBy('s.shift_id')
    .orderBy('r.position')
    .orderBy(sql`case s.status when 'confirmed' then 0 when 'waitlisted' then 1 else 2 end`)
    .orderBy('s.seq')
    .execute();
  const [positions, phones] = await Promise.all([
    waitlistPositions(ctx.db, rows),
    smsContacts(
      ctx.db,
      rows.flatMap((r) => (r.phone_masked === null && r.account_id ? [r.account_id] : [])),
    ),
  ]);
  const counts = { confirmed: 0, waitlisted: 0, checkedIn: 0, checkedOut: 0, hoursConfirmed: 0 };
  for (const r of rows) {
    if (r.status === 'confirmed') counts.confirmed++;
    if (r.status === 'waitlisted') counts.waitlisted++;
    if (r.checked_in_at) counts.checkedIn++;
    if (r.checked_out_at) counts.checkedOut++;
    if (r.confirmed_at) counts.hoursConfirmed++;
  }
  return {
    items: rows.map((r) => ({
      ...toSignup(r, positions),
      volunteerId: r.volunteer_id,
      name: r.name_masked,
      phone:
        r.phone_masked ?? (r.account_id ? (phones.get(r.account_id)?.phoneMasked ?? null) : null),
      roleName: r.role_name,
    })),
    counts,
  };
}
