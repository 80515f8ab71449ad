import {
  ADMINISTRATOR_ROLES,
  WEBHOOK_DISABLED_REASON_LABELS,
  type WebhookDisabledReason,
} from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import { Batcher } from '../../platform/batcher.js';
import type { AppDeps } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { appendAudits, auditEntry } from '../audit/index.js';
import { accountsBoundAt } from '../identity/index.js';
import { queueNotifications } from '../notifications/index.js';
import { signatureHeader } from './webhook-signing.js';
import { DELIVER_JOB } from './webhooks.repo.js';

/**
 * Sending deliveries (decision 023). A `webhook.deliver` job claims its delivery (a lock on the
 * row, so one process sends it at a time) and is done: the POST goes on beside the job runner,
 * which moves on to the next jobs, so a slow receiver never holds it (nor every other module's
 * jobs) for its timeout. Each attempt is recorded when it ends, many at once (group commit): a
 * 2xx is delivered; anything else is retried with exponential backoff under a new job, until the
 * retry limit gives it up. A subscriber is disabled, its administrators told, after a 410 Gone,
 * after WEBHOOK_DISABLE_AFTER_FAILURES deliveries given up in a row, or when every attempt has
 * failed for WEBHOOK_DISABLE_AFTER_HOURS.
 *
 * A claim that is never recorded (the process died mid-send, the database was gone when the
 * attempt ended) keeps its lock until it lapses; the sweep (every minute in each process, and at
 * start) queues such a delivery again. Nothing is lost, and no two processes send one delivery
 * at once.
 */

/** requests one process keeps open to one subscriber; beyond, an attempt fails at once and backs off */
const MAX_IN_FLIGHT_PER_SUBSCRIBER = 64;
/** requests one process keeps open in all: past it, the job handler waits before taking more */
const MAX_IN_FLIGHT = 512;
/** how often each process looks for claims that were never recorded */
const SWEEP_MS = 60_000;
/** how long a claim holds beyond the request's own timeout */
const LOCK_MARGIN_MS = 30_000;
const USER_AGENT = 'CommunityCloud-Webhooks/1.0';

interface Claimed {
  id: string;
  /** `attempts` as claimed: the job's attempt number */
  attempt: number;
  roundAttempts: number;
  subscriberId: string;
  eventType: string;
  body: string;
  url: string;
  /** the current secret first, then the previous one while it still signs */
  secrets: string[];
}

interface Outcome {
  d: Claimed;
  ok: boolean;
  status: number | null;
  error: string | null;
  retryAfterMs: number | null;
  /** cut off by the process stopping: not an attempt; `stop` releases the claim */
  aborted: boolean;
}

export type DeliverPayload = { id: string; attempt: number };

/** The delay before retry number `round` (1 = the first retry): ×3 each time, capped, ±20 %. */
export function retryDelayMs(
  config: Pick<AppDeps['config'], 'webhookRetryBaseMs' | 'webhookRetryMaxMs'>,
  round: number,
  retryAfterMs: number | null = null,
  random = Math.random(),
): number {
  const exp = Math.min(config.webhookRetryMaxMs, config.webhookRetryBaseMs * 3 ** (round - 1));
  const jittered = exp * (0.8 + 0.4 * random);
  return Math.round(Math.min(config.webhookRetryMaxMs, Math.max(jittered, retryAfterMs ?? 0)));
}

/** Retry-After as seconds or an HTTP date, in ms from now; null when absent or unreadable. */
function retryAfter(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

function describe(e: unknown, timeoutMs: number): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = err.cause?.code ?? err.cause?.message;
  return String(cause ? `${err.message ?? 'fetch failed'}: ${cause}` : (err.message ?? e)).slice(
    0,
    300,
  );
}

/**
 * Claim the deliveries of a batch of jobs: those still pending at the job's attempt, not held
 * by another run, of an enabled subscriber (a ping goes to a disabled one too). A job whose
 * delivery has moved on claims nothing.
 */
async function claim(deps: AppDeps, jobs: readonly DeliverPayload[]): Promise<Claimed[]> {
  const lockSeconds = (deps.config.webhookTimeoutMs + LOCK_MARGIN_MS) / 1000;
  const { rows } = await sql<{
    id: string;
    attempts: number;
    round_attempts: number;
    subscriber_id: string;
    event_type: string;
    body: string;
    url: string;
    secret_enc: string;
    previous_secret_enc: string | null;
    previous_secret_until: Date | null;
  }>`
    update webhook_deliveries d
    set locked_until = now() + make_interval(secs => ${lockSeconds})
    from unnest(${jobs.map((j) => j.id)}::uuid[], ${jobs.map((j) => j.attempt)}::int[])
        as w(id, attempt),
      webhook_subscribers s
    where d.id = w.id and d.attempts = w.attempt and d.status = 'pending'
      and (d.locked_until is null or d.locked_until < now())
      and s.id = d.subscriber_id and (s.enabled or d.event_type = 'ping')
    returning d.id, d.attempts, d.round_attempts, d.subscriber_id, d.event_type, d.body,
      s.url, s.secret_enc, s.previous_secret_enc, s.previous_secret_until`.execute(deps.db);
  const secrets = new Map<string, string>();
  const plain = (enc: string) => {
    let s = secrets.get(enc);
    if (s === undefined) secrets.set(enc, (s = deps.cipher.decrypt(enc)));
    return s;
  };
  const now = new Date();
  return rows.map((r) => ({
    id: r.id,
    attempt: r.attempts,
    roundAttempts: r.round_attempts,
    subscriberId: r.subscriber_id,
    eventType: r.event_type,
    body: r.body,
    url: r.url,
    secrets: [
      plain(r.secret_enc),
      ...(r.previous_secret_enc && r.previous_secret_until && r.previous_secret_until > now
        ? [plain(r.previous_secret_enc)]
        : []),
    ],
  }));
}

interface Disabled {
  id: string;
  name: string;
  url: string;
  reason: WebhookDisabledReason;
}

/**
 * Record attempts, in a few statements whatever their number: failures (each with its retry
 * job, or given up), the subscribers' failure counts and who is now disabled; then successes
 * (their subscribers' counts start over). Pings leave the counts alone and are tried once.
 */
async function record(deps: AppDeps, outcomes: readonly Outcome[]): Promise<void> {
  const done = outcomes.filter((o) => !o.aborted);
  if (done.length === 0) return;
  const { config } = deps;
  const ok = done.filter((o) => o.ok);
  const failed = done.filter((o) => !o.ok);
  const counts = (o: Outcome) => o.d.eventType !== 'ping';
  const now = Date.now();
  const next = failed.map((o) => {
    const round = o.d.roundAttempts + 1;
    const givenUp = !counts(o) || round >= config.webhookMaxAttempts;
    return givenUp ? null : new Date(now + retryDelayMs(config, round, o.retryAfterMs));
  });
  const succeeded = [...new Set(ok.filter(counts).map((o) => o.d.subscriberId))];
  let disabled: Disabled[] = [];
  await deps.db.transaction().execute(async (trx) => {
    if (failed.length > 0) {
      const { rows } = await sql<Disabled>`
        with v as (
          select * from unnest(
            ${failed.map((o) => o.d.id)}::uuid[], ${failed.map((o) => o.d.attempt)}::int[],
            ${failed.map((o) => o.status)}::int[], ${failed.map((o) => o.error)}::text[],
            ${next.map((n) => n?.toISOString() ?? null)}::timestamptz[],
            ${failed.map(counts)}::boolean[], ${failed.map((o) => o.status === 410)}::boolean[])
            as v(id, attempt, code, error, next_at, counts, gone)),
        d as (
          update webhook_deliveries d
          set attempts = d.attempts + 1, round_attempts = d.round_attempts + 1,
              status = case when v.next_at is null then 'failed' else 'pending' end,
              next_attempt_at = v.next_at, locked_until = null,
              last_status = v.code, last_error = v.error, last_attempt_at = now()
          from v where d.id = v.id and d.attempts = v.attempt
          returning d.id, d.attempts, d.subscriber_id, d.status, d.next_attempt_at, v.counts, v.gone),
        j as (
          insert into jobs (kind, payload, run_at)
          select ${DELIVER_JOB.kind}, jsonb_build_object('id', d.id, 'attempt', d.attempts),
                 d.next_attempt_at
          from d where d.status = 'pending'),
        g as (
          select subscriber_id, (count(*) filter (where status = 'failed'))::int as gave_up,
                 bool_or(gone) as gone
          from d where counts group by subscriber_id),
        x as (
          select g.*, case
              when not s0.enabled or s0.id = any(${succeeded}::uuid[]) then null
              when g.gone then 'gone'
              when s0.consecutive_failures + g.gave_up >= ${config.webhookDisableAfterFailures}
                then 'failures'
              when coalesce(s0.failing_since, now())
                   <= now() - make_interval(secs => ${config.webhookDisableAfterHours * 3600})
                then 'failing'
            end as reason
          from g join webhook_subscribers s0 on s0.id = g.subscriber_id),
        s as (
          update webhook_subscribers s
          set failing_since = coalesce(s.failing_since, now()),
              consecutive_failures = s.consecutive_failures + x.gave_up,
              enabled = s.enabled and x.reason is null,
              disabled_reason = coalesce(x.reason, s.disabled_reason),
              disabled_at = case when x.reason is null then s.disabled_at else now() end
          from x where s.id = x.subscriber_id
          returning s.id, s.name, s.url, x.reason)
        select id, name, url, reason from s where reason is not null`.execute(trx);
      disabled = rows;
    }
    if (ok.length > 0) {
      await sql`
        with v as (
          select * from unnest(
            ${ok.map((o) => o.d.id)}::uuid[], ${ok.map((o) => o.d.attempt)}::int[],
            ${ok.map((o) => o.status)}::int[]) as v(id, attempt, code)),
        d as (
          update webhook_deliveries d
          set status = 'delivered', attempts = d.attempts + 1, round_attempts = d.round_attempts + 1,
              last_status = v.code, last_error = null, last_attempt_at = now(), delivered_at = now(),
              next_attempt_at = null, locked_until = null
          from v where d.id = v.id and d.attempts = v.attempt
          returning d.id)
        update webhook_subscribers s
        set consecutive_failures = 0, failing_since = null, last_success_at = now()
        where s.id = any(${succeeded}::uuid[])
          and (s.consecutive_failures <> 0 or s.failing_since is not null
               or s.last_success_at is null or s.last_success_at < now() - interval '10 seconds')`.execute(
        trx,
      );
    }
    if (disabled.length > 0) await tellDisabled(trx, deps, disabled);
  });
}

/** Audit each subscriber the system disabled, and tell the city's administrators in-app. */
async function tellDisabled(trx: Kysely<DB>, deps: AppDeps, disabled: Disabled[]): Promise<void> {
  await appendAudits(
    trx,
    deps,
    disabled.map((s) =>
      auditEntry(
        { actor: null, ip: null },
        {
          action: 'webhook.subscriber.disable',
          objectType: 'webhook_subscriber',
          objectId: s.id,
          detail: { reason: s.reason, by: 'system', url: s.url },
        },
      ),
    ),
  );
  const roots = await trx
    .selectFrom('areas')
    .select(['code', 'path'])
    .where('parent_code', 'is', null)
    .execute();
  const admins = await accountsBoundAt(
    trx,
    roots.map((r) => r.code),
    ADMINISTRATOR_ROLES,
  );
  const inputs = roots.flatMap((root) =>
    (admins.get(root.code) ?? []).flatMap((recipientId) =>
      disabled.map((s) => {
        const why = WEBHOOK_DISABLED_REASON_LABELS[s.reason];
        return {
          caseId: null,
          areaPath: root.path,
          recipientId,
          channels: ['inapp' as const],
          text:
            `【社区云】外部订阅“${s.name}”已自动停用：${why.zh}。待投递的消息会保留，请检查接收地址后在“外部订阅”中重新启用。` +
            ` / Webhook subscriber "${s.name}" was disabled: ${why.en}. Pending deliveries are kept; check the receiver, then enable it again under Webhooks.`,
        };
      }),
    ),
  );
  await queueNotifications(trx, inputs);
}

/**
 * Queue again the deliveries whose claim lapsed without an attempt being recorded (a process
 * died while sending, or the database was away when the attempt ended); returns how many. A
 * delivery waiting for its retry holds no lock, so only those are taken.
 */
export async function sweepLapsedClaims(db: Kysely<DB>): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    with q as (
      update webhook_deliveries set locked_until = null
      where status = 'pending' and locked_until < now()
      returning id, attempts),
    j as (
      insert into jobs (kind, payload, run_at)
      select ${DELIVER_JOB.kind}, jsonb_build_object('id', id, 'attempt', attempts), now() from q)
    select count(*)::int as n from q`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/**
 * The sender of one platform (one per database): the job handler's claims, the sends running
 * beside the job runner and their recording (group commit), the requests open per subscriber,
 * and the sweep.
 */
export class DeliverySender {
  private readonly inFlight = new Map<string, number>();
  private total = 0;
  private readonly running = new Set<Promise<unknown>>();
  private readonly stopping = new AbortController();
  /** claims cut off by `stop`: released for the next start */
  private readonly cutOff: string[] = [];
  private readonly recorder: Batcher<Outcome, true>;
  private slotFreed: (() => void) | null = null;
  private sweeper: NodeJS.Timeout | null = null;

  constructor(private readonly deps: AppDeps) {
    // one recording at a time per process: the subscribers' counts move in one line
    this.recorder = new Batcher(
      async (outcomes) => {
        await record(deps, outcomes);
        return outcomes.map(() => true as const);
      },
      { maxBatch: 256, concurrency: 1, lingerMs: 5 },
    );
  }

  /** The `webhook.deliver` batch handler: claims and starts the sends; every job is then done. */
  async runBatch(payloads: readonly DeliverPayload[]): Promise<(Error | null)[]> {
    // a delivery twice in one batch (a stray job) is claimed once
    const unique = [...new Map(payloads.map((p) => [p.id, p])).values()];
    // a delivery locked by another run is that run's to record (or the sweep's, if it died)
    for (const claimed of await claim(this.deps, unique)) this.start(claimed);
    // too many requests open: take no more jobs until some end
    while (this.total >= MAX_IN_FLIGHT && !this.stopping.signal.aborted) {
      await new Promise<void>((resolve) => (this.slotFreed = resolve));
    }
    return payloads.map(() => null);
  }

  private start(d: Claimed): void {
    const p: Promise<unknown> = this.send(d)
      .then((o) => (o.aborted ? undefined : this.recorder.submit(o)))
      // the database went away: the claim lapses and the sweep queues it again
      .catch(() => {})
      .finally(() => this.running.delete(p));
    this.running.add(p);
  }

  /** POST one delivery, signed; never throws. */
  private async send(d: Claimed): Promise<Outcome> {
    const open = this.inFlight.get(d.subscriberId) ?? 0;
    const outcome = (o: Partial<Outcome>): Outcome => ({
      d,
      ok: false,
      status: null,
      error: null,
      retryAfterMs: null,
      aborted: false,
      ...o,
    });
    if (open >= MAX_IN_FLIGHT_PER_SUBSCRIBER) {
      return outcome({
        error: `${open} requests to this subscriber already waiting for an answer; tried again later`,
      });
    }
    this.inFlight.set(d.subscriberId, open + 1);
    this.total++;
    const timeoutMs = this.deps.config.webhookTimeoutMs;
    try {
      const timestamp = Math.floor(Date.now() / 1000);
      const res = await fetch(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          'webhook-id': d.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signatureHeader(d.secrets, d.id, timestamp, d.body),
        },
        body: d.body,
        // a redirect is a failure: the subscriber's URL is what was agreed (Standard Webhooks)
        redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), this.stopping.signal]),
      });
      await res.body?.cancel().catch(() => {});
      if (res.status >= 200 && res.status < 300) return outcome({ ok: true, status: res.status });
      return outcome({
        status: res.status,
        error: `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`.slice(0, 300),
        retryAfterMs: retryAfter(res.headers.get('retry-after')),
      });
    } catch (e) {
      if (this.stopping.signal.aborted) {
        this.cutOff.push(d.id);
        return outcome({ aborted: true });
      }
      return outcome({ error: describe(e, timeoutMs) });
    } finally {
      const n = (this.inFlight.get(d.subscriberId) ?? 1) - 1;
      if (n > 0) this.inFlight.set(d.subscriberId, n);
      else this.inFlight.delete(d.subscriberId);
      this.total--;
      this.slotFreed?.();
      this.slotFreed = null;
    }
  }

  /** At start: claims a crash left behind are queued at once, then every minute. */
  async startSweeping(): Promise<void> {
    await sweepLapsedClaims(this.deps.db);
    this.sweeper = setInterval(() => {
      void sweepLapsedClaims(this.deps.db)
        .then((n) => (n > 0 ? this.deps.jobs.kick() : undefined))
        .catch(() => {});
    }, SWEEP_MS);
    this.sweeper.unref();
  }

  /**
   * At close: the sends still running are cut off, the attempts already ended are recorded, and
   * the cut-off claims are released and queued again, for this or another process to send.
   */
  async stop(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.stopping.abort();
    this.slotFreed?.();
    while (this.running.size > 0) await Promise.all([...this.running]);
    if (this.cutOff.length === 0) return;
    await sql`
      update webhook_deliveries set locked_until = now() - interval '1 second'
      where id = any(${this.cutOff}::uuid[]) and status = 'pending'`
      .execute(this.deps.db)
      .then(() => sweepLapsedClaims(this.deps.db))
      // the database is gone already: the claims lapse and the next start's sweep takes them
      .catch(() => {});
  }
}
