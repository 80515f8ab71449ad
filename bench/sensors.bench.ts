/**
 * Sensor readings (issue 28), against the real server in its own process:
 *  - --devices devices (smoke detectors, manhole-cover tilt sensors, water-level gauges, 3:1:1)
 *    registered over HTTP at the committees' centres across the city, each with its own key;
 *  - throughput: --connections clients back to back (closed loop), each request one device's
 *    readings below its kind's threshold (stored, no case): one reading a request, then gateway
 *    batches of 100 (a device's last 100 s of readings) → readings accepted per second;
 *  - latency: an open loop at --rate readings/s for --seconds where each reading is an alarm
 *    of a smoke detector that has not sent one before, so each opens a case, dispatched by a
 *    city-wide rule to the demo handler, who is texted: from the reading's send time to its
 *    text's row written (with the case) and to the text sent into the outbox (the job runner),
 *    read from the database once the server has stopped, as bench/intake.bench.ts does; and
 *    the HTTP answer's; all from the time the open loop's schedule sent the alarm at (no
 *    coordinated omission), the alarms from --alarm-clients clients (default 2 × rate: every
 *    device is its own client, so one slow answer does not hold back the next alarm); after
 *    2 s of such alarms unmeasured (the server's first cases).
 *   node --import tsx bench/sensors.bench.ts [--db pglite|postgres] [--seconds 10]
 *     [--devices 2000] [--rate 200] [--connections 50] [--alarm-clients 400]
 *     [--url postgres://…/empty-database]
 *     [--cpu-prof dir]   (the server's CPU profile, written to dir when it stops)
 */
import fs from 'node:fs';
import { sql } from 'kysely';
import { Agent, request } from 'undici';
import { readDemoFile } from '../apps/server/src/demo/seed-demo.js';
import { openDatabase } from '../apps/server/src/platform/db/database.js';
import { arg, percentile, report, waitUntilIdle, withCpu } from './bench-util.js';
import { committees, jsonCaller, must, textHandlerCityWide } from './http-fixtures.js';
import { closedLoop, openLoop } from './open-loop.js';
import { freshPostgres, signIn, startServerProcess, tempDataDir } from './server-process.js';

const kind = arg('db', 'pglite');
const seconds = Number(arg('seconds', '10'));
const DEVICES = Number(arg('devices', '2000'));
const RATE = Number(arg('rate', '200'));
const CONNECTIONS = Number(arg('connections', '50'));
// the alarms come from that many devices at once, each its own client (2 s apart at 200/s): an
// answer that is slow does not hold back the next device's alarm
const ALARM_CLIENTS = Number(arg('alarm-clients', String(Math.max(CONNECTIONS, RATE * 2))));
const BATCH = 100;
const password = readDemoFile().password;

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
  env: { DEMO_CASES: '0' },
  nodeArgs: profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [],
});
const base = server.baseUrl;
const agent = new Agent({ connections: CONNECTIONS });
const call = jsonCaller(base, agent);
const say = (s: string) => process.stderr.write(`${s}\n`);
let stopped = false;
const stopServer = async () => {
  if (stopped) return;
  stopped = true;
  await server.stop();
  await agent.close();
};

/** The kinds' owners, and how many of each kind there are among the devices. */
const KINDS = [
  { kind: 'smoke', share: 3, owner: 'fire-rescue', spot: '号楼楼道' },
  { kind: 'manhole-tilt', share: 1, owner: 'roads-bureau', spot: '号窨井' },
  { kind: 'water-level', share: 1, owner: 'water-authority', spot: '号下立交' },
] as const;
const DEPARTMENTS = {
  'fire-rescue': ['消防救援支队', 'Fire and Rescue'],
  'roads-bureau': ['道路管理所', 'Roads Bureau'],
  'water-authority': ['水务局', 'Water Authority'],
} as const;

interface Device {
  id: string;
  kind: string;
  key: string;
}

try {
  // ---- setup: the owners, the rules' thresholds, dispatch that texts, the devices ----
  const admin = await signIn(base, 'admin', password);
  for (const [code, [name, nameEn]] of Object.entries(DEPARTMENTS)) {
    const d = await call('/api/departments', {
      cookie: admin,
      body: { code, name, nameEn, grants: [] },
    });
    // 409: the city's shipped departments have it already
    if (d.status !== 409) must(`department ${code}`, d, 201);
  }
  const rules = must('rules', await call('/api/sensors/rules', { cookie: admin }), 200).items as {
    kind: string;
    threshold: number;
  }[];
  const threshold = new Map(rules.map((r) => [r.kind, r.threshold]));
  for (const k of KINDS)
    if (!threshold.has(k.kind)) throw new Error(`no rule for the sensor kind ${k.kind}`);
  await textHandlerCityWide(call, base, password, ['smoke-alarm'], '微型消防站');

  const places = committees();
  let placed = 0;
  /** Register `n` devices, `kindOf(i)` each, ids `prefix-000001`…, 20 requests at a time. */
  const register = async (prefix: string, n: number, kindOf: (i: number) => string) => {
    const made: Device[] = [];
    let i = 0;
    const r = await closedLoop({
      connections: 20,
      seconds: Infinity,
      total: n,
      task: async () => {
        const k = KINDS.find((x) => x.kind === kindOf(i))!;
        const id = `${prefix}-${String(++i).padStart(6, '0')}`;
        const c = places[(placed++ * 7919) % places.length]!;
        const a = await call('/api/sensors/devices', {
          cookie: admin,
          body: {
            id,
            kind: k.kind,
            name: `${c.name}${(placed % 40) + 1}${k.spot}`,
            lng: c.centre[0],
            lat: c.centre[1],
            ownerDepartment: k.owner,
          },
        });
        if (a.status !== 201)
          throw new Error(`device ${id}: ${a.status} ${JSON.stringify(a.body)}`);
        made.push({ id, kind: k.kind, key: a.body.key as string });
        return true;
      },
    });
    if (r.failed > 0) throw new Error(`${r.failed} of ${n} devices were not registered`);
    return made;
  };
  const shares = KINDS.flatMap((k) => Array<string>(k.share).fill(k.kind));
  const t = performance.now();
  const devices = await register('SNS', DEVICES, (i) => shares[i % shares.length]!);
  // one fresh smoke detector for every alarm the open loops send (2 s of warm-up, then the
  // measured seconds), and a few spare
  const alarmCount = Math.ceil(RATE * (2 + seconds)) + CONNECTIONS;
  const alarmDevices = await register('ALM', alarmCount, () => 'smoke');
  const registerMs = performance.now() - t;
  say(
    `${devices.length} + ${alarmDevices.length} devices registered in ${(registerMs / 1000).toFixed(1)} s`,
  );

  // ---- throughput: readings below the threshold, one a request, then 100 a request ----
  let next = 0;
  const below = (d: Device) =>
    Math.round(threshold.get(d.kind)! * (0.1 + Math.random() * 0.4) * 100) / 100;
  const send = (size: number) => async () => {
    const d = devices[next++ % devices.length]!;
    const now = Date.now();
    const events = Array.from({ length: size }, (_, j) =>
      size === 1
        ? { value: below(d) }
        : { value: below(d), at: new Date(now - (size - j) * 1000).toISOString() },
    );
    const r = await request(`${base}/api/sensors/devices/${d.id}/events`, {
      dispatcher: agent,
      method: 'POST',
      headers: { authorization: `Bearer ${d.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events }),
    });
    await r.body.dump();
    return r.statusCode === 202;
  };
  const warm = await closedLoop({ connections: CONNECTIONS, seconds: 2, task: send(1) });
  const single = await withCpu(server.pid, () =>
    closedLoop({ connections: CONNECTIONS, seconds, task: send(1) }),
  );
  say(`1 a request: ${single.perSecond} readings/s`);
  const batched = await withCpu(server.pid, () =>
    closedLoop({ connections: CONNECTIONS, seconds, task: send(BATCH) }),
  );
  say(`${BATCH} a request: ${batched.perSecond * BATCH} readings/s`);
  await waitUntilIdle(server.pid, pgDb?.url);

  // ---- latency: every reading an alarm that opens a case and texts its handler ----
  // when each alarm was due (the open loop's schedule) and when it went out
  const dueAt = new Map<string, number>();
  const sentAt = new Map<string, number>();
  let a = 0;
  const alarm = threshold.get('smoke')! + 2;
  const alarms = (measured: boolean, secondsOf: number) =>
    openLoop({
      baseUrl: base,
      rate: RATE,
      connections: ALARM_CLIENTS,
      seconds: secondsOf,
      headers: { 'content-type': 'application/json' },
      request: (scheduledAt) => {
        const d = alarmDevices[a++ % alarmDevices.length]!;
        // the first send of each device only: a wrapped-around one would join its case
        if (measured && !dueAt.has(d.id)) {
          dueAt.set(d.id, scheduledAt);
          sentAt.set(d.id, Date.now());
        }
        return {
          path: `/api/sensors/devices/${d.id}/events`,
          method: 'POST',
          headers: { authorization: `Bearer ${d.key}` },
          body: JSON.stringify({ events: [{ value: alarm }] }),
        };
      },
    });
  // the first cases this server files: their code paths warmed up, not measured
  await alarms(false, 2);
  await waitUntilIdle(server.pid, pgDb?.url);
  const steady = await withCpu(server.pid, async () => {
    const r = await alarms(true, seconds);
    return { ...r, done: r.sent };
  });
  say(`alarms: ${steady.sent} sent at ${steady.achievedRate}/s, ${steady.failed} failed`);
  const settled = await waitUntilIdle(server.pid, pgDb?.url);
  await stopServer();

  // ---- each alarm's case and text, read from the database ----
  const database = await openDatabase({ databaseUrl: pgDb?.url ?? null, dataDir, poolSize: 1 });
  const { rows: all } = await sql<{
    device_id: string;
    case_id: string | null;
    written_at: Date | null;
    sent_at: Date | null;
  }>`
    select e.device_id, e.case_id, n.created_at as written_at, n.sent_at
      from sensor_events e
      left join notifications n on n.case_id = e.case_id and n.channel = 'sms'
     where e.alarm and e.device_id like 'ALM-%'`.execute(database.db);
  const stored = Number(
    (
      await database.db
        .selectFrom('sensor_events')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('device_id', 'like', 'SNS-%')
        .executeTakeFirstOrThrow()
    ).n,
  );
  await database.close();
  // the measured alarms only (not the warm-up's)
  const rows = all.filter((r) => dueAt.has(r.device_id));
  const ms = (pick: (r: (typeof rows)[number]) => Date | null, from: Map<string, number>) =>
    rows
      .filter((r) => pick(r) && from.has(r.device_id))
      .map((r) => pick(r)!.getTime() - from.get(r.device_id)!)
      .sort((x, y) => x - y);
  const written = ms((r) => r.written_at, dueAt);
  const texted = ms((r) => r.sent_at, dueAt);
  const textedSent = ms((r) => r.sent_at, sentAt);
  const lag = [...dueAt.keys()].map((id) => sentAt.get(id)! - dueAt.get(id)!).sort((x, y) => x - y);
  const p = (xs: number[]) =>
    xs.length ? `${percentile(xs, 50).toFixed(0)} / ${percentile(xs, 99).toFixed(0)}` : '–';
  const cases = new Set(rows.map((r) => r.case_id).filter(Boolean)).size;

  const accepted = warm.done + single.done + batched.done * BATCH;
  report(`sensors (${kind})`, {
    'devices (smoke, manhole-tilt, water-level 3:1:1)': `${devices.length} (+ ${alarmDevices.length} smoke detectors for the alarms; registered in ${(registerMs / 1000).toFixed(1)} s)`,
    'connections / seconds per phase': `${CONNECTIONS} / ${seconds}`,
    '1 reading a request: readings accepted/s': single.perSecond,
    '1 reading a request: p50 / p99 ms': `${single.p50} / ${single.p99}`,
    '1 reading a request: CPU ms per request: server / PostgreSQL / load': single.cpu,
    [`${BATCH} readings a request: readings accepted/s`]: batched.perSecond * BATCH,
    [`${BATCH} readings a request: requests/s, p50 / p99 ms`]: `${batched.perSecond}, ${batched.p50} / ${batched.p99}`,
    [`${BATCH} readings a request: CPU ms per request: server / PostgreSQL / load`]: batched.cpu,
    'failed requests (1 / 100 a request)': `${single.failed} / ${batched.failed}`,
    'readings stored / answered 202 (warm-up included)': `${stored} / ${accepted}`,
    [`alarms at ${RATE}/s: sent (achieved rate), failed`]: `${steady.sent} (${steady.achievedRate}/s), ${steady.failed}`,
    'alarms: cases opened / texts sent / alarms stored': `${cases} / ${texted.length} / ${rows.length}`,
    [`alarms: clients (each sends every ${((ALARM_CLIENTS / RATE) * 1000).toFixed(0)} ms)`]:
      ALARM_CLIENTS,
    'alarm → HTTP answer p50 / p99 ms': `${steady.p50} / ${steady.p99}`,
    'alarms: CPU ms per alarm: server / PostgreSQL / load': steady.cpu,
    'alarm → case stored, its text queued p50 / p99 ms': p(written),
    '**alarm → text sent p50 / p99 ms** (bar: p99 < 1 s)': `${p(texted)} (max ${texted.length ? texted.at(-1)!.toFixed(0) : '–'})`,
    'alarm → text sent, from the actual send p50 / p99 ms': p(textedSent),
    'send behind schedule p50 / p99 ms (the load generator)': p(lag),
    'server idle after the alarms': `${(settled / 1000).toFixed(1)} s`,
  });
} finally {
  await stopServer();
  await pgDb?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
