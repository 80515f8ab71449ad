import assert from 'node:assert/strict';
import type { AvailabilitySlot, VolunteerActivity, VolunteerProfile } from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { DB } from './platform/db/schema.js';
import {
  DEMO_COMMITTEE,
  staffAccount,
  verifiedResident,
  type Client,
  type TestPlatform,
  type VerifiedResident,
} from './testing.js';

/**
 * Test support for the volunteers suites (modules/volunteers/*.test.ts): residents who joined
 * as volunteers, staff of another committee, and activities published with shifts a number of
 * minutes from now, all through HTTP. Beside testing.ts, as testing-votes.ts is: it builds on
 * testing.ts, which only tests and the top of the house may import.
 */

export const COMMITTEE = DEMO_COMMITTEE; // 云南中路居委会 (staff: yunnan; street: nanjingdong)
export const OTHER_COMMITTEE = '310101002002'; // 龙泉园路居委会, in the same street

/** The moment `m` minutes from now, as the API takes it. */
export const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

export interface JoinedVolunteer extends VerifiedResident {
  volunteerId: string;
  /** the profile as they see it themselves (their name in clear) */
  profile: VolunteerProfile;
}

/** A verified resident of the committee who joined as a volunteer serving there (201). */
export async function joinedVolunteer(
  tp: TestPlatform,
  o: { committee?: string; skills?: string[]; availability?: AvailabilitySlot[] } = {},
): Promise<JoinedVolunteer> {
  const committee = o.committee ?? COMMITTEE;
  const r = await verifiedResident(tp, { committee });
  const joined = await r.client.request<VolunteerProfile>('PUT', '/api/volunteers/me', {
    committeeCode: committee,
    skills: o.skills ?? [],
    availability: o.availability ?? [],
    serveAreaCodes: [committee],
  });
  assert.equal(joined.status, 201, JSON.stringify(joined.body));
  return { ...r, volunteerId: joined.body.id, profile: joined.body };
}

/** Committee staff of 龙泉园路: volunteer staff, but not of 云南中路. */
export const otherCommitteeStaff = (tp: TestPlatform, username: string): Promise<Client> =>
  staffAccount(tp, { username, role: 'committee_staff', areaCode: OTHER_COMMITTEE });

export interface ShiftBody {
  title: string;
  startsAt: string;
  endsAt: string;
  roles: { name: string; capacity: number }[];
}

/** A shift from `at[0]` to `at[1]` minutes from now. */
export const shiftIn = (
  at: readonly [number, number],
  roles: ShiftBody['roles'] = [{ name: '引导', capacity: 5 }],
  title = '班次',
): ShiftBody => ({ title, startsAt: inMinutes(at[0]), endsAt: inMinutes(at[1]), roles });

/**
 * The body of POST /api/volunteer-activities for the committee at `place`: a checkpoint service
 * for volunteers (an event: a 亲子活动) with one morning shift starting in two minutes, unless
 * told otherwise. `shifts` are taken as they are (a suite may send bad ones).
 */
export function activityBody(
  place: { lat: number; lng: number },
  o: {
    kind?: 'service' | 'event';
    openTo?: 'volunteers' | 'residents' | 'team';
    remindMinutes?: number;
    shifts?: unknown[];
  } = {},
) {
  const event = o.kind === 'event';
  return {
    areaCode: COMMITTEE,
    kind: o.kind ?? 'service',
    category: event ? 'community_event' : 'checkpoint',
    title: event ? '亲子活动' : '小区卡口值守',
    description: '测温、登记',
    place: '云南中路小区北门',
    lat: place.lat,
    lng: place.lng,
    radiusM: 200,
    openTo: o.openTo ?? 'volunteers',
    remindMinutes: o.remindMinutes ?? 60,
    shifts: o.shifts ?? [
      shiftIn(
        [2, 122],
        [
          { name: '测温', capacity: 3 },
          { name: '登记', capacity: 2 },
        ],
        '上午班',
      ),
    ],
  };
}

/** Publish an activity as `staff` (201): the activity as they read it. */
export async function publishActivity(
  staff: Client,
  body: ReturnType<typeof activityBody>,
): Promise<VolunteerActivity> {
  const r = await staff.post<VolunteerActivity>('/api/volunteer-activities', body);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

/**
 * A sign-up of `volunteerId` at a shift of its own of `activityId`, checked in at `from` and out
 * at `to` by the organiser (written as attendance would have left it; the shift lasts a minute at
 * least): ready for the organiser's confirmation over HTTP. Its id.
 */
export async function insertCheckedOutSignup(
  db: Kysely<DB>,
  o: { activityId: string; volunteerId: string; from: Date; to: Date },
): Promise<string> {
  const [shiftId, roleId, id] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
  const ends = new Date(Math.max(o.to.getTime(), o.from.getTime() + 60_000));
  await db
    .insertInto('volunteer_shifts')
    .values({
      id: shiftId,
      activity_id: o.activityId,
      title: '测试班次',
      starts_at: o.from,
      ends_at: ends,
    })
    .execute();
  await db
    .insertInto('volunteer_shift_roles')
    .values({
      id: roleId,
      shift_id: shiftId,
      activity_id: o.activityId,
      name: '引导',
      capacity: 1,
      confirmed: 1,
      position: 0,
    })
    .execute();
  await db
    .insertInto('volunteer_signups')
    .values({
      id,
      activity_id: o.activityId,
      shift_id: shiftId,
      role_id: roleId,
      volunteer_id: o.volunteerId,
      account_id: null,
      name_masked: '周*',
      starts_at: o.from,
      ends_at: ends,
      status: 'confirmed',
      checked_in_at: o.from,
      check_in_method: 'organiser',
      checked_out_at: o.to,
      check_out_method: 'organiser',
      minutes: Math.floor((o.to.getTime() - o.from.getTime()) / 60_000),
      confirmed_at: null,
      confirmed_by: null,
      cancelled_at: null,
    })
    .execute();
  return id;
}
