import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { OPEN_STATUSES, type CaseStatus } from '@cc/contracts';
import { sql } from 'kysely';
import {
  findScenario,
  nextCaseNumber,
  rebuildRollups,
  TRANSITIONS,
  validateAttributes,
  verifyRollups,
} from '../modules/cases/index.js';
import { PURGE_PHOTOS_JOB } from '../modules/media/index.js';
import { DATABASES, startTestPlatform, type TestPlatform } from '../testing.js';
import { generateCases } from './synthetic-cases.js';

const CASES = 2000;
const CITY = '310000000000';

for (const kind of DATABASES) {
  describe(`the case generator (${kind})`, () => {
    let tp: TestPlatform;
    const db = () => tp.platform.database.db;
    let loaded: { cases: number; events: number };
    before(async () => {
      tp = await startTestPlatform(kind);
      // 60 days: enough history for the rhythms, and a good share of cases still open
      loaded = await generateCases(db(), { cases: CASES, days: 60, seed: 42, chunk: 700 });
      await rebuildRollups(db());
    });
    after(() => tp.close());

    it('loads the cases asked for, each with its timeline', async () => {
      assert.equal(loaded.cases, CASES);
      const { rows } = await sql<{ cases: number; events: number; numbers: number }>`
        select (select count(*)::int from cases) as cases,
          (select count(*)::int from case_events) as events,
          (select count(distinct number)::int from cases) as numbers`.execute(db());
      assert.deepEqual(rows[0], { cases: CASES, events: loaded.events, numbers: CASES });
      assert.ok(loaded.events > 4 * CASES, `${loaded.events} events`);
    });

    it('keeps rollups that agree with the timeline, and a stock that agrees with the cases', async () => {
      assert.deepEqual(await verifyRollups(db()), []);
      const stock = await db()
        .selectFrom('case_status_counts')
        .select(['status', (eb) => eb.fn.sum<number>('n').as('n')])
        .where('area_code', '=', CITY)
        .groupBy('status')
        .execute();
      const real = await db()
        .selectFrom('cases')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('status')
        .execute();
      const byStatus = (rows: { status: string; n: number | string }[]) =>
        Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]).sort());
      assert.deepEqual(byStatus(stock), byStatus(real));
      // finished, stopped and still open
      const statuses = Object.keys(byStatus(real)) as CaseStatus[];
      assert.ok(statuses.includes('closed') && statuses.includes('rejected'), statuses.join());
      assert.ok(statuses.filter((st) => OPEN_STATUSES.includes(st)).length >= 2, statuses.join());
    });

    it('gives every case one chain of steps from its report to its status, each one the state machine allows', async () => {
      const events = await db()
        .selectFrom('case_events')
        .select(['case_id', 'action', 'from_status', 'to_status', 'at'])
        .orderBy('case_id')
        .orderBy('id')
        .execute();
      const cases = new Map(
        (
          await db()
            .selectFrom('cases')
            .select(['id', 'status', 'created_at', 'updated_at'])
            .execute()
        ).map((c) => [c.id, c]),
      );
      const byCase = new Map<string, typeof events>();
      for (const e of events) {
        const list = byCase.get(e.case_id);
        if (list) list.push(e);
        else byCase.set(e.case_id, [e]);
      }
      assert.equal(byCase.size, CASES);
      for (const [id, steps] of byCase) {
        const c = cases.get(id)!;
        const first = steps[0]!;
        assert.deepEqual(
          [first.action, first.from_status, first.to_status],
          ['report', null, 'reported'],
        );
        assert.equal(first.at.getTime(), c.created_at.getTime());
        let status = 'reported';
        let last = first.at.getTime();
        for (const e of steps.slice(1)) {
          assert.ok(e.at.getTime() >= last, `${id}: steps in time order`);
          last = e.at.getTime();
          if (e.to_status === null) continue; // queue, warn, rate: the status stays
          assert.equal(
            e.from_status,
            status,
            `${id}: ${e.action} from ${e.from_status} after ${status}`,
          );
          // escalation is the deadline job's, which escalates any open case (runDeadline)
          if (e.action !== 'escalate') {
            const t = TRANSITIONS[e.action as keyof typeof TRANSITIONS];
            assert.ok(t?.from.includes(status as never), `${id}: ${e.action} from ${status}`);
            assert.equal(t.to, e.to_status);
          }
          status = e.to_status;
        }
        assert.equal(status, c.status, `${id}: last step leads to the case's status`);
        assert.ok(last <= Date.now() && c.updated_at.getTime() <= last + 1);
      }
    });

    it('fills in the columns that go with the status', async () => {
      const rows = await db().selectFrom('cases').selectAll().execute();
      for (const c of rows) {
        const s = findScenario(c.scenario_code)!;
        assert.ok(s, c.scenario_code);
        validateAttributes(s, c.attributes as Record<string, string>);
        const terminal = c.status === 'closed' || c.status === 'rejected';
        assert.equal(c.closed_at !== null, terminal, `${c.number} ${c.status}`);
        assert.ok(c.area_path.startsWith(`${c.queue_area_path}`), c.number);
        assert.equal(c.queue_area_path.split('/').length, 3 - Math.min(c.escalation_level, 2));
        assert.ok(c.accept_due_at && c.resolve_due_at && c.resolve_due_at > c.created_at);
        assert.equal(c.contact_phone_enc, null);
        assert.equal(c.reporter_id, null);
        assert.equal(c.open311_client_id !== null, c.source === 'open311');
        if (c.status === 'closed' && c.rating !== null) assert.ok(c.rating >= 1 && c.rating <= 5);
      }
    });

    it('writes the past only: no jobs, no texts or notices', async () => {
      // the platform's own housekeeping (the hourly photo purge, the daily jobs of the
      // observations, declarations and boards: each under its dedupe key) is not the generator's
      const { rows } = await sql<{ jobs: number; notifications: number }>`
        select (select count(*)::int from jobs
            where kind <> ${PURGE_PHOTOS_JOB.kind} and dedupe_key is null) as jobs,
          (select count(*)::int from notifications) as notifications`.execute(db());
      assert.deepEqual(rows[0], { jobs: 0, notifications: 0 });
    });

    it('has the daily rhythm: more reports at 10:00 than at 03:00 in Shanghai', async () => {
      const rows = await db().selectFrom('cases').select('created_at').execute();
      const at = (hour: number) =>
        rows.filter((r) => (r.created_at.getUTCHours() + 8) % 24 === hour).length;
      assert.ok(at(10) > 5 * at(3), `10:00 ${at(10)}, 03:00 ${at(3)}`);
    });
  });
}

for (const kind of DATABASES) {
  describe(`the case generator beside the app's own rules and cases (${kind})`, () => {
    let tp: TestPlatform;
    const db = () => tp.platform.database.db;
    before(async () => {
      tp = await startTestPlatform(kind);
    });
    after(() => tp.close());

    it('makes no rules when asked not to, names the Open311 client it is given, and numbers cases the app never gives', async () => {
      const client = await db()
        .insertInto('open311_clients')
        .values({ id: crypto.randomUUID(), name: 'given', api_key_hash: 'x'.repeat(64) })
        .returning('id')
        .executeTakeFirstOrThrow();
      const rulesBefore = await db().selectFrom('dispatch_rules').select('id').execute();
      const filedBefore = await nextCaseNumber(db(), new Date());
      await generateCases(db(), {
        cases: 400,
        days: 10,
        seed: 7,
        dispatchRules: false,
        open311ClientId: client.id,
      });
      assert.deepEqual(await db().selectFrom('dispatch_rules').select('id').execute(), rulesBefore);
      const cases = await db()
        .selectFrom('cases')
        .select(['id', 'number', 'source', 'open311_client_id', 'dispatch_rule_id'])
        .execute();
      assert.equal(cases.length, 400);
      assert.ok(cases.every((c) => c.dispatch_rule_id === null));
      const open311 = cases.filter((c) => c.source === 'open311');
      assert.ok(open311.length > 0 && open311.every((c) => c.open311_client_id === client.id));
      // every case first waits in its street's queue
      const queued = await db()
        .selectFrom('case_events')
        .select((eb) => eb.fn.count<number>('case_id').distinct().as('n'))
        .where('action', '=', 'queue')
        .executeTakeFirstOrThrow();
      assert.equal(Number(queued.n), 400);
      // G and nine digits from the app's sequence: a case filed now comes after them all
      const seqOf = (n: string) => Number(n.startsWith('G') ? n.slice(1) : n.slice(8));
      assert.ok(
        cases.every((c) => /^G\d{9}$/.test(c.number)),
        cases[0]!.number,
      );
      const filedAfter = await nextCaseNumber(db(), new Date());
      assert.ok(cases.every((c) => seqOf(c.number) > seqOf(filedBefore)));
      assert.ok(
        cases.every((c) => seqOf(c.number) < seqOf(filedAfter)),
        filedAfter,
      );
    });
  });
}
