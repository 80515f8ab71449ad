import type { Actor } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';

/**
 * Recently checked sessions, so a busy client does not cost a database read per request.
 * An entry is trusted for CACHE_TTL_MS at most; logout, a new login and role changes in
 * this process forget entries at once. Another app process sees a logout or a role
 * change within CACHE_TTL_MS (docs/decisions/003).
 */
export const CACHE_TTL_MS = 10_000;
const MAX_ENTRIES = 50_000;

export interface CachedSession {
  actor: Actor;
  expiresAt: number;
  lastSeenAt: number;
  cachedAt: number;
}

const caches = new WeakMap<Db, Map<string, CachedSession>>();

function cacheOf(db: Db): Map<string, CachedSession> {
  let c = caches.get(db);
  if (!c) caches.set(db, (c = new Map()));
  return c;
}

export function getCachedSession(db: Db, sessionId: string, now: number): CachedSession | null {
  const c = cacheOf(db);
  const hit = c.get(sessionId);
  if (!hit) return null;
  if (now - hit.cachedAt > CACHE_TTL_MS) {
    c.delete(sessionId);
    return null;
  }
  return hit;
}

export function cacheSession(db: Db, sessionId: string, entry: CachedSession): void {
  const c = cacheOf(db);
  c.delete(sessionId);
  c.set(sessionId, entry);
  if (c.size > MAX_ENTRIES) c.delete(c.keys().next().value!);
}

export function forgetSession(db: Db, sessionId: string): void {
  cacheOf(db).delete(sessionId);
}

/** After a change to the account's roles: its sessions must be read again. */
export function forgetAccountSessions(db: Db, accountId: string): void {
  const c = cacheOf(db);
  for (const [id, s] of c) if (s.actor.id === accountId) c.delete(id);
}
