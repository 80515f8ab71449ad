// `npm test`: every *.test.ts beside the code (server, web, contracts, e2e) with node:test.
// The web's unit tests cover its pure modules (no React, no browser); only e2e/ builds the web app.
// Database suites run on PGlite always and on PostgreSQL too when TEST_DATABASE_URL is set.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildWebIfStale } from './web-build.mjs';

const root = path.resolve(import.meta.dirname, '..');
const dirs = [
  'apps/server/src',
  'apps/dept-demo/src',
  'apps/web/src',
  'packages/contracts/src',
  'e2e',
  'bench',
];
const only = process.argv.slice(2);

function find(dir) {
  const full = path.join(root, dir);
  if (!fs.existsSync(full)) return [];
  return fs.readdirSync(full, { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : find(rel);
    return e.name.endsWith('.test.ts') ? [rel] : [];
  });
}

let files = dirs.flatMap(find).sort();
if (only.length) files = files.filter((f) => only.some((o) => f.includes(o)));
if (files.some((f) => f.startsWith('e2e/'))) buildWebIfStale();
console.log(
  `${files.length} test files; databases: PGlite${process.env.TEST_DATABASE_URL ? ' + PostgreSQL (TEST_DATABASE_URL)' : ' (set TEST_DATABASE_URL to add PostgreSQL)'}`,
);
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(r.status ?? 1);
