/**
 * Webhooks per subscriber (issue 25, decision 023), against the real server in its own process:
 *  - five local receivers (node:http on 127.0.0.1 in this process) check every signature
 *    (Standard Webhooks: HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>") and keep the
 *    first time each webhook-id is accepted; a webhook-id accepted twice is counted a duplicate;
 *  - one of them answers 500 for the first --fail-seconds (60) of the load, then 200;
 *  - the events: --events (10,000) cases filed over HTTP (`POST /api/cases`, the real intake:
 *    group commit, each case's `case.filed` delivery rows and jobs in its transaction) at
 *    --rate (200) a second, open loop; five subscribers to `case.filed`;
 *  - the baseline, in the same run: --baseline-events (2,000) cases at the same rate before any
 *    subscriber exists — the intake's own latency, to put the webhooks' cost on it as a ratio;
 *  - measured: every receiver gets every event exactly once (distinct webhook-ids = cases filed,
 *    duplicates reported), the delay from the event (the case's time, taken before its commit)
 *    to its receipt for the four healthy subscribers (p50 / p95 / p99; the bar: p99 < 2 s), when
 *    the failing one has caught up, deliveries a second, and where the CPU went.
 *   node --import tsx bench/webhooks.bench.ts [--db pglite|postgres] [--events 10000]
 *     [--rate 200] [--fail-seconds 60] [--baseline-events 2000] [--url postgres://…/empty]
 *     [--cpu-prof dir]   (the server's CPU profile, written to dir when it stops)
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { readDemoFile } from '../apps/server/src/demo/seed-demo.js';
import { SHANGHAI_AREAS, type AreaFile } from '../apps/server/src/modules/areas/index.js';
import { arg, percentile, report, withCpu } from './bench-util.js';
import { openLoop } from './open-loop.js';
import { freshPostgres, signIn, startServerProcess, tempDataDir } from './server-process.js';

const kind = arg('db', 'pglite');
const EVENTS = Number(arg('events', '10000'));
const RATE = Number(arg('rate', '200'));
const FAIL_SECONDS = Number(arg('fail-seconds', '60'));
const BASELINE_EVENTS = Number(arg('baseline-events', '2000'));
const SUBSCRIBERS = 5;
const CONNECTIONS = 50;
/** how long to wait for the last deliveries after the load (the failing one's retries) */
const DRAIN_MS = 15 * 60_000;

const loadAtStart = os.loadavg();
const startedAt = new Date();
const began = performance.now();
const note = (what: string) =>
  process.stderr.write(`${((performance.now() - began) / 1000).toFixed(0)} s: ${what}\n`);

/** A receiver: checks signatures, keeps the first acceptance of each webhook-id. */
function receiver(index: number) {
  const firstAt = new Map<string, number>();
  const delays: number[] = [];
  let secret: Buffer | null = null;
  let failUntil = 0;
  let duplicates = 0;
  let badSignatures = 0;
  let refused = 0;
  let lastAcceptedAt = 0;
  /** ids answered 500 at least once, and when the last of them was accepted */
  const refusedIds = new Set<string>();
  let backlogDoneAt = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const now = Date.now();
      const body = Buffer.concat(chunks).toString('utf8');
      const id = String(req.headers['webhook-id']);
      const ts = String(req.headers['webhook-timestamp']);
      const expected = crypto
        .createHmac('sha256', secret!)
        .update(`${id}.${ts}.${body}`)
        .digest('base64');
      const signed = String(req.headers['webhook-signature'])
        .split(' ')
        .some((s) => s === `v1,${expected}`);
      if (!signed) badSignatures++;
      if (now < failUntil) {
        refused++;
        refusedIds.add(id);
        res.writeHead(500).end();
        return;
      }
      if (firstAt.has(id)) duplicates++;
      else {
        firstAt.set(id, now);
        const payload = JSON.parse(body) as { timestamp: string };
        delays.push(now - Date.parse(payload.timestamp));
        lastAcceptedAt = now;
        if (refusedIds.has(id)) backlogDoneAt = now;
      }
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 30_000;
  return {
    index,
    delays,
    accepted: () => firstAt.size,
    duplicates: () => duplicates,
    badSignatures: () => badSignatures,
    refused: () => refused,
    lastAcceptedAt: () => lastAcceptedAt,
    refusedIds: () => refusedIds.size,
    backlogDoneAt: () => backlogDoneAt,
    failUntil: () => failUntil,
    setSecret: (whsec: string) => (secret = Buffer.from(whsec.slice('whsec_'.length), 'base64')),
    failFor: (ms: number) => (failUntil = Date.now() + ms),
    url: () => `http://127.0.0.1:${(server.address() as { port: number }).port}/hook/${index}`,
    listen: () => new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r())),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const givenUrl = arg('url', '');
const pgDb =
  kind !== 'postgres'
    ? null
    : givenUrl
      ? { url: givenUrl, drop: async () => {} }
      : await freshPostgres();
const dataDir = tempDataDir();
const profileDir = arg('cpu-prof', '');
const server = await startServerProcess({
  dataDir,
  databaseUrl: pgDb?.url,
  env: { DEMO_CASES: '0', CASE_REPORTS_PER_MINUTE: '100000000' },
  nodeArgs: profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [],
});
const base = server.baseUrl;
const password = readDemoFile().password;
const admin = await signIn(base, 'admin', password);
const inspector = await signIn(base, 'inspector', password);

const file = JSON.parse(fs.readFileSync(SHANGHAI_AREAS, 'utf8')) as AreaFile;
const centres = file.areas.filter((a) => a.level === 'committee').map((a) => a.centre);
let n = 0;
const reportBody = (tag: string) => {
  const [lng, lat] = centres[(n++ * 7919) % centres.length]!;
  return JSON.stringify({
    scenarioCode: 'illegal-small-ads',
    description: `${tag} 电线杆上小广告`,
    attributes: {},
    lat,
    lng,
  });
};
const fileCases = (tag: string, count: number) =>
  openLoop({
    baseUrl: base,
    rate: RATE,
    connections: CONNECTIONS,
    seconds: count / RATE,
    headers: { cookie: inspector, 'content-type': 'application/json' },
    request: () => ({ path: '/api/cases', method: 'POST', body: reportBody(tag) }),
  });

// the baseline: the intake alone, no subscriber
note(`baseline: ${BASELINE_EVENTS} cases at ${RATE}/s, no subscriber`);
const baseline = await withCpu(server.pid, async () => {
  const r = await fileCases('baseline', BASELINE_EVENTS);
  return { ...r, done: r.ok };
});

const receivers = Array.from({ length: SUBSCRIBERS }, (_, i) => receiver(i + 1));
await Promise.all(receivers.map((r) => r.listen()));
for (const r of receivers) {
  const res = await fetch(`${base}/api/webhooks/subscribers`, {
    method: 'POST',
    headers: { cookie: admin, 'content-type': 'application/json' },
    body: JSON.stringify({ name: `bench ${r.index}`, url: r.url(), events: ['case.filed'] }),
  });
  const body = (await res.json()) as { secret: string };
  if (res.status !== 201) throw new Error(`subscriber: ${res.status} ${JSON.stringify(body)}`);
  r.setSecret(body.secret);
}
const failing = receivers[SUBSCRIBERS - 1]!;
const healthy = receivers.slice(0, SUBSCRIBERS - 1);

note(
  `load: ${EVENTS} cases at ${RATE}/s to ${SUBSCRIBERS} subscribers, #${failing.index} failing ${FAIL_SECONDS} s`,
);
const loadStart = Date.now();
failing.failFor(FAIL_SECONDS * 1000);
let filed = 0;
const load = await withCpu(server.pid, async () => {
  const r = await fileCases('load', EVENTS);
  filed = r.ok;
  // wait for the healthy subscribers: the CPU of delivering belongs to this phase
  const until = Date.now() + DRAIN_MS;
  while (healthy.some((h) => h.accepted() < filed) && Date.now() < until) {
    await new Promise((res) => setTimeout(res, 200));
  }
  return { ...r, done: r.ok };
});
const loadEnd = Date.now();
note(`load done: ${filed} filed; waiting for #${failing.index} to catch up`);
const until = Date.now() + DRAIN_MS;
while (receivers.some((r) => r.accepted() < filed) && Date.now() < until) {
  await new Promise((res) => setTimeout(res, 500));
}
const allDoneAt = Date.now();
// anything sent twice would come now
await new Promise((res) => setTimeout(res, 5000));
await server.stop();
await Promise.all(receivers.map((r) => r.close()));
await pgDb?.drop();
fs.rmSync(dataDir, { recursive: true, force: true });

const delays = healthy.flatMap((r) => r.delays).sort((a, b) => a - b);
const healthyDelivered = healthy.reduce((s, r) => s + r.accepted(), 0);
const lastHealthy = Math.max(...healthy.map((r) => r.lastAcceptedAt()));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
report(`webhooks (${kind})`, {
  'started at': startedAt.toISOString(),
  'machine: cores / load average 1 5 15 at start / at end': `${os.cpus().length} / ${loadAtStart.map((l) => l.toFixed(2)).join(' ')} / ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
  'cases filed (201) / refused or failed': `${filed} / ${load.failed}`,
  'offered / achieved rate (cases/s)': `${RATE} / ${load.achievedRate}`,
  'subscribers (case.filed)': SUBSCRIBERS,
  'distinct webhook-ids per receiver (healthy 1-4, failing 5)': receivers
    .map((r) => r.accepted())
    .join(' / '),
  'every receiver got every event': receivers.every((r) => r.accepted() === filed) ? 'yes' : 'NO',
  'duplicates per receiver': receivers.map((r) => r.duplicates()).join(' / '),
  'bad signatures (all requests)': receivers.reduce((s, r) => s + r.badSignatures(), 0),
  [`#${failing.index}: 500s answered in its first ${FAIL_SECONDS} s`]: failing.refused(),
  [`#${failing.index}: events refused at least once / their last one accepted, after recovery`]: `${failing.refusedIds()} / ${seconds(failing.backlogDoneAt() - failing.failUntil())}`,
  [`#${failing.index}: delay p50 / p99 of all its events (ms)`]: `${percentile(
    [...failing.delays].sort((a, b) => a - b),
    50,
  )} / ${percentile(
    [...failing.delays].sort((a, b) => a - b),
    99,
  )}`,
  'delay event → receipt, healthy, p50 / p95 / p99 / max ms': `${percentile(delays, 50)} / ${percentile(delays, 95)} / ${percentile(delays, 99)} / ${delays[delays.length - 1]}`,
  'bar: p99 < 2000 ms': percentile(delays, 99) < 2000 ? 'met' : 'MISSED',
  'healthy deliveries/s (load start → last healthy receipt)': Math.round(
    healthyDelivered / ((lastHealthy - loadStart) / 1000),
  ),
  'all deliveries/s (load start → all delivered)': Math.round(
    receivers.reduce((s, r) => s + r.accepted(), 0) / ((allDoneAt - loadStart) / 1000),
  ),
  'load phase (s)': seconds(loadEnd - loadStart),
  'report latency p50 / p99 ms: baseline (no subscriber)': `${baseline.p50} / ${baseline.p99}`,
  'report latency p50 / p99 ms: with 5 subscribers': `${load.p50} / ${load.p99}`,
  'report p99 with subscribers / baseline': `${(load.p99 / Math.max(1, baseline.p99)).toFixed(2)}`,
  'CPU ms per case, baseline: server / PostgreSQL / bench (load)': baseline.cpu,
  'CPU ms per case, with 5 subscribers: server / PostgreSQL / bench (receivers + load)': load.cpu,
});
