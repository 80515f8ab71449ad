import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { MyVolunteerSignup, VolunteerActivity, VolunteerSignup } from '@cc/contracts';
import {
  DATABASES,
  startTestPlatform,
  verifiedResident,
  type Client,
  type TestPlatform,
  type VerifiedResident,
} from '../../testing.js';
import {
  activityBody,
  COMMITTEE,
  joinedVolunteer,
  OTHER_COMMITTEE,
  otherCommitteeStaff,
  publishActivity,
  shiftIn,
} from '../../testing-volunteers.js';

/**
 * Sign-ups through HTTP on a real database: capacity and the waitlist under concurrency (never
 * over capacity, the waitlist in order of sign-up, promotion in that order), overlapping shifts
 * refused for one person (also when asked at once), who may sign up for what, and who may read
 * one sign-up.
 */

for (const kind of DATABASES) {
  describe(`volunteer sign-ups (${kind})`, () => {
    let tp: TestPlatform;
    let staff: Client;
    let centre: { lat: number; lng: number };
    const db = () => tp.platform.database.db;

    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      staff = await tp.login('yunnan');
      centre = await tp.centreOf(COMMITTEE);
    });
    after(() => tp.close());

    /** Publish an activity of the committee; shifts given as [start, end] minutes from now. */
    const publish = (o: {
      kind?: 'service' | 'event';
      openTo?: 'volunteers' | 'residents' | 'team';
      shifts: { at: [number, number]; capacity?: number }[];
    }): Promise<VolunteerActivity> =>
      publishActivity(
        staff,
        activityBody(centre, {
          ...o,
          shifts: o.shifts.map((x) => shiftIn(x.at, [{ name: '引导', capacity: x.capacity ?? 5 }])),
        }),
      );
    const roleOf = (a: VolunteerActivity, shift = 0) => a.shifts[shift]!.roles[0]!.id;
    const signUp = (c: Client, roleId: string) =>
      c.post<VolunteerSignup & { field?: string; rule?: string }>('/api/volunteer-signups', {
        roleId,
      });

    /** A verified resident of the committee who joined as a volunteer. */
    const volunteer = () => joinedVolunteer(tp);

    it('never fills a role over capacity when many sign up at once; the waitlist keeps its order and moves up in it', async () => {
      const event = await publish({
        kind: 'event',
        openTo: 'residents',
        shifts: [{ at: [24 * 60, 26 * 60], capacity: 5 }],
      });
      const roleId = roleOf(event);
      const people: VerifiedResident[] = [];
      for (let i = 0; i < 12; i++)
        people.push(await verifiedResident(tp, { committee: COMMITTEE }));
      const answers = await Promise.all(people.map((p) => signUp(p.client, roleId)));
      for (const a of answers) assert.equal(a.status, 201, JSON.stringify(a.body));
      const confirmed = answers.filter((a) => a.body.status === 'confirmed');
      const waiting = answers.filter((a) => a.body.status === 'waitlisted');
      assert.equal(confirmed.length, 5);
      assert.equal(waiting.length, 7);

      // the waitlist's places are 1..7 in the order the sign-ups were stored (seq)
      const bySeq = await db()
        .selectFrom('volunteer_signups')
        .select(['id', 'status'])
        .where('role_id', '=', roleId)
        .orderBy('seq')
        .execute();
      const waitOrder = bySeq.filter((r) => r.status === 'waitlisted').map((r) => r.id);
      const place = new Map(waiting.map((a) => [a.body.id, a.body.waitlistPosition]));
      assert.deepEqual(
        waitOrder.map((id) => place.get(id)),
        [1, 2, 3, 4, 5, 6, 7],
      );
      // the first five stored are the confirmed ones
      assert.ok(bySeq.slice(0, 5).every((r) => r.status === 'confirmed'));
      const role = await db()
        .selectFrom('volunteer_shift_roles')
        .select('confirmed')
        .where('id', '=', roleId)
        .executeTakeFirstOrThrow();
      assert.equal(role.confirmed, 5);

      // a confirmed person cancels: the first waitlisted is promoted and told, the rest move up
      const leaverAt = answers.findIndex((a) => a.body.status === 'confirmed');
      const leaver = people[leaverAt]!;
      const leaverSignupId = answers[leaverAt]!.body.id;
      const c = await leaver.client.post<VolunteerSignup>(
        `/api/volunteer-signups/${leaverSignupId}/cancel`,
      );
      assert.equal(c.status, 200, JSON.stringify(c.body));
      assert.equal(c.body.status, 'cancelled');
      assert.equal(
        (await leaver.client.post(`/api/volunteer-signups/${leaverSignupId}/cancel`)).status,
        409,
      );
      const firstId = waitOrder[0]!;
      const first = people[answers.findIndex((a) => a.body.id === firstId)]!;
      const mine = await first.client.get('/api/volunteer-signups/mine');
      assert.equal(mine.status, 200);
      assert.equal(mine.body.items[0].id, firstId);
      assert.equal(mine.body.items[0].status, 'confirmed');
      assert.equal(mine.body.items[0].waitlistPosition, null);
      const notices = await first.client.get('/api/notices');
      assert.ok(
        (notices.body.items as { body: string }[]).some((n) => n.body.includes('候补成功')),
        'the promoted person is told',
      );
      const second = people[answers.findIndex((a) => a.body.id === waitOrder[1])]!;
      const view = await second.client.get<VolunteerActivity>(
        `/api/volunteer-activities/${event.id}`,
      );
      assert.equal(view.status, 200);
      assert.equal(view.body.mySignups[0]!.waitlistPosition, 1);
      assert.deepEqual(
        {
          confirmed: view.body.shifts[0]!.roles[0]!.confirmed,
          waitlisted: view.body.shifts[0]!.roles[0]!.waitlisted,
        },
        { confirmed: 5, waitlisted: 6 },
      );

      // the same person again in the shift: 409 (their live sign-up stands)
      const again = await signUp(second.client, roleId);
      assert.equal(again.status, 409);
      assert.equal(again.body.field, 'roleId');
      assert.equal(again.body.rule, 'duplicate');
    });

    it('refuses overlapping shifts for one volunteer, also when both are asked for at once', async () => {
      const v = await volunteer();
      const a = await publish({ shifts: [{ at: [600, 720] }] });
      const b = await publish({ shifts: [{ at: [660, 780] }, { at: [780, 840] }] });
      assert.equal((await signUp(v.client, roleOf(a))).status, 201);
      const overlap = await signUp(v.client, roleOf(b, 0));
      assert.equal(overlap.status, 409);
      assert.equal(overlap.body.field, 'roleId');
      assert.equal(overlap.body.rule, 'overlap');
      // back to back is no overlap
      assert.equal((await signUp(v.client, roleOf(b, 1))).status, 201);
      const count = async () =>
        (
          await db()
            .selectFrom('volunteer_signups')
            .select('id')
            .where('volunteer_id', '=', v.volunteerId)
            .execute()
        ).length;
      assert.equal(await count(), 2, 'nothing stored for the refused one');

      // two overlapping shifts asked for at once: one is taken, the other refused
      const w = await volunteer();
      const c = await publish({ shifts: [{ at: [1000, 1100] }] });
      const d = await publish({ shifts: [{ at: [1050, 1150] }] });
      const both = await Promise.all([signUp(w.client, roleOf(c)), signUp(w.client, roleOf(d))]);
      assert.deepEqual(both.map((x) => x.status).sort(), [201, 409]);
      assert.equal(both.find((x) => x.status === 409)!.body.rule, 'overlap');
    });

    it('lets people sign up only for what is open to them', async () => {
      const resident = await verifiedResident(tp, { committee: COMMITTEE });
      const v = await volunteer();
      const service = await publish({ shifts: [{ at: [2000, 2060] }] });
      const event = await publish({
        kind: 'event',
        openTo: 'residents',
        shifts: [{ at: [2000, 2060] }],
      });

      // a resident without a volunteer profile: events yes, service no
      const refused = await signUp(resident.client, roleOf(service));
      assert.equal(refused.status, 400);
      assert.equal(refused.body.field, 'roleId');
      assert.equal(refused.body.rule, 'volunteersOnly');
      const open = await resident.client.get<{ items: VolunteerActivity[] }>(
        '/api/volunteer-activities/open',
      );
      assert.equal(open.status, 200);
      const ids = open.body.items.map((a) => a.id);
      assert.ok(ids.includes(event.id));
      assert.ok(!ids.includes(service.id));
      assert.equal((await signUp(resident.client, roleOf(event))).status, 201);

      // a volunteer sees both
      const vOpen = await v.client.get<{ items: VolunteerActivity[] }>(
        '/api/volunteer-activities/open',
      );
      const vIds = vOpen.body.items.map((a) => a.id);
      assert.ok(vIds.includes(event.id) && vIds.includes(service.id));
      assert.ok(vOpen.body.items.find((a) => a.id === service.id)!.canSignUp);

      // a resident of another committee: not open, told nothing
      const outsider = await verifiedResident(tp, { committee: OTHER_COMMITTEE });
      assert.equal((await signUp(outsider.client, roleOf(event))).status, 404);
      assert.equal(
        (await outsider.client.get(`/api/volunteer-activities/${event.id}`)).status,
        404,
      );
      const outOpen = await outsider.client.get<{ items: VolunteerActivity[] }>(
        '/api/volunteer-activities/open',
      );
      assert.ok(!outOpen.body.items.some((a) => a.id === event.id));

      // staff of another committee cannot sign their volunteers up here
      const otherStaff = await otherCommitteeStaff(tp, `lq-${kind}`);
      const r = await otherStaff.post('/api/volunteer-signups', {
        roleId: roleOf(service),
        volunteerId: v.volunteerId,
      });
      assert.equal(r.status, 404);

      // a shift that has started takes no more sign-ups (its start moved back in the database)
      await db()
        .updateTable('volunteer_shifts')
        .set({ starts_at: new Date(Date.now() - 60_000) })
        .where('id', '=', service.shifts[0]!.id)
        .execute();
      const late = await signUp(v.client, roleOf(service));
      assert.equal(late.status, 400);
      assert.equal(late.body.rule, 'started');
    });

    it('when a person reads one of their sign-ups, then it comes with its activity, shift and role; the organisers read it too; anyone else is told nothing', async () => {
      const [v, other] = [await volunteer(), await volunteer()];
      const a = await publish({ shifts: [{ at: [3000, 3060], capacity: 1 }] });
      const mine = await signUp(v.client, roleOf(a));
      assert.equal(mine.status, 201, JSON.stringify(mine.body));
      const waiting = await signUp(other.client, roleOf(a));
      assert.equal(waiting.body.status, 'waitlisted');

      const own = await v.client.get<MyVolunteerSignup>(`/api/volunteer-signups/${mine.body.id}`);
      assert.equal(own.status, 200, JSON.stringify(own.body));
      assert.equal(own.body.id, mine.body.id);
      assert.equal(own.body.status, 'confirmed');
      assert.equal(own.body.activity.id, a.id);
      assert.equal(own.body.shift.startsAt, a.shifts[0]!.startsAt);
      assert.equal(own.body.roleName, '引导');
      // as the list of their own shows it
      const listed = await v.client.get<{ items: MyVolunteerSignup[] }>(
        '/api/volunteer-signups/mine',
      );
      assert.deepEqual(
        listed.body.items.find((x) => x.id === mine.body.id),
        own.body,
      );
      const place = await other.client.get<MyVolunteerSignup>(
        `/api/volunteer-signups/${waiting.body.id}`,
      );
      assert.equal(place.status, 200, JSON.stringify(place.body));
      assert.equal(place.body.waitlistPosition, 1);

      assert.equal((await staff.get(`/api/volunteer-signups/${mine.body.id}`)).status, 200);
      const strangers = [
        other.client,
        (await verifiedResident(tp, { committee: COMMITTEE })).client,
        await otherCommitteeStaff(tp, `lq-read-${kind}`),
      ];
      for (const c of strangers)
        assert.equal((await c.get(`/api/volunteer-signups/${mine.body.id}`)).status, 404);
    });
  });
}
