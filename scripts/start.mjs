// `npm start`: build the web app if needed, then run the server (PGlite in ./data unless DATABASE_URL),
// and outside production the demo department system (apps/dept-demo) on PORT + 1 (DEPT_DEMO=off: not).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { buildWebIfStale } from './web-build.mjs';

const root = path.resolve(import.meta.dirname, '..');
buildWebIfStale();
const run = (file, args = []) =>
  spawn(process.execPath, ['--import', 'tsx', path.join(root, file), ...args], {
    cwd: root,
    stdio: 'inherit',
  });
const child = run('apps/server/src/main.ts', process.argv.slice(2));
const demo =
  process.env.NODE_ENV !== 'production' && process.env.DEPT_DEMO !== 'off'
    ? run('apps/dept-demo/src/main.ts')
    : null;
// the server closes the database itself; pass the signal on and wait for it
for (const sig of ['SIGINT', 'SIGTERM'])
  process.on(sig, () => {
    demo?.kill(sig);
    child.kill(sig);
  });
child.on('exit', (code, signal) => {
  demo?.kill('SIGTERM');
  process.exit(code ?? (signal ? 1 : 0));
});
