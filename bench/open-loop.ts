/**
 * Open-loop load: `connections` clients that each send on a fixed schedule, so the
 * offered rate does not drop when the server slows down. Latency counts from the
 * scheduled send time (no coordinated omission).
 */
import { Agent, request } from 'undici';
import { percentile } from './bench-util.js';

export interface OpenLoopResult {
  sent: number;
  ok: number;
  failed: number;
  p50: number;
  p99: number;
  max: number;
  achievedRate: number;
}

export interface LoadRequest {
  path: string;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
}

export async function openLoop(opts: {
  baseUrl: string;
  path?: () => string;
  /** the request to send now; `scheduledAt` is when it was due, in epoch ms (as Date.now()) */
  request?: (scheduledAt: number) => LoadRequest;
  rate: number;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
}): Promise<OpenLoopResult> {
  const agent = new Agent({ connections: opts.connections, pipelining: 1 });
  const interval = (1000 * opts.connections) / opts.rate; // per client
  const latencies: number[] = [];
  let failed = 0;
  const start = performance.now();
  const end = start + opts.seconds * 1000;
  const client = async (c: number) => {
    for (let n = 0; ; n++) {
      const due = start + (c / opts.connections) * interval + n * interval;
      if (due >= end) return;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      // timers may fire a little early: never send before the scheduled time
      while (performance.now() < due) await new Promise((r) => setImmediate(r));
      try {
        const req: LoadRequest = opts.request
          ? opts.request(performance.timeOrigin + due)
          : { path: opts.path!() };
        const res = await request(opts.baseUrl + req.path, {
          dispatcher: agent,
          method: req.method ?? 'GET',
          headers: { ...opts.headers, ...req.headers },
          ...(req.body !== undefined ? { body: req.body } : {}),
        });
        await res.body.dump();
        if (res.statusCode >= 400) failed++;
      } catch {
        failed++;
      }
      latencies.push(performance.now() - due);
    }
  };
  await Promise.all(Array.from({ length: opts.connections }, (_, c) => client(c)));
  const elapsed = (performance.now() - start) / 1000;
  await agent.close();
  latencies.sort((a, b) => a - b);
  return {
    sent: latencies.length,
    ok: latencies.length - failed,
    failed,
    p50: +percentile(latencies, 50).toFixed(2),
    p99: +percentile(latencies, 99).toFixed(2),
    max: +latencies[latencies.length - 1]!.toFixed(2),
    achievedRate: Math.round(latencies.length / elapsed),
  };
}

/**
 * Closed loop: `connections` workers each run `task` back to back for `seconds` (or until
 * `total` tasks have been started); returns completed tasks per second and the task latencies.
 */
export async function closedLoop(opts: {
  connections: number;
  seconds: number;
  /** stop once this many tasks have been started, even before `seconds` have passed */
  total?: number;
  task: (worker: number) => Promise<boolean>;
}): Promise<{ done: number; failed: number; perSecond: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  let failed = 0;
  let started = 0;
  const total = opts.total ?? Infinity;
  const start = performance.now();
  const end = start + opts.seconds * 1000;
  await Promise.all(
    Array.from({ length: opts.connections }, async (_, w) => {
      while (performance.now() < end && started++ < total) {
        const t = performance.now();
        const ok = await opts.task(w).catch(() => false);
        if (ok) latencies.push(performance.now() - t);
        else failed++;
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    done: latencies.length,
    failed,
    perSecond: Math.round(latencies.length / elapsed),
    p50: +percentile(latencies, 50).toFixed(1),
    p99: +percentile(latencies, 99).toFixed(1),
  };
}
