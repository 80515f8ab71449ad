import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  maskName,
  type MeetingAttendee,
  type MeetingAttendeeList,
  type MeetingDetail,
  type MeetingList,
} from '@cc/contracts';
import {
  DATABASES,
  eventually,
  signedUpAccount,
  startTestPlatform,
  type Client,
  type TestPlatform,
  verifiedResident,
  staffAccount,
} from '../../testing.js';
import { addAgendaItem, meetingCancelled, meetingItemDecided } from './index.js';
import { runTellRegistrants } from './tell-registrants.js';

const COMMITTEE = '310101002001'; // 云南中路居委会
const OTHER = '310101002002'; // 龙泉园路居委会
const HOUR = 3_600_000;

type Err = { field?: string; message?: string; code?: string };

for (const kind of DATABASES) {
  describe(`meetings (${kind})`, () => {
    let tp: TestPlatform;
    let staff: Client; // 云南中路 committee staff
    let otherStaff: Client; // 龙泉园路 committee staff
    let street: Client; // 南京东路 street operator
    let alice: Client; // verified in 云南中路
    let bob: Client; // verified in 云南中路
    let cara: Client; // verified in 云南中路
    let dan: Client; // verified in 龙泉园路
    let eve: Client; // signed up, not verified
    let aliceId = '';
    const cancelled: {
      meetingId: string;
      items: { itemId: string; sourceType: string | null }[];
    }[] = [];
    const decided: {
      itemId: string;
      sourceType: string | null;
      sourceId: string | null;
      decision: string;
    }[] = [];

    /** An account; `committee` links it to a registry resident's home there (testing.ts). */
    async function resident(username: string, committee: string | null): Promise<Client> {
      const r = committee
        ? await verifiedResident(tp, { username, committee, displayName: `李${username}` })
        : await signedUpAccount(tp, { username, displayName: `李${username}` });
      if (username === 'm-alice0001') aliceId = r.accountId;
      return r.client;
    }

    const count = async (table: 'meetings' | 'meeting_agenda_items' | 'meeting_attendees') =>
      Number(
        (
          await tp.platform.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    const inHours = (h: number) => new Date(Date.now() + h * HOUR).toISOString();
    const schedule = (c: Client, body: Record<string, unknown>) =>
      c.post<MeetingDetail & Err>('/api/meetings', {
        title: '三季度居民议事会',
        startsAt: inHours(48),
        endsAt: inHours(50),
        place: '云南中路居委会二楼会议室',
        ...body,
      });
    /** Move a meeting's times (as if time had passed): starts `h` hours from now, lasts two. */
    const shiftTo = (id: string, h: number) =>
      tp.platform.database.db
        .updateTable('meetings')
        .set({
          starts_at: new Date(Date.now() + h * HOUR),
          ends_at: new Date(Date.now() + (h + 2) * HOUR),
        })
        .where('id', '=', id)
        .execute();
    const doorCode = async (id: string) =>
      (
        await tp.platform.database.db
          .selectFrom('meetings')
          .select('door_code')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).door_code;

    before(async () => {
      tp = await startTestPlatform(kind);
      tp.platform.deps.events.subscribe(
        meetingItemDecided.on(async (_trx, p) => {
          decided.push({
            itemId: p.itemId,
            sourceType: p.sourceType,
            sourceId: p.sourceId,
            decision: p.decision,
          });
        }),
      );
      tp.platform.deps.events.subscribe(
        meetingCancelled.on(async (_trx, p) => {
          cancelled.push(p);
        }),
      );
      staff = await tp.login('yunnan');
      street = await tp.login('nanjingdong');
      otherStaff = await staffAccount(tp, {
        username: 'longquan-meetings',
        role: 'committee_staff',
        areaCode: OTHER,
      });
      alice = await resident('m-alice0001', COMMITTEE);
      bob = await resident('m-bob00001', COMMITTEE);
      cara = await resident('m-cara0001', COMMITTEE);
      dan = await resident('m-dan00001', OTHER);
      eve = await resident('m-eve00001', null);
    });
    after(() => tp?.close());

    it('when staff schedule a meeting with written items, then it is listed as upcoming for staff and residents', async () => {
      const r = await schedule(staff, {
        agenda: [
          { title: '小区停车位调整', note: '东门外 12 个车位' },
          { title: '加装电梯意见征集' },
        ],
        onlineUrl: 'https://meeting.example.cn/j/123',
        capacity: 50,
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.state, 'scheduled');
      assert.equal(r.body.hostCode, COMMITTEE);
      assert.equal(r.body.hostName, '云南中路居委会');
      assert.match(r.body.doorCode!, /^\d{6}$/);
      assert.deepEqual(
        r.body.agenda.map((i) => [i.position, i.title]),
        [
          [1, '小区停车位调整'],
          [2, '加装电梯意见征集'],
        ],
      );
      const list = await staff.get<MeetingList>('/api/meetings?upcoming=1');
      assert.equal(list.status, 200);
      const item = list.body.items.find((m) => m.id === r.body.id);
      assert.ok(item);
      assert.equal(item.title, '三季度居民议事会');
      assert.equal(item.place, '云南中路居委会二楼会议室');
      assert.ok(item.startsAt);
      const mine = await alice.get<MeetingList>('/api/meetings?upcoming=1');
      assert.equal(mine.status, 200);
      assert.ok(mine.body.items.some((m) => m.id === r.body.id));
      const seen = await alice.get<MeetingDetail>(`/api/meetings/${r.body.id}`);
      assert.equal(seen.status, 200);
      assert.equal(seen.body.doorCode, null, 'residents never see the door code');
      assert.equal(seen.body.canRegister, true);
      assert.ok(
        (await street.get<MeetingList>('/api/meetings?upcoming=1')).body.items.some(
          (m) => m.id === r.body.id,
        ),
      );
    });

    it('when a meeting is in the past or its times, place or link are wrong, then 400 names the field and nothing is stored', async () => {
      const before = await count('meetings');
      const cases: [Record<string, unknown>, string][] = [
        [{ startsAt: inHours(-2), endsAt: inHours(-1) }, 'startsAt'],
        [{ endsAt: inHours(47) }, 'endsAt'],
        [{ onlineUrl: 'http://meeting.example.cn/j/1' }, 'onlineUrl'],
        [{ onlineUrl: 'javascript:alert(1)' }, 'onlineUrl'],
        [{ place: '  ' }, 'place'],
        [{ title: 'x'.repeat(81) }, 'title'],
        [{ agenda: [{ title: '  ' }] }, 'agenda\\.0\\.title'],
      ];
      for (const [body, field] of cases) {
        const r = await schedule(staff, body);
        assert.equal(r.status, 400, `${field}: ${JSON.stringify(r.body)}`);
        assert.match(
          `${r.body.field ?? ''} ${r.body.message ?? ''}`,
          new RegExp(field),
          JSON.stringify(r.body),
        );
      }
      assert.equal(await count('meetings'), before);
    });

    it('when a resident or another area schedules, then 403 or 404 and nothing is stored', async () => {
      const before = await count('meetings');
      assert.equal((await schedule(alice, {})).status, 403);
      assert.equal((await schedule(otherStaff, { committeeCode: COMMITTEE })).status, 404);
      assert.equal((await schedule(street, {})).status, 400, 'a street names the committee');
      assert.equal(await count('meetings'), before);
      const r = await schedule(street, { committeeCode: COMMITTEE, title: '街道召集的议事会' });
      assert.equal(r.status, 201);
    });

    it('when others look, then other committees’ residents and staff get 404 and the unverified 403 saying why', async () => {
      const m = (await schedule(staff, { title: '范围测试' })).body;
      assert.equal((await dan.get(`/api/meetings/${m.id}`)).status, 404);
      assert.equal((await otherStaff.get(`/api/meetings/${m.id}`)).status, 404);
      const unverified = await eve.get<Err>(`/api/meetings/${m.id}`);
      assert.equal(unverified.status, 403);
      assert.match(unverified.body.message!, /verify/);
      assert.equal((await eve.get<Err>('/api/meetings')).status, 403);
      assert.ok(
        !(await dan.get<MeetingList>('/api/meetings')).body.items.some((x) => x.id === m.id),
      );
      assert.ok(
        !(await otherStaff.get<MeetingList>('/api/meetings')).body.items.some((x) => x.id === m.id),
      );
      assert.equal((await dan.request('PUT', `/api/meetings/${m.id}/registration`)).status, 404);
      assert.equal((await eve.request('PUT', `/api/meetings/${m.id}/registration`)).status, 403);
      assert.equal((await otherStaff.get(`/api/meetings/${m.id}/attendees`)).status, 404);
      assert.equal((await alice.get(`/api/meetings/${m.id}/attendees`)).status, 403);
      assert.equal(
        (await otherStaff.post(`/api/meetings/${m.id}/cancel`, { reason: '不是我的会' })).status,
        404,
      );
    });

    it('when residents register up to the capacity, then the next gets 409 and a cancellation frees a seat', async () => {
      const m = (await schedule(staff, { title: '容量测试', capacity: 2 })).body;
      const url = `/api/meetings/${m.id}/registration`;
      const a = await alice.request<MeetingDetail>('PUT', url);
      assert.equal(a.status, 200, JSON.stringify(a.body));
      assert.equal(a.body.myRegistration, 'registered');
      assert.equal(
        (await alice.request<MeetingDetail>('PUT', url)).body.registeredCount,
        1,
        'idempotent',
      );
      assert.equal((await bob.request<MeetingDetail>('PUT', url)).body.registeredCount, 2);
      const full = await cara.request<Err>('PUT', url);
      assert.equal(full.status, 409);
      assert.match(full.body.message!, /full/);
      const gone = await alice.request<MeetingDetail>('DELETE', url);
      assert.equal(gone.status, 200);
      assert.equal(gone.body.myRegistration, null);
      assert.equal(gone.body.registeredCount, 1);
      assert.equal((await cara.request<MeetingDetail>('PUT', url)).body.registeredCount, 2);
      const list = await staff.get<MeetingAttendeeList>(`/api/meetings/${m.id}/attendees`);
      assert.equal(list.status, 200);
      assert.equal(list.body.items.length, 2);
    });

    it('when a resident checks in with the door code, then they are present; a wrong code is 400 and says no more', async () => {
      const m = (await schedule(staff, { title: '签到测试' })).body;
      const url = `/api/meetings/${m.id}/check-in`;
      const early = await alice.post<Err>(url, { code: m.doorCode });
      assert.equal(early.status, 409, 'the door opens an hour before');
      await shiftTo(m.id, 0.5);
      const code = await doorCode(m.id);
      const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
      const bad = await alice.post<Err>(url, { code: wrong });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.field, 'code');
      assert.ok(!bad.body.message!.includes(code));
      assert.equal(
        (
          await tp.platform.database.db
            .selectFrom('meeting_attendees')
            .select('id')
            .where('meeting_id', '=', m.id)
            .execute()
        ).length,
        0,
        'a wrong code stores nothing',
      );
      const ok = await alice.post<MeetingDetail>(url, { code });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.body.myRegistration, 'attended');
      assert.equal(ok.body.registeredCount, 1);
      assert.equal(ok.body.attendedCount, 1);
      const again = await alice.post<MeetingDetail>(url, { code });
      assert.equal(again.body.attendedCount, 1, 'checking in twice counts once');
      assert.equal((await dan.post(url, { code })).status, 404);
      // staff tick bob from the list and add a walk-in
      await bob.request('PUT', `/api/meetings/${m.id}/registration`);
      const list = await staff.get<MeetingAttendeeList>(`/api/meetings/${m.id}/attendees`);
      const bobRow = list.body.items.find((x) => x.attendedAt === null)!;
      const ticked = await staff.request<MeetingAttendee>(
        'PUT',
        `/api/meetings/${m.id}/attendees/${bobRow.id}/attendance`,
        { attended: true },
      );
      assert.equal(ticked.status, 200);
      assert.equal(ticked.body.attendedBy, 'staff');
      const walkIn = await staff.post<MeetingAttendee>(`/api/meetings/${m.id}/walk-ins`, {
        name: '王建国',
      });
      assert.equal(walkIn.status, 201);
      assert.equal(walkIn.body.kind, 'walk_in');
      assert.equal(walkIn.body.name, maskName('王建国'), 'staff see names masked');
      const names = (await staff.get<MeetingAttendeeList>(`/api/meetings/${m.id}/attendees`)).body
        .items;
      assert.ok(
        names.every((x) => x.name.includes('*')),
        JSON.stringify(names),
      );
      assert.ok(ticked.body.name.includes('*'));
      // the clear name: committee staff, for a reason, audited
      const revealUrl = `/api/meetings/${m.id}/attendees/${walkIn.body.id}/reveal`;
      const shortReason = await staff.post<Err>(revealUrl, { reason: ' x ' });
      assert.equal(shortReason.status, 400);
      assert.equal(shortReason.body.field, 'reason');
      assert.equal((await street.post(revealUrl, { reason: '核对参会名单' })).status, 403);
      assert.equal((await alice.post(revealUrl, { reason: '核对参会名单' })).status, 403);
      assert.equal((await otherStaff.post(revealUrl, { reason: '核对参会名单' })).status, 404);
      const revealed = await staff.post<{ id: string; name: string }>(revealUrl, {
        reason: '核对参会名单',
      });
      assert.equal(revealed.status, 200, JSON.stringify(revealed.body));
      assert.equal(revealed.body.name, '王建国');
      const audit = await tp.platform.database.db
        .selectFrom('audit_log')
        .select(['action', 'detail'])
        .where('object_id', '=', walkIn.body.id)
        .where('action', '=', 'meetings.attendee.reveal')
        .execute();
      assert.equal(audit.length, 1);
      assert.match(JSON.stringify(audit[0]!.detail), /核对参会名单/);
      const stored = await tp.platform.database.db
        .selectFrom('meeting_attendees')
        .select(['name_enc', 'name_masked'])
        .where('id', '=', walkIn.body.id)
        .executeTakeFirstOrThrow();
      assert.equal(stored.name_masked, maskName('王建国'));
      assert.ok(!stored.name_enc.includes('王建国'), 'names are stored encrypted');
      const after = (await staff.get<MeetingDetail>(`/api/meetings/${m.id}`)).body;
      assert.equal(after.attendedCount, 3);
      assert.equal(after.registeredCount, 2);
    });

    it('when the minutes are published with an outcome per item, then each item is decided once and registrants are told', async () => {
      const m = (await schedule(staff, { title: '纪要测试', agenda: [{ title: '楼道堆物清理' }] }))
        .body;
      const proposalId = crypto.randomUUID();
      const added = await tp.platform.database.db.transaction().execute((trx) =>
        addAgendaItem(trx, {
          meetingId: m.id,
          committeeCode: COMMITTEE,
          title: '增设非机动车充电桩',
          sourceType: 'proposal',
          sourceId: proposalId,
        }),
      );
      const again = await tp.platform.database.db.transaction().execute((trx) =>
        addAgendaItem(trx, {
          meetingId: m.id,
          committeeCode: COMMITTEE,
          title: '增设非机动车充电桩',
          sourceType: 'proposal',
          sourceId: proposalId,
        }),
      );
      assert.equal(again.itemId, added.itemId, 'the same source is added once');
      await assert.rejects(
        tp.platform.database.db.transaction().execute((trx) =>
          addAgendaItem(trx, {
            meetingId: m.id,
            committeeCode: OTHER,
            title: 'x',
            sourceType: 'proposal',
            sourceId: proposalId,
          }),
        ),
        (e: { statusCode?: number }) => e.statusCode === 404,
      );
      await alice.request('PUT', `/api/meetings/${m.id}/registration`);
      const detail = (await staff.get<MeetingDetail>(`/api/meetings/${m.id}`)).body;
      assert.equal(detail.agenda.length, 2);
      const [written, fromProposal] = detail.agenda;
      const url = `/api/meetings/${m.id}/minutes`;
      const body = {
        minutes: '出席 12 人。<script>alert(1)</script> 讨论了两项议题。',
        outcomes: [
          { itemId: written!.id, decision: 'adopted', outcome: '本周六集中清理' },
          { itemId: fromProposal!.id, decision: 'deferred', outcome: '待物业报价后再议' },
        ],
      };
      const early = await staff.post<Err>(url, body);
      assert.equal(early.status, 409, 'not before the meeting begins');
      await shiftTo(m.id, -1);
      const missing = await staff.post<Err>(url, { ...body, outcomes: body.outcomes.slice(0, 1) });
      assert.equal(missing.status, 400);
      assert.equal(missing.body.field, 'outcomes');
      const tooLong = await staff.post<Err>(url, { ...body, minutes: 'x'.repeat(20_001) });
      assert.equal(tooLong.status, 400);
      assert.equal((await alice.post(url, body)).status, 403);
      assert.equal(decided.filter((d) => detail.agenda.some((i) => i.id === d.itemId)).length, 0);
      const r = await staff.post<MeetingDetail>(url, body);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.state, 'held');
      assert.equal(r.body.minutes, body.minutes, 'stored as text (the web shows it as text)');
      assert.deepEqual(
        r.body.agenda.map((i) => i.decision),
        ['adopted', 'deferred'],
      );
      const mine = decided.filter((d) => detail.agenda.some((i) => i.id === d.itemId));
      assert.equal(mine.length, 2, 'one event per item');
      assert.deepEqual(
        mine.find((d) => d.itemId === added.itemId),
        {
          itemId: added.itemId,
          sourceType: 'proposal',
          sourceId: proposalId,
          decision: 'deferred',
        },
      );
      assert.equal((await staff.post(url, body)).status, 409, 'published once');
      assert.equal(decided.filter((d) => detail.agenda.some((i) => i.id === d.itemId)).length, 2);
      const told = await tp.platform.database.db
        .selectFrom('notifications')
        .select('body')
        .where('recipient_id', '=', aliceId)
        .where('body', 'like', '%纪要测试%')
        .execute();
      assert.equal(told.length, 1);
      // a held meeting takes no more items
      await assert.rejects(
        tp.platform.database.db.transaction().execute((trx) =>
          addAgendaItem(trx, {
            meetingId: m.id,
            committeeCode: COMMITTEE,
            title: 'x',
            sourceType: 'proposal',
            sourceId: crypto.randomUUID(),
          }),
        ),
        (e: { statusCode?: number }) => e.statusCode === 409,
      );
      const seen = await alice.get<MeetingDetail>(`/api/meetings/${m.id}`);
      assert.equal(seen.body.agenda[0]!.outcome, '本周六集中清理');
    });

    it('when three residents register at once for the last two seats, then exactly two get in', async () => {
      const m = (await schedule(staff, { title: '并发报名', capacity: 2 })).body;
      const url = `/api/meetings/${m.id}/registration`;
      const results = await Promise.all([alice, bob, cara].map((c) => c.request('PUT', url)));
      assert.deepEqual(results.map((r) => r.status).sort(), [200, 200, 409]);
      const row = await tp.platform.database.db
        .selectFrom('meetings')
        .select('registered_count')
        .where('id', '=', m.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.registered_count, 2);
    });

    it('when someone keeps guessing the door code, then the tries are limited (429)', async () => {
      const m = (await schedule(staff, { title: '限流测试' })).body;
      await shiftTo(m.id, 0.5);
      const code = await doorCode(m.id);
      const wrong = String((Number(code) + 7) % 1_000_000).padStart(6, '0');
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        statuses.push((await cara.post(`/api/meetings/${m.id}/check-in`, { code: wrong })).status);
      }
      assert.ok(
        statuses.slice(0, 10).every((s) => s === 400),
        statuses.join(),
      );
      assert.equal(statuses[11], 429);
    });

    it('when staff cancel a meeting, then registrants are told with the reason and it takes no registrations', async () => {
      const m = (
        await schedule(staff, { title: '取消测试 13812345678', agenda: [{ title: '改期安排' }] })
      ).body;
      assert.equal(m.title, '取消测试 138****5678', 'numbers in staff text are masked');
      await bob.request('PUT', `/api/meetings/${m.id}/registration`);
      // as if hundreds had registered: the registrants are told by the job, in batches
      await tp.platform.database.db
        .updateTable('meetings')
        .set({ registered_count: 500 })
        .where('id', '=', m.id)
        .execute();
      const r = await staff.post<MeetingDetail>(`/api/meetings/${m.id}/cancel`, {
        reason: '台风预警，改期举行',
      });
      assert.equal(r.status, 200);
      assert.equal(r.body.state, 'cancelled');
      const told = await eventually(async () => {
        const rows = await tp.platform.database.db
          .selectFrom('notifications as n')
          .innerJoin('accounts as a', 'a.id', 'n.recipient_id')
          .select('n.body')
          .where('a.username', '=', 'm-bob00001')
          .where('n.body', 'like', '%取消测试%台风预警%')
          .execute();
        return rows.length > 0 ? rows : null;
      });
      assert.ok(told.length >= 1);
      const event = cancelled.find((c) => c.meetingId === m.id);
      assert.deepEqual(
        event?.items.map((i) => [i.itemId, i.sourceType]),
        [[m.agenda[0]!.id, null]],
      );
      // the job's batch run again (a retry): nobody is told twice
      const toldBob = async () =>
        (
          await tp.platform.database.db
            .selectFrom('notifications as n')
            .innerJoin('accounts as a', 'a.id', 'n.recipient_id')
            .select('n.id')
            .where('a.username', '=', 'm-bob00001')
            .where('n.body', 'like', '%取消测试%')
            .execute()
        ).length;
      const toldBefore = await toldBob();
      await runTellRegistrants(tp.platform.deps, {
        meetingId: m.id,
        kind: 'cancelled',
        after: null,
      });
      assert.equal(await toldBob(), toldBefore);
      assert.equal((await cara.request('PUT', `/api/meetings/${m.id}/registration`)).status, 409);
      assert.equal(
        (await staff.post(`/api/meetings/${m.id}/cancel`, { reason: '再次取消' })).status,
        409,
      );
    });
  });
}
