/**
 * Every benchmark, one after another, each in its own process (so one's heap does not
 * slow the next). Pass --db postgres (with TEST_DATABASE_URL) for the database-bound ones.
 *   npm run bench [-- --db postgres]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = import.meta.dirname;
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
let failed = 0;
for (const f of files) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(dir, f), ...process.argv.slice(2)],
    {
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
