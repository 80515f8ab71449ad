import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type {
  Comparison,
  Dashboard,
  TopicBoard,
  VolunteerFigures,
  VolunteerProfile,
  VolunteerSignup,
} from '@cc/contracts';
import { sql } from 'kysely';
import { enqueueJobsQuery } from '../../platform/jobs.js';
import { addDays, shanghaiDate, shanghaiYear } from '../../platform/shanghai-time.js';
import {
  DATABASES,
  eventually,
  openEventStream,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../../testing.js';
import {
  activityBody,
  COMMITTEE,
  joinedVolunteer,
  OTHER_COMMITTEE as OTHER,
  type JoinedVolunteer,
  otherCommitteeStaff,
  publishActivity,
  shiftIn,
} from '../../testing-volunteers.js';
import { ACTIVE_DECAY_JOB, decayActiveVolunteers } from './active-decay.js';
import { activeSince } from './volunteer-figures.js';

const STREET = '310101002000'; // 南京东路街道 (operator: nanjingdong)
const MINUTE = 60_000;

for (const kind of DATABASES) {
  describe(`volunteer figures (${kind})`, () => {
    let tp: TestPlatform;
    let staff: Client; // 云南中路 committee staff
    let street: Client; // 南京东路 street operator
    let otherStaff: Client; // 龙泉园路 committee staff
    /** a verified resident of the committee who joins as a volunteer (the first test) */
    let resident: JoinedVolunteer;
    /** this Shanghai year so far: the ledger's year, and the range the board and dashboard read */
    let yearRange: string;

    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      [staff, street, otherStaff] = await Promise.all([
        tp.login('yunnan'),
        tp.login('nanjingdong'),
        otherCommitteeStaff(tp, 'vf-other'),
      ]);
      const from = new Date(`${shanghaiYear()}-01-01T00:00:00+08:00`).toISOString();
      yearRange = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(new Date().toISOString())}`;
    });
    after(() => tp.close());

    const figures = async (c: Client = staff, area = COMMITTEE) => {
      const r = await c.get<VolunteerFigures>(`/api/volunteer-figures?area=${area}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body;
    };
    const board = async () => {
      const r = await staff.get<TopicBoard>(`/api/topics/volunteers/${COMMITTEE}?${yearRange}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return (id: string) => r.body.metrics.find((m) => m.id === id)!;
    };
    const indicators = async () => {
      const r = await staff.get<Dashboard>(`/api/dashboards/${COMMITTEE}?${yearRange}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return (id: string) => r.body.indicators.find((i) => i.id === id)!;
    };
    /** The figures, the board and the dashboard's indicators say the same (all ≥ 5: shown). */
    const assertAgree = async (f: VolunteerFigures) => {
      const [m, ind] = await Promise.all([board(), indicators()]);
      const pairs: [string, string, number][] = [
        ['volunteers', 'volunteers.registered', f.volunteers],
        ['active_volunteers', 'volunteers.active', f.activeVolunteers],
        ['on_duty', 'volunteers.on_duty', f.onDutyNow],
      ];
      for (const [metric, indicator, value] of pairs) {
        // fewer than five people are "<5" everywhere; a board without figures yet shows "—"
        const display = value > 0 && value < 5 ? '<5' : String(value);
        assert.equal(ind(indicator).display, display, `indicator ${indicator}`);
        assert.equal(
          m(metric).display,
          value === 0 && m(metric).value === null ? '—' : display,
          `board ${metric}`,
        );
      }
      // minutes fed, hours shown
      assert.equal(m('service_minutes').unit, '小时');
      assert.equal(
        m('service_minutes').value ?? 0,
        Math.round((f.minutesThisYear / 60) * 100) / 100,
      );
      assert.equal(ind('volunteers.hours_per_1000').value, f.hoursPer1000Residents);
    };

    const profile = {
      skills: [],
      availability: [{ day: 1, period: 'morning' as const }],
      serveAreaCodes: [COMMITTEE],
    };
    const volunteerIds: string[] = [];
    const signupIds: string[] = [];

    it('when a resident joins, staff register five more and all are checked in, then the figures, the board and the indicators move together', async () => {
      const before = await figures();
      assert.equal(before.area.code, COMMITTEE);
      assert.equal(before.year, shanghaiYear());

      // the committee's board is open: a join tells it at once to read its figures again
      const board$ = await openEventStream(
        `${tp.baseUrl}/api/dashboards/${COMMITTEE}/stream`,
        staff.cookieHeader(),
      );
      resident = await joinedVolunteer(tp, profile);
      volunteerIds.push(resident.volunteerId);
      const told = await board$.eventWith('"topic":"volunteers"');
      assert.deepEqual(told, { event: 'figures', data: { topic: 'volunteers' } });
      await board$.close();
      for (let i = 0; i < 5; i++) {
        const r = await staff.post<VolunteerProfile>('/api/volunteers', {
          committeeCode: COMMITTEE,
          name: `志愿者${i}`,
          phone: `1370000${String(1000 + i)}`,
          ...profile,
        });
        assert.equal(r.status, 201, JSON.stringify(r.body));
        volunteerIds.push(r.body.id);
      }
      const registered = await figures();
      assert.ok(registered.residents > 0, 'the committee has residents in the registry');
      assert.equal(registered.volunteers, before.volunteers + 6);
      assert.equal(registered.activeVolunteers, before.activeVolunteers);
      await assertAgree(registered);

      // a shift starting soon: check-in is open from 30 minutes before
      const here = await tp.centreOf(COMMITTEE);
      const a = await publishActivity(
        staff,
        activityBody(here, {
          remindMinutes: 0,
          shifts: [shiftIn([10, 70], [{ name: '值守', capacity: 10 }], '上午')],
        }),
      );
      const roleId = a.shifts[0]!.roles[0]!.id;
      const own = await resident.client.post<VolunteerSignup>('/api/volunteer-signups', { roleId });
      assert.equal(own.status, 201, JSON.stringify(own.body));
      signupIds.push(own.body.id);
      for (const volunteerId of volunteerIds.slice(1)) {
        const r = await staff.post<VolunteerSignup>('/api/volunteer-signups', {
          roleId,
          volunteerId,
        });
        assert.equal(r.status, 201, JSON.stringify(r.body));
        signupIds.push(r.body.id);
      }
      // the resident by the code on the organiser's screen, the others by the organiser
      const code = await staff.get<{ code: string }>(`/api/volunteer-activities/${a.id}/code`);
      assert.equal(code.status, 200, JSON.stringify(code.body));
      const onDuty$ = await openEventStream(
        `${tp.baseUrl}/api/dashboards/${COMMITTEE}/stream`,
        staff.cookieHeader(),
      );
      const self = await resident.client.post(`/api/volunteer-signups/${signupIds[0]}/check-in`, {
        code: code.body.code,
      });
      assert.equal(self.status, 200, JSON.stringify(self.body));
      // and so does a check-in (on duty moves)
      assert.equal((await onDuty$.eventWith('"topic":"volunteers"')).event, 'figures');
      await onDuty$.close();
      for (const id of signupIds.slice(1)) {
        const r = await staff.post(`/api/volunteer-signups/${id}/check-in`, {});
        assert.equal(r.status, 200, JSON.stringify(r.body));
      }
      const onDuty = await figures();
      assert.equal(onDuty.onDutyNow, before.onDutyNow + 6);
      assert.equal(onDuty.volunteers, before.volunteers + 6);
      await assertAgree(onDuty);

      // the street sees its committee among the others (交叉比对), exactly
      const compared = await street.get<Comparison>(
        `/api/dashboards/${STREET}/compare?indicator=volunteers.on_duty&${yearRange}`,
      );
      assert.equal(compared.status, 200, JSON.stringify(compared.body));
      const mine = compared.body.items.find((i) => i.area.code === COMMITTEE)!;
      assert.equal(mine.value, onDuty.onDutyNow);
      assert.equal(compared.body.items[0]!.area.code, COMMITTEE, 'the most on duty first');
    });

    it('when the volunteers check out and the organiser confirms their hours, then the active volunteers and the hours per 1,000 residents move and agree', async () => {
      const before = await figures();
      // the shift began 40 minutes ago and they checked in 35 minutes ago (the clock moved on)
      const db = tp.platform.database.db;
      const now = Date.now();
      const startsAt = new Date(now - 40 * MINUTE);
      const endsAt = new Date(now + 20 * MINUTE);
      await db
        .updateTable('volunteer_signups')
        .set({ starts_at: startsAt, ends_at: endsAt, checked_in_at: new Date(now - 35 * MINUTE) })
        .where('id', 'in', signupIds)
        .execute();
      const { shift_id } = await db
        .selectFrom('volunteer_signups')
        .select('shift_id')
        .where('id', '=', signupIds[0]!)
        .executeTakeFirstOrThrow();
      await db
        .updateTable('volunteer_shifts')
        .set({ starts_at: startsAt, ends_at: endsAt })
        .where('id', '=', shift_id)
        .execute();

      let minutes = 0;
      for (const id of signupIds) {
        const out = await staff.post<VolunteerSignup>(`/api/volunteer-signups/${id}/check-out`, {});
        assert.equal(out.status, 200, JSON.stringify(out.body));
        assert.ok(out.body.minutes! >= 34, `${out.body.minutes} minutes`);
        const ok = await staff.post<VolunteerSignup>(`/api/volunteer-signups/${id}/confirm`, {});
        assert.equal(ok.status, 200, JSON.stringify(ok.body));
        minutes += ok.body.minutes!;
      }
      const after = await figures();
      assert.equal(after.onDutyNow, before.onDutyNow - 6);
      assert.equal(after.activeVolunteers, before.activeVolunteers + 6);
      assert.equal(after.minutesThisYear, before.minutesThisYear + minutes);
      assert.equal(
        after.hoursPer1000Residents,
        Math.round((after.minutesThisYear / 60 / after.residents) * 1000 * 100) / 100,
      );
      assert.ok(after.hoursPer1000Residents! > 0);
      await assertAgree(after);

      // the street adds up its committees: the same people, the same hours
      const up = await figures(street, STREET);
      assert.ok(up.volunteers >= after.volunteers);
      assert.ok(up.minutesThisYear >= after.minutesThisYear);
      assert.ok(up.residents >= after.residents);
    });

    it('when a volunteer’s last service falls out of the 365-day window, then the daily job counts them down once', async () => {
      const db = tp.platform.database.db;
      const today = shanghaiDate();
      const before = await figures();
      // their newest service was the day before the window began: inactive since midnight
      await db
        .updateTable('volunteers')
        .set({ last_served_on: addDays(activeSince(today), -1) })
        .where('id', '=', volunteerIds[1]!)
        .execute();
      const lapsed = await figures();
      assert.equal(lapsed.activeVolunteers, before.activeVolunteers - 1);
      assert.equal(lapsed.volunteers, before.volunteers);
      // today's job ran at start (nobody had lapsed then): as if midnight had not come yet
      await sql`delete from volunteer_active_decays where day = ${today}::date`.execute(db);
      assert.equal(await decayActiveVolunteers(tp.platform.deps, today), 1);
      await assertAgree(lapsed);
      assert.equal(await decayActiveVolunteers(tp.platform.deps, today), 0, 'once a day');
      // the job itself, run again for the day by the job runner: nothing more, and it queues
      // the next day's
      await enqueueJobsQuery([ACTIVE_DECAY_JOB.spec({ day: today })])!.execute(db);
      tp.platform.deps.jobs.kick();
      await eventually(async () =>
        db
          .selectFrom('jobs')
          .select('id')
          .where('dedupe_key', '=', `volunteers.active-decay:${addDays(today, 1)}`)
          .executeTakeFirst(),
      );
      await eventually(async () =>
        (
          await db
            .selectFrom('jobs')
            .select('id')
            .where('kind', '=', ACTIVE_DECAY_JOB.kind)
            .where('dedupe_key', 'is', null)
            .execute()
        ).length === 0
          ? true
          : undefined,
      );
      await assertAgree(await figures());
      assert.equal((await figures()).activeVolunteers, lapsed.activeVolunteers);
    });

    it('when someone outside the area asks for its figures, then there is no such area for them (404)', async () => {
      for (const c of [otherStaff, resident.client]) {
        const r = await c.get(`/api/volunteer-figures?area=${COMMITTEE}`);
        assert.equal(r.status, 404, JSON.stringify(r.body));
      }
      // the committee's staff cannot read the street above
      assert.equal((await staff.get(`/api/volunteer-figures?area=${STREET}`)).status, 404);
      assert.equal((await staff.get('/api/volunteer-figures?area=310101002999')).status, 404);
      assert.equal((await tp.client().get(`/api/volunteer-figures?area=${COMMITTEE}`)).status, 401);
      const bad = await staff.get('/api/volunteer-figures?area=abc');
      assert.equal(bad.status, 400, JSON.stringify(bad.body));
      assert.equal(bad.body.field, 'area');
      // their own committee they do see
      assert.equal((await figures(otherStaff, OTHER)).volunteers, 0);
    });
  });
}
