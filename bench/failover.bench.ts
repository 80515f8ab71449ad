/**
 * The failover drill (issue 27, decision 029): `npm run cluster`'s parts — a PostgreSQL primary,
 * its streaming replica, two app nodes, HAProxy in front of both — under a steady write load
 * through HAProxy, while first one app node is killed (kill -9) and then the primary is
 * stopped (immediate: as a crash) and the replica promoted, as docs/SCALING.md's procedure says.
 *
 *   node --import tsx bench/failover.bench.ts [--rate 40] [--writers 8] [--synchronous]
 *
 * Every write is a case report with its own Idempotency-Key; a client whose request fails
 * (an error, a 5xx, no answer in 10 s) sends it again with the same key, as the web app and the
 * apps do. At the end the new primary is read: every acknowledged write must be there, once.
 */
import crypto from 'node:crypto';
import { startCluster, type Cluster } from '../apps/server/src/cluster.js';
import { readDemoFile } from '../apps/server/src/demo/seed-demo.js';
import { arg, percentile, report } from './bench-util.js';
import { sampleReplicationLag } from './replication-lag.js';
import { signIn } from './server-process.js';

const rate = Number(arg('rate', '40'));
const writers = Number(arg('writers', '8'));
const synchronous = process.argv.includes('--synchronous');
/** seconds from the start of the load */
const NODE_DIES_AT = 10;
const PRIMARY_STOPS_AT = 25;
const LOAD_ENDS_AT = 45;
const ATTEMPT_TIMEOUT_MS = 10_000;
const GIVE_UP_AFTER_MS = 90_000;
const COMMITTEE = '310101002001'; // a committee of 南京东路街道

interface Write {
  key: string;
  description: string;
  sentAt: number;
  attempts: number;
  errors: string[];
  ackAt: number | null;
  id: string | null;
}

const now = () => performance.now();

async function attempt(
  cluster: Cluster,
  cookie: string,
  w: Write,
  place: { lat: number; lng: number },
): Promise<boolean> {
  w.attempts++;
  try {
    const r = await fetch(`${cluster.url}/api/cases`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'idempotency-key': w.key },
      body: JSON.stringify({
        scenarioCode: 'noise-nuisance',
        description: w.description,
        attributes: { source: 'renovation' },
        ...place,
      }),
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
    });
    const body = (await r.json().catch(() => ({}))) as { id?: string; code?: string };
    if ((r.status === 200 || r.status === 201) && body.id) {
      w.ackAt = now();
      w.id = body.id;
      return true;
    }
    w.errors.push(`${r.status} ${body.code ?? ''}`.trim());
  } catch (e) {
    w.errors.push((e as Error).name === 'TimeoutError' ? 'timeout' : 'connection');
  }
  return false;
}

/** The longest stretch (ms) without an acknowledgement from `from` to `to`: the outage a client saw. */
function longestGap(acks: number[], from: number, to: number): number {
  let last = from;
  let gap = 0;
  for (const a of acks) {
    if (a < from) continue;
    if (a > to) break;
    gap = Math.max(gap, a - last);
    last = a;
  }
  return Math.max(gap, acks.some((a) => a >= from) ? 0 : Infinity);
}

const cluster = await startCluster({
  nodes: 2,
  synchronous,
  env: { DEMO_CASES: '0', CASE_REPORTS_PER_MINUTE: '1000000' },
});
try {
  const cookie = await signIn(cluster.url, 'hotline', readDemoFile().password);
  const [place] = await cluster.primary.query<{ lat: number; lng: number }>(
    'select centre_lat as lat, centre_lng as lng from areas where code = $1',
    [COMMITTEE],
  );

  // the replica's distance behind the primary, sampled every 250 ms while the primary lives
  const lagSampler = sampleReplicationLag(cluster.primary, 250);

  const writes: Write[] = [];
  const start = now();
  const at = (s: number) => start + s * 1000;
  const interval = (1000 * writers) / rate;
  const writer = async (c: number) => {
    for (let n = 0; ; n++) {
      const due = start + (c / writers) * interval + n * interval;
      if (due >= at(LOAD_ENDS_AT)) return;
      const wait = due - now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const w: Write = {
        key: crypto.randomUUID(),
        description: `failover drill ${c}-${n}`,
        sentAt: now(),
        attempts: 0,
        errors: [],
        ackAt: null,
        id: null,
      };
      writes.push(w);
      // retried with the same key, a quarter of a second apart, as a client does
      while (!(await attempt(cluster, cookie, w, place!)) && now() - w.sentAt < GIVE_UP_AFTER_MS)
        await new Promise((r) => setTimeout(r, 250));
    }
  };

  const events = (async () => {
    await new Promise((r) => setTimeout(r, at(NODE_DIES_AT) - now()));
    process.kill(cluster.nodes[0]!.pid, 'SIGKILL');
    console.log(`${NODE_DIES_AT} s: app node 1 killed (kill -9)`);
    await new Promise((r) => setTimeout(r, at(PRIMARY_STOPS_AT) - now()));
    lagSampler.halt();
    cluster.primary.ctl('stop', '-m', 'immediate');
    const stoppedAt = now();
    console.log(`${PRIMARY_STOPS_AT} s: the primary stopped (immediate)`);
    // the procedure: the primary fails two checks a second apart (as HAProxy's), then promote
    let failed = 0;
    while (failed < 2) {
      const up = await cluster.primary.query('select 1').then(
        () => true,
        () => false,
      );
      failed = up ? 0 : failed + 1;
      await new Promise((r) => setTimeout(r, 1000));
    }
    cluster.replica!.promote();
    const promotedAt = now();
    console.log(`${((promotedAt - start) / 1000).toFixed(1)} s: the replica promoted`);
    return { stoppedAt, promotedAt };
  })();

  await Promise.all(Array.from({ length: writers }, (_, c) => writer(c)));
  const { stoppedAt, promotedAt } = await events;
  const lag = await lagSampler.stop();

  // the new primary: which of the drill's cases are there, and how many times each
  const rows = await cluster.replica!.query<{ id: string; description: string }>(
    `select id, description from cases where description like 'failover drill %'`,
  );
  const byDescription = new Map<string, number>();
  for (const r of rows)
    byDescription.set(r.description, (byDescription.get(r.description) ?? 0) + 1);
  const present = new Set(rows.map((r) => r.id));
  const acked = writes.filter((w) => w.id);
  const ackedBefore = (t: number) => acked.filter((w) => w.ackAt! < t);
  const lost = acked.filter((w) => !present.has(w.id!));
  const lostBeforeStop = lost.filter((w) => w.ackAt! < stoppedAt);
  const doubled = [...byDescription.values()].filter((n) => n > 1).length;
  const acks = acked.map((w) => w.ackAt!).sort((a, b) => a - b);
  const inWindow = (from: number, to: number) =>
    writes.filter((w) => w.sentAt >= from && w.sentAt < to);
  const killedAt = at(NODE_DIES_AT);
  const inFlightAtKill = writes.filter(
    (w) => w.sentAt < killedAt && (w.ackAt === null || w.ackAt > killedAt),
  ).length;
  // from a second before the kill to 5 s before the primary stops (a write sent later may meet that)
  const nodeWindow = inWindow(at(NODE_DIES_AT) - 1000, at(PRIMARY_STOPS_AT) - 5000);
  const retried = (ws: Write[]) => ws.filter((w) => w.attempts > 1);
  const latencies = acked.map((w) => w.ackAt! - w.sentAt).sort((a, b) => a - b);
  const errorKinds = new Map<string, number>();
  for (const e of writes.flatMap((w) => w.errors)) errorKinds.set(e, (errorKinds.get(e) ?? 0) + 1);

  report(`failover drill (${synchronous ? 'synchronous' : 'asynchronous'} replication)`, {
    'writes sent': writes.length,
    'writes acknowledged': acked.length,
    'writes never acknowledged (gave up)': writes.length - acked.length,
    'acknowledged before the node died': ackedBefore(at(NODE_DIES_AT)).length,
    'acknowledged before the primary stopped': ackedBefore(stoppedAt).length,
    'acknowledged, present on the new primary': acked.length - lost.length,
    'acknowledged before the stop, missing after': lostBeforeStop.length,
    'acknowledged, missing (all)': lost.length,
    'doubled (one write stored twice)': doubled,
    'node death: writes in flight at the kill': inFlightAtKill,
    'node death: writes in its window / retried': `${nodeWindow.length} / ${retried(nodeWindow).length}`,
    'node death: most attempts for one write': Math.max(0, ...nodeWindow.map((w) => w.attempts)),
    'node death: errors a client saw': nodeWindow.flatMap((w) => w.errors).join(', ') || 'none',
    'node death: longest gap in acknowledgements, ms': Math.round(
      longestGap(acks, at(NODE_DIES_AT), at(PRIMARY_STOPS_AT)),
    ),
    'primary stop → replica promoted, ms': Math.round(promotedAt - stoppedAt),
    'primary stop → writes acknowledged again, ms': Math.round(
      longestGap(acks, stoppedAt, at(LOAD_ENDS_AT)),
    ),
    'write p50 / p99 / max, ms (with retries)': `${Math.round(percentile(latencies, 50))} / ${Math.round(percentile(latencies, 99))} / ${Math.round(latencies.at(-1) ?? 0)}`,
    'replica sync_state': lag.states,
    'replica behind (bytes) p50 / max': `${lag.bytes.p50} / ${lag.bytes.max}`,
    'replica replay_lag (ms) p50 / max': `${lag.ms.p50.toFixed(1)} / ${lag.ms.max.toFixed(1)}`,
    'client-visible errors by kind':
      [...errorKinds].map(([k, n]) => `${k}×${n}`).join(', ') || 'none',
  });
  if (lostBeforeStop.length || doubled) process.exitCode = 1;
} finally {
  await cluster.stop();
}
