/**
 * GET /api/areas/resolve with 50 connections, random points near Shanghai's committees,
 * against the real server in its own process. Two measurements, each beside a baseline
 * of GET /healthz (the bare HTTP stack) measured the same way in the same run:
 *  - saturation: 50 connections as fast as they can go (throughput; latency = queueing);
 *  - open loop: 50 clients sending on a fixed schedule, `--rate` requests/s in all
 *    (latency at a given load, counted from the scheduled send time).
 *   node --import tsx bench/resolve-http.bench.ts [--db pglite|postgres] [--seconds 10] [--rate 1000]
 */
import fs from 'node:fs';
import autocannon from 'autocannon';
import { SHANGHAI_AREAS } from '../apps/server/src/modules/areas/index.js';
import type { AreaFile } from '../apps/server/src/modules/areas/index.js';
import { readDemoFile } from '../apps/server/src/demo/seed-demo.js';
import { arg, report } from './bench-util.js';
import { openLoop } from './open-loop.js';
import { freshPostgres, signIn, startServerProcess, tempDataDir } from './server-process.js';

const kind = arg('db', 'pglite');
const seconds = Number(arg('seconds', '10'));
const rate = Number(arg('rate', '1000'));
const pgDb = kind === 'postgres' ? await freshPostgres() : null;
const server = await startServerProcess({ dataDir: tempDataDir(), databaseUrl: pgDb?.url });
const cookie = await signIn(server.baseUrl, 'inspector', readDemoFile().password);

const file = JSON.parse(fs.readFileSync(SHANGHAI_AREAS, 'utf8')) as AreaFile;
const centres = file.areas.filter((a) => a.level === 'committee').map((a) => a.centre);
const paths = Array.from({ length: 5000 }, (_, i) => {
  const [lng, lat] = centres[(i * 7919) % centres.length]!;
  return `/api/areas/resolve?lat=${(lat + ((i % 5) - 2) * 0.0004).toFixed(6)}&lng=${(lng + ((i % 7) - 3) * 0.0004).toFixed(6)}`;
});

async function load(pathFor: () => string) {
  return autocannon({
    url: server.baseUrl,
    connections: 50,
    duration: seconds,
    headers: { cookie },
    requests: [{ setupRequest: (req) => ({ ...req, path: pathFor() }) }],
  });
}
const steadily = (path: () => string) =>
  openLoop({ baseUrl: server.baseUrl, path, rate, connections: 50, seconds, headers: { cookie } });

let k = 0;
const next = () => paths[k++ % paths.length]!;
const baseSat = await load(() => '/healthz');
const sat = await load(next);
const baseSteady = await steadily(() => '/healthz');
const steady = await steadily(next);
await server.stop();
await pgDb?.drop();

report(`resolve-http (${kind})`, {
  connections: 50,
  'seconds per run': seconds,
  'saturation: resolve requests/s': Math.round(sat.requests.average),
  'saturation: resolve p50 / p99 ms': `${sat.latency.p50} / ${sat.latency.p99}`,
  'saturation: /healthz requests/s': Math.round(baseSat.requests.average),
  'saturation: resolve / healthz': `${((sat.requests.average / baseSat.requests.average) * 100).toFixed(0)} %`,
  [`open loop ${rate}/s: resolve p50 / p99 ms`]: `${steady.p50} / ${steady.p99} (achieved ${steady.achievedRate}/s)`,
  [`open loop ${rate}/s: /healthz p50 / p99 ms`]: `${baseSteady.p50} / ${baseSteady.p99}`,
  'errors / non-2xx': `${sat.errors + steady.failed} / ${sat.non2xx}`,
});
