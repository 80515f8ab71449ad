/**
 * A PostgreSQL of one's own, in a temporary directory, on a free port — and streaming replicas
 * of it made by pg_basebackup — for the tests that stop, restart or fail over a database (never
 * the shared one other suites use at the same time) and for `npm run cluster`.
 *
 * It needs PostgreSQL's server binaries (/usr/lib/postgresql/<version>/bin) and, when run as
 * root (initdb refuses root), `runuser` and a `postgres` OS user: `ownPostgresMissing()` says
 * what is missing, or null.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** PostgreSQL's server binaries, the newest version installed, or null. */
function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : null;
}

const isRoot = process.getuid?.() === 0;
const hasRunuser = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].some((p) =>
  fs.existsSync(p),
);
const postgresUid = (): number | null => {
  try {
    return Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  } catch {
    return null;
  }
};

/** Why an own PostgreSQL cannot be started here, or null when it can. */
export function ownPostgresMissing(): string | null {
  if (!postgresBin()) return 'PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin';
  if (isRoot && !hasRunuser) return 'running as root and runuser is missing (initdb refuses root)';
  if (isRoot && postgresUid() === null) return 'running as root and there is no postgres user';
  return null;
}

export interface OwnPostgres {
  /** the database `cc` on it */
  url: string;
  port: number;
  /** pg_ctl with this cluster's directory, log and options: ctl('stop', '-m', 'fast') */
  ctl: (...args: string[]) => void;
  query: <T extends pg.QueryResultRow>(text: string, values?: unknown[]) => Promise<T[]>;
  /** a streaming replica of this one (pg_basebackup), started */
  startReplica: () => Promise<OwnPostgres>;
  /** a replica becomes a primary (pg_ctl promote) */
  promote: () => void;
  destroy: () => void;
}

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

function tool(name: string, args: string[]): void {
  const cmd = path.join(postgresBin()!, name);
  const [file, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  execFileSync(file, argv, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
}

function workDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  if (isRoot) fs.chownSync(dir, postgresUid()!, -1);
  return dir;
}

/** Start the cluster in `dir`/data on `port` and hand out its controls. */
async function run(dir: string, port: number, settings: string[]): Promise<OwnPostgres> {
  const data = path.join(dir, 'data');
  const options = [
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
    ...settings.map((s) => `-c ${s}`),
  ].join(' ');
  const ctl = (...args: string[]) =>
    tool('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-o', options, '-w', ...args]);
  ctl('start');
  const url = `postgres://postgres@127.0.0.1:${port}/cc`;
  let isDestroyed = false;
  function destroy() {
    if (isDestroyed) return;
    isDestroyed = true;
    try {
      ctl('stop', '-m', 'immediate');
    } catch {
      // already stopped
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // a run that ends early (a failure that leaves the event loop) leaves no database behind
  process.once('exit', destroy);
  const own: OwnPostgres = {
    url,
    port,
    ctl,
    async query(text, values) {
      const q = new pg.Client({ connectionString: url });
      await q.connect();
      try {
        return (await q.query(text, values)).rows;
      } finally {
        await q.end();
      }
    },
    async startReplica() {
      const replicaDir = workDir('cc-pg-replica-');
      const replicaPort = await freePort();
      // -R writes the standby's settings (primary_conninfo, standby.signal); -X stream keeps
      // the WAL written during the copy; -c fast checkpoints at once (a spread checkpoint made
      // the copy wait ~90 s on an idle primary)
      tool('pg_basebackup', [
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        'postgres',
        '-D',
        path.join(replicaDir, 'data'),
        '-R',
        '-X',
        'stream',
        '-c',
        'fast',
        '--no-sync',
      ]);
      return run(replicaDir, replicaPort, settings);
    },
    promote: () => ctl('promote'),
    destroy,
  };
  return own;
}

/**
 * A fresh primary with a database `cc`. `settings` are postgres -c options; fsync is off
 * unless asked for (tests and benchmarks on one machine measure the code, not the disk).
 */
export async function startOwnPostgres(settings: string[] = ['fsync=off']): Promise<OwnPostgres> {
  const reason = ownPostgresMissing();
  if (reason) throw new Error(`cannot start a PostgreSQL of our own: ${reason}`);
  const dir = workDir('cc-pg-');
  tool('initdb', [
    '-D',
    path.join(dir, 'data'),
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
    '--no-sync',
  ]);
  // replicas connect over TCP from 127.0.0.1 with the replication protocol
  fs.appendFileSync(
    path.join(dir, 'data', 'pg_hba.conf'),
    '\nhost replication postgres 127.0.0.1/32 trust\n',
  );
  const own = await run(dir, await freePort(), settings);
  const c = new pg.Client({ connectionString: own.url.replace(/\/cc$/, '/postgres') });
  await c.connect();
  await c.query('create database cc');
  await c.end();
  return own;
}
