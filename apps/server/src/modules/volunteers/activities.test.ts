import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ActivityRoster, VolunteerActivity, VolunteerSignup } from '@cc/contracts';
import { DATABASES, startTestPlatform, type Client, type TestPlatform } from '../../testing.js';
import {
  activityBody,
  COMMITTEE,
  inMinutes,
  joinedVolunteer,
  otherCommitteeStaff,
  publishActivity,
  shiftIn,
} from '../../testing-volunteers.js';
import { runAutoCheckOut, runShiftReminder } from './activities.jobs.js';
import { checkInCodeAt, codeWindow } from './check-in-code.js';
import { MAX_CODE_MISSES } from './attendance.js';

/**
 * Activities and attendance through HTTP on a real database: bad activities refused with
 * nothing stored; check-in by the rotating code (the current one taken once, an expired or a
 * wrong one refused) and by position; check-out, its minutes capped by the shift; the
 * organiser's confirmation reaching the volunteer's ledger; the reminder and the auto
 * check-out jobs; calling an activity off; and staff of another committee told nothing.
 *
 * A shift "now" is made by publishing it to start a few minutes ahead (check-in opens 30
 * minutes before the start). For the minutes, the shift's and the check-in's times are moved
 * back in the database after the check-in, so that the shift is over when the volunteer checks out.
 */
const HOUR = 3_600_000;

for (const kind of DATABASES) {
  describe(`volunteer activities and attendance (${kind})`, () => {
    let tp: TestPlatform;
    let staff: Client;
    let otherStaff: Client;
    let centre: { lat: number; lng: number };
    const db = () => tp.platform.database.db;

    before(async () => {
      tp = await startTestPlatform(kind);
      staff = await tp.login('yunnan');
      otherStaff = await otherCommitteeStaff(tp, `lq-staff-${kind}`);
      centre = await tp.centreOf(COMMITTEE);
    });
    after(() => tp.close());

    const body = (o: Parameters<typeof activityBody>[1] = {}) => activityBody(centre, o);
    const publish = (b = body()) => publishActivity(staff, b);
    const activityCount = async () =>
      (await db().selectFrom('volunteer_activities').select('id').execute()).length;

    const volunteer = () => joinedVolunteer(tp);
    async function signUp(c: Client, roleId: string): Promise<VolunteerSignup> {
      const r = await c.post<VolunteerSignup>('/api/volunteer-signups', { roleId });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body;
    }
    /** the activity's secret as stored, decrypted with the platform's key */
    async function secretOf(activityId: string): Promise<string> {
      const row = await db()
        .selectFrom('volunteer_activities')
        .select('code_secret_enc')
        .where('id', '=', activityId)
        .executeTakeFirstOrThrow();
      return tp.platform.deps.cipher.decrypt(row.code_secret_enc);
    }
    const checkIn = (c: Client, id: string, b: Record<string, unknown>) =>
      c.post<VolunteerSignup & { field?: string; rule?: string; message?: string }>(
        `/api/volunteer-signups/${id}/check-in`,
        b,
      );
    const checkOut = (c: Client, id: string, b: Record<string, unknown>) =>
      c.post<VolunteerSignup & { field?: string; rule?: string }>(
        `/api/volunteer-signups/${id}/check-out`,
        b,
      );

    it('refuses an activity that ends before it starts, starts in the past or has no capacity, storing nothing', async () => {
      const before = await activityCount();
      const shift = (o: Record<string, unknown>) => ({
        ...shiftIn([60, 120], [{ name: '引导', capacity: 2 }]),
        ...o,
      });
      const cases: [unknown[], string, string][] = [
        [[shift({ endsAt: inMinutes(30) })], 'shifts.0.endsAt', 'afterStart'],
        [
          [shift({}), shift({ startsAt: inMinutes(-60), endsAt: inMinutes(30) })],
          'shifts.1.startsAt',
          'future',
        ],
        [[shift({ endsAt: inMinutes(60 + 25 * 60) })], 'shifts.0.endsAt', 'maxDuration'],
        [
          [shift({ roles: [{ name: '引导', capacity: 0 }] })],
          'shifts.0.roles.0.capacity',
          'minimum',
        ],
        [
          [shift({ roles: [{ name: '引导', capacity: -3 }] })],
          'shifts.0.roles.0.capacity',
          'minimum',
        ],
      ];
      for (const [shifts, field, rule] of cases) {
        const r = await staff.post('/api/volunteer-activities', body({ shifts }));
        assert.equal(r.status, 400, `${field}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.field, field);
        assert.equal(r.body.rule, rule);
      }
      const team = await staff.post('/api/volunteer-activities', body({ openTo: 'team' }));
      assert.equal(team.status, 400);
      assert.equal(team.body.field, 'teamId');
      // another committee's staff: not their area
      assert.equal((await otherStaff.post('/api/volunteer-activities', body())).status, 404);
      assert.equal(await activityCount(), before, 'nothing stored');
    });

    it('checks in by the current code once, refuses an expired or a wrong one, and by position within the radius', async () => {
      const a = await publish();
      const roleId = a.shifts[0]!.roles[0]!.id;
      const [v1, v2] = [await volunteer(), await volunteer()];
      const s1 = await signUp(v1.client, roleId);
      const s2 = await signUp(v2.client, roleId);

      // check-out before check-in
      const early = await checkOut(v1.client, s1.id, { lat: centre.lat, lng: centre.lng });
      assert.equal(early.status, 409);
      assert.equal(early.body.rule, 'notCheckedIn');

      // the code on the organiser's screen; another committee's staff see nothing
      assert.equal((await otherStaff.get(`/api/volunteer-activities/${a.id}/code`)).status, 404);
      assert.equal((await v1.client.get(`/api/volunteer-activities/${a.id}/code`)).status, 404);
      const shown = await staff.get(`/api/volunteer-activities/${a.id}/code`);
      assert.equal(shown.status, 200);
      assert.match(shown.body.code, /^\d{6}$/);
      assert.equal(shown.body.periodSeconds, 60);

      const secret = await secretOf(a.id);
      const now = codeWindow(new Date());
      const expired = checkInCodeAt(secret, now - 3);
      const old = await checkIn(v2.client, s2.id, { code: expired });
      assert.equal(old.status, 400);
      assert.equal(old.body.field, 'code');
      assert.equal(old.body.rule, 'expired');
      const valid = new Set([now - 1, now, now + 1].map((w) => checkInCodeAt(secret, w)));
      const wrong = ['000000', '123456', '999999', '424242'].find((c) => !valid.has(c))!;
      const bad = await checkIn(v2.client, s2.id, { code: wrong });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.field, 'code');
      assert.equal(bad.body.rule, 'mismatch');
      // guessing stops: after MAX_CODE_MISSES wrong codes even the right one is refused for this
      // sign-up (its position still checks it in, below)
      for (let i = 1; i < MAX_CODE_MISSES; i++) {
        const again = await checkIn(v2.client, s2.id, { code: wrong });
        assert.equal(again.body.rule, 'mismatch');
      }
      const capped = await checkIn(v2.client, s2.id, { code: shown.body.code });
      assert.equal(capped.status, 409);
      assert.equal(capped.body.rule, 'tooManyTries');

      const ok = await checkIn(v1.client, s1.id, { code: shown.body.code });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.body.checkInMethod, 'code');
      assert.ok(ok.body.checkedInAt);
      const twice = await checkIn(v1.client, s1.id, { code: shown.body.code });
      assert.equal(twice.status, 409);
      assert.equal(twice.body.rule, 'alreadyCheckedIn');

      // by position: about 2 km away is refused naming the distance; at the gate it is taken
      const far = await checkIn(v2.client, s2.id, { lat: centre.lat + 0.018, lng: centre.lng });
      assert.equal(far.status, 400);
      assert.equal(far.body.field, 'lat');
      assert.equal(far.body.rule, 'tooFar');
      assert.match(far.body.message!, /\b20\d\d m\b/);
      const near = await checkIn(v2.client, s2.id, {
        lat: centre.lat + 0.001,
        lng: centre.lng,
        accuracy: 30,
      });
      assert.equal(near.status, 200, JSON.stringify(near.body));
      assert.equal(near.body.checkInMethod, 'position');

      // someone else's sign-up is not theirs to check in
      assert.equal((await checkIn(v2.client, s1.id, { code: shown.body.code })).status, 404);

      // checked out at once, before the shift starts: no minutes
      const out = await checkOut(v2.client, s2.id, { lat: centre.lat, lng: centre.lng });
      assert.equal(out.status, 200, JSON.stringify(out.body));
      assert.equal(out.body.minutes, 0);
      assert.equal(out.body.checkOutMethod, 'position');

      // the minutes are capped by the shift: the shift moved to 3 h ago – 1 h ago and the
      // check-in to 4 h ago in the database, then checked out now: 120 minutes, not 240
      const startsAt = new Date(Date.now() - 3 * HOUR);
      const endsAt = new Date(Date.now() - 1 * HOUR);
      await db()
        .updateTable('volunteer_shifts')
        .set({ starts_at: startsAt, ends_at: endsAt })
        .where('id', '=', a.shifts[0]!.id)
        .execute();
      await db()
        .updateTable('volunteer_signups')
        .set({ starts_at: startsAt, ends_at: endsAt })
        .where('shift_id', '=', a.shifts[0]!.id)
        .execute();
      await db()
        .updateTable('volunteer_signups')
        .set({ checked_in_at: new Date(Date.now() - 4 * HOUR) })
        .where('id', '=', s1.id)
        .execute();
      const code = (await staff.get(`/api/volunteer-activities/${a.id}/code`)).body.code as string;
      const done = await checkOut(v1.client, s1.id, { code });
      assert.equal(done.status, 200, JSON.stringify(done.body));
      assert.equal(done.body.minutes, 120);
      assert.equal(done.body.checkOutMethod, 'code');

      // the organiser confirms: the ledger shows the hours; twice is a 409
      assert.equal(
        (await otherStaff.post(`/api/volunteer-signups/${s1.id}/confirm`, {})).status,
        404,
      );
      assert.equal(
        (await v1.client.post(`/api/volunteer-signups/${s1.id}/confirm`, {})).status,
        404,
      );
      const tooMany = await staff.post(`/api/volunteer-signups/${s1.id}/confirm`, { minutes: 121 });
      assert.equal(tooMany.status, 400);
      assert.equal(tooMany.body.field, 'minutes');
      const confirmed = await staff.post<VolunteerSignup>(
        `/api/volunteer-signups/${s1.id}/confirm`,
        {},
      );
      assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
      assert.ok(confirmed.body.confirmedAt);
      assert.equal((await staff.post(`/api/volunteer-signups/${s1.id}/confirm`, {})).status, 409);
      const hours = await v1.client.get('/api/volunteers/me/hours');
      assert.equal(hours.status, 200, JSON.stringify(hours.body));
      assert.equal(hours.body.totals.totalMinutes, 120);

      // a correction: the net becomes 90
      const corrected = await staff.post(`/api/volunteer-signups/${s1.id}/correct`, {
        minutes: 90,
        note: '提前离岗半小时',
      });
      assert.equal(corrected.status, 200, JSON.stringify(corrected.body));
      const after = await v1.client.get('/api/volunteers/me/hours');
      assert.equal(after.body.totals.totalMinutes, 90);

      // the roster: masked names, the counts
      assert.equal((await otherStaff.get(`/api/volunteer-activities/${a.id}/roster`)).status, 404);
      const roster = await staff.get<ActivityRoster>(`/api/volunteer-activities/${a.id}/roster`);
      assert.equal(roster.status, 200);
      assert.equal(roster.body.items.length, 2);
      assert.ok(roster.body.items.every((i) => i.name.includes('*')));
      assert.deepEqual(roster.body.counts, {
        confirmed: 2,
        waitlisted: 0,
        checkedIn: 2,
        checkedOut: 2,
        hoursConfirmed: 1,
      });
      assert.equal((await otherStaff.get(`/api/volunteer-activities/${a.id}`)).status, 404);
    });

    it('reminds the confirmed before a shift, checks out whoever is left after it, and tells everyone when it is called off', async () => {
      const a = await publish(
        body({ shifts: [shiftIn([3, 63], [{ name: '巡逻', capacity: 1 }], '晚班')] }),
      );
      const roleId = a.shifts[0]!.roles[0]!.id;
      const [v1, v2] = [await volunteer(), await volunteer()];
      const s1 = await signUp(v1.client, roleId);
      const s2 = await signUp(v2.client, roleId);
      assert.equal(s2.status, 'waitlisted');
      // a waitlisted sign-up has no place to check in to
      const waiting = await checkIn(v2.client, s2.id, { lat: centre.lat, lng: centre.lng });
      assert.equal(waiting.status, 409);

      const told = await runShiftReminder(tp.platform.deps, a.shifts[0]!.id);
      assert.equal(told, 1, 'only the confirmed are reminded');
      const notices = async (c: Client) =>
        ((await c.get('/api/notices')).body.items as { body: string }[]).map((n) => n.body);
      assert.ok((await notices(v1.client)).some((t) => t.includes('提醒') && t.includes('晚班')));
      assert.ok(!(await notices(v2.client)).some((t) => t.includes('提醒')));

      // the organiser checks v1 in (an empty body); the auto check-out, run after the shift,
      // checks them out at its end: the shift moved back in the database to have ended
      const byOrganiser = await checkIn(staff, s1.id, {});
      assert.equal(byOrganiser.status, 200, JSON.stringify(byOrganiser.body));
      assert.equal(byOrganiser.body.checkInMethod, 'organiser');
      const startsAt = new Date(Date.now() - 4 * HOUR);
      const endsAt = new Date(Date.now() - 3 * HOUR);
      await db()
        .updateTable('volunteer_signups')
        .set({
          starts_at: startsAt,
          ends_at: endsAt,
          checked_in_at: new Date(startsAt.getTime() + 15 * 60_000),
        })
        .where('id', '=', s1.id)
        .execute();
      assert.equal(await runAutoCheckOut(tp.platform.deps, a.shifts[0]!.id), 1);
      assert.equal(await runAutoCheckOut(tp.platform.deps, a.shifts[0]!.id), 0, 'once');
      const mine = await v1.client.get('/api/volunteer-signups/mine?when=past');
      assert.equal(mine.status, 200);
      const row = (mine.body.items as VolunteerSignup[]).find((s) => s.id === s1.id)!;
      assert.equal(row.checkOutMethod, 'auto');
      assert.equal(row.minutes, 45);
      assert.equal(row.checkedOutAt, endsAt.toISOString());

      // called off: everyone signed up is told, their sign-ups cancelled
      const b = await publish(
        body({
          shifts: [
            shiftIn(
              [24 * 60, 25 * 60],
              [
                { name: '测温', capacity: 3 },
                { name: '登记', capacity: 2 },
              ],
              '次日班',
            ),
          ],
        }),
      );
      const s3 = await signUp(v2.client, b.shifts[0]!.roles[1]!.id);
      assert.equal(
        (await otherStaff.post(`/api/volunteer-activities/${b.id}/cancel`, { reason: '台风' }))
          .status,
        404,
      );
      const cancelled = await staff.post<VolunteerActivity>(
        `/api/volunteer-activities/${b.id}/cancel`,
        {
          reason: '台风预警，活动取消',
        },
      );
      assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
      assert.equal(cancelled.body.status, 'cancelled');
      assert.ok((await notices(v2.client)).some((t) => t.includes('已取消') && t.includes('台风')));
      const gone = await db()
        .selectFrom('volunteer_signups')
        .select('status')
        .where('id', '=', s3.id)
        .executeTakeFirstOrThrow();
      assert.equal(gone.status, 'cancelled');
      const late = await v1.client.post('/api/volunteer-signups', {
        roleId: b.shifts[0]!.roles[0]!.id,
      });
      assert.equal(late.status, 409);
      assert.equal(
        (await staff.post(`/api/volunteer-activities/${b.id}/cancel`, { reason: '再次取消' }))
          .status,
        409,
      );
    });
  });
}
