import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { TopicBoard, VolunteerFigures, VolunteerSignup, VolunteerTask } from '@cc/contracts';
import { sql } from 'kysely';
import { addDays, shanghaiDate } from '../../platform/shanghai-time.js';
import {
  DATABASES,
  eventually,
  startTestPlatform,
  verifiedResident,
  type Client,
  type TestPlatform,
} from '../../testing.js';
import {
  activityBody,
  COMMITTEE,
  insertCheckedOutSignup,
  joinedVolunteer,
  OTHER_COMMITTEE,
  otherCommitteeStaff,
  publishActivity,
  shiftIn,
} from '../../testing-volunteers.js';
import { decayActiveVolunteers } from './active-decay.js';
import { runAutoCheckOut, runShiftReminder } from './activities.jobs.js';
import { endOverdueTask, TASK_AUTO_END_MS } from './tasks.js';
import { activeSince } from './volunteer-figures.js';

/**
 * The guards around the volunteers' figures, duty and queries, through HTTP on a real database:
 * the active count follows corrections and stays exact when the daily decay runs late; a task
 * left open ends a day after it was accepted and credits at most a day; an area's tasks are
 * those placed in it and those of its volunteers; the list counts once; nobody changes
 * committee while on duty; a shift is reminded once and checked out at its end; "near here"
 * keeps its circle small without a skill and its point in the city.
 *
 * The active count is read from the volunteers board of 龙泉园路 (OTHER), where only this suite
 * registers volunteers: five of them served lately, so the board shows the figure itself.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

for (const kind of DATABASES) {
  describe(`volunteer figures, duty and queries stay exact (${kind})`, () => {
    let tp: TestPlatform;
    let yunnan: Client; // 云南中路 committee staff
    let street: Client; // 南京东路 street operator: both committees
    let hotline: Client;
    let other: Client; // 龙泉园路 committee staff
    let centre: { lat: number; lng: number };
    let otherCentre: { lat: number; lng: number };
    /** a service activity of 龙泉园路 the checked-out sign-ups below belong to */
    let otherActivity: string;
    const db = () => tp.platform.database.db;

    /** staff of `committee` register a volunteer without an account (201): their id */
    async function registered(c: Client, committee: string, phone?: string): Promise<string> {
      const r = await c.post('/api/volunteers', {
        committeeCode: committee,
        name: '周志愿',
        phone: phone ?? `137${String(crypto.randomInt(0, 100_000_000)).padStart(8, '0')}`,
        skills: [],
        availability: [],
        serveAreaCodes: [committee],
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body.id as string;
    }

    const checkedOut = (activityId: string, volunteerId: string, from: Date, to: Date) =>
      insertCheckedOutSignup(db(), { activityId, volunteerId, from, to });

    const post = async (c: Client, url: string, body: unknown = {}, status = 200) => {
      const r = await c.post(url, body);
      assert.equal(r.status, status, `${url}: ${JSON.stringify(r.body)}`);
      return r.body;
    };
    /** a recent service of an hour for `volunteerId` (龙泉园路), confirmed by its staff */
    const serveLately = async (volunteerId: string, hoursAgo = 2) => {
      const to = new Date(Date.now() - hoursAgo * HOUR);
      const id = await checkedOut(otherActivity, volunteerId, new Date(to.getTime() - HOUR), to);
      await post(other, `/api/volunteer-signups/${id}/confirm`);
      return id;
    };
    /** today's active volunteers of 龙泉园路 on its volunteers board (the fed figure) */
    const fedActive = async (): Promise<number> => {
      const r = await other.get<TopicBoard>(`/api/topics/volunteers/${OTHER_COMMITTEE}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const m = r.body.metrics.find((x) => x.id === 'active_volunteers')!;
      assert.notEqual(m.value, null, `shown: ${m.display}`);
      return m.value!;
    };
    /** the same, counted from the volunteers' own rows (today's window) */
    const figures = async (c: Client, area: string): Promise<VolunteerFigures> => {
      const r = await c.get<VolunteerFigures>(`/api/volunteer-figures?area=${area}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body;
    };
    const lastServedOn = async (id: string) =>
      (
        await sql<{ d: string | null }>`
          select last_served_on::text as d from volunteers where id = ${id}`.execute(db())
      ).rows[0]!.d;

    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      [yunnan, street, hotline, other] = await Promise.all([
        tp.login('yunnan'),
        tp.login('nanjingdong'),
        tp.login('hotline'),
        otherCommitteeStaff(tp, `guards-${kind}`),
      ]);
      [centre, otherCentre] = [await tp.centreOf(COMMITTEE), await tp.centreOf(OTHER_COMMITTEE)];
      otherActivity = (
        await publishActivity(other, {
          ...activityBody(otherCentre),
          areaCode: OTHER_COMMITTEE,
        })
      ).id;
      // five who served lately: the board shows 龙泉园路's active figure (fewer read "<5")
      for (let i = 0; i < 5; i++) await serveLately(await registered(other, OTHER_COMMITTEE));
    });
    after(() => tp.close());

    it('when a confirmation of 0 minutes is corrected to 60 and back to 0, then the newest day of service and the active count follow', async () => {
      const v = await registered(other, OTHER_COMMITTEE);
      const [fed, own] = [
        await fedActive(),
        (await figures(other, OTHER_COMMITTEE)).activeVolunteers,
      ];
      const to = new Date(Date.now() - HOUR);
      const s = await checkedOut(otherActivity, v, new Date(to.getTime() - 90 * MINUTE), to);
      await post(other, `/api/volunteer-signups/${s}/confirm`, { minutes: 0 });
      assert.equal(await lastServedOn(v), null, 'no service counted yet');
      assert.equal(await fedActive(), fed);

      await post(other, `/api/volunteer-signups/${s}/correct`, { minutes: 60, note: '补记时长' });
      assert.equal(await lastServedOn(v), shanghaiDate(to));
      assert.equal(await fedActive(), fed + 1);
      assert.equal((await figures(other, OTHER_COMMITTEE)).activeVolunteers, own + 1);

      // their only service corrected to nothing: not active any more
      await post(other, `/api/volunteer-signups/${s}/correct`, { minutes: 0, note: '未实际到岗' });
      assert.equal(await lastServedOn(v), null);
      assert.equal(await fedActive(), fed);
      assert.equal((await figures(other, OTHER_COMMITTEE)).activeVolunteers, own);
    });

    it('when the daily decay runs after a credit and a leave of volunteers lapsing that day, then the fed count matches the volunteers', async () => {
      const today = shanghaiDate();
      // today's decay has run (at start); undone below, as if midnight had just passed
      await eventually(() =>
        db()
          .selectFrom('volunteer_active_decays')
          .select('day')
          .where(sql<boolean>`day = ${today}::date`)
          .executeTakeFirst(),
      );
      const [v1, v2] = [
        await registered(other, OTHER_COMMITTEE),
        await registered(other, OTHER_COMMITTEE),
      ];
      const fed0 = await fedActive();
      const own0 = (await figures(other, OTHER_COMMITTEE)).activeVolunteers;
      await serveLately(v1, 30);
      await serveLately(v2, 30);
      assert.equal(await fedActive(), fed0 + 2);
      // their newest service was the day before today's window: they lapse today, and the
      // decay of today has not run yet (the newest day decayed is yesterday)
      const lapsing = addDays(activeSince(today), -1);
      await db()
        .updateTable('volunteers')
        .set({ last_served_on: lapsing })
        .where('id', 'in', [v1, v2])
        .execute();
      await sql`delete from volunteer_active_decays where day >= ${today}::date`.execute(db());

      // before the job: v1 serves again (still counted: no second +1), v2 leaves (−1 now:
      // the job will not find a volunteer who left)
      await serveLately(v1);
      const left = await other.request('PATCH', `/api/volunteers/${v2}`, { status: 'left' });
      assert.equal(left.status, 200, JSON.stringify(left.body));
      assert.equal(await fedActive(), fed0 + 1);

      await decayActiveVolunteers(tp.platform.deps, today);
      assert.equal(await decayActiveVolunteers(tp.platform.deps, today), 0, 'once a day');
      // a day already passed does nothing
      assert.equal(await decayActiveVolunteers(tp.platform.deps, addDays(today, -3)), 0);
      const own = (await figures(other, OTHER_COMMITTEE)).activeVolunteers;
      assert.equal(own, own0 + 1);
      assert.equal(await fedActive(), fed0 + 1, 'the fed figure moved as the volunteers did');
    });

    it('when an accepted task is never reported done, then a day later it ends by itself on the timeline, the volunteer off duty; and a task credits at most a day unless staff say so', async () => {
      const v = await joinedVolunteer(tp);
      const filed = await hotline.post('/api/cases', {
        scenarioCode: 'fire-exit-blocked',
        description: '独居老人家门口楼道被杂物堵住，需要帮忙清理',
        attributes: { exit_location: '5号楼楼道', blocked_by: 'goods' },
        ...centre,
        address: '云南中路 5 号楼',
        contact: { name: '李阿婆', phone: '13912345679' },
      });
      assert.equal(filed.status, 201, JSON.stringify(filed.body));
      const caseId = filed.body.id as string;
      const sent = await post(
        hotline,
        '/api/volunteer-tasks',
        { caseId, title: '帮独居老人清理楼道', volunteerIds: [v.volunteerId] },
        201,
      );
      const task = sent.items[0] as VolunteerTask;
      const dutyBefore = (await figures(yunnan, COMMITTEE)).onDutyNow;
      const accepted = (await post(
        v.client,
        `/api/volunteer-tasks/${task.id}/accept`,
      )) as VolunteerTask;
      assert.equal((await figures(yunnan, COMMITTEE)).onDutyNow, dutyBefore + 1);
      // its end is queued a day after accepting
      const job = await db()
        .selectFrom('jobs')
        .select('run_at')
        .where('dedupe_key', '=', `volunteers.task-auto-end:${task.id}`)
        .executeTakeFirstOrThrow();
      assert.equal(
        new Date(job.run_at).getTime(),
        Date.parse(accepted.answeredAt!) + TASK_AUTO_END_MS,
      );
      // the day passes: accepted 30 hours ago
      const acceptedAt = new Date(Date.now() - 30 * HOUR);
      await db()
        .updateTable('volunteer_tasks')
        .set({ answered_at: acceptedAt })
        .where('id', '=', task.id)
        .execute();
      assert.equal(await endOverdueTask(tp.platform.deps, task.id), true);
      assert.equal(await endOverdueTask(tp.platform.deps, task.id), false, 'once');
      const ended = await v.client.get<VolunteerTask>(`/api/volunteer-tasks/${task.id}`);
      assert.equal(ended.body.status, 'done');
      assert.equal(
        ended.body.doneAt,
        new Date(acceptedAt.getTime() + TASK_AUTO_END_MS).toISOString(),
      );
      assert.equal((await figures(yunnan, COMMITTEE)).onDutyNow, dutyBefore);
      const timeline = (await hotline.get(`/api/cases/${caseId}`)).body.timeline as {
        action: string;
        note: string | null;
      }[];
      const last = timeline.at(-1)!;
      assert.equal(last.action, 'volunteer_done');
      assert.match(last.note ?? '', /自动结束/);
      const notices = (await v.client.get('/api/notices')).body.items as { body: string }[];
      assert.ok(notices.some((n) => n.body.includes('自动结束')));
      // reporting it done now is too late
      const late = await v.client.post(`/api/volunteer-tasks/${task.id}/done`, {});
      assert.equal(late.status, 409, JSON.stringify(late.body));

      // accepted four days ago and reported done now: confirmed without minutes, a day
      const w = await joinedVolunteer(tp);
      const board = (
        await post(
          yunnan,
          '/api/volunteer-tasks',
          { title: '台风前检查雨棚', ...centre, volunteerIds: [w.volunteerId] },
          201,
        )
      ).items[0] as VolunteerTask;
      await post(w.client, `/api/volunteer-tasks/${board.id}/accept`);
      await db()
        .updateTable('volunteer_tasks')
        .set({ answered_at: new Date(Date.now() - 4 * 24 * HOUR) })
        .where('id', '=', board.id)
        .execute();
      await post(w.client, `/api/volunteer-tasks/${board.id}/done`);
      await post(yunnan, `/api/volunteer-tasks/${board.id}/confirm`);
      const hours = await yunnan.get(`/api/volunteers/${w.volunteerId}/hours`);
      assert.equal(hours.body.totals.totalMinutes, 1440);
    });

    it('when staff list an area’s tasks, then they see those placed in it and those of its volunteers, each once, newest first', async () => {
      const [mine, far] = [
        await joinedVolunteer(tp),
        await joinedVolunteer(tp, { committee: OTHER_COMMITTEE }),
      ];
      // the street sends 龙泉园路's volunteer to 云南中路, and 云南中路's to 龙泉园路
      const toHere = (
        await post(
          street,
          '/api/volunteer-tasks',
          { title: '协助搬运物资', ...centre, volunteerIds: [far.volunteerId] },
          201,
        )
      ).items[0] as VolunteerTask;
      const toThere = (
        await post(
          street,
          '/api/volunteer-tasks',
          { title: '协助清点物资', ...otherCentre, volunteerIds: [mine.volunteerId] },
          201,
        )
      ).items[0] as VolunteerTask;
      const list = async (c: Client, area: string) => {
        const r = await c.get(`/api/volunteer-tasks?area=${area}`);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        return r.body.items as VolunteerTask[];
      };
      const here = await list(yunnan, COMMITTEE);
      const ids = here.map((t) => t.id);
      assert.ok(ids.includes(toHere.id), 'placed here');
      assert.ok(ids.includes(toThere.id), 'one of ours');
      assert.equal(new Set(ids).size, ids.length, 'each once');
      const times = here.map((t) => Date.parse(t.sentAt));
      assert.deepEqual(
        times,
        [...times].sort((a, b) => b - a),
      );
      const there = (await list(other, OTHER_COMMITTEE)).map((t) => t.id);
      assert.ok(there.includes(toHere.id) && there.includes(toThere.id));
      // a status filters both halves
      const sent = await list(yunnan, `${COMMITTEE}&status=sent`);
      assert.ok(sent.every((t) => t.status === 'sent'));
      assert.ok([toHere.id, toThere.id].every((id) => sent.some((t) => t.id === id)));
      const declined = await list(yunnan, `${COMMITTEE}&status=declined`);
      assert.ok(!declined.some((t) => t.id === toHere.id || t.id === toThere.id));
    });

    it('when staff page through the volunteers, then the first page counts them and the next pages do not count again', async () => {
      const first = await yunnan.get(`/api/volunteers?area=${COMMITTEE}&limit=2`);
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.equal(typeof first.body.total, 'number');
      assert.ok(first.body.total > 2);
      assert.ok(first.body.nextCursor);
      const next = await yunnan.get(
        `/api/volunteers?area=${COMMITTEE}&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
      );
      assert.equal(next.status, 200, JSON.stringify(next.body));
      assert.equal(next.body.total, null);
      assert.ok(next.body.items.length > 0);
    });

    it('when a volunteer on duty would move to another committee, then it is refused (409 committeeCode) until they are off duty', async () => {
      // 龙泉园路's resident whose mobile 云南中路's staff registered: joining claims that profile
      const resident = await verifiedResident(tp, { committee: OTHER_COMMITTEE });
      const account = await db()
        .selectFrom('accounts')
        .select('phone_enc')
        .where('id', '=', resident.accountId)
        .executeTakeFirstOrThrow();
      const phone = tp.platform.deps.cipher.decrypt(account.phone_enc!);
      const v = await registered(yunnan, COMMITTEE, phone);
      // checked in by the organiser at a shift starting now
      const a = await publishActivity(yunnan, activityBody(centre));
      const shift = a.shifts[0]!;
      const signupId = crypto.randomUUID();
      await db()
        .insertInto('volunteer_signups')
        .values({
          id: signupId,
          activity_id: a.id,
          shift_id: shift.id,
          role_id: shift.roles[0]!.id,
          volunteer_id: v,
          account_id: null,
          name_masked: '周*',
          starts_at: new Date(shift.startsAt),
          ends_at: new Date(shift.endsAt),
          status: 'confirmed',
          checked_in_at: null,
          check_in_method: null,
          checked_out_at: null,
          check_out_method: null,
          minutes: null,
          confirmed_at: null,
          confirmed_by: null,
          cancelled_at: null,
        })
        .execute();
      await post(yunnan, `/api/volunteer-signups/${signupId}/check-in`);
      const join = () =>
        resident.client.request('PUT', '/api/volunteers/me', {
          committeeCode: OTHER_COMMITTEE,
          skills: [],
          availability: [],
          serveAreaCodes: [OTHER_COMMITTEE],
        });
      const refused = await join();
      assert.equal(refused.status, 409, JSON.stringify(refused.body));
      assert.equal(refused.body.field, 'committeeCode');
      assert.equal(refused.body.rule, 'onDuty');
      const row = await db()
        .selectFrom('volunteers')
        .select(['committee_code', 'account_id'])
        .where('id', '=', v)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { committee_code: COMMITTEE, account_id: null }, 'nothing stored');

      await post(yunnan, `/api/volunteer-signups/${signupId}/check-out`);
      const joined = await join();
      assert.equal(joined.status, 201, JSON.stringify(joined.body));
      assert.equal(joined.body.id, v, 'the profile claimed');
      assert.equal(joined.body.committee.code, OTHER_COMMITTEE);
    });

    it('when a shift’s reminder runs twice at once, then it is sent once; at the shift’s end the auto check-out has checked out whoever is left', async () => {
      const a = await publishActivity(
        yunnan,
        activityBody(centre, {
          shifts: [shiftIn([10, 70], [{ name: '巡逻', capacity: 2 }], '夜班')],
        }),
      );
      const shift = a.shifts[0]!;
      // the auto check-out is queued for the shift's end
      const job = await db()
        .selectFrom('jobs')
        .select('run_at')
        .where('dedupe_key', '=', `volunteers.auto-check-out:${shift.id}`)
        .executeTakeFirstOrThrow();
      assert.equal(new Date(job.run_at).toISOString(), new Date(shift.endsAt).toISOString());

      const v = await joinedVolunteer(tp);
      const signup = (await post(
        v.client,
        '/api/volunteer-signups',
        { roleId: shift.roles[0]!.id },
        201,
      )) as VolunteerSignup;
      const told = await Promise.all([
        runShiftReminder(tp.platform.deps, shift.id),
        runShiftReminder(tp.platform.deps, shift.id),
      ]);
      assert.deepEqual(
        told.sort((x, y) => x - y),
        [0, 1],
      );
      assert.equal(await runShiftReminder(tp.platform.deps, shift.id), 0);
      const reminders = ((await v.client.get('/api/notices')).body.items as { body: string }[])
        .map((n) => n.body)
        .filter((t) => t.includes('提醒') && t.includes('夜班'));
      assert.equal(reminders.length, 1);

      await post(v.client, `/api/volunteer-signups/${signup.id}/check-in`, centre);
      // the shift is over (moved back in the database): the job checks them out at its end
      const endsAt = new Date(Date.now() - HOUR);
      await db()
        .updateTable('volunteer_signups')
        .set({
          starts_at: new Date(endsAt.getTime() - HOUR),
          ends_at: endsAt,
          checked_in_at: new Date(endsAt.getTime() - 40 * MINUTE),
        })
        .where('id', '=', signup.id)
        .execute();
      assert.equal(await runAutoCheckOut(tp.platform.deps, shift.id), 1);
      const late = await v.client.post(`/api/volunteer-signups/${signup.id}/check-out`, centre);
      assert.equal(late.status, 409, JSON.stringify(late.body));
      const mine = (await v.client.get(`/api/volunteer-signups/${signup.id}`)).body;
      assert.equal(mine.checkOutMethod, 'auto');
      assert.equal(mine.checkedOutAt, endsAt.toISOString());
      assert.equal(mine.minutes, 40);
    });

    it('when "near here" is asked for a wide circle without a skill or a point outside the city, then it is refused (400) naming the field', async () => {
      const near = (q: string) => yunnan.get(`/api/volunteers/nearby?${q}`);
      const at = `lat=${centre.lat}&lng=${centre.lng}`;
      const wide = await near(`${at}&radiusM=6000`);
      assert.equal(wide.status, 400, JSON.stringify(wide.body));
      assert.equal(wide.body.field, 'radiusM');
      assert.equal(wide.body.rule, 'maxWithoutSkill');
      assert.equal((await near(`${at}&radiusM=5000`)).status, 200);
      assert.equal((await near(`${at}&radiusM=10000&skill=first_aid`)).status, 200);
      for (const where of [
        'lat=39.9042&lng=116.4074',
        'lat=89.9&lng=121.47',
        'lat=31.23&lng=-60',
      ]) {
        const r = await near(`${where}&skill=first_aid`);
        assert.equal(r.status, 400, `${where}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.field, 'lat');
        assert.equal(r.body.rule, 'outsideCity');
      }
    });
  });
}
