import { FormatRegistry, type Static, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { sql, type Kysely } from 'kysely';
import { insertRows } from './db/insert-rows.js';
import type { DB } from './db/schema.js';

/**
 * Durable jobs in the database: they survive a restart because they are rows.
 * A job is a typed name, a JSON payload and a time; handlers must be idempotent
 * (a job may run again after a crash between its work and its end). A job that has run is
 * deleted; one with a dedupe key is kept, marked done, so that its key stays taken.
 * Claiming uses FOR UPDATE SKIP LOCKED, so several app processes can share the table.
 */
export type JobHandler =
  | ((payload: Record<string, unknown>) => Promise<void>)
  /** many due jobs of one kind at once: null for each done, its Error for each to retry */
  | { batch: (payloads: Record<string, unknown>[]) => Promise<(Error | null)[]> };

/**
 * A job kind: its name and the schema of its payload. Enqueue with `spec`, handle with
 * `handler` or `batchHandler`: the payload is typed on both sides, and checked against the
 * schema when the job runs (a payload that does not match fails the job with the reason).
 */
export interface JobKind<S extends TSchema> {
  kind: string;
  spec(payload: Static<S>, opts?: JobOptions): JobSpec;
  handler(run: (payload: Static<S>) => Promise<void>): readonly [string, JobHandler];
  batchHandler(
    run: (payloads: Static<S>[]) => Promise<(Error | null)[]>,
  ): readonly [string, JobHandler];
}

// TypeBox's own checker knows no string formats; payloads use the ones the HTTP schemas use
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
if (!FormatRegistry.Has('uuid')) FormatRegistry.Set('uuid', (v) => UUID.test(v));
if (!FormatRegistry.Has('date-time'))
  FormatRegistry.Set('date-time', (v) => DATE_TIME.test(v) && !Number.isNaN(Date.parse(v)));

export function defineJob<S extends TSchema>(kind: string, payload: S): JobKind<S> {
  const check = (p: unknown): Static<S> => {
    if (Value.Check(payload, p)) return p;
    const first = Value.Errors(payload, p).First();
    throw new Error(`job ${kind}: bad payload at ${first?.path || '/'}: ${first?.message ?? ''}`);
  };
  return {
    kind,
    spec: (p, opts = {}) => ({ kind, payload: p as Record<string, unknown>, ...opts }),
    handler: (run) => [kind, (p: Record<string, unknown>) => run(check(p))],
    batchHandler: (run) => [
      kind,
      {
        batch: async (ps: Record<string, unknown>[]) => {
          // a payload that does not match fails alone; the others run
          const checked = ps.map((p) => {
            try {
              return check(p);
            } catch (e) {
              return e as Error;
            }
          });
          const good = checked.filter((c) => !(c instanceof Error));
          const results = good.length > 0 ? await run(good as Static<S>[]) : [];
          let i = 0;
          return checked.map((c) => (c instanceof Error ? c : (results[i++] ?? null)));
        },
      },
    ],
  };
}

export interface JobOptions {
  runAt?: Date;
  /** at most one job per key, ever: enqueueing twice is a no-op */
  dedupeKey?: string;
}

export interface JobSpec extends JobOptions {
  kind: string;
  payload: Record<string, unknown>;
}

/** The statement that enqueues `jobs` (null for none), to run alone or with others. */
export function enqueueJobsQuery(jobs: readonly JobSpec[]) {
  return insertRows(
    'jobs',
    jobs.map((j) => ({
      kind: j.kind,
      payload: j.payload,
      run_at: j.runAt ?? new Date(),
      dedupe_key: j.dedupeKey ?? null,
    })),
    sql`on conflict (dedupe_key) do nothing`,
  );
}

const MAX_ATTEMPTS = 8;
const CONCURRENCY = 32;
const LOCK_SECONDS = 60;
/** 1 s, 2 s, 4 s … capped at 5 minutes */
export const backoffMs = (attempts: number) => Math.min(300_000, 1000 * 2 ** (attempts - 1));

export class JobRunner {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly handlers: Map<string, JobHandler>,
    private readonly pollMs: number,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Run due jobs now (after a commit that enqueued one), instead of at the next poll. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = (async () => {
      do {
        this.again = false;
        while ((await this.runDue().catch(() => 0)) > 0 && !this.stopped);
      } while (this.again && !this.stopped);
    })();
    await this.running;
    this.running = null;
    if (!this.stopped) this.schedule(this.pollMs);
  }

  /** Claim and run the jobs that are due; returns how many ran. */
  async runDue(limit = 64): Promise<number> {
    const claimed = await sql<{
      id: number;
      kind: string;
      payload: Record<string, unknown>;
      attempts: number;
    }>`
      update jobs set locked_until = now() + make_interval(secs => ${LOCK_SECONDS}), attempts = attempts + 1
      where id in (
        select id from jobs
        where done_at is null and run_at <= now() and (locked_until is null or locked_until < now())
        order by run_at limit ${limit}
        for update skip locked)
      returning id, kind, payload, attempts`.execute(this.db);
    type Claimed = (typeof claimed.rows)[number];
    const outcome = new Map<number, Error | null>();
    const runOne = async (job: Claimed, handler: (p: Record<string, unknown>) => Promise<void>) =>
      outcome.set(
        job.id,
        await handler(job.payload).then(
          () => null,
          (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
        ),
      );
    const byKind = new Map<string, Claimed[]>();
    for (const job of claimed.rows) byKind.set(job.kind, [...(byKind.get(job.kind) ?? []), job]);
    await Promise.all(
      [...byKind].map(async ([kind, jobs]) => {
        const handler = this.handlers.get(kind);
        if (!handler) {
          for (const job of jobs) outcome.set(job.id, new Error(`no handler for job kind ${kind}`));
        } else if (typeof handler === 'object') {
          const results = await handler
            .batch(jobs.map((j) => j.payload))
            .catch((e: unknown) => jobs.map(() => (e instanceof Error ? e : new Error(String(e)))));
          jobs.forEach((job, i) => outcome.set(job.id, results[i] ?? null));
        } else {
          // independent jobs run side by side
          for (let i = 0; i < jobs.length; i += CONCURRENCY) {
            await Promise.all(jobs.slice(i, i + CONCURRENCY).map((job) => runOne(job, handler)));
          }
        }
      }),
    );
    const done = claimed.rows.filter((job) => outcome.get(job.id) === null).map((job) => job.id);
    if (done.length > 0) {
      // a done job is deleted, unless its dedupe key must keep a second one from being queued
      await sql`
        with gone as (delete from jobs where id = any(${done}::bigint[]) and dedupe_key is null)
        update jobs set done_at = now(), last_error = null
        where id = any(${done}::bigint[]) and dedupe_key is not null`.execute(this.db);
    }
    for (const job of claimed.rows) {
      const error = outcome.get(job.id);
      if (!error) continue;
      const last = job.attempts >= MAX_ATTEMPTS;
      await this.db
        .updateTable('jobs')
        .set({
          last_error: String(error.message).slice(0, 500),
          locked_until: null,
          run_at: new Date(Date.now() + backoffMs(job.attempts)),
          done_at: last ? new Date() : null,
        })
        .where('id', '=', job.id)
        .execute();
    }
    return claimed.rows.length;
  }
}
