/**
 * `npm run cluster`: the platform as a small cluster on this machine (issue 27, decision 029),
 * built from parts a city's operators know — a PostgreSQL primary and a streaming replica of it
 * (pg_basebackup), N stateless app nodes sharing one data directory, and HAProxy in front of
 * them (and in front of PostgreSQL, so the nodes follow a promoted replica).
 *
 *   npm run cluster -- [--nodes 2] [--port 8080] [--no-replica] [--synchronous]
 *
 * Prints where everything listens, then runs until Ctrl-C, and removes what it made.
 * Needs PostgreSQL's server binaries and HAProxy (Debian: postgresql, haproxy).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort, startOwnPostgres, type OwnPostgres } from './platform/own-postgres.js';
import { startServerProcess, tempDataDir, type ServerProcess } from './platform/server-process.js';

export interface Cluster {
  /** HAProxy's front: where users and tests send requests */
  url: string;
  primary: OwnPostgres;
  replica: OwnPostgres | null;
  /** HAProxy's PostgreSQL front: the primary, or the replica once promoted */
  databaseUrl: string;
  nodes: ServerProcess[];
  dataDir: string;
  /** the HAProxy statistics page */
  statsUrl: string;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  nodes?: number;
  port?: number;
  replica?: boolean;
  /** environment for every node (e.g. DEMO_CASES=0) */
  env?: Record<string, string>;
  /** postgres -c settings for both databases (fsync stays on unless asked) */
  postgresSettings?: string[];
  /** the primary waits for the replica to have each commit before it answers (no loss on failover) */
  synchronous?: boolean;
}

/** HAProxy: round robin over the nodes, checked by /readyz; PostgreSQL: the primary, the replica as backup. */
function haproxyConfig(o: {
  port: number;
  statsPort: number;
  pgPort: number;
  nodes: ServerProcess[];
  primaryPort: number;
  replicaPort: number | null;
}): string {
  const nodes = o.nodes.map(
    (n, i) => `  server node${i + 1} ${new URL(n.baseUrl).host} check inter 1s fall 2 rise 1`,
  );
  return `global
  maxconn 4096

defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  # server-sent events stay open
  timeout tunnel 1h
  # a request that finds its node gone is sent to another (once), not answered with an error
  retries 2
  option redispatch
  retry-on conn-failure empty-response response-timeout

frontend web
  bind 127.0.0.1:${o.port}
  default_backend nodes

backend nodes
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
${nodes.join('\n')}

listen postgres
  mode tcp
  bind 127.0.0.1:${o.pgPort}
  timeout client 1h
  timeout server 1h
  option tcp-check
  server primary 127.0.0.1:${o.primaryPort} check inter 1s fall 2 rise 2 on-marked-down shutdown-sessions
${o.replicaPort ? `  server replica 127.0.0.1:${o.replicaPort} check inter 1s fall 2 rise 2 backup\n` : ''}
listen stats
  bind 127.0.0.1:${o.statsPort}
  stats enable
  stats uri /
`;
}

export async function startCluster(o: ClusterOptions = {}): Promise<Cluster> {
  const primary = await startOwnPostgres(o.postgresSettings ?? []);
  const replica = o.replica === false ? null : await primary.startReplica();
  if (replica && o.synchronous) {
    // set after the base backup, so the replica (once promoted) does not wait for a standby of its own
    await primary.query(`alter system set synchronous_standby_names = '*'`);
    await primary.query('select pg_reload_conf()');
  }
  const [port, statsPort, pgPort] = await Promise.all([
    o.port ? Promise.resolve(o.port) : freePort(),
    freePort(),
    freePort(),
  ]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-cluster-'));
  const dataDir = tempDataDir();
  const databaseUrl = `postgres://postgres@127.0.0.1:${pgPort}/cc`;
  const env = {
    DATA_KEY: crypto.randomBytes(32).toString('hex'),
    ...(replica ? { DATABASE_READ_URL: replica.url } : {}),
    ...o.env,
  };
  // HAProxy's PostgreSQL front first: the nodes connect through it
  const writeConfig = (nodes: ServerProcess[]) =>
    fs.writeFileSync(
      path.join(dir, 'haproxy.cfg'),
      haproxyConfig({
        port,
        statsPort,
        pgPort,
        nodes,
        primaryPort: primary.port,
        replicaPort: replica?.port ?? null,
      }),
    );
  const runHaproxy = () =>
    spawn('haproxy', ['-db', '-f', path.join(dir, 'haproxy.cfg')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  writeConfig([]);
  let haproxy: ChildProcess = runHaproxy();
  const nodes: ServerProcess[] = [];
  try {
    // the first node migrates and seeds the demo city; the others join it
    nodes.push(await startServerProcess({ dataDir, databaseUrl, env }));
    for (let i = 1; i < (o.nodes ?? 2); i++)
      nodes.push(await startServerProcess({ dataDir, databaseUrl, env }));
    // now with the nodes: HAProxy started again with them (it holds no state worth keeping)
    writeConfig(nodes);
    haproxy.kill('SIGTERM');
    await new Promise((r) => haproxy.once('exit', r));
    haproxy = runHaproxy();
    await waitFor(`http://127.0.0.1:${port}/readyz`);
  } catch (e) {
    haproxy.kill('SIGKILL');
    await Promise.all(nodes.map((n) => n.stop()));
    replica?.destroy();
    primary.destroy();
    throw e;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    statsUrl: `http://127.0.0.1:${statsPort}/`,
    primary,
    replica,
    databaseUrl,
    nodes,
    dataDir,
    async stop() {
      await Promise.all(nodes.map((n) => n.stop()));
      haproxy.kill('SIGTERM');
      replica?.destroy();
      primary.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitFor(url: string): Promise<void> {
  const until = Date.now() + 30_000;
  for (;;) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > until) throw new Error(`${url} did not answer within 30 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const cluster = await startCluster({
    nodes: Number(flag('nodes') ?? 2),
    port: Number(flag('port') ?? 8080),
    replica: !process.argv.includes('--no-replica'),
    synchronous: process.argv.includes('--synchronous'),
  });
  const lines = [
    `社区云集群已启动 / the cluster is up: ${cluster.url}`,
    `  app nodes: ${cluster.nodes.map((n) => n.baseUrl).join(', ')}`,
    `  PostgreSQL primary: ${cluster.primary.url}`,
    cluster.replica ? `  PostgreSQL replica (reads): ${cluster.replica.url}` : '  no replica',
    `  PostgreSQL through HAProxy (the nodes' DATABASE_URL): ${cluster.databaseUrl}`,
    `  HAProxy statistics: ${cluster.statsUrl}`,
    `  shared data directory: ${cluster.dataDir}`,
    'Ctrl-C stops everything and removes what it made.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = () => void cluster.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
