import { ErrorCode } from '@cc/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import type { LiveHub } from '../live.js';
import { databaseUnavailable } from './error-handler.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** this process's live streams (app.ts makes them from the configured limits) */
    eventStreams: EventStreams;
  }
}

/**
 * The live event topic that tells every app process that sessions or roles changed (a
 * sign-out, a role removed): each checks its open streams again at once.
 */
export const SESSIONS_CHANGED = 'sessions-changed';

/** a comment line every so often keeps proxies from closing an idle stream */
const KEEPALIVE_MS = 15_000;
/** streams checked side by side after a change of sessions */
const RECHECK_CONCURRENCY = 8;

export interface StreamLimits {
  /** streams one session may hold open at once */
  perSession: number;
  /** streams this process holds open at once, everyone's together */
  total: number;
  /** how often an open stream checks that its session and the reader's right still hold */
  recheckMs: number;
}

export interface StreamOptions {
  /** what the per-session cap counts by (the session token; kept in memory only) */
  session: string;
  /**
   * Whether the stream may stay open: the session is still signed in (not signed out, idle
   * or expired) and still holds the role the stream needs. A database that does not answer
   * leaves the stream open until the next check; any other error closes it.
   */
  isStillAllowed: () => Promise<boolean>;
}

export interface EventStream {
  /** one `event:` with JSON data */
  send(event: string, data: unknown): void;
  /** run `fn` when the stream ends, whoever ends it */
  onClose(fn: () => void): void;
}

interface OpenStream {
  session: string;
  isStillAllowed: () => Promise<boolean>;
  close: () => void;
}

/**
 * The server-sent-event streams of one app process: capped per session and in all, each
 * closed as soon as its session or the reader's role no longer holds — checked on a timer,
 * and at once when any process says sessions changed.
 */
export class EventStreams {
  private readonly streams = new Set<OpenStream>();
  private readonly perSession = new Map<string, number>();
  private readonly unsubscribe: () => void;
  private rechecking: Promise<void> | null = null;
  private isRecheckDue = false;

  constructor(
    private readonly limits: StreamLimits,
    live: LiveHub,
  ) {
    this.unsubscribe = live.subscribe(SESSIONS_CHANGED, () => void this.recheckAll());
  }

  get size(): number {
    return this.streams.size;
  }

  /**
   * Answer the request with an open stream (200, text/event-stream), or refuse it with a 429
   * when its session or the process holds as many as allowed. Call after the reader's right
   * to the stream has been checked.
   */
  open(req: FastifyRequest, reply: FastifyReply, opts: StreamOptions): EventStream {
    const held = this.perSession.get(opts.session) ?? 0;
    if (held >= this.limits.perSession) {
      throw new AppError(
        ErrorCode.tooManyRequests,
        `At most ${this.limits.perSession} live streams per session: close another screen first / ` +
          `同一登录最多同时打开${this.limits.perSession}个实时连接`,
        { retryAfter: 30, field: 'stream', rule: 'maxPerSession' },
      );
    }
    if (this.streams.size >= this.limits.total) {
      throw new AppError(
        ErrorCode.tooManyRequests,
        'The server holds as many live streams as it may; try again shortly / 实时连接已满，请稍后再试',
        { retryAfter: 30, field: 'stream', rule: 'maxTotal' },
      );
    }

    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(': connected\n\n');

    const cleanups: (() => void)[] = [];
    let isClosed = false;
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
    const recheck = setInterval(() => void this.check(stream), this.limits.recheckMs);
    recheck.unref();
    const stream: OpenStream = {
      session: opts.session,
      isStillAllowed: opts.isStillAllowed,
      close: () => {
        if (isClosed) return;
        isClosed = true;
        clearInterval(keepalive);
        clearInterval(recheck);
        this.streams.delete(stream);
        const left = (this.perSession.get(stream.session) ?? 1) - 1;
        if (left > 0) this.perSession.set(stream.session, left);
        else this.perSession.delete(stream.session);
        for (const fn of cleanups) fn();
        res.end();
      },
    };
    this.streams.add(stream);
    this.perSession.set(opts.session, held + 1);
    req.raw.on('close', stream.close);
    return {
      send: (event, data) => {
        if (!isClosed) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      },
      onClose: (fn) => (isClosed ? fn() : cleanups.push(fn)),
    };
  }

  /** Check every open stream now (sessions changed somewhere). */
  async recheckAll(): Promise<void> {
    if (this.rechecking) {
      this.isRecheckDue = true; // a change that came during a pass: one more pass after it
      return this.rechecking;
    }
    this.rechecking = (async () => {
      do {
        this.isRecheckDue = false;
        const all = [...this.streams];
        for (let i = 0; i < all.length; i += RECHECK_CONCURRENCY) {
          await Promise.all(all.slice(i, i + RECHECK_CONCURRENCY).map((s) => this.check(s)));
        }
      } while (this.isRecheckDue);
    })();
    try {
      await this.rechecking;
    } finally {
      this.rechecking = null;
    }
  }

  /** End every stream (the server is closing). */
  closeAll(): void {
    this.unsubscribe();
    for (const s of [...this.streams]) s.close();
  }

  private async check(stream: OpenStream): Promise<void> {
    let isAllowed: boolean;
    try {
      isAllowed = await stream.isStillAllowed();
    } catch (e) {
      // the database is away: nothing can be checked, nor changed; look again next time
      isAllowed = databaseUnavailable(e) !== null;
    }
    if (!isAllowed) stream.close();
  }
}
