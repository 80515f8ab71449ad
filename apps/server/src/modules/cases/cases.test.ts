import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import {
  accountId,
  DATABASES,
  eventually,
  startTestPlatform,
  uploadTestPhoto,
  type Client,
  type TestPlatform,
} from '../../testing.js';
import { runDeadline } from './case-deadlines.js';
import { rebuildRollups, verifyRollups } from './rollups.js';

const STREET = '310101002000'; // 南京东路街道
const COMMITTEE = '310101002001'; // 云南中路居委会

for (const kind of DATABASES) {
  describe(`cases: the closed loop over HTTP (${kind})`, () => {
    let tp: TestPlatform;
    let inspector: Client;
    let handler: Client;
    let street: Client;
    let handlerId: string;
    let here: { lat: number; lng: number };

    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000, jobPollMs: 100 });
      [inspector, handler, street] = await Promise.all([
        tp.login('inspector'),
        tp.login('handler'),
        tp.login('nanjingdong'),
      ]);
      handlerId = await accountId(tp, 'handler');
      here = await tp.centreOf(COMMITTEE);
      // the point leader of a supermarket on the committee's centre
      const point = await street.post('/api/dispatch/points', {
        name: '第一食品商店',
        kind: 'shop',
        lat: here.lat,
        lng: here.lng,
        radiusMeters: 80,
        scenarioCodes: ['fire-exit-blocked'],
        leaderId: handlerId,
        unitName: '第一食品商店物业',
      });
      assert.equal(point.status, 201, JSON.stringify(point.body));
    });
    after(() => tp.close());

    const FIRE_EXIT = { exit_location: '东侧安全出口', blocked_by: 'goods' };
    const report = (c: Client, body: object, headers: Record<string, string> = {}) =>
      c.post(
        '/api/cases',
        {
          scenarioCode: 'fire-exit-blocked',
          description: '超市安全出口被货物堵住',
          attributes: FIRE_EXIT,
          ...here,
          ...body,
        },
        headers,
      );

    it('when an inspector reports a blocked fire exit at a point, then its leader gets a text at once and every step is on the timeline', async () => {
      const before = await uploadTestPhoto(inspector);
      const created = await report(inspector, { photoIds: [before] });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const c = created.body;
      assert.equal(c.status, 'dispatched');
      assert.equal(c.assigneeName, '物业点位长 周军');
      assert.equal(c.unitName, '第一食品商店物业');
      assert.deepEqual(c.photoIds, [before]);
      assert.deepEqual(c.chain.map((a: { code: string }) => a.code).slice(0, 4), [
        '310000000000',
        '310101000000',
        STREET,
        COMMITTEE,
      ]);
      // the answer is built from what was written: it reads as the case read back, but for
      // the text, which may have gone out in between
      assert.equal(c.smsStatus, 'pending');
      const readBack = await inspector.get(`/api/cases/${c.id}`);
      assert.deepEqual({ ...c, smsStatus: null }, { ...readBack.body, smsStatus: null });

      // the text is in the outbox (短信发件箱), sent to the masked number of the point leader
      const sms = await eventually(async () => {
        const box = await street.get('/api/sms-outbox');
        return box.body.items.find(
          (m: { caseId: string; status: string }) => m.caseId === c.id && m.status === 'sent',
        );
      });
      assert.equal(sms.to, '138****0007');
      assert.match(sms.body, new RegExp(c.number));
      const notices = await handler.get('/api/notices');
      assert.ok(notices.body.items.some((n: { caseId: string }) => n.caseId === c.id));

      // the handler accepts, reports progress, cannot resolve without an after photo, then resolves
      const mine = await handler.get('/api/cases?mine=true');
      assert.ok(mine.body.items.some((x: { id: string }) => x.id === c.id));
      const seen = await handler.get(`/api/cases/${c.id}`);
      assert.deepEqual(seen.body.allowedActions.sort(), ['accept', 'return', 'supplement'].sort());
      assert.equal(
        (await handler.post(`/api/cases/${c.id}/actions`, { action: 'accept' })).body.status,
        'accepted',
      );
      assert.equal(
        (
          await handler.post(`/api/cases/${c.id}/actions`, {
            action: 'progress',
            note: '正在搬离货物',
          })
        ).body.status,
        'in_progress',
      );
      const noPhoto = await handler.post(`/api/cases/${c.id}/actions`, {
        action: 'resolve',
        note: '已打开',
      });
      assert.equal(noPhoto.status, 400);
      assert.equal(noPhoto.body.field, 'photoIds');
      const afterPhoto = await uploadTestPhoto(handler, { r: 20, g: 200, b: 20 });
      const resolved = await handler.post(`/api/cases/${c.id}/actions`, {
        action: 'resolve',
        note: '安全出口已打开',
        photoIds: [afterPhoto],
      });
      assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
      assert.equal(resolved.body.status, 'resolved');

      // the inspector sees the after photo, verifies and closes
      assert.equal((await inspector.get(`/api/photos/${afterPhoto}/thumb`)).status, 200);
      const closed = await inspector.post(`/api/cases/${c.id}/actions`, {
        action: 'close',
        note: '已核实',
      });
      assert.equal(closed.body.status, 'closed');
      const steps = closed.body.timeline.map((e: { action: string }) => e.action);
      assert.deepEqual(steps, ['report', 'dispatch', 'accept', 'progress', 'resolve', 'close']);
      for (const e of closed.body.timeline.slice(1)) assert.ok(e.sincePreviousSeconds >= 0);
      // the automatic dispatch has no actor; the web app names it and words how (point or rule)
      assert.equal(closed.body.timeline[1].actorName, null);
      assert.ok(['point', 'rule'].includes(closed.body.timeline[1].detail.via));
      assert.equal(closed.body.timeline[2].actorName, '物业点位长 周军');

      // nothing more is allowed on a closed case: 409 says what is
      const late = await handler.post(`/api/cases/${c.id}/actions`, { action: 'accept' });
      assert.equal(late.status, 409);
      assert.match(late.body.message, /closed/);
    });

    it('when two people act at once, then only one wins', async () => {
      const c = (await report(inspector, {})).body;
      const [a, b] = await Promise.all([
        handler.post(`/api/cases/${c.id}/actions`, { action: 'accept' }),
        handler.post(`/api/cases/${c.id}/actions`, { action: 'return', note: '不归我管' }),
      ]);
      assert.deepEqual([a.status, b.status].sort(), [200, 409]);
      const d = await street.get(`/api/cases/${c.id}`);
      assert.equal(
        d.body.timeline.filter(
          (e: { action: string }) => e.action === 'accept' || e.action === 'return',
        ).length,
        1,
      );
      const stale = await street.post(`/api/cases/${c.id}/actions`, {
        action: 'reject',
        note: '重复',
        expectedVersion: 0,
      });
      assert.equal(stale.status, 409);
    });

    it('when no rule or point fits, then the case waits in the street queue, and the street dispatches it', async () => {
      const c = (
        await report(inspector, {
          scenarioCode: 'illegal-small-ads',
          description: '墙上小广告',
          attributes: {},
          lat: here.lat + 0.002,
        })
      ).body;
      assert.equal(c.status, 'reported');
      assert.equal(c.assigneeName, null);
      assert.deepEqual(
        c.timeline.map((e: { action: string }) => e.action),
        ['report', 'queue'],
      );
      const notices = await street.get('/api/notices');
      assert.ok(notices.body.items.some((n: { caseId: string }) => n.caseId === c.id));
      const d = await street.post(`/api/cases/${c.id}/actions`, {
        action: 'dispatch',
        assigneeId: handlerId,
        note: '请处理',
      });
      assert.equal(d.status, 200, JSON.stringify(d.body));
      assert.equal(d.body.status, 'dispatched');
      assert.equal(d.body.assigneeName, '物业点位长 周军');

      // the dispatch gave the case new deadlines: the queue's chain ends at its next step
      const { db } = tp.platform.database;
      const pending = () =>
        db
          .selectFrom('jobs')
          .select(['id', 'payload'])
          .where('kind', '=', 'case.deadline')
          .where(sql`payload->>'caseId'`, '=', c.id)
          .where('done_at', 'is', null)
          .orderBy('id')
          .execute();
      const [queued, dispatched] = await pending();
      assert.ok(queued && dispatched, 'one chain per assignment');
      await tp.platform.deps.jobs.stop();
      try {
        await db
          .updateTable('jobs')
          .set({ run_at: new Date(Date.now() - 1000) })
          .where('id', '=', queued.id)
          .execute();
        assert.ok((await tp.platform.deps.jobs.runDue()) >= 1);
      } finally {
        tp.platform.deps.jobs.start();
      }
      assert.deepEqual(
        (await pending()).map((j) => j.id),
        [dispatched.id],
      );
      const after = await street.get(`/api/cases/${c.id}`);
      assert.equal(after.body.status, 'dispatched', 'a superseded deadline escalates nothing');
    });

    it('when a case, a rule or a point is put on an account whose roles do not reach its area, then 400 names the field and nothing changes', async () => {
      const huangpu = await tp.login('huangpu');
      // a handler of 外滩街道, the next street: active, but not responsible here
      const made = await huangpu.post('/api/accounts', {
        username: 'waitan.handler',
        displayName: '外滩 处置人',
        password: 'a-long-password-1',
        roles: [{ role: 'handler', areaCode: '310101013000' }],
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const outsider = made.body.id as string;
      const residentId = await accountId(tp, 'resident');
      const c = (
        await report(inspector, {
          scenarioCode: 'illegal-small-ads',
          description: '墙上小广告（派错街道）',
          attributes: {},
          lat: here.lat + 0.002,
        })
      ).body;
      assert.equal(c.status, 'reported');
      for (const who of [outsider, residentId]) {
        const d = await street.post(`/api/cases/${c.id}/actions`, {
          action: 'dispatch',
          assigneeId: who,
        });
        assert.equal(d.status, 400, JSON.stringify(d.body));
        assert.equal(d.body.field, 'assigneeId');
        assert.match(d.body.message, /reaches/);
      }
      const still = await street.get(`/api/cases/${c.id}`);
      assert.equal(still.body.status, 'reported');
      assert.equal(still.body.assigneeName, null);

      const rule = await street.post('/api/dispatch/rules', {
        scenarioCode: 'illegal-small-ads',
        areaCode: COMMITTEE,
        unitName: '外滩物业',
        assigneeId: outsider,
      });
      assert.equal(rule.status, 400, JSON.stringify(rule.body));
      assert.equal(rule.body.field, 'assigneeId');
      const point = await street.post('/api/dispatch/points', {
        name: '外滩的点位长',
        kind: 'shop',
        lat: here.lat,
        lng: here.lng,
        radiusMeters: 50,
        scenarioCodes: null,
        leaderId: outsider,
        unitName: '外滩物业',
      });
      assert.equal(point.status, 400, JSON.stringify(point.body));
      assert.equal(point.body.field, 'leaderId');

      // the street's own handler is fine
      const ok = await street.post(`/api/cases/${c.id}/actions`, {
        action: 'dispatch',
        assigneeId: handlerId,
      });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
    });

    it('when someone asks for similar cases nearby, then only cases they may see are listed', async () => {
      const resident = await tp.login('resident');
      const staffCase = (await report(inspector, { description: '附近的重复上报' })).body;
      const q = `/api/cases/nearby?scenarioCode=fire-exit-blocked&lat=${here.lat}&lng=${here.lng}`;
      const forStreet = await street.get(q);
      assert.equal(forStreet.status, 200);
      const seen = forStreet.body.items.find((x: { id: string }) => x.id === staffCase.id);
      assert.ok(seen, 'the street sees the case in its area');
      assert.equal(seen.description, '附近的重复上报');
      const forResident = await resident.get(q);
      assert.equal(forResident.status, 200);
      assert.ok(
        !forResident.body.items.some((x: { id: string }) => x.id === staffCase.id),
        "a case outside the resident's scope is not listed",
      );
      const own = (await report(resident, { description: '居民自己的上报' })).body;
      const again = await resident.get(q);
      assert.deepEqual(
        again.body.items.map((x: { id: string }) => x.id),
        [own.id],
        'a resident is offered only the cases they reported',
      );
    });

    it('when the returned, rejected and merged paths are taken, then each ends where it should', async () => {
      const a = (await report(inspector, {})).body;
      const r = await handler.post(`/api/cases/${a.id}/actions`, { action: 'return' });
      assert.equal(r.status, 400, 'a return needs a reason');
      assert.equal(r.body.field, 'note');
      const returned = await handler.post(`/api/cases/${a.id}/actions`, {
        action: 'return',
        note: '派错了',
      });
      assert.equal(returned.body.status, 'returned', JSON.stringify(returned.body));
      assert.ok(
        !returned.body.allowedActions.includes('accept'),
        'a returned case waits for the street',
      );
      const rejected = await street.post(`/api/cases/${a.id}/actions`, {
        action: 'reject',
        note: '非本辖区事项',
      });
      assert.equal(rejected.body.status, 'rejected');

      const b = (await report(inspector, {})).body;
      const dup = (await report(inspector, { description: '同一个出口' })).body;
      const other = (
        await report(inspector, {
          scenarioCode: 'noise-nuisance',
          description: '噪声',
          attributes: { source: 'renovation' },
        })
      ).body;
      const wrong = await street.post(`/api/cases/${dup.id}/actions`, {
        action: 'merge',
        targetCaseId: other.id,
      });
      assert.equal(wrong.status, 400);
      assert.equal(wrong.body.rule, 'same-scenario');
      const merged = await street.post(`/api/cases/${dup.id}/actions`, {
        action: 'merge',
        targetCaseId: b.id,
      });
      assert.equal(merged.body.status, 'merged');
      assert.equal(merged.body.mergedInto, b.id);
      const target = await street.get(`/api/cases/${b.id}`);
      assert.ok(target.body.timeline.some((e: { action: string }) => e.action === 'merge-in'));
    });

    it('when the resolve deadline nears, then a job warns the responsible person on the timeline and by text', async () => {
      const c = (await report(inspector, {})).body;
      const { db } = tp.platform.database;
      const deadlines = () =>
        db
          .selectFrom('jobs')
          .select(['id', sql<string>`payload->>'kind'`.as('kind')])
          .where('kind', '=', 'case.deadline')
          .where(sql`payload->>'caseId'`, '=', c.id)
          .where('done_at', 'is', null)
          .execute();
      const runNow = (id: number) =>
        db
          .updateTable('jobs')
          .set({ run_at: new Date(Date.now() - 1000) })
          .where('id', '=', id)
          .execute();
      // one job holds the case's deadlines: the accept step first, then the next is enqueued
      const first = await deadlines();
      assert.deepEqual(
        first.map((j) => j.kind),
        ['accept'],
      );
      assert.equal(
        (await handler.post(`/api/cases/${c.id}/actions`, { action: 'accept' })).body.status,
        'accepted',
      );
      await tp.platform.deps.jobs.stop();
      try {
        await runNow(first[0]!.id);
        assert.ok((await tp.platform.deps.jobs.runDue()) >= 1);
        const second = await deadlines();
        assert.deepEqual(
          second.map((j) => j.kind),
          ['warn'],
          'an accepted case is not escalated, and its warning comes next',
        );
        await runNow(second[0]!.id);
        assert.ok((await tp.platform.deps.jobs.runDue()) >= 1);
        assert.deepEqual(
          (await deadlines()).map((j) => j.kind),
          ['resolve'],
        );
      } finally {
        tp.platform.deps.jobs.start();
      }
      const d = await street.get(`/api/cases/${c.id}`);
      assert.equal(d.body.status, 'accepted', 'a warning changes no status');
      assert.ok(d.body.timeline.some((e: { action: string }) => e.action === 'warn'));
      const texts = await eventually(async () => {
        const box = await street.get('/api/sms-outbox');
        const mine = box.body.items.filter((m: { caseId: string }) => m.caseId === c.id);
        return mine.length >= 2 ? mine : null;
      });
      assert.ok(texts.some((m: { body: string }) => /超时/.test(m.body)));
    });

    it('when a case misses its accept deadline, then a durable job escalates it up the tree and tells people', async () => {
      const c = (await report(inspector, {})).body;
      const { db } = tp.platform.database;
      await tp.platform.deps.jobs.stop();
      try {
        const past = new Date(Date.now() - 60_000);
        await db.updateTable('cases').set({ accept_due_at: past }).where('id', '=', c.id).execute();
        await db
          .updateTable('jobs')
          .set({
            run_at: past,
            payload: sql`jsonb_set(payload, '{due}', to_jsonb(${past.toISOString()}::text))`,
          })
          .where(sql`payload->>'caseId'`, '=', c.id)
          .where(sql`payload->>'kind'`, '=', 'accept')
          .execute();
        assert.ok((await tp.platform.deps.jobs.runDue()) >= 1);
      } finally {
        tp.platform.deps.jobs.start();
      }
      const d = await street.get(`/api/cases/${c.id}`);
      assert.equal(d.body.status, 'escalated');
      assert.equal(d.body.escalationLevel, 1);
      const esc = d.body.timeline.find((e: { action: string }) => e.action === 'escalate');
      assert.equal(esc.detail.toAreaCode, '310101000000');
      assert.equal(esc.actorName, null, 'the deadline acts as nobody: the web app names it');
      const district = await tp.login('huangpu');
      const notices = await district.get('/api/notices');
      assert.ok(
        notices.body.items.some((n: { caseId: string }) => n.caseId === c.id),
        'the district is told',
      );
      // the handler can still act on it
      assert.equal(
        (await handler.post(`/api/cases/${c.id}/actions`, { action: 'accept' })).body.status,
        'accepted',
      );
    });

    it('when nobody picks a case up, then it climbs street → district → city and stops at the city', async () => {
      const c = (await report(inspector, { lat: here.lat + 0.02 })).body; // away from the point
      const { db } = tp.platform.database;
      const missDeadline = async () => {
        const due = new Date(Date.now() - 60_000);
        await db.updateTable('cases').set({ accept_due_at: due }).where('id', '=', c.id).execute();
        await runDeadline(tp.platform.deps, {
          caseId: c.id,
          kind: 'accept',
          due: due.toISOString(),
        });
        return db
          .selectFrom('cases')
          .select(['queue_area_code', 'escalation_level'])
          .where('id', '=', c.id)
          .executeTakeFirstOrThrow();
      };
      const steps = [await missDeadline(), await missDeadline(), await missDeadline()];
      assert.deepEqual(
        steps.map((s) => [s.queue_area_code, s.escalation_level]),
        [
          ['310101000000', 1],
          ['310000000000', 2],
          ['310000000000', 2],
        ],
      );
    });

    it("when a case goes round the loop, then the dashboards' rollups move with it at every level and equal a recomputation", async () => {
      const { db } = tp.platform.database;
      const flows = async (area: string) => {
        const r = await db
          .selectFrom('case_flow_hourly')
          .select((eb) =>
            (
              [
                'reported',
                'accepted',
                'resolved',
                'resolved_on_time',
                'closed',
                'rated',
                'rating_sum',
              ] as const
            ).map((k) => eb.fn.coalesce(eb.fn.sum<number>(k), eb.lit(0)).as(k)),
          )
          .where('area_code', '=', area)
          .where('scenario_code', '=', 'fire-exit-blocked')
          .executeTakeFirstOrThrow();
        return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)]));
      };
      const closedStock = async (area: string) =>
        Number(
          (
            await db
              .selectFrom('case_status_counts')
              .select('n')
              .where('area_code', '=', area)
              .where('scenario_code', '=', 'fire-exit-blocked')
              .where('status', '=', 'closed')
              .executeTakeFirst()
          )?.n ?? 0,
        );
      const levels = ['310000000000', '310101000000', STREET, COMMITTEE];
      const before = await Promise.all(levels.map(flows));
      const closedBefore = await Promise.all(levels.map(closedStock));
      const resident = await tp.login('resident');
      const c = (await report(resident, {})).body;
      assert.equal(c.status, 'dispatched');
      const act = async (who: Client, body: object) => {
        const r = await who.post(`/api/cases/${c.id}/actions`, body);
        assert.equal(r.status, 200, JSON.stringify(r.body));
      };
      await act(handler, { action: 'accept' });
      await act(handler, { action: 'resolve', photoIds: [await uploadTestPhoto(handler)] });
      await act(resident, { action: 'rate', rating: 5 });
      await act(resident, { action: 'close' });
      const after = await Promise.all(levels.map(flows));
      levels.forEach((_, i) =>
        assert.deepEqual(
          Object.fromEntries(
            Object.keys(after[i]!).map((k) => [k, after[i]![k]! - before[i]![k]!]),
          ),
          {
            reported: 1,
            accepted: 1,
            resolved: 1,
            resolved_on_time: 1,
            closed: 1,
            rated: 1,
            rating_sum: 5,
          },
          levels[i],
        ),
      );
      assert.deepEqual(
        (await Promise.all(levels.map(closedStock))).map((n, i) => n - closedBefore[i]!),
        [1, 1, 1, 1],
      );
      assert.deepEqual(await verifyRollups(db), []);
      await rebuildRollups(db);
      assert.deepEqual(await verifyRollups(db), []);
      assert.deepEqual(await Promise.all(levels.map(flows)), after);
    });
  });
}
