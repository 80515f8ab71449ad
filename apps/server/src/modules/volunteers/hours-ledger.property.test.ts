import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import {
  accountId,
  DATABASES,
  DEMO_COMMITTEE,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../../testing.js';
import { AppError } from '../../platform/errors.js';
import { correctHours, creditHours } from './hours-ledger.js';

/**
 * The ledger's invariants under any sequence of credits (random intervals, overlapping or not,
 * for one to three volunteers), duplicate credits and corrections, through the use cases on a
 * real database: each credit earns min(claimed, its minutes no earlier credit covered); a
 * correction sets its credit's net or is refused (400 `minutes`) changing nothing; totals (over
 * HTTP and on the row) equal the sum of the nets and never exceed the union of the intervals;
 * nothing in the ledger is ever changed, only appended; the topic's minutes move with it.
 */

const MINUTE = 60_000;
// a Monday in Shanghai
const BASE = Date.parse('2024-06-03T00:00:00+08:00');

type Op =
  | { kind: 'credit'; v: number; start: number; length: number; claim: number }
  | { kind: 'correct'; k: number; percent: number }
  | { kind: 'again'; k: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('credit' as const),
      v: fc.nat({ max: 2 }),
      start: fc.nat({ max: 40 }), // × 30 minutes
      length: fc.nat({ max: 16 }), // × 15 minutes
      claim: fc.nat({ max: 100 }), // % of the interval
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('correct' as const),
      k: fc.nat(),
      percent: fc.nat({ max: 130 }), // of the interval: over the room is refused
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('again' as const), k: fc.nat() }) },
);

interface Credit {
  volunteer: string;
  taskId: string;
  from: number; // minutes after BASE
  to: number;
  room: number; // minutes of its interval no earlier credit of the volunteer covers
  net: number;
}

for (const kind of DATABASES) {
  describe(`the hours ledger under any sequence of credits and corrections (${kind})`, () => {
    let tp: TestPlatform;
    let staff: Client;
    let staffId: string;
    let committeePath: string;
    const db = () => tp.platform.database.db;

    before(async () => {
      tp = await startTestPlatform(kind, { loginsPerMinutePerIp: 1000 });
      staff = await tp.login('yunnan');
      staffId = await accountId(tp, 'yunnan');
      committeePath = (
        await db()
          .selectFrom('areas')
          .select('path')
          .where('code', '=', DEMO_COMMITTEE)
          .executeTakeFirstOrThrow()
      ).path;
    });
    after(() => tp.close());

    const newVolunteer = async (): Promise<string> => {
      const r = await staff.post('/api/volunteers', {
        committeeCode: DEMO_COMMITTEE,
        name: '周志愿',
        phone: `136${String(crypto.randomInt(0, 100_000_000)).padStart(8, '0')}`,
        skills: [],
        availability: [],
        serveAreaCodes: [DEMO_COMMITTEE],
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body.id as string;
    };
    /** a done task for the credit to point at (one credit per task) */
    const newTask = async (volunteerId: string): Promise<string> => {
      const id = crypto.randomUUID();
      await db()
        .insertInto('volunteer_tasks')
        .values({
          id,
          title: '属性测试',
          lat: 31.23,
          lng: 121.48,
          area_path: committeePath,
          volunteer_id: volunteerId,
          status: 'done',
          sent_by: staffId,
          sent_by_name: '刘芳',
        })
        .execute();
      return id;
    };
    const serviceMinutes = async () =>
      Number(
        (
          await sql<{ n: string | null }>`select sum(value) as n from topic_feed_figures
            where topic = 'volunteers' and metric = 'service_minutes' and area_path = ${committeePath}`.execute(
            db(),
          )
        ).rows[0]?.n ?? 0,
      );
    const refusal = async (work: () => Promise<unknown>): Promise<AppError> => {
      try {
        await work();
      } catch (e) {
        if (e instanceof AppError) return e;
        throw e;
      }
      assert.fail('expected a refusal');
    };

    it('keeps its invariants: clipped credits, corrections within the room, totals = the nets ≤ the union, append-only', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 3 }),
          fc.array(opArb, { minLength: 1, maxLength: 10 }),
          async (people, ops) => {
            const volunteers = await Promise.all(Array.from({ length: people }, newVolunteer));
            const covered = new Map(volunteers.map((v) => [v, new Set<number>()]));
            const credits: Credit[] = [];
            // the ledger as it must read: every entry appended, none changed
            const expected: { volunteer: string; kind: string; minutes: number; task: string }[] =
              [];
            const minutesBefore = await serviceMinutes();

            for (const op of ops) {
              if (op.kind === 'credit') {
                const volunteer = volunteers[op.v % people]!;
                const from = op.start * 30;
                const to = from + op.length * 15;
                const claimed = Math.floor(((to - from) * op.claim) / 100);
                const seen = covered.get(volunteer)!;
                let room = 0;
                for (let m = from; m < to; m++) if (!seen.has(m)) room++;
                for (let m = from; m < to; m++) seen.add(m);
                const taskId = await newTask(volunteer);
                const got = await db()
                  .transaction()
                  .execute((trx) =>
                    creditHours(trx, {
                      volunteerId: volunteer,
                      category: 'emergency',
                      title: '属性测试',
                      fromAt: new Date(BASE + from * MINUTE),
                      toAt: new Date(BASE + to * MINUTE),
                      claimedMinutes: claimed,
                      taskId,
                      byAccount: staffId,
                    }),
                  );
                assert.equal(got.minutes, Math.min(claimed, room));
                credits.push({ volunteer, taskId, from, to, room, net: got.minutes });
                expected.push({ volunteer, kind: 'credit', minutes: got.minutes, task: taskId });
              } else if (op.kind === 'again') {
                if (credits.length === 0) continue;
                const c = credits[op.k % credits.length]!;
                const e = await refusal(() =>
                  db()
                    .transaction()
                    .execute((trx) =>
                      creditHours(trx, {
                        volunteerId: c.volunteer,
                        category: 'emergency',
                        title: '再次确认',
                        fromAt: new Date(BASE + c.from * MINUTE),
                        toAt: new Date(BASE + c.to * MINUTE),
                        claimedMinutes: 0,
                        taskId: c.taskId,
                        byAccount: staffId,
                      }),
                    ),
                );
                assert.equal(e.statusCode, 409);
              } else {
                if (credits.length === 0) continue;
                const c = credits[op.k % credits.length]!;
                const minutes = Math.floor(((c.to - c.from) * op.percent) / 100);
                const correct = () =>
                  db()
                    .transaction()
                    .execute((trx) =>
                      correctHours(trx, {
                        taskId: c.taskId,
                        minutes,
                        note: '更正',
                        byAccount: staffId,
                      }),
                    );
                if (minutes > c.room) {
                  const e = await refusal(correct);
                  assert.equal(e.statusCode, 400);
                  assert.equal(e.field, 'minutes');
                } else {
                  const got = await correct();
                  assert.equal(got.minutes, minutes);
                  expected.push({
                    volunteer: c.volunteer,
                    kind: 'correction',
                    minutes: minutes - c.net,
                    task: c.taskId,
                  });
                  c.net = minutes;
                }
              }
            }

            const rows = await db()
              .selectFrom('volunteer_hours')
              .select(['volunteer_id', 'kind', 'minutes', 'task_id'])
              .where('volunteer_id', 'in', volunteers)
              .orderBy('id')
              .execute();
            assert.deepEqual(
              rows.map((r) => ({
                volunteer: r.volunteer_id,
                kind: r.kind,
                minutes: r.minutes,
                task: r.task_id,
              })),
              expected,
            );
            let all = 0;
            for (const v of volunteers) {
              const nets = credits.filter((c) => c.volunteer === v).reduce((s, c) => s + c.net, 0);
              const union = covered.get(v)!.size;
              assert.ok(nets <= union, `nets ${nets} > union ${union}`);
              const hours = await staff.get(`/api/volunteers/${v}/hours?limit=1`);
              assert.equal(hours.status, 200);
              assert.equal(hours.body.totals.totalMinutes, nets);
              assert.equal(
                hours.body.totals.byYear.reduce(
                  (s: number, y: { minutes: number }) => s + y.minutes,
                  0,
                ),
                nets,
              );
              const row = await db()
                .selectFrom('volunteers')
                .select('total_minutes')
                .where('id', '=', v)
                .executeTakeFirstOrThrow();
              assert.equal(row.total_minutes, nets);
              all += nets;
            }
            assert.equal((await serviceMinutes()) - minutesBefore, all);
          },
        ),
        { numRuns: 30 },
      );
    });

    it('when the same interval is credited twice at once, then it counts once', async () => {
      const v = await newVolunteer();
      const [t1, t2] = [await newTask(v), await newTask(v)];
      const credit = (taskId: string) =>
        db()
          .transaction()
          .execute((trx) =>
            creditHours(trx, {
              volunteerId: v,
              category: 'emergency',
              title: '同时确认',
              fromAt: new Date(BASE),
              toAt: new Date(BASE + 120 * MINUTE),
              claimedMinutes: 120,
              taskId,
              byAccount: staffId,
            }),
          );
      const got = await Promise.all([credit(t1), credit(t2)]);
      assert.deepEqual(
        got.map((g) => g.minutes).sort((a, b) => a - b),
        [0, 120],
      );
      const hours = await staff.get(`/api/volunteers/${v}/hours`);
      assert.equal(hours.body.totals.totalMinutes, 120);
    });
  });
}
