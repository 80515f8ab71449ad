import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type {
  ActivityRoster,
  VolunteerActivityList,
  VolunteerFigures,
  VolunteerList,
  VolunteerProfile,
  VolunteerTask,
  VolunteerTaskList,
  VolunteerTeamList,
} from '@cc/contracts';
import {
  DATABASES,
  DEMO_COMMITTEE,
  generateRegistry,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../testing.js';
import { seedDemoResidents } from './seed-residents.js';
import { seedVolunteers } from './seed-volunteers.js';

/**
 * The demo's volunteers of 云南中路 (seed-volunteers.ts) as staff and volunteers see them through
 * HTTP: about forty volunteers, three teams with leaders, last weekend's hours confirmed, an
 * upcoming checkpoint duty with a waitlist, a family event for residents, and a volunteer on
 * his way to a case; nothing titled 演示; made once.
 */
for (const kind of DATABASES) {
  describe(`demo data: the volunteers of 云南中路 (${kind})`, () => {
    let tp: TestPlatform;
    let yunnan: Client;
    let activities: VolunteerActivityList['items'] = [];

    before(async () => {
      tp = await startTestPlatform(kind);
      const deps = tp.platform.deps;
      await generateRegistry(deps.db, deps.cipher, {
        scale: 0.1,
        within: [DEMO_COMMITTEE],
        seed: 20261127,
      });
      assert.ok(await seedDemoResidents(deps));
      assert.equal(await seedVolunteers(deps), true);
      yunnan = await tp.login('yunnan');
    });
    after(() => tp?.close());

    it('when yunnan lists the committee’s volunteers, then about forty are there, four of them with an account', async () => {
      const r = await yunnan.get<VolunteerList>(`/api/volunteers?area=${DEMO_COMMITTEE}&limit=100`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.ok(r.body.total! >= 36 && r.body.total! <= 44, `total ${r.body.total!}`);
      assert.equal(r.body.items.filter((v) => v.hasAccount).length, 4);
      assert.ok(
        r.body.items.every((v) => v.name.includes('*')),
        'names masked',
      );
    });

    it('when linxia opens her profile, then she is a volunteer who leads the 楼组 team', async () => {
      const linxia = await tp.login('linxia');
      const r = await linxia.get<VolunteerProfile>('/api/volunteers/me');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(
        r.body.teams.map((t) => [t.name, t.role]),
        [['楼组志愿者', 'leader']],
      );
      const chenyu = await tp.login('chenyu');
      assert.equal((await chenyu.get('/api/volunteers/me')).status, 404, 'chenyu is no volunteer');
    });

    it('when yunnan lists the teams, then the three teams each have one leader', async () => {
      const r = await yunnan.get<VolunteerTeamList>(`/api/volunteer-teams?area=${DEMO_COMMITTEE}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(r.body.items.map((t) => t.name).sort(), [
        '加装电梯志愿者',
        '平安志愿者',
        '楼组志愿者',
      ]);
      for (const t of r.body.items) {
        assert.equal(t.leaders.length, 1, t.name);
        assert.ok(t.memberCount >= 5, `${t.name}: ${t.memberCount}`);
      }
    });

    it('when yunnan lists past and upcoming activities, then the garbage sorting has confirmed hours, the checkpoint a waitlist, the family event residents', async () => {
      const past = await yunnan.get<VolunteerActivityList>(
        `/api/volunteer-activities?area=${DEMO_COMMITTEE}&when=past`,
      );
      const upcoming = await yunnan.get<VolunteerActivityList>(
        `/api/volunteer-activities?area=${DEMO_COMMITTEE}&when=upcoming`,
      );
      assert.equal(past.status, 200, JSON.stringify(past.body));
      activities = [...past.body.items, ...upcoming.body.items];
      assert.ok(
        activities.every((a) => !a.title.includes('演示')),
        'no 演示 titles',
      );
      assert.deepEqual(
        past.body.items.map((a) => a.category),
        ['garbage_sorting'],
      );
      const roster = async (category: string) => {
        const a = activities.find((x) => x.category === category)!;
        const r = await yunnan.get<ActivityRoster>(`/api/volunteer-activities/${a.id}/roster`);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        return r.body;
      };
      const sorting = await roster('garbage_sorting');
      assert.equal(sorting.counts.checkedOut, sorting.counts.confirmed);
      assert.equal(
        sorting.counts.hoursConfirmed,
        sorting.counts.confirmed - 1,
        'one left to confirm',
      );
      const duty = await roster('checkpoint');
      assert.equal(duty.counts.waitlisted, 2);
      const family = activities.find((a) => a.kind === 'event')!;
      assert.equal(family.openTo, 'residents');
      assert.ok(new Date(family.startsAt) > new Date());
      const families = await roster('community_event');
      assert.ok(families.items.filter((x) => x.volunteerId === null).length >= 3, 'residents');
    });

    it('when wangqiang opens his tasks, then he has accepted a visit from a case, and the figures count the demo', async () => {
      const wangqiang = await tp.login('wangqiang');
      const r = await wangqiang.get<VolunteerTaskList>('/api/volunteer-tasks/mine');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const task = r.body.items[0] as VolunteerTask;
      assert.equal(task.status, 'accepted');
      assert.ok(task.caseId);
      const f = await yunnan.get<VolunteerFigures>(`/api/volunteer-figures?area=${DEMO_COMMITTEE}`);
      assert.equal(f.status, 200, JSON.stringify(f.body));
      assert.ok(f.body.volunteers >= 36);
      assert.ok(f.body.activeVolunteers >= 5, `active ${f.body.activeVolunteers}`);
      assert.equal(f.body.onDutyNow, 1);
    });

    it('when the demo starts again, then nothing more is made', async () => {
      assert.equal(await seedVolunteers(tp.platform.deps), false);
      const r = await yunnan.get<VolunteerList>(`/api/volunteers?area=${DEMO_COMMITTEE}&limit=1`);
      assert.ok(r.body.total! <= 44);
    });
  });
}
