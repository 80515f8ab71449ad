import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { startPlatform } from './bootstrap.js';
import { DEMO_RESIDENTS_FILE } from './demo/seed-residents.js';
import { loadConfig, servedOverHttps } from './platform/config.js';
import { StartupError } from './platform/db/database.js';
import { readableLogStream } from './platform/log-lines.js';
import { printedProgress } from './platform/progress.js';

/** Composition root: `npm start` lands here. */
async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const progress = printedProgress(started);
  // production: pino's JSON as it is (a log collector reads it); elsewhere one readable line
  // (and request lines only with LOG_LEVEL=info: the default, warn, keeps the banner in view)
  const platform = await startPlatform(config, {
    logger: config.production
      ? { level: config.logLevel }
      : { level: config.logLevel, stream: readableLogStream() },
    requestLog: config.production ? 'fastify' : 'line',
    progress,
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
  const scheme = config.tls ? 'https' : 'http';
  const lines = [
    '',
    `社区云 Community Cloud is up at ${scheme}://localhost:${port}  (${where}, started in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    `API docs: ${scheme}://localhost:${port}/api/docs`,
    ...networkLines(config.host, scheme, port, servedOverHttps(config)),
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

/** Where else the server can be reached: the LAN addresses, or how to open it to them. */
function networkLines(host: string, scheme: string, port: number, https: boolean): string[] {
  if (host === '127.0.0.1' || host === 'localhost' || host === '::1') {
    return [
      `仅本机可访问；手机等局域网设备访问请用 HOST=0.0.0.0 npm start`,
      `Listening on ${host} only (this computer); for phones on the network: HOST=0.0.0.0 npm start`,
    ];
  }
  const everywhere = host === '0.0.0.0' || host === '::';
  const urls = everywhere
    ? lanAddresses().map((a) => `${scheme}://${a.includes(':') ? `[${a}]` : a}:${port}`)
    : [`${scheme}://${host}:${port}`];
  const lines = urls.length
    ? [`局域网访问 · On the local network: ${urls.join('  ')}`]
    : [`未找到局域网地址 · Listening on ${host}; no network address found besides this computer's`];
  if (!https) {
    lines.push(
      '  手机定位需要 https：设置 TLS_CERT_FILE 与 TLS_KEY_FILE（见 README "On a real phone"）',
      '  A phone gets its position only over https: set TLS_CERT_FILE and TLS_KEY_FILE (README, "On a real phone")',
    );
  }
  return lines;
}

/** The machine's IPv4 addresses other than loopback (what a phone on the same network dials). */
function lanAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address);
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
