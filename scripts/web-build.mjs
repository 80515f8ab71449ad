// Build the web app when apps/web/dist is missing or older than its sources.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const sources = [
  'apps/web/src',
  'apps/web/index.html',
  'apps/web/vite.config.ts',
  'packages/contracts/src',
];

function newest(p) {
  const full = path.join(root, p);
  if (!fs.existsSync(full)) return 0;
  const st = fs.statSync(full);
  // tests are not in the bundle: editing one does not make the build stale
  if (!st.isDirectory()) return p.endsWith('.test.ts') ? 0 : st.mtimeMs;
  return Math.max(0, ...fs.readdirSync(full).map((f) => newest(path.join(p, f))));
}

const LOCK = path.join(root, 'apps/web/.build-lock');

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Whether the process that took the lock has ended (false while it is unknown). */
function holderGone() {
  let pid;
  try {
    pid = Number(fs.readFileSync(path.join(LOCK, 'pid'), 'utf8'));
  } catch {
    return false; // no pid yet (just taken) or an older lock: the ten minutes decide
  }
  if (!(pid > 0)) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return e.code === 'ESRCH';
  }
}

/** One build at a time across processes (parallel test runs share apps/web/dist). */
function withBuildLock(work) {
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      fs.writeFileSync(path.join(LOCK, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      // a lock left by a killed build is stale at once when its process is gone (it says which
      // in LOCK/pid), else after ten minutes
      const age =
        Date.now() - (fs.statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 600_000 || holderGone()) fs.rmSync(LOCK, { recursive: true, force: true });
      else sleep(1000);
    }
  }
  try {
    return work();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

function stale() {
  const built = path.join(root, 'apps/web/dist/index.html');
  const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
  return builtAt < Math.max(...sources.map(newest));
}

export function buildWebIfStale() {
  if (!stale()) return;
  withBuildLock(() => {
    if (!stale()) return;
    console.log('Building the web app (apps/web) …');
    const r = spawnSync('npm', ['run', 'build', '-w', 'apps/web'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  });
}
