/**
 * Heavy reads on a streaming replica (DATABASE_READ_URL, issue 27): a primary of the test's
 * own and a replica made from it by pg_basebackup (platform/own-postgres.ts), the server in its
 * own process reading from both. Skipped where no PostgreSQL of our own can be started, unless
 * CI=1 or REQUIRE_POSTGRES_RESTART=1 (then it fails).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO, eventually, reportNoiseAt } from '../../testing.js';
import { ownPostgresMissing, startOwnPostgres, type OwnPostgres } from '../own-postgres.js';
import { signIn, startServerProcess, tempDataDir, type ServerProcess } from '../server-process.js';
import { toErrorBody } from '../http/error-handler.js';
import { parseLsn } from './read-replica.js';

const STREET = '310101002000'; // 南京东路街道
const COMMITTEE = '310101002001';
const isRequired = process.env.CI === '1' || process.env.REQUIRE_POSTGRES_RESTART === '1';
const skipReason = isRequired ? null : ownPostgresMissing();

describe('a WAL position read from its text', () => {
  it('when the text is a pg_lsn, then it orders as the WAL does; anything else is null', () => {
    assert.equal(parseLsn('0/0'), 0n);
    assert.equal(parseLsn('1/0')! > parseLsn('0/FFFFFFFF')!, true);
    assert.equal(parseLsn('16/B374D848'), (0x16n << 32n) + 0xb374d848n);
    for (const bad of [undefined, '', '1/', '/1', '1/2/3', 'x/1', '123456789/0', '1/0; drop'])
      assert.equal(parseLsn(bad), null, String(bad));
  });
});

describe('reads on a streaming replica', { skip: skipReason ?? false }, () => {
  let primary: OwnPostgres;
  let replica: OwnPostgres;
  let server: ServerProcess;
  before(async () => {
    primary = await startOwnPostgres();
    replica = await primary.startReplica();
    server = await startServerProcess({
      dataDir: tempDataDir(),
      databaseUrl: primary.url,
      env: { DEMO_CASES: '0', DATABASE_READ_URL: replica.url },
    });
  });
  after(async () => {
    await server?.stop();
    replica?.destroy();
    primary?.destroy();
  });

  const readyz = async () =>
    (await (await fetch(`${server.baseUrl}/readyz`)).json()) as {
      replica: { state: string; lagBytes: number | null } | null;
    };
  /** The street screen's latest case events as `cookie` reads them, and the cookies it got. */
  const eventsOf = async (cookie: string) => {
    const r = await fetch(`${server.baseUrl}/api/dashboards/${STREET}/events`, {
      headers: { cookie },
    });
    assert.equal(r.status, 200);
    return JSON.stringify(await r.json());
  };

  it('when the replica streams, then /readyz says so', async () => {
    await eventually(async () => (await readyz()).replica?.state === 'streaming');
  });

  it('when the replica lags, then whoever reported a case reads it at once and everyone else reads the replica until it has replayed the case', async () => {
    const reporter = await signIn(server.baseUrl, 'nanjingdong', DEMO.password);
    const viewer = await signIn(server.baseUrl, 'huangpu', DEMO.password);
    await replica.query('select pg_wal_replay_pause()');
    try {
      const filed = await reportNoiseAt(server.baseUrl, reporter, COMMITTEE, '副本延迟');
      assert.equal(filed.status, 201);
      const { id } = (await filed.json()) as { id: string };
      // the answer carries the primary's WAL position after the report
      const written = filed.headers.getSetCookie().find((c) => c.startsWith('cc_wal='));
      assert.ok(written, 'the report sets cc_wal');
      const reporterNow = `${reporter}; ${written.split(';')[0]}`;
      assert.ok((await eventsOf(reporterNow)).includes(id), 'the reporter reads their own case');
      assert.ok(!(await eventsOf(viewer)).includes(id), 'the viewer reads the paused replica');
      await replica.query('select pg_wal_replay_resume()');
      await eventually(async () => (await eventsOf(viewer)).includes(id));
    } finally {
      await replica.query('select pg_wal_replay_resume()').catch(() => undefined);
    }
  });

  it('when a write reaches the replica (a failover whose promotion has not come yet), then it is a 503 to retry, not a 500', async () => {
    const refused = await replica.query('create table failover_probe (a int)').catch((e) => e);
    assert.equal((refused as { code?: string }).code, '25006', String(refused));
    const { body, retryAfter } = toErrorBody(refused);
    assert.equal(body.statusCode, 503);
    assert.ok(retryAfter! > 0);
  });

  it('when the replica stops, then every read goes to the primary and /readyz says the replica is down', async () => {
    const viewer = await signIn(server.baseUrl, 'huangpu', DEMO.password);
    replica.ctl('stop', '-m', 'fast');
    await eventually(async () => (await readyz()).replica?.state === 'down');
    const r = await fetch(`${server.baseUrl}/api/dashboards/${STREET}`, {
      headers: { cookie: viewer },
    });
    assert.equal(r.status, 200);
  });
});
