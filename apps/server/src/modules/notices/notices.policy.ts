import { NOTICE_AUTHOR_ROLES } from '@cc/contracts';
import type { Actor, Binding } from '../../platform/context.js';
import { bindingsWith, isWithin, reaches, scopeRoots } from '../../platform/policy.js';

/** The actor's bindings that may write notices. */
export const authorBindings = (actor: Actor | null): Binding[] =>
  bindingsWith(actor, NOTICE_AUTHOR_ROLES);

/** Where the actor may write and manage notices (redundant children removed). */
export const authorScope = (actor: Actor | null): string[] => scopeRoots(authorBindings(actor));

/** May the actor manage (see, change, withdraw, count) a notice published at `areaPath`? */
export const mayManageNotice = (actor: Actor | null, areaPath: string): boolean =>
  reaches(actor, areaPath, NOTICE_AUTHOR_ROLES);

/**
 * The author binding a notice is published under: the deepest one that reaches every target
 * (a committee's staff publish as the committee). Null when no one binding reaches them all.
 */
export function publishingBinding(actor: Actor | null, targetPaths: string[]): Binding | null {
  const fitting = authorBindings(actor).filter((b) =>
    targetPaths.every((p) => isWithin(p, b.areaPath)),
  );
  fitting.sort((a, b) => b.areaPath.length - a.areaPath.length);
  return fitting[0] ?? null;
}
