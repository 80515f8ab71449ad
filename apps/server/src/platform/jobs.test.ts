import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type Database } from './db/database.js';
import { executeTogether } from './db/execute-together.js';
import { migrate } from './db/migrate.js';
import { Type } from '@sinclair/typebox';
import { defineJob, enqueueJobsQuery, JobRunner, type JobHandler, type JobSpec } from './jobs.js';
import { createPgDatabase, DATABASES } from '../testing.js';

describe("a job kind's payload check", () => {
  const kind = defineJob(
    'test.formats',
    Type.Object({ id: Type.String({ format: 'uuid' }), at: Type.String({ format: 'date-time' }) }),
  );
  const [, handle] = kind.handler(async () => {});
  const run = handle as (p: Record<string, unknown>) => Promise<void>;

  it('when a payload carries a uuid and a date-time, then it runs; a malformed one fails naming the field', async () => {
    await run({ id: crypto.randomUUID(), at: new Date().toISOString() });
    await assert.rejects(
      async () => run({ id: 'not-a-uuid', at: new Date().toISOString() }),
      /\/id/,
    );
    await assert.rejects(async () => run({ id: crypto.randomUUID(), at: 'yesterday' }), /\/at/);
  });
});

for (const kind of DATABASES) {
  describe(`durable jobs (${kind})`, () => {
    let database: Database;
    let dropPg: (() => Promise<void>) | undefined;
    const ran: string[] = [];
    let failing = true;
    let pgUrl: string | null = null;
    const handlers = () =>
      new Map<string, JobHandler>([
        [
          'note',
          async (p) => {
            ran.push(String(p.n));
          },
        ],
        [
          'flaky',
          async () => {
            if (failing) throw new Error('not yet');
            ran.push('flaky');
          },
        ],
      ]);
    const runner = (db = database.db) => new JobRunner(db, handlers(), 60_000);
    const enqueue = (jobs: JobSpec[]) => executeTogether(database.db, [enqueueJobsQuery(jobs)]);
    const jobRows = () =>
      database.db
        .selectFrom('jobs')
        .select(['kind', 'dedupe_key', 'done_at', 'attempts', 'last_error'])
        .orderBy('id')
        .execute();

    before(async () => {
      const pg = kind === 'postgres' ? await createPgDatabase() : null;
      dropPg = pg?.drop;
      pgUrl = pg?.url ?? null;
      database = await openDatabase({
        databaseUrl: pg?.url ?? null,
        dataDir: path.join(os.tmpdir(), 'cc-jobs-test'),
        inMemory: true,
      });
      await migrate(database.db);
    });
    after(async () => {
      await database.close();
      await dropPg?.();
    });

    it('when a job has run, then it is gone unless its dedupe key must stay taken', async () => {
      await enqueue([
        { kind: 'note', payload: { n: 'a' } },
        { kind: 'note', payload: { n: 'b' }, dedupeKey: 'note:b' },
      ]);
      assert.equal(await runner().runDue(), 2);
      assert.deepEqual(ran.sort(), ['a', 'b']);
      const rows = await jobRows();
      assert.equal(rows.length, 1, 'the job without a key is deleted');
      assert.equal(rows[0]!.dedupe_key, 'note:b');
      assert.ok(rows[0]!.done_at, 'the keyed job is kept, marked done');

      await enqueue([{ kind: 'note', payload: { n: 'b again' }, dedupeKey: 'note:b' }]);
      assert.equal(await runner().runDue(), 0, 'a key is used once, ever');
      assert.equal((await jobRows()).length, 1);
    });

    it('when a job fails, then it stays, with its error, for a retry with backoff', async () => {
      await database.db.deleteFrom('jobs').execute();
      await enqueue([{ kind: 'flaky', payload: {} }]);
      assert.equal(await runner().runDue(), 1);
      const [failed] = await jobRows();
      assert.equal(failed?.attempts, 1);
      assert.equal(failed?.last_error, 'not yet');
      assert.equal(failed?.done_at, null);
      assert.equal(await runner().runDue(), 0, 'not due again before its backoff');

      failing = false;
      await database.db
        .updateTable('jobs')
        .set({ run_at: new Date(0) })
        .execute();
      assert.equal(await runner().runDue(), 1);
      assert.ok(ran.includes('flaky'));
      assert.deepEqual(await jobRows(), [], 'done at last, and deleted');
    });

    it(
      "when two app nodes' runners take jobs from the one table at once, then each job runs once",
      { skip: kind === 'pglite' ? 'one process on PGlite' : false },
      async () => {
        // the second node: its own pool on the same database, as another process has
        const other = await openDatabase({
          databaseUrl: pgUrl,
          dataDir: path.join(os.tmpdir(), 'cc-jobs-test'),
        });
        try {
          ran.length = 0;
          const n = 400;
          await enqueue(
            Array.from({ length: n }, (_, i) => ({ kind: 'note', payload: { n: `job ${i}` } })),
          );
          const nodes = [runner(), runner(other.db)];
          // each node takes a few at a time, over and over, side by side, until none are left
          const drain = async (node: JobRunner) => {
            while ((await node.runDue(16)) > 0);
          };
          await Promise.all([...nodes, ...nodes].map(drain));
          assert.equal(ran.length, n, 'no job ran twice');
          assert.equal(new Set(ran).size, n, 'every job ran');
          assert.deepEqual(await jobRows(), []);
        } finally {
          await other.close();
        }
      },
    );
  });
}
