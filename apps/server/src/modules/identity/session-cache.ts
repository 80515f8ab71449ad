import type { Actor } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { SESSIONS_CHANGED } from '../../platform/http/event-stream.js';
import type { LiveHub } from '../../platform/live.js';

/**
 * Recently checked sessions, so a busy client does not cost a database read per request.
 * An entry is trusted for CACHE_TTL_MS at most. A sign-out, a new sign-in, a disabled account
 * or a change of roles forgets the entries at once in every app process: the forget goes out
 * as a live event (LISTEN/NOTIFY on PostgreSQL) and each process drops what it holds
 * (docs/decisions/003, 029). CACHE_TTL_MS stays the bound for a process that missed the event
 * (its listening connection was down at that moment).
 */
export const CACHE_TTL_MS = 10_000;
const MAX_ENTRIES = 50_000;

export interface CachedSession {
  actor: Actor;
  expiresAt: number;
  lastSeenAt: number;
  cachedAt: number;
}

interface SessionCache {
  entries: Map<string, CachedSession>;
  /** counts forgets: a session read before one is not cached after it (it may be stale) */
  forgets: number;
  live: LiveHub | null;
}

const caches = new WeakMap<Db, SessionCache>();

function cacheOf(db: Db): SessionCache {
  let c = caches.get(db);
  if (!c) caches.set(db, (c = { entries: new Map(), forgets: 0, live: null }));
  return c;
}

/** What a forget says to the other processes. */
type Forget = { sessionId: string } | { accountId: string };

/**
 * The cache of `db` listens for the forgets of every process and tells them its own (for as
 * long as the hub runs). The identity module calls it at start.
 */
export function shareSessionCache(db: Db, live: LiveHub): void {
  const c = cacheOf(db);
  c.live = live;
  live.subscribe(SESSIONS_CHANGED, (e) => dropLocally(c, e.data as Forget));
}

/** Where the cache stands now: hand it to `cacheSession` for a session read after this. */
export function cacheEpoch(db: Db): number {
  return cacheOf(db).forgets;
}

export function getCachedSession(db: Db, sessionId: string, now: number): CachedSession | null {
  const c = cacheOf(db).entries;
  const hit = c.get(sessionId);
  if (!hit) return null;
  if (now - hit.cachedAt > CACHE_TTL_MS) {
    c.delete(sessionId);
    return null;
  }
  return hit;
}

/** Keeps a session read when the cache stood at `epoch`, unless a forget came in since. */
export function cacheSession(db: Db, sessionId: string, entry: CachedSession, epoch: number): void {
  const c = cacheOf(db);
  if (c.forgets !== epoch) return;
  c.entries.delete(sessionId);
  c.entries.set(sessionId, entry);
  if (c.entries.size > MAX_ENTRIES) c.entries.delete(c.entries.keys().next().value!);
}

export function forgetSession(db: Db, sessionId: string): void {
  forget(cacheOf(db), { sessionId });
}

/** After a change to the account's roles: its sessions must be read again. */
export function forgetAccountSessions(db: Db, accountId: string): void {
  forget(cacheOf(db), { accountId });
}

function forget(c: SessionCache, what: Forget): void {
  dropLocally(c, what);
  // the other processes (and this one's open streams) hear of it; never throws
  void c.live?.publish([{ topic: SESSIONS_CHANGED, areaPath: '/', data: what }]);
}

function dropLocally(c: SessionCache, what: Forget): void {
  c.forgets++;
  if ('sessionId' in what) c.entries.delete(what.sessionId);
  else if ('accountId' in what)
    for (const [id, s] of c.entries) if (s.actor.id === what.accountId) c.entries.delete(id);
}
