import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DEMO, openEventStream, reportNoiseAt } from '../../testing.js';
import {
  freshPostgres,
  signIn,
  startServerProcess,
  tempDataDir,
  type ServerProcess,
} from '../../platform/server-process.js';

const STREET = '310101002000';

// Two app processes on one PostgreSQL: a screen on one sees a case filed through the other.
describe(
  'live dashboard events across two app processes (PostgreSQL)',
  { skip: process.env.TEST_DATABASE_URL ? false : 'set TEST_DATABASE_URL' },
  () => {
    let pgDb: Awaited<ReturnType<typeof freshPostgres>>;
    let a: ServerProcess;
    let b: ServerProcess;
    before(async () => {
      pgDb = await freshPostgres();
      // one data key for both: the second is refused a key the data are not under
      const env = { DEMO_CASES: '0', DATA_KEY: crypto.randomBytes(32).toString('hex') };
      // the first start migrates and seeds the demo city; the second joins it
      a = await startServerProcess({ dataDir: tempDataDir(), databaseUrl: pgDb.url, env });
      b = await startServerProcess({ dataDir: tempDataDir(), databaseUrl: pgDb.url, env });
    });
    after(async () => {
      await a?.stop();
      await b?.stop();
      await pgDb?.drop();
    });

    it('when a case is filed through process B, then the street screen open on process A gets it', async () => {
      const screen = await signIn(a.baseUrl, 'nanjingdong', DEMO.password);
      const inspector = await signIn(b.baseUrl, 'inspector', DEMO.password);
      const stream = await openEventStream(`${a.baseUrl}/api/dashboards/${STREET}/stream`, screen);
      const filed = await reportNoiseAt(b.baseUrl, inspector, '310101002001', '两个进程');
      assert.equal(filed.status, 201);
      const { id } = (await filed.json()) as { id: string };
      assert.equal((await stream.eventWith(id)).event, 'case');
      await stream.close();
    });
  },
);
