/**
 * First start (empty data directory: schema, Shanghai tree, demo city) and later starts
 * (same directory), timed from spawn to "is up", as `npm start` runs the server.
 *   node --import tsx bench/startup.bench.ts [--db pglite|postgres] [--later 3]
 * Baseline in the same run: a bare `node -e ""` spawn.
 */
import { spawnSync } from 'node:child_process';
import { arg, report } from './bench-util.js';
import { freshPostgres, startServerProcess, tempDataDir } from './server-process.js';

const kind = arg('db', 'pglite');
const laterRuns = Number(arg('later', '3'));
const dataDir = tempDataDir();
const pgDb = kind === 'postgres' ? await freshPostgres() : null;

const t0 = performance.now();
spawnSync(process.execPath, ['-e', '']);
const bareNodeMs = performance.now() - t0;

const first = await startServerProcess({ dataDir, databaseUrl: pgDb?.url });
await first.stop();
const later: number[] = [];
for (let i = 0; i < laterRuns; i++) {
  const s = await startServerProcess({ dataDir, databaseUrl: pgDb?.url });
  later.push(s.startupMs);
  await s.stop();
}
await pgDb?.drop();
later.sort((a, b) => a - b);

report(`startup (${kind})`, {
  'first start, demo city ms': Math.round(first.startupMs),
  [`later start ms (median of ${laterRuns})`]: Math.round(later[Math.floor(later.length / 2)]!),
  'later start ms (max)': Math.round(later[later.length - 1]!),
  'bare node spawn ms (baseline)': Math.round(bareNodeMs),
});
