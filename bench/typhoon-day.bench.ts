/**
 * A typhoon day (issue 27): cases at ten times Shanghai's average daily rate (~70,000 a day →
 * 8.1 a second) with the reads that come with them — the operation centres' screens, the
 * committees' one screens, residents opening their notices, other systems polling Open311 —
 * for ten minutes, against two app nodes with a read replica behind HAProxy and against one
 * node without a replica, in the same run (`npm run cluster`'s parts, the demo city).
 *
 *   node --import tsx bench/typhoon-day.bench.ts [--minutes 10] [--load 1] [--only cluster|single]
 *
 * `--load 2` doubles every rate. Reports, for each set-up and each kind of request: sent,
 * errors (an answer ≥ 400 or none), p50 / p99 / max from the scheduled send (open loop); and the
 * replica's lag behind the primary (pg_stat_replication), sampled every second.
 */
import { startCluster, type Cluster } from '../apps/server/src/cluster.js';
import { readDemoFile } from '../apps/server/src/demo/seed-demo.js';
import { readDemoResidents } from '../apps/server/src/demo/seed-residents.js';
import { arg, postgresCpuMs, procCpuMs, report } from './bench-util.js';
import { openLoop, type LoadRequest, type OpenLoopResult } from './open-loop.js';
import { sampleReplicationLag } from './replication-lag.js';
import { signIn } from './server-process.js';

const seconds = Number(arg('minutes', '10')) * 60;
const load = Number(arg('load', '1'));
const only = arg('only', 'both');
const OPEN311_KEY = 'demo-open311-key-shanghai-2026';

/**
 * Requests a second of each kind, and why (Shanghai: 16 districts, 215 streets and towns,
 * ~4,600 committees; 70,000 cases a day on average).
 */
const RATES = {
  /** 70,000 × 10 / 86,400 */
  report: 8.1,
  /** every district and street centre's screen refreshing each minute: (16 + 215 + 1) / 60 */
  dashboard: 3.9,
  /** a committee's one screen opened ~once an hour each during the storm: 4,600 / 3,600 */
  oneScreen: 1.3,
  /** residents opening the app for the storm's notices: ~1.7 million a day at the peak's rate */
  feed: 20,
  /** other departments' systems polling the Open311 list */
  open311: 5,
};

interface Kind {
  name: keyof typeof RATES;
  request: (n: number) => LoadRequest;
}

function round<T>(items: T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length]!;
}

async function kinds(cluster: Cluster): Promise<Kind[]> {
  const password = readDemoFile().password;
  const [hotline, city, yunnan] = await Promise.all(
    ['hotline', 'city', 'yunnan'].map((u) => signIn(cluster.url, u, password)),
  );
  const residents = await Promise.all(
    ['chenyu', 'linxia', 'wangqiang', 'zhouli', 'wangbo', 'liuyang', 'sunmei', 'zhaolei'].map((u) =>
      signIn(cluster.url, u, readDemoResidents().password),
    ),
  );
  // places all over the city (each committee's centre), and the areas the screens show
  const places = await cluster.primary.query<{ lat: number; lng: number }>(
    `select centre_lat as lat, centre_lng as lng from areas where level = 'committee' order by code`,
  );
  const screens = await cluster.primary.query<{ code: string }>(
    `select code from areas where level in ('city', 'district', 'street') order by code`,
  );
  const place = round(places);
  const screen = round(screens.map((s) => s.code));
  const resident = round(residents);
  const json = { 'content-type': 'application/json' };
  return [
    {
      name: 'report',
      request: (n) => ({
        path: '/api/cases',
        method: 'POST',
        headers: { ...json, cookie: hotline! },
        body: JSON.stringify({
          scenarioCode: 'noise-nuisance',
          description: `台风天 ${n}`,
          attributes: { source: 'renovation' },
          ...place(),
        }),
      }),
    },
    {
      name: 'dashboard',
      request: () => ({ path: `/api/dashboards/${screen()}`, headers: { cookie: city! } }),
    },
    {
      name: 'oneScreen',
      request: () => ({ path: '/api/registry/screen/310101002001', headers: { cookie: yunnan! } }),
    },
    {
      name: 'feed',
      request: () => ({ path: '/api/announcements/feed', headers: { cookie: resident() } }),
    },
    {
      name: 'open311',
      request: () => ({ path: `/open311/v2/requests.json?api_key=${OPEN311_KEY}` }),
    },
  ];
}

async function run(setUp: 'cluster' | 'single'): Promise<void> {
  const cluster = await startCluster({
    nodes: setUp === 'cluster' ? 2 : 1,
    replica: setUp === 'cluster',
    env: { CASE_REPORTS_PER_MINUTE: '1000000' },
  });
  try {
    const all = await kinds(cluster);
    const lagSampler = cluster.replica ? sampleReplicationLag(cluster.primary, 1000) : null;
    const cpu = () => ({
      nodes: cluster.nodes.reduce((sum, n) => sum + procCpuMs(n.pid), 0),
      postgres: postgresCpuMs(),
    });
    const walAt = async () =>
      (
        await cluster.primary.query<{ lsn: string }>(
          `select pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint as lsn`,
        )
      )[0]!.lsn;
    const cpuBefore = cpu();
    const walBefore = await walAt();
    const results = await Promise.all(
      all.map(async (k): Promise<[string, OpenLoopResult]> => {
        let n = 0;
        const rate = RATES[k.name] * load;
        return [
          k.name,
          await openLoop({
            baseUrl: cluster.url,
            rate,
            connections: Math.max(2, Math.ceil(rate / 2)),
            seconds,
            request: () => k.request(n++),
          }),
        ];
      }),
    );
    const lag = await lagSampler?.stop();
    const cpuAfter = cpu();
    const walBytes = Number(BigInt(await walAt()) - BigInt(walBefore));
    const figures: Record<string, string | number> = {};
    let sent = 0;
    let failed = 0;
    for (const [name, r] of results) {
      sent += r.sent;
      failed += r.failed;
      figures[`${name}: sent / errors`] = `${r.sent} / ${r.failed}`;
      figures[`${name}: p50 / p99 / max ms`] = `${r.p50} / ${r.p99} / ${r.max}`;
    }
    figures['error rate'] = `${((100 * failed) / sent).toFixed(3)} %`;
    const share = (ms: number) => `${((100 * ms) / (seconds * 1000)).toFixed(0)} %`;
    figures['CPU of a core: app nodes / every PostgreSQL'] =
      `${share(cpuAfter.nodes - cpuBefore.nodes)} / ${share(cpuAfter.postgres - cpuBefore.postgres)}`;
    figures['WAL written, MB/min'] = (walBytes / 1e6 / (seconds / 60)).toFixed(1);
    if (lag) {
      figures['replica behind, bytes p50 / p99 / max'] =
        `${lag.bytes.p50} / ${lag.bytes.p99} / ${lag.bytes.max}`;
      figures['replica replay_lag, ms p50 / p99 / max'] =
        `${lag.ms.p50.toFixed(1)} / ${lag.ms.p99.toFixed(1)} / ${lag.ms.max.toFixed(1)}`;
    }
    report(
      `typhoon day, ${seconds / 60} min at ×${load}: ${setUp === 'cluster' ? '2 nodes + replica' : '1 node, no replica'}`,
      figures,
    );
    if (failed) process.exitCode = 1;
  } finally {
    await cluster.stop();
  }
}

if (only !== 'single') await run('cluster');
if (only !== 'cluster') await run('single');
