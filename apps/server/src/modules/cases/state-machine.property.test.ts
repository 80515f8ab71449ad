import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CASE_ACTIONS, TERMINAL_STATUSES, type CaseAction, type CaseStatus } from '@cc/contracts';
import fc from 'fast-check';
import {
  accountId,
  DATABASES,
  startTestPlatform,
  uploadTestPhoto,
  type Client,
  type TestPlatform,
} from '../../testing.js';
import { verifyRollups } from './rollups.js';
import { nextStatus } from './state-machine.js';

const ACTORS = ['inspector', 'handler', 'nanjingdong', 'resident'] as const;
type ActorName = (typeof ACTORS)[number];

for (const kind of DATABASES) {
  describe(`the state machine under any sequence of actions by any roles (${kind})`, () => {
    let tp: TestPlatform;
    let clients: Record<ActorName, Client>;
    let handlerId: string;
    let here: { lat: number; lng: number };
    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      clients = Object.fromEntries(
        await Promise.all(ACTORS.map(async (a) => [a, await tp.login(a)] as const)),
      ) as Record<ActorName, Client>;
      handlerId = await accountId(tp, 'handler');
      here = await tp.centreOf('310101002001');
      const rule = await clients.nanjingdong.post('/api/dispatch/rules', {
        scenarioCode: 'noise-nuisance',
        areaCode: '310101002000',
        unitName: '南京东路街道综合执法队',
        assigneeId: handlerId,
      });
      assert.equal(rule.status, 201);
    });
    after(() => tp.close());

    const report = async (
      scenarioCode: 'noise-nuisance' | 'illegal-small-ads',
      reporter: 'inspector' | 'resident',
    ) => {
      const r = await clients[reporter].post('/api/cases', {
        scenarioCode,
        description: '属性测试',
        attributes: scenarioCode === 'noise-nuisance' ? { source: 'renovation' } : {},
        ...here,
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body as { id: string };
    };

    it('keeps its invariants: no 500, allowedActions tells the truth, a refused step changes nothing, the timeline is one chain, an ended case stays ended, the rollups agree with the cases', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('noise-nuisance' as const, 'illegal-small-ads' as const),
          fc.constantFrom('inspector' as const, 'resident' as const),
          fc.array(fc.tuple(fc.constantFrom(...ACTORS), fc.constantFrom(...CASE_ACTIONS)), {
            minLength: 1,
            maxLength: 10,
          }),
          async (scenario, reporter, steps) => {
            const c = await report(scenario, reporter);
            const spare = await report(scenario, reporter); // a merge target
            const read = async () => (await clients.nanjingdong.get(`/api/cases/${c.id}`)).body;
            let state = await read();
            for (const [actor, action] of steps) {
              const mine = await clients[actor].get(`/api/cases/${c.id}`);
              const allowed: CaseAction[] = mine.status === 200 ? mine.body.allowedActions : [];
              const body: Record<string, unknown> = { action, note: '说明' };
              if (action === 'dispatch') body.assigneeId = handlerId;
              if (action === 'merge') body.targetCaseId = spare.id;
              if (action === 'rate') body.rating = 4;
              if (action === 'resolve' || action === 'supplement')
                body.photoIds = [await uploadTestPhoto(clients[actor])];
              const r = await clients[actor].post(`/api/cases/${c.id}/actions`, body);
              assert.ok(
                [200, 400, 403, 404, 409].includes(r.status),
                `${actor} ${action}: ${r.status} ${JSON.stringify(r.body)}`,
              );
              const now = await read();
              if (allowed.includes(action)) {
                assert.equal(
                  r.status,
                  200,
                  `${actor} was offered ${action} from ${state.status}: ${JSON.stringify(r.body)}`,
                );
              } else {
                assert.notEqual(
                  r.status,
                  200,
                  `${actor} was not offered ${action} from ${state.status} but it worked`,
                );
              }
              if (r.status === 200) {
                assert.equal(now.status, nextStatus(state.status as CaseStatus, action));
                assert.equal(now.version, state.version + 1);
              } else {
                assert.equal(now.status, state.status, 'a refused step changes nothing');
                assert.equal(now.version, state.version);
                assert.equal(now.timeline.length, state.timeline.length);
              }
              if (TERMINAL_STATUSES.includes(state.status)) assert.equal(now.status, state.status);
              state = now;
            }
            // the status-changing steps form one chain from the report
            const changes = state.timeline.filter(
              (e: { toStatus: string | null }) => e.toStatus !== null,
            );
            assert.equal(changes[0].action, 'report');
            for (let i = 1; i < changes.length; i++)
              assert.equal(changes[i].fromStatus, changes[i - 1].toStatus);
            assert.equal(changes.at(-1).toStatus, state.status);
            // the dashboards' rollups, kept step by step, equal a recomputation from scratch,
            // and the stock per status equals the cases' statuses
            const { db } = tp.platform.database;
            assert.deepEqual(await verifyRollups(db), []);
            const [stock, actual] = await Promise.all([
              db
                .selectFrom('case_status_counts')
                .select(['scenario_code', 'status', 'n'])
                .where('area_code', '=', '310101002000')
                .where('n', '<>', 0)
                .execute(),
              db
                .selectFrom('cases')
                .select(['scenario_code', 'status', (eb) => eb.fn.countAll<number>().as('n')])
                .where('area_path', 'like', '%/310101002000/%')
                .groupBy(['scenario_code', 'status'])
                .execute(),
            ]);
            const asMap = (rows: { scenario_code: string; status: string; n: unknown }[]) =>
              Object.fromEntries(rows.map((r) => [`${r.scenario_code} ${r.status}`, Number(r.n)]));
            assert.deepEqual(asMap(stock), asMap(actual));
          },
        ),
        { numRuns: Number(process.env.PROPERTY_RUNS ?? 15) },
      );
    });
  });
}
