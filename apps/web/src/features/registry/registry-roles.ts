import {
  AREA_LEVELS,
  REGISTRY_EDITOR_ROLES,
  REGISTRY_FINDER_ROLES,
  REGISTRY_PEOPLE_ROLES,
  REGISTRY_SCREEN_ROLES,
  type Me,
} from '@cc/contracts';
import { hasAnyRole, scopeRoots } from '../../lib/session';

/**
 * Who may open the community registry (社区一屏) and do what there: the contracts' role lists,
 * kept apart from the pages so the menu and the router can read them without loading them. The
 * server checks every call and decides, per area, whether the reader may open lists of people
 * (`OneScreen.people`).
 */
export const canOpenRegistry = (me: Me) => hasAnyRole(me, REGISTRY_SCREEN_ROLES);
export const canBrowsePeople = (me: Me) => hasAnyRole(me, REGISTRY_PEOPLE_ROLES);
export const canFindPeople = (me: Me) => hasAnyRole(me, REGISTRY_FINDER_ROLES);
export const canEditRegistry = (me: Me) => hasAnyRole(me, REGISTRY_EDITOR_ROLES);

/** A grid (网格) or compound (小区) code is its committee's code plus a suffix. */
export function committeeOf(code: string): string | undefined {
  const match = /^(\d{12})(-.+)?$/.exec(code);
  if (!match?.[1]) return undefined;
  const base = match[1];
  // a committee's code ends in three digits other than 000
  return base.endsWith('000') ? undefined : base;
}

/**
 * The one screen a person opens first: the highest area among their registry roles' bindings
 * (as the dashboards pick theirs). A grid leader opens their grid's: the committee above it is
 * not theirs to see.
 */
export function registryRoot(me: Me): string | undefined {
  const depth = (level: string | undefined) => {
    const index = AREA_LEVELS.findIndex((l) => l === level);
    return index < 0 ? AREA_LEVELS.length : index;
  };
  const roots = scopeRoots(me, REGISTRY_SCREEN_ROLES);
  return [...roots].sort((a, b) => depth(a.level) - depth(b.level))[0]?.code;
}
