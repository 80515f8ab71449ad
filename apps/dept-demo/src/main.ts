import fs from 'node:fs';
import path from 'node:path';
import { startDeptDemo } from './dept-demo.js';

/**
 * `node --import tsx apps/dept-demo/src/main.ts`: the demo department system beside the
 * platform (scripts/start.mjs starts it in development), registered in the demo city as the
 * client `dept-demo` of data/sso/department-systems.json with its published demo secret.
 * DEPT_DEMO_PORT (default PORT + 1), ISSUER (default http://localhost:PORT/oidc).
 */
const root = path.resolve(import.meta.dirname, '../../..');
const port = Number(process.env.PORT ?? 3000);
const file = JSON.parse(
  fs.readFileSync(path.join(root, 'data/sso/department-systems.json'), 'utf8'),
) as { systems: { clientId: string; clientSecret?: string }[] };
const registration = file.systems.find((s) => s.clientId === 'dept-demo');
if (!registration?.clientSecret)
  throw new Error('dept-demo is not in data/sso/department-systems.json');
const demo = await startDeptDemo({
  issuer: process.env.ISSUER ?? `http://localhost:${port}/oidc`,
  client: { clientId: registration.clientId, clientSecret: registration.clientSecret },
  port: Number(process.env.DEPT_DEMO_PORT ?? port + 1),
  host: process.env.HOST ?? '127.0.0.1',
});
console.log(`demo department system at ${demo.url} (signs in through Community Cloud)`);
for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.on(sig, () => void demo.close().then(() => process.exit(0)));
