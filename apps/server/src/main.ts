import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { startPlatform } from './bootstrap.js';
import { DEMO_RESIDENTS_FILE } from './demo/seed-residents.js';
import { loadConfig } from './platform/config.js';
import { StartupError } from './platform/db/database.js';

/** Composition root: `npm start` lands here. */
async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const platform = await startPlatform(config, {
    logger: { level: config.logLevel },
  });
  const { app, database, demo } = platform;

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: closing`);
    platform.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  // the port bound (the one asked for, or the system's choice for --port 0)
  const { port } = app.server.address() as AddressInfo;
  const where =
    database.kind === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)';
  const lines = [
    '',
    `社区云 Community Cloud is up at http://localhost:${port}  (${where}, started in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    `API docs: http://localhost:${port}/api/docs`,
  ];
  if (demo) {
    lines.push(
      demo.created
        ? 'Demo city created. Sample accounts (one per role):'
        : 'Sample accounts (one per role):',
      ...demo.accounts.map(
        (a) =>
          `  ${a.username.padEnd(12)} ${a.role.padEnd(18)} ${a.areaCode.padEnd(20)} ${a.areaName}`,
      ),
      `  password for all: ${demo.password}`,
      `Residents of 云南中路 on a phone: ${demoResidents().join(', ')} (demo/residents.json); sign-up at /join`,
    );
  }
  console.log(lines.join('\n'));
}

/** The demo's verified residents, by user name. */
function demoResidents(): string[] {
  const file = JSON.parse(fs.readFileSync(DEMO_RESIDENTS_FILE, 'utf8')) as {
    households: { members: { username: string }[] }[];
  };
  return file.households.flatMap((h) => h.members.map((m) => m.username));
}

main().catch((e: unknown) => {
  if (e instanceof StartupError) {
    console.error(`\nCannot start: ${e.message}\n`);
  } else {
    console.error(e);
  }
  process.exit(1);
});
