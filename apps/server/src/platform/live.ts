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

export class LiveHub {
  private readonly local = new EventEmitter();
  private listener: pg.Client | null = null;
  private publisher: pg.Pool | null = null;
  private stopped = false;

  constructor(private readonly databaseUrl: string | null) {
    this.local.setMaxListeners(0);
  }

  async start(): Promise<void> {
    if (!this.databaseUrl) return;
    this.publisher = new pg.Pool({ connectionString: this.databaseUrl, max: 2 });
    // an idle connection dropped by the database: the pool replaces it; not a crash
    this.publisher.on('error', () => {});
    await this.listen();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl! });
    client.on('notification', (n) => {
      if (n.channel !== CHANNEL || !n.payload) return;
      try {
        this.local.emit('event', JSON.parse(n.payload) as LiveEvent);
      } catch {
        // not ours: ignore
      }
    });
    client.on('error', () => {
      // the connection dropped (database restart): listen again shortly
      this.listener = null;
      if (this.stopped) return;
      setTimeout(() => {
        if (!this.stopped) void this.listen().catch(() => undefined);
      }, 1000).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.listener = client;
  }

  async stop(): Promise<void> {
    this.stopped = true;
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
