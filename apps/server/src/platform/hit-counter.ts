import type {
  FastifyRateLimitOptions,
  FastifyRateLimitStore,
  FastifyRateLimitStoreCtor,
} from '@fastify/rate-limit';
import { sql } from 'kysely';
import type { Db } from './db/database.js';

/**
 * Counts hits per key in a fixed window that starts with the key's first hit: what every rate
 * limit of the platform counts with (the routes' `config.rateLimit` through `rateLimitStore`,
 * the registry's exact lookups). On PostgreSQL the count lives in the database, so every app
 * node behind the load balancer counts the same hits (issue 27); on PGlite, one process, it
 * lives in memory.
 */
export interface HitCounter {
  /** One more hit on `key`: the hits in its window so far, and ms until the window ends. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }>;
}

/** One process's count (PGlite): the oldest keys leave first beyond `maxKeys`. */
export function memoryHitCounter(maxKeys = 100_000): HitCounter {
  const windows = new Map<string, { count: number; endsAt: number }>();
  return {
    async hit(key, windowMs) {
      const now = Date.now();
      let w = windows.get(key);
      if (!w || w.endsAt <= now) {
        w = { count: 0, endsAt: now + windowMs };
        windows.delete(key);
        windows.set(key, w);
        if (windows.size > maxKeys) windows.delete(windows.keys().next().value!);
      }
      w.count++;
      return { count: w.count, resetInMs: w.endsAt - now };
    },
  };
}

/** Ended windows are swept after about this many hits (per process), a bounded delete each. */
const SWEEP_EVERY = 1000;
const SWEEP_ROWS = 10_000;

/** The count shared by every app node: one upsert a hit (`rate_limit_hits`, migration 0045). */
export function databaseHitCounter(db: Db): HitCounter {
  let hits = 0;
  return {
    async hit(key, windowMs) {
      if (++hits % SWEEP_EVERY === 0) void sweep(db).catch(() => undefined);
      const { rows } = await sql<{ hits: number; reset_in_ms: number }>`
        insert into rate_limit_hits as h (key, hits, window_ends)
        values (${key}, 1, now() + ${`${windowMs} milliseconds`}::interval)
        on conflict (key) do update set
          hits = case when h.window_ends <= now() then 1 else h.hits + 1 end,
          window_ends = case when h.window_ends <= now() then excluded.window_ends
                             else h.window_ends end
        returning hits, (extract(epoch from window_ends - now()) * 1000)::float8 as reset_in_ms`.execute(
        db,
      );
      const r = rows[0]!;
      return { count: r.hits, resetInMs: Math.max(0, Math.round(r.reset_in_ms)) };
    },
  };
}

async function sweep(db: Db): Promise<void> {
  await sql`
    delete from rate_limit_hits where key in (
      select key from rate_limit_hits where window_ends < now() limit ${SWEEP_ROWS})`.execute(db);
}

/** Which route a rate-limit store counts for (the plugin hands the route's options to `child`). */
interface RouteInfo {
  routeInfo?: { method?: string | string[]; url?: string };
}

/**
 * A store for @fastify/rate-limit over a HitCounter: the plugin builds it with `new`, then one
 * `child` per route that has its own limit, so each route counts under its own prefix.
 */
export function rateLimitStore(counter: HitCounter): FastifyRateLimitStoreCtor {
  class HitCounterStore implements FastifyRateLimitStore {
    private readonly prefix: string;
    constructor(params: FastifyRateLimitOptions & RouteInfo) {
      const route = params.routeInfo;
      this.prefix = route?.url ? `${[route.method].flat().join(',')} ${route.url}|` : 'global|';
    }
    incr: FastifyRateLimitStore['incr'] = (key, cb, timeWindow) => {
      counter.hit(this.prefix + key, timeWindow).then(
        (r) => cb(null, { current: r.count, ttl: r.resetInMs }),
        (e: Error) => cb(e),
      );
    };
    child(routeOptions: FastifyRateLimitOptions & RouteInfo): FastifyRateLimitStore {
      return new HitCounterStore(routeOptions);
    }
  }
  return HitCounterStore;
}
