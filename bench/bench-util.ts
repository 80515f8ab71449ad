import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Client, TestPlatform } from '../apps/server/src/testing.js';

/** --name value, or --name=value, from the command line. */
export function arg(name: string, fallback: string): string {
  const argv = process.argv.slice(2);
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  const a = argv[i]!;
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : (argv[i + 1] ?? fallback);
}

/** Print one benchmark's figures as a small table, and as one JSON line for scripts. */
export function report(name: string, figures: Record<string, string | number>): void {
  console.log(`\n## ${name}`);
  const width = Math.max(...Object.keys(figures).map((k) => k.length));
  for (const [k, v] of Object.entries(figures)) console.log(`  ${k.padEnd(width)}  ${v}`);
  console.log(`JSON ${JSON.stringify({ bench: name, ...figures })}`);
}

/** One CSV cell (RFC 4180): quoted only when it holds a quote, a comma or a line break. */
export const csvCell = (v: string | number | null): string => {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
/** One CSV line, with its newline. */
export const csvLine = (cells: (string | number | null)[]): string =>
  `${cells.map(csvCell).join(',')}\n`;

/** Write lines to a file as a stream: a few hundred KB in memory at a time. */
export async function writeLines(file: string, lines: Iterable<string>): Promise<number> {
  const out = fs.createWriteStream(file);
  let chunk = '';
  for (const line of lines) {
    chunk += line;
    if (chunk.length >= 256 * 1024) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((resolve, reject) => {
    out.once('finish', resolve);
    out.once('error', reject);
  });
  return fs.statSync(file).size;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** utime + stime + children's (fields 14–17 of /proc/<pid>/stat), in ms; 0 where /proc is absent. */
export function procCpuMs(pid: number | string): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) may hold spaces: count fields after its closing parenthesis
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * (1000 / CLOCK_TICKS);
  } catch {
    return 0;
  }
}
const CLOCK_TICKS = 100; // USER_HZ, 100 on every Linux build Node runs on

/** CPU time used so far by every PostgreSQL process on this machine (exited backends counted by their parent), in ms. */
export function postgresCpuMs(): number {
  let ms = 0;
  for (const pid of fs.existsSync('/proc') ? fs.readdirSync('/proc') : []) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') ms += procCpuMs(pid);
    } catch {
      // the process ended while we looked
    }
  }
  return ms;
}

/**
 * CPU time used so far, in ms: by the server process, by every PostgreSQL process on this
 * machine (with the backends that have exited, counted by their parent), and by this process.
 */
function cpuReading(serverPid: number | null) {
  const own = process.cpuUsage();
  return {
    server: serverPid === null ? 0 : procCpuMs(serverPid),
    postgres: postgresCpuMs(),
    bench: (own.user + own.system) / 1000,
  };
}

/** One figure of /proc/<pid>/status in bytes (VmRSS, VmHWM, …); 0 where it cannot be read. */
function procStatusBytes(pid: number, field: string): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      fs.readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0; // the process has gone, or there is no /proc
  }
}

/**
 * A process's peak resident set over a phase, in bytes: its peak mark (VmHWM) reset to the
 * present when sampling starts (`clear_refs` 5, allowed on one's own child), read again at the
 * end, so no short burst between samples is missed; and VmRSS sampled every `everyMs` besides,
 * the whole figure where the mark cannot be reset.
 */
export function sampleRss(pid: number, everyMs = 200) {
  let peak = 0;
  let samples = 0;
  let markReset = false;
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    markReset = true;
  } catch {
    // not Linux, or not allowed: the samples alone
  }
  const read = () => {
    const rss = procStatusBytes(pid, 'VmRSS');
    if (rss > 0) {
      peak = Math.max(peak, rss);
      samples++;
    }
  };
  read();
  const timer = setInterval(read, everyMs);
  return {
    stop() {
      clearInterval(timer);
      read();
      if (markReset) peak = Math.max(peak, procStatusBytes(pid, 'VmHWM'));
      return { peak, samples };
    },
  };
}

/** CPU ms used so far by the PostgreSQL backends serving `database` (their titles name it). */
function backendCpuMs(database: string): number {
  let ms = 0;
  for (const pid of fs.existsSync('/proc') ? fs.readdirSync('/proc') : []) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
      const title = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (title.includes(` ${database} `)) ms += procCpuMs(pid);
    } catch {
      // the process ended while we looked
    }
  }
  return ms;
}

/**
 * Waits until the server process, and on PostgreSQL the backends serving its database (not the
 * rest of the machine's), have been nearly idle (under 10 % of a core each) for a second: the
 * work a phase leaves behind (texts the job runner sends) is done before the next phase
 * starts. Returns the ms waited; gives up after `maxSeconds`.
 */
export async function waitUntilIdle(
  serverPid: number,
  databaseUrl: string | null | undefined,
  maxSeconds = 600,
): Promise<number> {
  const database = databaseUrl ? new URL(databaseUrl).pathname.slice(1) : null;
  const reading = () => ({
    server: procCpuMs(serverPid),
    postgres: database ? backendCpuMs(database) : 0,
  });
  const started = performance.now();
  let quiet = 0;
  let last = reading();
  while (performance.now() - started < maxSeconds * 1000) {
    await new Promise((r) => setTimeout(r, 250));
    const now = reading();
    const busy = Math.max(now.server - last.server, now.postgres - last.postgres) / 250;
    last = now;
    quiet = busy < 0.1 ? quiet + 1 : 0;
    if (quiet >= 4) break;
  }
  return Math.round(performance.now() - started);
}

/**
 * Runs a load phase and adds where its CPU went: ms per operation done, as
 * "server / PostgreSQL / load generator".
 */
export async function withCpu<T extends { done: number }>(
  serverPid: number | null,
  phase: () => Promise<T>,
): Promise<T & { cpu: string }> {
  const before = cpuReading(serverPid);
  const result = await phase();
  const after = cpuReading(serverPid);
  const per = (k: keyof typeof before) =>
    ((after[k] - before[k]) / Math.max(1, result.done)).toFixed(2);
  return { ...result, cpu: `${per('server')} / ${per('postgres')} / ${per('bench')}` };
}

/**
 * Signed-in clients for many accounts at once: session rows written in batches of 1,000 (signing
 * each in over HTTP would be the benchmark's own bottleneck), one cookie per client.
 */
export async function signedInClients(tp: TestPlatform, ids: readonly string[]): Promise<Client[]> {
  const { db } = tp.platform.deps;
  const tokens = ids.map(() => crypto.randomBytes(32).toString('base64url'));
  for (let i = 0; i < ids.length; i += 1000) {
    await db
      .insertInto('sessions')
      .values(
        ids.slice(i, i + 1000).map((id, j) => ({
          id: crypto
            .createHash('sha256')
            .update(tokens[i + j]!)
            .digest('hex'),
          account_id: id,
          created_at: new Date(),
          last_seen_at: new Date(),
          expires_at: new Date(Date.now() + 12 * 3_600_000),
          ip: null,
          user_agent: null,
        })),
      )
      .execute();
  }
  return tokens.map((token) => {
    const c = tp.client();
    c.cookies.set('cc_session', token);
    return c;
  });
}
