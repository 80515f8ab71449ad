import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  AVAILABILITY_PERIODS,
  type AvailabilitySlot,
  type VolunteerNearbyList,
  type VolunteerProfile,
} from '@cc/contracts';
import { sql } from 'kysely';
import {
  accountId,
  DATABASES,
  signedUpAccount,
  staffAccount,
  startTestPlatform,
  verifiedResident,
  type Client,
  type TestPlatform,
  type VerifiedResident,
} from '../../testing.js';
import {
  COMMITTEE,
  OTHER_COMMITTEE as OTHER,
  otherCommitteeStaff,
} from '../../testing-volunteers.js';
import { creditHours } from './hours-ledger.js';
import { volunteerTransaction } from './volunteer-figures.js';

const XUHUI = '310104000000';
const EVERY_SLOT: AvailabilitySlot[] = Array.from({ length: 7 }, (_, d) =>
  AVAILABILITY_PERIODS.map((period) => ({ day: d + 1, period })),
).flat();

const phone = () => `137${String(crypto.randomInt(0, 100_000_000)).padStart(8, '0')}`;
/** a point `north` metres north of (lat, lng) */
const north = (p: { lat: number; lng: number }, m: number) => ({
  lat: p.lat + m / 111_320,
  lng: p.lng,
});

for (const kind of DATABASES) {
  describe(`volunteer profiles, teams, near here, hours and rankings (${kind})`, () => {
    let tp: TestPlatform;
    let staff: Client; // 云南中路 committee staff
    let otherStaff: Client; // 龙泉园路 committee staff
    let street: Client; // 南京东路 street operator: dispatches in the street
    let city: Client;
    let resident: VerifiedResident; // a verified resident of 云南中路
    let stranger: Client; // signed up, not verified
    let centre: { lat: number; lng: number };
    let me: VolunteerProfile;
    const db = () => tp.platform.database.db;

    const register = async (c: Client, body: Record<string, unknown>) =>
      c.post<VolunteerProfile & { field?: string; rule?: string }>('/api/volunteers', {
        committeeCode: COMMITTEE,
        name: '王小明',
        phone: phone(),
        skills: ['first_aid'],
        availability: EVERY_SLOT,
        serveAreaCodes: [COMMITTEE],
        ...body,
      });
    const figure = async (areaPath: string, metric = 'volunteers') =>
      Number(
        (
          await sql<{ n: string | null }>`select sum(value) as n from topic_feed_figures
            where topic = 'volunteers' and metric = ${metric} and area_path = ${areaPath}`.execute(
            db(),
          )
        ).rows[0]?.n ?? 0,
      );

    const committeePath = async () =>
      (
        await db()
          .selectFrom('areas')
          .select('path')
          .where('code', '=', COMMITTEE)
          .executeTakeFirstOrThrow()
      ).path;

    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      [staff, street, city] = await Promise.all([
        tp.login('yunnan'),
        tp.login('nanjingdong'),
        tp.login('city'),
      ]);
      otherStaff = await otherCommitteeStaff(tp, 's1-longquan');
      resident = await verifiedResident(tp);
      stranger = (await signedUpAccount(tp)).client;
      centre = await tp.centreOf(COMMITTEE);
    });
    after(() => tp.close());

    it('when staff add a skill, then everyone signed in lists it; a taken code is a 409, a resident may not add', async () => {
      const list = await stranger.get('/api/volunteer-skills');
      assert.equal(list.status, 200);
      assert.ok(list.body.items.some((s: { code: string }) => s.code === 'first_aid'));
      const added = await staff.post('/api/volunteer-skills', {
        code: 'knitting',
        name: '编织',
        nameEn: 'Knitting',
      });
      assert.equal(added.status, 201, JSON.stringify(added.body));
      const again = await city.post('/api/volunteer-skills', {
        code: 'knitting',
        name: '织',
        nameEn: 'Knit',
      });
      assert.equal(again.status, 409);
      assert.equal(again.body.field, 'code');
      const byResident = await resident.client.post('/api/volunteer-skills', {
        code: 'baking',
        name: '烘焙',
        nameEn: 'Baking',
      });
      assert.equal(byResident.status, 403);
      const after = await stranger.get('/api/volunteer-skills');
      assert.ok(after.body.items.some((s: { code: string }) => s.code === 'knitting'));
      assert.ok(!after.body.items.some((s: { code: string }) => s.code === 'baking'));
    });

    it('when a verified resident joins, then they are a volunteer (201, their name in full to them), edits are 200; others are refused and bad input names the field', async () => {
      const body = {
        committeeCode: COMMITTEE,
        skills: ['first_aid', 'english'],
        availability: EVERY_SLOT,
        serveAreaCodes: [COMMITTEE, `${COMMITTEE}-G1-C1`],
      };
      const refused = await stranger.request('PUT', '/api/volunteers/me', body);
      assert.equal(refused.status, 403);
      assert.equal(refused.body.rule, 'verifiedHome');
      const elsewhere = await resident.client.request('PUT', '/api/volunteers/me', {
        ...body,
        committeeCode: OTHER,
      });
      assert.equal(elsewhere.status, 403);
      const badSkill = await resident.client.request('PUT', '/api/volunteers/me', {
        ...body,
        skills: ['first_aid', 'juggling'],
      });
      assert.equal(badSkill.status, 400);
      assert.equal(badSkill.body.field, 'skills.1');
      const badArea = await resident.client.request('PUT', '/api/volunteers/me', {
        ...body,
        serveAreaCodes: [COMMITTEE, `${COMMITTEE}-G1`],
      });
      assert.equal(badArea.status, 400);
      assert.equal(badArea.body.field, 'serveAreaCodes.1');
      assert.equal((await resident.client.get('/api/volunteers/me')).status, 404);
      const path = await committeePath();
      const before = await figure(path);

      const joined = await resident.client.request<VolunteerProfile>(
        'PUT',
        '/api/volunteers/me',
        body,
      );
      assert.equal(joined.status, 201, JSON.stringify(joined.body));
      me = joined.body;
      assert.equal(me.name, resident.name);
      assert.equal(me.hasAccount, true);
      assert.deepEqual(me.skills, ['first_aid', 'english']);
      assert.equal(me.availability.length, 28);
      assert.deepEqual(
        me.serveAreas.map((a) => a.code),
        [COMMITTEE, `${COMMITTEE}-G1-C1`],
      );
      assert.deepEqual({ lat: me.lat, lng: me.lng }, centre);
      assert.equal(await figure(path), before + 1);

      const edited = await resident.client.request<VolunteerProfile>('PUT', '/api/volunteers/me', {
        ...body,
        skills: ['english'],
      });
      assert.equal(edited.status, 200);
      assert.deepEqual(edited.body.skills, ['english']);
      assert.equal(await figure(path), before + 1);
      // the "near here" rows follow the skills (and '' for a search without one)
      const cells = await db()
        .selectFrom('volunteer_skill_cells')
        .select('skill')
        .where('volunteer_id', '=', me.id)
        .orderBy('skill')
        .execute();
      assert.deepEqual(
        cells.map((c) => c.skill),
        ['', 'english'],
      );
      const mine = await resident.client.get<VolunteerProfile>('/api/volunteers/me');
      assert.equal(mine.status, 200);
      assert.equal(mine.body.id, me.id);
      // staff see the name masked
      const seen = await staff.get<VolunteerProfile>(`/api/volunteers/${me.id}`);
      assert.equal(seen.status, 200);
      assert.notEqual(seen.body.name, resident.name);
      assert.match(seen.body.name, /\*/);
    });

    it('when staff register a person without an account, then the same mobile again is a 409; an unknown skill names skills.0; staff of another committee get 404', async () => {
      const mobile = phone();
      const made = await register(staff, {
        phone: mobile,
        name: '李阿姨',
        skills: ['elderly_care'],
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      assert.equal(made.body.hasAccount, false);
      assert.equal(made.body.name, '李**');
      assert.equal(made.body.phone, `${mobile.slice(0, 3)}****${mobile.slice(7)}`);
      const twice = await register(staff, { phone: mobile, name: '李阿姨' });
      assert.equal(twice.status, 409);
      assert.equal(twice.body.field, 'phone');
      const badSkill = await register(staff, { skills: ['juggling'] });
      assert.equal(badSkill.status, 400);
      assert.equal(badSkill.body.field, 'skills.0');
      const notTheirs = await register(otherStaff, {});
      assert.equal(notTheirs.status, 404);
      assert.equal((await otherStaff.get(`/api/volunteers/${made.body.id}`)).status, 404);
      assert.equal(
        (await otherStaff.request('PATCH', `/api/volunteers/${made.body.id}`, { skills: [] }))
          .status,
        404,
      );
      assert.equal((await resident.client.get(`/api/volunteers/${made.body.id}`)).status, 404);
      const stored = await db()
        .selectFrom('volunteers')
        .select(['name_enc', 'phone_enc'])
        .where('id', '=', made.body.id)
        .executeTakeFirstOrThrow();
      assert.ok(!stored.name_enc.includes('李'));
      assert.ok(!stored.phone_enc!.includes(mobile));
      const audit = await db()
        .selectFrom('audit_log')
        .select('action')
        .where('object_id', '=', made.body.id)
        .execute();
      assert.ok(audit.some((a) => a.action === 'volunteers.register'));
    });

    it('when staff list and patch, then pages follow the cursor, filters apply, and leaving takes them off the count and the grid', async () => {
      for (let i = 0; i < 3; i++)
        assert.equal((await register(staff, { name: `赵${i}号`, skills: ['patrol'] })).status, 201);
      const all = await staff.get(`/api/volunteers?area=${COMMITTEE}&limit=2`);
      assert.equal(all.status, 200);
      assert.equal(all.body.items.length, 2);
      assert.ok(all.body.total >= 5);
      const seen = new Set<string>(all.body.items.map((v: { id: string }) => v.id));
      let cursor: string | null = all.body.nextCursor;
      while (cursor) {
        const page = await staff.get(
          `/api/volunteers?area=${COMMITTEE}&limit=2&cursor=${encodeURIComponent(cursor)}`,
        );
        assert.equal(page.status, 200);
        for (const v of page.body.items) {
          assert.ok(!seen.has(v.id));
          seen.add(v.id);
        }
        cursor = page.body.nextCursor;
      }
      assert.equal(seen.size, all.body.total);
      const patrol = await staff.get(`/api/volunteers?area=${COMMITTEE}&skill=patrol`);
      assert.equal(patrol.body.total, 3);
      assert.equal((await otherStaff.get(`/api/volunteers?area=${COMMITTEE}`)).status, 404);
      // the street's operator reaches the committee's volunteers
      assert.equal(
        (await street.get(`/api/volunteers?area=310101002000&skill=patrol`)).body.total,
        3,
      );

      const target = patrol.body.items[0].id as string;
      const bad = await staff.request('PATCH', `/api/volunteers/${target}`, {
        skills: ['patrol', 'nope'],
      });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.field, 'skills.1');
      const patched = await staff.request<VolunteerProfile>('PATCH', `/api/volunteers/${target}`, {
        skills: ['driving'],
        lat: centre.lat + 0.02,
        lng: centre.lng,
      });
      assert.equal(patched.status, 200);
      assert.deepEqual(patched.body.skills, ['driving']);
      const cells = await db()
        .selectFrom('volunteer_skill_cells')
        .select(['skill', 'cell'])
        .where('volunteer_id', '=', target)
        .orderBy('skill')
        .execute();
      assert.deepEqual(
        cells.map((c) => c.skill),
        ['', 'driving'],
      );
      const left = await staff.request<VolunteerProfile>('PATCH', `/api/volunteers/${target}`, {
        status: 'left',
      });
      assert.equal(left.body.status, 'left');
      assert.equal(
        (
          await db()
            .selectFrom('volunteer_skill_cells')
            .select('skill')
            .where('volunteer_id', '=', target)
            .execute()
        ).length,
        0,
      );
      assert.equal(
        (await staff.get(`/api/volunteers?area=${COMMITTEE}&skill=patrol&status=active`)).body
          .total,
        2,
      );
    });

    it('when staff form a team with a leader, then the list names the leader masked and the detail lists members leaders first; other staff get 404', async () => {
      const member = await register(staff, { name: '钱多多', skills: ['garbage_sorting'] });
      const team = await staff.post('/api/volunteer-teams', {
        committeeCode: COMMITTEE,
        name: '平安志愿者一队',
        kind: 'safety',
      });
      assert.equal(team.status, 201, JSON.stringify(team.body));
      const dup = await staff.post('/api/volunteer-teams', {
        committeeCode: COMMITTEE,
        name: '平安志愿者一队',
        kind: 'other',
      });
      assert.equal(dup.status, 409);
      assert.equal(
        (
          await otherStaff.post('/api/volunteer-teams', {
            committeeCode: COMMITTEE,
            name: '别人的队',
            kind: 'other',
          })
        ).status,
        404,
      );
      const id = team.body.id as string;
      const put1 = await staff.request(
        'PUT',
        `/api/volunteer-teams/${id}/members/${member.body.id}`,
        {
          role: 'member',
        },
      );
      assert.equal(put1.status, 200, JSON.stringify(put1.body));
      const put2 = await staff.request('PUT', `/api/volunteer-teams/${id}/members/${me.id}`, {
        role: 'leader',
      });
      assert.equal(put2.status, 200);
      assert.deepEqual(
        put2.body.members.map((m: { volunteer: { id: string }; role: string }) => [
          m.volunteer.id,
          m.role,
        ]),
        [
          [me.id, 'leader'],
          [member.body.id, 'member'],
        ],
      );
      const list = await staff.get(`/api/volunteer-teams?area=${COMMITTEE}`);
      const listed = list.body.items.find((t: { id: string }) => t.id === id);
      assert.equal(listed.memberCount, 2);
      assert.deepEqual(listed.leaders, [me.name.slice(0, 1) + '*'.repeat([...me.name].length - 1)]);
      assert.equal((await otherStaff.get(`/api/volunteer-teams/${id}`)).status, 404);
      assert.equal((await otherStaff.get(`/api/volunteer-teams?area=${COMMITTEE}`)).status, 404);
      const mine = await resident.client.get<VolunteerProfile>('/api/volunteers/me');
      assert.deepEqual(mine.body.teams, [{ id, name: '平安志愿者一队', role: 'leader' }]);
      const out = await staff.delete(`/api/volunteer-teams/${id}/members/${member.body.id}`);
      assert.equal(out.status, 204);
      assert.equal(
        (await staff.delete(`/api/volunteer-teams/${id}/members/${member.body.id}`)).status,
        404,
      );
    });

    it('when a dispatcher asks who is near with a skill and available now, then only those in their area, free now and within the radius come, nearest first', async () => {
      const at = north(centre, 5000); // a quiet spot away from the other volunteers
      const near = async (name: string, metres: number, body: Record<string, unknown> = {}) => {
        const r = await register(staff, {
          name,
          ...north(at, metres),
          skills: ['first_aid'],
          ...body,
        });
        assert.equal(r.status, 201, JSON.stringify(r.body));
        return r.body.id;
      };
      const a = await near('甲', 300);
      const b = await near('乙', 100); // on a task they accepted
      const c = await near('丙', 200, { skills: ['english'] });
      const d = await near('丁', 150, { availability: [] }); // never free
      const far = await near('戊', 4000);
      // registered in a committee of another street, living right at the point
      const otherStreet = (
        await sql<{ code: string }>`select code from areas where level = 'committee'
          and path like '%/310101000000/%' and path not like '%/310101002000/%' order by code limit 1`.execute(
          db(),
        )
      ).rows[0]!.code;
      const outsider = await register(city, {
        committeeCode: otherStreet,
        serveAreaCodes: [otherStreet],
        name: '己',
        ...north(at, 50),
      });
      assert.equal(outsider.status, 201, JSON.stringify(outsider.body));
      await db()
        .insertInto('volunteer_tasks')
        .values({
          id: crypto.randomUUID(),
          title: '送药',
          lat: at.lat,
          lng: at.lng,
          area_path: outsider.body.committee.code,
          volunteer_id: b,
          status: 'accepted',
          sent_by: await accountId(tp, 'nanjingdong'),
          sent_by_name: '张伟',
        })
        .execute();
      const ask = (c: Client, q: string) =>
        c.get<VolunteerNearbyList>(
          `/api/volunteers/nearby?lat=${at.lat}&lng=${at.lng}&radiusM=1000${q}`,
        );
      const free = await ask(street, '&skill=first_aid');
      assert.equal(free.status, 200, JSON.stringify(free.body));
      assert.deepEqual(
        free.body.items.map((i) => i.volunteer.id),
        [a],
      );
      assert.equal(free.body.items[0]!.distanceM, 300);
      assert.equal(free.body.items[0]!.availableNow, true);
      const everyone = await ask(street, '&skill=first_aid&availableNow=false');
      assert.deepEqual(
        everyone.body.items.map((i) => [i.volunteer.id, i.distanceM, i.onDuty, i.availableNow]),
        [
          [b, 100, true, false],
          [d, 150, false, false],
          [a, 300, false, true],
        ],
      );
      const anySkill = await ask(street, '&availableNow=false');
      assert.deepEqual(
        anySkill.body.items.map((i) => i.volunteer.id),
        [b, d, c, a],
      );
      assert.ok(!anySkill.body.items.some((i) => i.volunteer.id === far));
      // the city reaches the volunteer of the other street too
      const byCity = await ask(city, '&skill=first_aid');
      assert.deepEqual(
        byCity.body.items.map((i) => i.volunteer.id),
        [outsider.body.id, a],
      );
      const xuhui = await staffAccount(tp, {
        username: 's1-xuhui',
        role: 'district_operator',
        areaCode: XUHUI,
      });
      const none = await ask(xuhui, '&availableNow=false');
      assert.equal(none.status, 200);
      assert.deepEqual(none.body.items, []);
      assert.equal((await ask(resident.client, '')).status, 404);
    });

    it('when the first kilometre holds enough volunteers, then they are the answer; when it holds too few, then the wider circle adds the farther ones', async () => {
      const at = north(centre, -6000); // away from the other tests' volunteers
      const ids: string[] = [];
      for (const metres of [...Array.from({ length: 12 }, (_, i) => 100 + i * 50), 1500]) {
        const r = await register(staff, {
          name: `手语${metres}`,
          ...north(at, metres),
          skills: ['sign_language'],
        });
        assert.equal(r.status, 201, JSON.stringify(r.body));
        ids.push(r.body.id);
      }
      const ask = (limit: number) =>
        street.get<VolunteerNearbyList>(
          `/api/volunteers/nearby?lat=${at.lat}&lng=${at.lng}&radiusM=3000&skill=sign_language&limit=${limit}`,
        );
      const one = await ask(1);
      assert.equal(one.status, 200, JSON.stringify(one.body));
      assert.deepEqual(
        one.body.items.map((i) => [i.volunteer.id, i.distanceM]),
        [[ids[0], 100]],
      );
      const twelve = await ask(12);
      assert.deepEqual(
        twelve.body.items.map((i) => i.volunteer.id),
        ids.slice(0, 12),
      );
      const all = await ask(20);
      assert.deepEqual(
        all.body.items.map((i) => Math.round(i.distanceM / 10) * 10), // the earth is not flat
        [...Array.from({ length: 12 }, (_, i) => 100 + i * 50), 1500],
      );
    });

    it('when hours are credited, then the volunteer reads them, gets a certificate that verifies, and the rankings order by minutes', async () => {
      const other = await register(staff, { name: '孙悟空', skills: ['patrol'] });
      const at = (h: number) => new Date(Date.UTC(2025, 4, 10, h));
      await volunteerTransaction(tp.platform.deps, async (trx) => {
        for (const [from, to] of [
          [1, 2],
          [2, 4],
        ] as const)
          await creditHours(trx, {
            volunteerId: me.id,
            category: 'safety_patrol',
            title: '夜间巡逻',
            fromAt: at(from),
            toAt: at(to),
            claimedMinutes: (to - from) * 60,
            byAccount: null,
          });
        await creditHours(trx, {
          volunteerId: other.body.id,
          category: 'garbage_sorting',
          title: '垃圾分类引导',
          fromAt: at(1),
          toAt: at(2),
          claimedMinutes: 60,
          byAccount: null,
        });
      });
      const hours = await resident.client.get('/api/volunteers/me/hours');
      assert.equal(hours.status, 200);
      assert.equal(hours.body.totals.totalMinutes, 180);
      assert.deepEqual(hours.body.totals.byYear, [{ year: 2025, minutes: 180 }]);
      assert.deepEqual(hours.body.totals.byCategory, [{ category: 'safety_patrol', minutes: 180 }]);
      assert.equal(hours.body.entries.length, 2);
      const first = await resident.client.get('/api/volunteers/me/hours?limit=1');
      assert.deepEqual(
        first.body.entries.map((e: { minutes: number }) => e.minutes),
        [120],
      );
      const second = await resident.client.get(
        `/api/volunteers/me/hours?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`,
      );
      assert.deepEqual(
        second.body.entries.map((e: { minutes: number }) => e.minutes),
        [60],
      );
      assert.equal(second.body.nextCursor, null);
      // a cursor is the account's own
      const stolen = await staff.get(
        `/api/volunteers/${me.id}/hours?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`,
      );
      assert.equal(stolen.status, 400);
      assert.equal(stolen.body.field, 'cursor');
      assert.equal(
        (await staff.get(`/api/volunteers/${me.id}/hours`)).body.totals.totalMinutes,
        180,
      );
      assert.equal((await otherStaff.get(`/api/volunteers/${me.id}/hours`)).status, 404);

      const none = await resident.client.post('/api/volunteers/me/certificates', { year: 2024 });
      assert.equal(none.status, 400);
      assert.equal(none.body.field, 'year');
      assert.equal(none.body.rule, 'noHours');
      const cert = await resident.client.post('/api/volunteers/me/certificates', { year: 2025 });
      assert.equal(cert.status, 201, JSON.stringify(cert.body));
      assert.equal(cert.body.minutes, 180);
      const verified = await tp.client().get(`/api/verify/${cert.body.code}`);
      assert.equal(verified.status, 200);
      assert.equal(verified.body.genuine, true);
      assert.equal(verified.body.kind, 'volunteer-hours');
      assert.equal(verified.body.title, '志愿服务时长证明');
      const byStaff = await staff.post(`/api/volunteers/${other.body.id}/certificates`, {});
      assert.equal(byStaff.status, 201);
      assert.equal(
        (await otherStaff.post(`/api/volunteers/${other.body.id}/certificates`, {})).status,
        404,
      );

      const ranking = await resident.client.get(
        `/api/volunteer-rankings?area=${COMMITTEE}&by=volunteer&year=2025`,
      );
      assert.equal(ranking.status, 200, JSON.stringify(ranking.body));
      assert.deepEqual(
        ranking.body.items.map(
          (i: { rank: number; id: string; minutes: number; isMe: boolean }) => [
            i.rank,
            i.id,
            i.minutes,
            i.isMe,
          ],
        ),
        [
          [1, me.id, 180, true],
          [2, other.body.id, 60, false],
        ],
      );
      const teams = await staff.get(`/api/volunteer-rankings?area=${COMMITTEE}&by=team&year=2025`);
      assert.deepEqual(
        teams.body.items.map((i: { name: string; minutes: number }) => [i.name, i.minutes]),
        [['平安志愿者一队', 180]],
      );
      const committees = await street.get(
        `/api/volunteer-rankings?area=310101002000&by=committee&year=2025`,
      );
      assert.deepEqual(
        committees.body.items.map((i: { id: string; minutes: number }) => [i.id, i.minutes]),
        [[COMMITTEE, 240]],
      );
      assert.equal(
        (await resident.client.get(`/api/volunteer-rankings?area=${OTHER}&by=volunteer`)).status,
        404,
      );
      assert.equal(
        (await stranger.get(`/api/volunteer-rankings?area=${COMMITTEE}&by=volunteer`)).status,
        404,
      );
    });

    it('when a volunteer leaves, then they are no longer counted (nor as active when they served lately) and their profile says so', async () => {
      const path = await committeePath();
      // served an hour ago: active now
      const recent = await register(staff, { name: '吴刚' });
      const activeBefore = await figure(path, 'active_volunteers');
      const now = Date.now();
      await volunteerTransaction(tp.platform.deps, (trx) =>
        creditHours(trx, {
          volunteerId: recent.body.id,
          category: 'elderly_care',
          title: '陪老人就医',
          fromAt: new Date(now - 2 * 3_600_000),
          toAt: new Date(now - 3_600_000),
          claimedMinutes: 60,
          byAccount: null,
        }),
      );
      assert.equal(await figure(path, 'active_volunteers'), activeBefore + 1);
      const [registeredBefore, activeNow] = [
        await figure(path),
        await figure(path, 'active_volunteers'),
      ];
      const left = await staff.request('PATCH', `/api/volunteers/${recent.body.id}`, {
        status: 'left',
      });
      assert.equal(left.status, 200);
      assert.equal(await figure(path), registeredBefore - 1);
      assert.equal(await figure(path, 'active_volunteers'), activeNow - 1);
      const back = await staff.request('PATCH', `/api/volunteers/${recent.body.id}`, {
        status: 'active',
      });
      assert.equal(back.status, 200);
      assert.equal(await figure(path), registeredBefore);
      assert.equal(await figure(path, 'active_volunteers'), activeNow);

      const before = await figure(path);
      const gone = await resident.client.delete('/api/volunteers/me');
      assert.equal(gone.status, 204);
      assert.equal(await figure(path), before - 1);
      const mine = await resident.client.get<VolunteerProfile>('/api/volunteers/me');
      assert.equal(mine.body.status, 'left');
      assert.deepEqual(mine.body.teams, []);
      assert.equal(mine.body.hours.totalMinutes, 180);
    });
  });
}
