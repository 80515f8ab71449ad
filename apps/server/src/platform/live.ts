import { EventEmitter } from 'node:events';
import pg from 'pg';

/**
 * Live events for open screens (the dashboards' server-sent events). On PostgreSQL every
 * event goes out by NOTIFY and comes back by LISTEN, so it reaches the screens connected to
 * every app process sharing the database; on PGlite (one process) it is delivered in
 * process. Delivery is at most once: a screen that misses an event catches up when it
 * reloads its figures.
 */
export interface LiveEvent {
  topic: string;
  /** area path of what changed: subscribers filter by their area */
  areaPath: string;
  data: Record<string, unknown>;
}

const CHANNEL = 'cc_live';
/** NOTIFY payloads are limited to 8,000 bytes; events are a few hundred */
const MAX_PAYLOAD = 7900;
/** Waits before listening again after the connection dropped: 250 ms, 500 ms, 1 s … 10 s. */
const relistenMs = (failures: number) => Math.min(10_000, 250 * 2 ** failures);
/** A connection attempt that gets no answer is given up after this long. */
const CONNECT_TIMEOUT_MS = 3000;

/** Whether events reach the other app processes now. */
export type LiveStatus = 'in-process' | 'listening' | 'reconnecting' | 'stopped';

export class LiveHub {
  private readonly local = new EventEmitter();
  private listener: pg.Client | null = null;
  private publisher: pg.Pool | null = null;
  private relistenTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = false;

  constructor(private readonly databaseUrl: string | null) {
    this.local.setMaxListeners(0);
  }

  get status(): LiveStatus {
    if (this.stopped) return 'stopped';
    if (!this.databaseUrl) return 'in-process';
    return this.listener ? 'listening' : 'reconnecting';
  }

  async start(): Promise<void> {
    if (!this.databaseUrl) return;
    this.publisher = new pg.Pool({
      connectionString: this.databaseUrl,
      max: 2,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    });
    // a connection dropped by the database (a restart) must not crash the process: the
    // pool replaces an idle one, and one in use fails its query, which publish ignores
    this.publisher.on('error', () => {});
    this.publisher.on('connect', (client) => client.on('error', () => {}));
    // the first LISTEN must work: the database is up at start (migrations just ran)
    await this.listen();
  }

  /** One connection that LISTENs; when it drops, listen again, backing off, until it works. */
  private async listen(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.databaseUrl!,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      // a database gone without a word (a network cut) is noticed by TCP keepalive probes
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    let isLost = false;
    const lost = () => {
      // 'error' (57P01 on a restart, a reset socket) and 'end' both come: act once
      if (isLost) return;
      isLost = true;
      if (this.listener === client) this.listener = null;
      void client.end().catch(() => undefined);
      this.relistenLater();
    };
    client.on('notification', (n) => {
      if (n.channel !== CHANNEL || !n.payload) return;
      try {
        this.local.emit('event', JSON.parse(n.payload) as LiveEvent);
      } catch {
        // not ours: ignore
      }
    });
    // never an unhandled 'error' (that would end the process), even while connecting
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (e) {
      await client.end().catch(() => undefined);
      throw e;
    }
    client.on('error', lost);
    client.on('end', lost);
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
    this.failures = 0;
  }

  private relistenLater(): void {
    if (this.stopped || this.relistenTimer) return;
    this.relistenTimer = setTimeout(() => {
      this.relistenTimer = null;
      if (this.stopped) return;
      this.listen().catch(() => {
        this.failures++;
        this.relistenLater();
      });
    }, relistenMs(this.failures));
    this.relistenTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.relistenTimer) clearTimeout(this.relistenTimer);
    this.relistenTimer = null;
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    await this.publisher?.end().catch(() => undefined);
    this.publisher = null;
  }

  /** Tell every process's screens (after the change committed). Never throws. */
  async publish(events: readonly LiveEvent[]): Promise<void> {
    if (events.length === 0) return;
    if (!this.publisher) {
      for (const e of events) this.local.emit('event', e);
      return;
    }
    const payloads = events.map((e) => JSON.stringify(e)).filter((p) => p.length <= MAX_PAYLOAD);
    await this.publisher
      .query('select pg_notify($1, p) from unnest($2::text[]) as p', [CHANNEL, payloads])
      .catch(() => undefined);
  }

  /** Receive the events of `topic`; returns the function that stops it. */
  subscribe(topic: string, onEvent: (e: LiveEvent) => void): () => void {
    const handler = (e: LiveEvent) => {
      if (e.topic === topic) onEvent(e);
    };
    this.local.on('event', handler);
    return () => this.local.off('event', handler);
  }
}
