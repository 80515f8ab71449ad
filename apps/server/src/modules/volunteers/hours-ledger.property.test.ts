import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { TopicBoard } from '@cc/contracts';
import fc from 'fast-check';
import { sql } from 'kysely';
import { shanghaiDate, shanghaiMidnight } from '../../platform/shanghai-time.js';
import {
  accountId,
  DATABASES,
  DEMO_COMMITTEE,
  eventually,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../../testing.js';
import { activityBody, insertCheckedOutSignup, publishActivity } from '../../testing-volunteers.js';
import { AppError } from '../../platform/errors.js';
import { correctHours, creditHours } from './hours-ledger.js';
import { activeSince, volunteerTransaction } from './volunteer-figures.js';

/**
 * The ledger's invariants under any sequence of credits (random intervals, overlapping or not,
 * for one to three volunteers), duplicate credits and corrections on a real database — some
 * through the use cases, some through HTTP as the organiser confirms and corrects a sign-up's
 * hours (POST /api/volunteer-signups/:id/confirm and …/correct): each credit earns min(claimed,
 * its minutes no earlier credit covered); a correction sets its credit's net or is refused (400
 * `minutes`) changing nothing; totals (over HTTP and on the row) equal the sum of the nets and
 * never exceed the union of the intervals; nothing in the ledger is ever changed, only
 * appended; each volunteer's newest day of service is that of their credits with a net above 0;
 * and the volunteers board (read over HTTP) moves its minutes by the nets and its active
 * volunteers by those whose newest service lies in the window.
 *
 * The intervals straddle the Shanghai midnight where the active window begins, so that a credit
 * or a correction moves a volunteer into or out of the active count.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

type Op =
  | { kind: 'credit'; v: number; start: number; length: number; claim: number; http: boolean }
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
      http: fc.boolean(), // a sign-up confirmed over HTTP, or a task's credit by the use case
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
  /** the task (use case) or the sign-up (HTTP) the credit belongs to */
  ref: string;
  http: boolean;
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
    /** the service activity the sign-ups confirmed over HTTP belong to */
    let activityId: string;
    /** the first day of the active window (as the figures count it) and 12 h before it */
    let windowStart: string;
    let BASE: number;
    const db = () => tp.platform.database.db;

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
    const newSignup = (volunteerId: string, from: Date, to: Date) =>
      insertCheckedOutSignup(db(), { activityId, volunteerId, from, to });
    /** the volunteers board of the committee over [from, to) (HTTP) */
    const board = async (metric: string, range = '') => {
      const r = await staff.get<TopicBoard>(`/api/topics/volunteers/${DEMO_COMMITTEE}${range}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body.metrics.find((m) => m.id === metric)!;
    };
    /** today's active volunteers on the board (five served lately: shown, not "<5") */
    const fedActive = async () => {
      const m = await board('active_volunteers');
      assert.notEqual(m.value, null, `shown: ${m.display}`);
      return m.value!;
    };
    /** the minutes confirmed for the days of the intervals (the board shows hours to 0.01) */
    const fedMinutes = async () => {
      const from = new Date(BASE - DAY).toISOString();
      const to = new Date(BASE + 3 * DAY).toISOString();
      const m = await board(
        'service_minutes',
        `?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      );
      return Math.round((m.value ?? 0) * 60);
    };
    const refusal = async (work: () => Promise<unknown>): Promise<AppError> => {
      try {
        await work();
      } catch (e) {
        if (e instanceof AppError) return e;
        throw e;
      }
      assert.fail('expected a refusal');
    };

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
      activityId = (await publishActivity(staff, activityBody(await tp.centreOf(DEMO_COMMITTEE))))
        .id;
      // the newest day the decay counted down (today's, run at start) fixes the window counted
      const decayed = await eventually(async () => {
        const r = await sql<{ day: string | null }>`
          select max(day)::text as day from volunteer_active_decays`.execute(db());
        return r.rows[0]?.day;
      });
      windowStart = activeSince(decayed);
      BASE = shanghaiMidnight(windowStart).getTime() - 12 * 60 * MINUTE;
      // five who served an hour ago: the board shows the active figure itself
      for (let i = 0; i < 5; i++) {
        const v = await newVolunteer();
        const taskId = await newTask(v);
        await volunteerTransaction(tp.platform.deps, (trx) =>
          creditHours(trx, {
            volunteerId: v,
            category: 'emergency',
            title: '近期服务',
            fromAt: new Date(Date.now() - 2 * 60 * MINUTE),
            toAt: new Date(Date.now() - 60 * MINUTE),
            claimedMinutes: 60,
            taskId,
            byAccount: staffId,
          }),
        );
      }
    });
    after(() => tp.close());

    it('keeps its invariants: clipped credits, corrections within the room, totals = the nets ≤ the union, append-only, the newest service and the board', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 3 }),
          fc.array(opArb, { minLength: 1, maxLength: 10 }),
          async (people, ops) => {
            const volunteers = await Promise.all(Array.from({ length: people }, newVolunteer));
            const covered = new Map(volunteers.map((v) => [v, new Set<number>()]));
            const credits: Credit[] = [];
            // the ledger as it must read: every entry appended, none changed
            const expected: { volunteer: string; kind: string; minutes: number; ref: string }[] =
              [];
            const [activeBefore, minutesBefore] = [await fedActive(), await fedMinutes()];
            const at = (m: number) => new Date(BASE + m * MINUTE);

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
                let ref: string;
                let got: number;
                if (op.http) {
                  ref = await newSignup(volunteer, at(from), at(to));
                  const r = await staff.post(`/api/volunteer-signups/${ref}/confirm`, {
                    minutes: claimed,
                  });
                  assert.equal(r.status, 200, JSON.stringify(r.body));
                  const entry = await db()
                    .selectFrom('volunteer_hours')
                    .select('minutes')
                    .where('signup_id', '=', ref)
                    .where('kind', '=', 'credit')
                    .executeTakeFirstOrThrow();
                  got = entry.minutes;
                } else {
                  ref = await newTask(volunteer);
                  got = (
                    await volunteerTransaction(tp.platform.deps, (trx) =>
                      creditHours(trx, {
                        volunteerId: volunteer,
                        category: 'emergency',
                        title: '属性测试',
                        fromAt: at(from),
                        toAt: at(to),
                        claimedMinutes: claimed,
                        taskId: ref,
                        byAccount: staffId,
                      }),
                    )
                  ).minutes;
                }
                assert.equal(got, Math.min(claimed, room));
                credits.push({ volunteer, ref, http: op.http, from, to, room, net: got });
                expected.push({ volunteer, kind: 'credit', minutes: got, ref });
              } else if (op.kind === 'again') {
                if (credits.length === 0) continue;
                const c = credits[op.k % credits.length]!;
                if (c.http) {
                  const r = await staff.post(`/api/volunteer-signups/${c.ref}/confirm`, {});
                  assert.equal(r.status, 409, JSON.stringify(r.body));
                } else {
                  const e = await refusal(() =>
                    volunteerTransaction(tp.platform.deps, (trx) =>
                      creditHours(trx, {
                        volunteerId: c.volunteer,
                        category: 'emergency',
                        title: '再次确认',
                        fromAt: at(c.from),
                        toAt: at(c.to),
                        claimedMinutes: 0,
                        taskId: c.ref,
                        byAccount: staffId,
                      }),
                    ),
                  );
                  assert.equal(e.statusCode, 409);
                }
              } else {
                if (credits.length === 0) continue;
                const c = credits[op.k % credits.length]!;
                const minutes = Math.floor(((c.to - c.from) * op.percent) / 100);
                let refused: { status: number; field?: string } | null;
                if (c.http) {
                  const r = await staff.post(`/api/volunteer-signups/${c.ref}/correct`, {
                    minutes,
                    note: '更正',
                  });
                  refused = r.status === 200 ? null : { status: r.status, field: r.body.field };
                } else {
                  const correct = () =>
                    volunteerTransaction(tp.platform.deps, (trx) =>
                      correctHours(trx, {
                        taskId: c.ref,
                        minutes,
                        note: '更正',
                        byAccount: staffId,
                      }),
                    );
                  if (minutes > c.room) {
                    const e = await refusal(correct);
                    refused = { status: e.statusCode, field: e.field };
                  } else {
                    assert.equal((await correct()).minutes, minutes);
                    refused = null;
                  }
                }
                if (minutes > c.room) {
                  assert.deepEqual(refused, { status: 400, field: 'minutes' });
                } else {
                  assert.equal(refused, null);
                  expected.push({
                    volunteer: c.volunteer,
                    kind: 'correction',
                    minutes: minutes - c.net,
                    ref: c.ref,
                  });
                  c.net = minutes;
                }
              }
            }

            const rows = await db()
              .selectFrom('volunteer_hours')
              .select(['volunteer_id', 'kind', 'minutes', 'task_id', 'signup_id'])
              .where('volunteer_id', 'in', volunteers)
              .orderBy('id')
              .execute();
            assert.deepEqual(
              rows.map((r) => ({
                volunteer: r.volunteer_id,
                kind: r.kind,
                minutes: r.minutes,
                ref: r.task_id ?? r.signup_id,
              })),
              expected,
            );
            let all = 0;
            let active = 0;
            for (const v of volunteers) {
              const mine = credits.filter((c) => c.volunteer === v);
              const nets = mine.reduce((s, c) => s + c.net, 0);
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
              const row = await sql<{ total_minutes: number; last: string | null }>`
                select total_minutes, last_served_on::text as last from volunteers
                where id = ${v}`.execute(db());
              assert.equal(row.rows[0]!.total_minutes, nets);
              // the newest service day of the credits that count
              const newest = mine
                .filter((c) => c.net > 0)
                .map((c) => shanghaiDate(at(c.to)))
                .reduce<string | null>((d, x) => (d === null || x > d ? x : d), null);
              assert.equal(row.rows[0]!.last, newest, 'last_served_on');
              if (newest !== null && newest >= windowStart) active++;
              all += nets;
            }
            assert.equal((await fedMinutes()) - minutesBefore, all, 'the board’s minutes');
            assert.equal((await fedActive()) - activeBefore, active, 'the board’s active');
          },
        ),
        { numRuns: 25 },
      );
    });

    it('when the same interval is credited twice at once, then it counts once', async () => {
      const v = await newVolunteer();
      const [t1, t2] = [await newTask(v), await newTask(v)];
      const credit = (taskId: string) =>
        volunteerTransaction(tp.platform.deps, (trx) =>
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
