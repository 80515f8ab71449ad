import { STAFF_ROLES, type Role } from '@cc/contracts';
import type { Actor, Binding } from './context.js';

/** True when `path` is the scope area itself or lies below it in the area tree. */
export function isWithin(path: string, scopePath: string): boolean {
  return path === scopePath || path.startsWith(`${scopePath}/`);
}

/**
 * The committee's own path from a path at or below it (a compound's): the path cut after the
 * committee's code; the path itself when the code is not in it. Path arithmetic only.
 */
export function committeePath(areaPath: string, committeeCode: string): string {
  const parts = areaPath.split('/');
  const i = parts.indexOf(committeeCode);
  return i < 0 ? areaPath : parts.slice(0, i + 1).join('/');
}

/** The actor's bindings with one of `roles` (all bindings when `roles` is omitted). */
export function bindingsWith(actor: Actor | null, roles?: readonly Role[]): Binding[] {
  if (!actor) return [];
  return roles ? actor.bindings.filter((b) => roles.includes(b.role)) : actor.bindings;
}

/** Does the actor hold a staff role (any role but `resident`) anywhere? */
export function isStaff(actor: Actor | null): boolean {
  return bindingsWith(actor, STAFF_ROLES).length > 0;
}

/** Does one of the actor's `roles` reach the area at `path`? */
export function reaches(actor: Actor | null, path: string, roles?: readonly Role[]): boolean {
  return bindingsWith(actor, roles).some((b) => isWithin(path, b.areaPath));
}

/** Does the actor hold one of `roles` at the root of the area tree (the whole city)? */
export function holdsAtCity(actor: Actor | null, roles: readonly Role[]): boolean {
  return bindingsWith(actor, roles).some((b) => !b.areaPath.includes('/'));
}

/** Scope paths with redundant children removed (a city binding covers a district binding). */
export function scopeRoots(bindings: Binding[]): string[] {
  const paths = [...new Set(bindings.map((b) => b.areaPath))].sort();
  return paths.filter((p, i) => !paths.slice(0, i).some((q) => isWithin(p, q)));
}
