import crypto from 'node:crypto';
import {
  maskName,
  type ActivityKind,
  type ActivityStatus,
  type CreateVolunteerSignupBody,
  type MyVolunteerSignup,
  type MyVolunteerSignupList,
  type MyVolunteerSignupQuery,
  type VolunteerSignup,
} from '@cc/contracts';
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { openCursor, sealCursor } from '../../platform/cursor.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { shanghaiMinute } from '../../platform/shanghai-time.js';
import { recordAudit } from '../audit/index.js';
import { accountNames } from '../identity/index.js';
import {
  ACTIVITY_NOT_FOUND,
  conflict,
  isOpenTo,
  livesWithin,
  loadPerson,
  personOfVolunteer,
  SIGNUP_NOT_FOUND,
  tellPeople,
  toSignup,
  toSignups,
  waitlistPositions,
  type Person,
  type SignupRow,
} from './activities.repo.js';
import { isVolunteerStaff } from './volunteers.policy.js';
import { findVolunteer } from './volunteers.repo.js';

/**
 * Signing up for a shift's role: confirmed while the role has room, else waitlisted in the
 * order of sign-up (`seq`). Never over capacity under concurrency: the role row is locked
 * (FOR UPDATE) and keeps its `confirmed` count. One person's sign-ups are serialised by an
 * advisory lock on them, so two at once cannot both pass the overlap check. Cancelling a
 * confirmed sign-up promotes the first waitlisted, who is told.
 */

const MY_LIST = 'volunteers.signups.mine';
const DEFAULT_LIMIT = 20;

/** A role with its shift and activity. */
async function findRole(db: Kysely<DB>, roleId: string) {
  return db
    .selectFrom('volunteer_shift_roles as r')
    .innerJoin('volunteer_shifts as s', 's.id', 'r.shift_id')
    .innerJoin('volunteer_activities as a', 'a.id', 'r.activity_id')
    .select([
      'r.id',
      'r.shift_id',
      'r.activity_id',
      's.starts_at',
      's.ends_at',
      's.title as shift_title',
      'a.title',
      'a.kind',
      'a.area_path',
      'a.open_to',
      'a.team_id',
      'a.status',
    ])
    .where('r.id', '=', roleId)
    .executeTakeFirst();
}

const volunteersOnly = () =>
  AppError.invalid(
    'roleId',
    'volunteersOnly',
    'roleId: this is a volunteer service; join as a volunteer first / 这是志愿服务活动，请先注册成为志愿者再报名',
  );

/** The masked name a sign-up shows: the volunteer's, or the account's. */
async function maskedNameOf(db: Kysely<DB>, p: Person): Promise<string> {
  if (p.volunteer) return p.volunteer.name_masked;
  const names = await accountNames(db, [p.accountId]);
  return maskName(names.get(p.accountId!) ?? '*');
}

/**
 * Sign up for a role: oneself, or (staff of the activity) a volunteer in their area. Open to
 * the person (else 404; a service activity without a volunteer profile: 400 `roleId`
 * `volunteersOnly`); not cancelled (409), not started (400); the same person twice in a shift
 * 409 `duplicate`, overlapping another live sign-up of theirs 409 `overlap`.
 */
export async function createSignup(
  ctx: Ctx,
  body: CreateVolunteerSignupBody,
): Promise<VolunteerSignup> {
  const actor = ctx.actor!;
  const role = await findRole(ctx.db, body.roleId);
  if (!role) throw AppError.notFound(ACTIVITY_NOT_FOUND);
  let person: Person;
  const byStaff = body.volunteerId !== undefined;
  if (byStaff) {
    if (!isVolunteerStaff(actor, role.area_path)) throw AppError.notFound(ACTIVITY_NOT_FOUND);
    const v = await findVolunteer(ctx.db, body.volunteerId!);
    if (!v || v.status !== 'active' || !isVolunteerStaff(actor, v.area_path))
      throw AppError.invalid(
        'volunteerId',
        'exists',
        'volunteerId: no such active volunteer in your area / 您的辖区内没有这位在册志愿者',
      );
    person = await personOfVolunteer(ctx.db, v);
    if (!isOpenTo(person, role))
      throw AppError.invalid(
        'volunteerId',
        'notOpen',
        'volunteerId: this activity is not open to this volunteer / 该活动不面向这位志愿者',
      );
  } else {
    person = await loadPerson(ctx.db, actor.id);
    if (!isOpenTo(person, role)) {
      // told why only when they may see the activity: they live in its area, or run it
      const organiser = isVolunteerStaff(actor, role.area_path);
      const sees = organiser || livesWithin(person, role);
      if (sees && role.kind === 'service' && !person.volunteer) throw volunteersOnly();
      if (!organiser) throw AppError.notFound(ACTIVITY_NOT_FOUND);
      throw AppError.forbidden('This activity is not open to you / 该活动不面向您开放报名');
    }
  }
  if (role.status !== 'published')
    throw conflict('roleId', 'cancelled', 'roleId: the activity is cancelled / 活动已取消');
  if (new Date(role.starts_at) <= new Date())
    throw AppError.invalid(
      'roleId',
      'started',
      'roleId: the shift has started; sign-up is closed / 班次已开始，不能再报名',
    );
  const name = await maskedNameOf(ctx.db, person);
  const personKey = person.accountId ?? person.volunteer!.id;
  const row = await ctx.db.transaction().execute(async (trx) => {
    // one person's sign-ups one at a time: the overlap check below sees every earlier one
    await sql`select pg_advisory_xact_lock(hashtext(${`volunteers.signup:${personKey}`}))`.execute(
      trx,
    );
    const mine = (
      [
        ...(person.accountId ? [sql<SqlBool>`account_id = ${person.accountId}`] : []),
        ...(person.volunteer ? [sql<SqlBool>`volunteer_id = ${person.volunteer.id}`] : []),
      ] as const
    ).reduce((a, b) => sql<SqlBool>`${a} or ${b}`);
    const clash = await sql<{ shift_id: string }>`
      select shift_id from volunteer_signups
      where status <> 'cancelled' and (${mine})
        and starts_at < ${role.ends_at} and ends_at > ${role.starts_at}
      order by shift_id = ${role.shift_id} desc
      limit 1`.execute(trx);
    const other = clash.rows[0];
    if (other?.shift_id === role.shift_id)
      throw conflict(
        'roleId',
        'duplicate',
        byStaff
          ? 'roleId: this volunteer is already signed up for this shift / 该志愿者已报名此班次'
          : 'roleId: you are already signed up for this shift / 您已报名此班次',
      );
    if (other)
      throw conflict(
        'roleId',
        'overlap',
        'roleId: this shift overlaps another shift already signed up for / 该班次与已报名的其他班次时间重叠',
      );
    // the role's row is the unit of capacity: one sign-up at a time takes a place in it
    const locked = await sql<{ capacity: number; confirmed: number }>`
      select capacity, confirmed from volunteer_shift_roles where id = ${role.id} for update`.execute(
      trx,
    );
    const r = locked.rows[0]!;
    // asked again under the role's lock: a cancellation of the activity locks its roles first
    const now = await trx
      .selectFrom('volunteer_activities')
      .select('status')
      .where('id', '=', role.activity_id)
      .executeTakeFirstOrThrow();
    if (now.status !== 'published')
      throw conflict('roleId', 'cancelled', 'roleId: the activity is cancelled / 活动已取消');
    const status = r.confirmed < r.capacity ? 'confirmed' : 'waitlisted';
    if (status === 'confirmed')
      await trx
        .updateTable('volunteer_shift_roles')
        .set({ confirmed: sql`confirmed + 1` })
        .where('id', '=', role.id)
        .execute();
    const inserted = await trx
      .insertInto('volunteer_signups')
      .values({
        id: crypto.randomUUID(),
        activity_id: role.activity_id,
        shift_id: role.shift_id,
        role_id: role.id,
        volunteer_id: person.volunteer?.id ?? null,
        account_id: person.accountId,
        name_masked: name,
        starts_at: role.starts_at,
        ends_at: role.ends_at,
        status,
        checked_in_at: null,
        check_in_method: null,
        checked_out_at: null,
        check_out_method: null,
        minutes: null,
        confirmed_at: null,
        confirmed_by: null,
        cancelled_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (byStaff)
      await recordAudit(
        ctx,
        {
          action: 'volunteers.signup.create',
          objectType: 'volunteer_signup',
          objectId: inserted.id,
          areaPath: role.area_path,
          detail: { volunteerId: person.volunteer!.id, status },
        },
        trx,
      );
    return inserted;
  });
  const [shaped] = await toSignups(ctx.db, [row]);
  return shaped!;
}

/** Sign-ups with their activity (`a`) and shift (`sh`): the base of every read of them here. */
const signupsWithActivity = (db: Kysely<DB>) =>
  db
    .selectFrom('volunteer_signups as s')
    .innerJoin('volunteer_activities as a', 'a.id', 's.activity_id')
    .innerJoin('volunteer_shifts as sh', 'sh.id', 's.shift_id')
    .selectAll('s');

/** A sign-up with its activity's area and title, and whom it belongs to. */
export async function findSignup(db: Kysely<DB>, id: string) {
  return signupsWithActivity(db)
    .leftJoin('volunteers as v', 'v.id', 's.volunteer_id')
    .select([
      'a.area_path',
      'a.kind',
      'a.category',
      'a.title',
      'a.place',
      'a.lat',
      'a.lng',
      'a.radius_m',
      'a.code_secret_enc',
      'a.status as activity_status',
      'sh.title as shift_title',
      'v.account_id as volunteer_account_id',
      'v.area_path as volunteer_area_path',
    ])
    .where('s.id', '=', id)
    .executeTakeFirst();
}
export type FoundSignup = NonNullable<Awaited<ReturnType<typeof findSignup>>>;

/** Is the signed-in actor the person signed up? */
export const isOwnSignup = (ctx: Ctx, s: FoundSignup): boolean =>
  !!ctx.actor && (s.account_id === ctx.actor.id || s.volunteer_account_id === ctx.actor.id);

/**
 * The sign-up, when the actor is its person (`own`) or staff of its activity (`staff`); to
 * anyone else it is not there (404).
 */
export async function requireSignup(
  ctx: Ctx,
  id: string,
): Promise<{ s: FoundSignup; own: boolean; staff: boolean }> {
  const s = await findSignup(ctx.db, id);
  const own = !!s && isOwnSignup(ctx, s);
  const staff = !!s && isVolunteerStaff(ctx.actor, s.area_path);
  if (!s || (!own && !staff)) throw AppError.notFound(SIGNUP_NOT_FOUND);
  return { s, own, staff };
}

/**
 * Cancel a sign-up (the person, or the activity's staff; else 404). Not after check-in (409).
 * A confirmed place freed goes to the first waitlisted, in order, who is told (in-app and SMS),
 * while the shift has not ended.
 */
export async function cancelSignup(ctx: Ctx, id: string): Promise<VolunteerSignup> {
  const { s, own } = await requireSignup(ctx, id);
  const promoted = await ctx.db.transaction().execute(async (trx) => {
    await sql`select id from volunteer_shift_roles where id = ${s.role_id} for update`.execute(trx);
    const cur = await trx
      .selectFrom('volunteer_signups')
      .select(['status', 'checked_in_at'])
      .where('id', '=', id)
      // a check-in at the same moment goes before or after this, never in between
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (cur.status === 'cancelled')
      throw conflict('status', 'cancelled', 'This sign-up is already cancelled / 该报名已取消');
    if (cur.checked_in_at)
      throw conflict(
        'status',
        'alreadyCheckedIn',
        'Checked in already: check out instead / 已签到，不能取消报名，请签退',
      );
    await trx
      .updateTable('volunteer_signups')
      .set({ status: 'cancelled', cancelled_at: new Date() })
      .where('id', '=', id)
      .execute();
    let next: SignupRow | undefined;
    if (cur.status === 'confirmed') {
      if (new Date(s.ends_at) > new Date()) {
        const first = await sql<{ id: string }>`
          select id from volunteer_signups
          where role_id = ${s.role_id} and status = 'waitlisted'
          order by seq limit 1 for update`.execute(trx);
        if (first.rows[0])
          next = await trx
            .updateTable('volunteer_signups')
            .set({ status: 'confirmed' })
            .where('id', '=', first.rows[0].id)
            .returningAll()
            .executeTakeFirstOrThrow();
      }
      if (!next)
        await trx
          .updateTable('volunteer_shift_roles')
          .set({ confirmed: sql`confirmed - 1` })
          .where('id', '=', s.role_id)
          .execute();
      else
        await tellPeople(trx, ctx, [next], {
          areaPath: s.area_path,
          text: `【社区云】候补成功：您已报上「${s.title}」${s.shift_title}（${shanghaiMinute(s.starts_at)} 开始），请准时到场签到。`,
        });
    }
    if (!own)
      await recordAudit(
        ctx,
        {
          action: 'volunteers.signup.cancel',
          objectType: 'volunteer_signup',
          objectId: id,
          areaPath: s.area_path,
          detail: { promoted: next?.id ?? null },
        },
        trx,
      );
    return next;
  });
  if (promoted) ctx.jobs.kick();
  const row = await ctx.db
    .selectFrom('volunteer_signups')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return toSignup(row, new Map());
}

/** Sign-ups as their person sees them: with the activity, the shift and the role. */
const mySignupRows = (db: Kysely<DB>) =>
  signupsWithActivity(db)
    .innerJoin('volunteer_shift_roles as r', 'r.id', 's.role_id')
    .select([
      'a.title',
      'a.kind',
      'a.place',
      'a.lat',
      'a.lng',
      'a.radius_m',
      'a.status as activity_status',
      'sh.title as shift_title',
      'r.name as role_name',
    ]);
type MySignupRow = Awaited<ReturnType<ReturnType<typeof mySignupRows>['execute']>>[number];

async function presentMySignups(
  db: Kysely<DB>,
  rows: readonly MySignupRow[],
): Promise<MyVolunteerSignup[]> {
  const positions = await waitlistPositions(db, rows);
  return rows.map((r) => ({
    ...toSignup(r, positions),
    activity: {
      id: r.activity_id,
      title: r.title,
      kind: r.kind as ActivityKind,
      place: r.place,
      lat: r.lat,
      lng: r.lng,
      radiusM: r.radius_m,
      status: r.activity_status as ActivityStatus,
    },
    shift: {
      title: r.shift_title,
      startsAt: new Date(r.starts_at).toISOString(),
      endsAt: new Date(r.ends_at).toISOString(),
    },
    roleName: r.role_name,
  }));
}

/**
 * The signed-in person's sign-ups (cancelled ones too: an activity called off shows so):
 * upcoming (not ended, soonest first) or past (latest first).
 */
export async function listMySignups(
  ctx: Ctx,
  q: MyVolunteerSignupQuery,
): Promise<MyVolunteerSignupList> {
  const person = await loadPerson(ctx.db, ctx.actor!.id);
  const past = q.when === 'past';
  const limit = q.limit ?? DEFAULT_LIMIT;
  const listKey = `${MY_LIST}:${past ? 'past' : 'upcoming'}`;
  const after = q.cursor
    ? (openCursor(ctx.cipher.key, listKey, ctx.actor!.id, q.cursor) as [string, string])
    : null;
  if (after && (!Array.isArray(after) || after.length !== 2))
    throw AppError.invalid('cursor', 'format', 'cursor is not valid / 分页游标无效');
  const now = new Date();
  const rows = await mySignupRows(ctx.db)
    .where((eb) =>
      eb.or([
        eb('s.account_id', '=', ctx.actor!.id),
        ...(person.volunteer ? [eb('s.volunteer_id', '=', person.volunteer.id)] : []),
      ]),
    )
    .where('s.ends_at', past ? '<=' : '>', now)
    .$if(!!after, (b) =>
      b.where(
        past
          ? sql<SqlBool>`(s.starts_at, s.id) < (${after![0]}::timestamptz, ${after![1]}::uuid)`
          : sql<SqlBool>`(s.starts_at, s.id) > (${after![0]}::timestamptz, ${after![1]}::uuid)`,
      ),
    )
    .orderBy('s.starts_at', past ? 'desc' : 'asc')
    .orderBy('s.id', past ? 'desc' : 'asc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const end = page.at(-1);
  return {
    items: await presentMySignups(ctx.db, page),
    nextCursor:
      rows.length > limit && end
        ? sealCursor(ctx.cipher.key, listKey, ctx.actor!.id, [
            new Date(end.starts_at).toISOString(),
            end.id,
          ])
        : null,
  };
}

/** One sign-up as its person sees it: for the person, or staff of its activity; else 404. */
export async function getSignup(ctx: Ctx, id: string): Promise<MyVolunteerSignup> {
  await requireSignup(ctx, id);
  const rows = await mySignupRows(ctx.db).where('s.id', '=', id).execute();
  return (await presentMySignups(ctx.db, rows))[0]!;
}
