import {
  ErrorCode,
  type AttendanceMethod,
  type VolunteerSignup,
  type VolunteerSignupStatus,
} from '@cc/contracts';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AppDeps } from '../../platform/context.js';
import { executeTogether } from '../../platform/db/execute-together.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { isWithin } from '../../platform/policy.js';
import { findAreaCached } from '../areas/index.js';
import { queueNotifications, smsToPhoneWrites } from '../notifications/index.js';
import { residentHome } from '../residents/index.js';
import { volunteerOfAccount, type VolunteerRow } from './volunteers.repo.js';
import type { VolunteerActivitiesTable, VolunteerSignupsTable } from './volunteers.tables.js';

/**
 * What activities, sign-ups and attendance share: who the signed-in person is to activities
 * (their volunteer profile, teams and the areas they serve, their verified home), who may join
 * which activity, the shape of a sign-up with its place on the waitlist, and telling people.
 */

export type ActivityRow = Selectable<VolunteerActivitiesTable>;
export type SignupRow = Selectable<VolunteerSignupsTable>;

export const ACTIVITY_NOT_FOUND =
  'No such activity, or it is not yours to see / 活动不存在或您无权查看';
export const SIGNUP_NOT_FOUND = 'No such sign-up, or it is not yours / 报名记录不存在或不属于您';

/** A 409 that names the field and the rule (AppError.conflict's rule is always `unique`). */
export const conflict = (field: string, rule: string, message: string): AppError =>
  new AppError(ErrorCode.conflict, message, { field, rule });

/** The area paths at and above each of `paths` (the areas an activity may be run at to reach them). */
export function ancestorsOf(paths: readonly string[]): string[] {
  const out = new Set<string>();
  for (const p of paths) {
    const parts = p.split('/');
    for (let i = 1; i <= parts.length; i++) out.add(parts.slice(0, i).join('/'));
  }
  return [...out];
}

/** Who someone is to activities. */
export interface Person {
  /** their account (null: a volunteer staff registered without one) */
  accountId: string | null;
  /** their volunteer profile when active */
  volunteer: VolunteerRow | null;
  /** the volunteer's committee path and the paths of the areas they serve */
  servePaths: string[];
  teamIds: string[];
  /** the verified home's path (a compound's), if any */
  homePath: string | null;
}

async function volunteerPerson(
  db: Kysely<DB>,
  v: VolunteerRow,
): Promise<Pick<Person, 'volunteer' | 'servePaths' | 'teamIds'>> {
  const [teams, serve] = await Promise.all([
    db
      .selectFrom('volunteer_team_members')
      .select('team_id')
      .where('volunteer_id', '=', v.id)
      .execute(),
    Promise.all(v.serve_codes.map((c) => findAreaCached(db, c))),
  ]);
  return {
    volunteer: v,
    servePaths: [v.area_path, ...serve.flatMap((a) => (a ? [a.path] : []))],
    teamIds: teams.map((t) => t.team_id),
  };
}

/** The signed-in account as a person: its active volunteer profile and its verified home. */
export async function loadPerson(db: Kysely<DB>, accountId: string): Promise<Person> {
  const [v, home] = await Promise.all([
    volunteerOfAccount(db, accountId),
    residentHome(db, accountId),
  ]);
  const active = v && v.status === 'active' ? await volunteerPerson(db, v) : null;
  return {
    accountId,
    volunteer: active?.volunteer ?? null,
    servePaths: active?.servePaths ?? [],
    teamIds: active?.teamIds ?? [],
    homePath: home?.areaPath ?? null,
  };
}

/** A volunteer (an active one) as a person, for staff signing them up. */
export async function personOfVolunteer(db: Kysely<DB>, v: VolunteerRow): Promise<Person> {
  return { accountId: v.account_id, homePath: null, ...(await volunteerPerson(db, v)) };
}

type Openness = Pick<ActivityRow, 'area_path' | 'open_to' | 'team_id' | 'kind'>;

/**
 * Is the activity open to the person (whatever its time and status): a volunteers' activity
 * to volunteers registered or serving within its area, a team's to the team's members, a
 * residents' one to verified residents of the area (and its volunteers); a service activity
 * only ever to volunteers (an event earns no hours and needs no profile).
 */
export function isOpenTo(p: Person, a: Openness): boolean {
  if (a.kind === 'service' && !p.volunteer) return false;
  const serves = p.servePaths.some((path) => isWithin(path, a.area_path));
  if (a.open_to === 'team') return !!p.volunteer && !!a.team_id && p.teamIds.includes(a.team_id);
  if (a.open_to === 'volunteers') return !!p.volunteer && serves;
  return serves || (p.homePath !== null && isWithin(p.homePath, a.area_path));
}

/** Would the activity be open to the person if they were a volunteer (its area is their home)? */
export const livesWithin = (p: Person, a: Openness): boolean =>
  p.homePath !== null && isWithin(p.homePath, a.area_path);

/** The places on the waitlist of the waitlisted ones among `rows` (1 = the next promoted). */
export async function waitlistPositions(
  db: Kysely<DB>,
  rows: readonly Pick<SignupRow, 'id' | 'role_id' | 'status'>[],
): Promise<Map<string, number>> {
  const roles = [...new Set(rows.filter((r) => r.status === 'waitlisted').map((r) => r.role_id))];
  if (roles.length === 0) return new Map();
  const r = await sql<{ id: string; pos: string | number }>`
    select id, row_number() over (partition by role_id order by seq) as pos
    from volunteer_signups
    where role_id in (${sql.join(roles)}) and status = 'waitlisted'`.execute(db);
  return new Map(r.rows.map((x) => [x.id, Number(x.pos)]));
}

const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());

/** A sign-up as the API shows it. */
export function toSignup(r: SignupRow, positions: Map<string, number>): VolunteerSignup {
  return {
    id: r.id,
    activityId: r.activity_id,
    shiftId: r.shift_id,
    roleId: r.role_id,
    status: r.status as VolunteerSignupStatus,
    waitlistPosition: r.status === 'waitlisted' ? (positions.get(r.id) ?? null) : null,
    checkedInAt: iso(r.checked_in_at),
    checkInMethod: r.check_in_method as AttendanceMethod | null,
    checkedOutAt: iso(r.checked_out_at),
    checkOutMethod: r.check_out_method as AttendanceMethod | null,
    minutes: r.minutes,
    confirmedAt: iso(r.confirmed_at),
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** Sign-ups shaped, their waitlist places read in one query. */
export async function toSignups(
  db: Kysely<DB>,
  rows: readonly SignupRow[],
): Promise<VolunteerSignup[]> {
  const positions = await waitlistPositions(db, rows);
  return rows.map((r) => toSignup(r, positions));
}

/** Whom a message about a sign-up goes to. */
export interface SignupPerson {
  account_id: string | null;
  volunteer_id: string | null;
}

/**
 * Tell people about their sign-ups inside `trx` (in-app notice and SMS to an account; SMS to
 * the phone of a volunteer registered without an account). Kick the job runner after the commit.
 */
export async function tellPeople(
  trx: Kysely<DB>,
  deps: Pick<AppDeps, 'cipher'>,
  people: readonly SignupPerson[],
  message: { text: string; areaPath: string },
): Promise<void> {
  const accounts = [...new Set(people.flatMap((p) => (p.account_id ? [p.account_id] : [])))];
  const bare = [
    ...new Set(people.flatMap((p) => (!p.account_id && p.volunteer_id ? [p.volunteer_id] : []))),
  ];
  await queueNotifications(
    trx,
    accounts.map((recipientId) => ({
      caseId: null,
      areaPath: message.areaPath,
      recipientId,
      channels: ['inapp', 'sms'],
      text: message.text,
    })),
  );
  if (bare.length === 0) return;
  const phones = await trx
    .selectFrom('volunteers')
    .select(['id', 'phone_enc'])
    .where('id', 'in', bare)
    .where('phone_enc', 'is not', null)
    .execute();
  await executeTogether<DB>(
    trx,
    phones.flatMap((v) =>
      smsToPhoneWrites(trx, deps, {
        phone: deps.cipher.decrypt(v.phone_enc!),
        text: message.text,
        areaPath: message.areaPath,
      }),
    ),
  );
}
