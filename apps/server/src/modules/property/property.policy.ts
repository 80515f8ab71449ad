import { PROPERTY_STAFF_ROLES, PROPERTY_VIEWER_ROLES } from '@cc/contracts';
import type { Actor, Binding } from '../../platform/context.js';
import { bindingsWith, reaches } from '../../platform/policy.js';

/** Committee staff whose area reaches the compound: they edit its "1 + 3" and propose fee changes. */
export const mayEditCompound = (actor: Actor | null, compoundPath: string): boolean =>
  reaches(actor, compoundPath, PROPERTY_STAFF_ROLES);

/** Committee staff and the street's, district's and city's operators read the area's compounds. */
export const mayReadArea = (actor: Actor | null, path: string): boolean =>
  reaches(actor, path, PROPERTY_VIEWER_ROLES);

/** The actor's bindings that read property figures (the first is the default area). */
export const viewerBindings = (actor: Actor | null): Binding[] =>
  bindingsWith(actor, PROPERTY_VIEWER_ROLES);

export const NO_SUCH_COMPOUND = 'code: no such compound in your scope / 您的范围内没有这个小区';
export const NO_SUCH_CHANGE = 'No such fee change in your scope / 您的范围内没有这项物业费调整';
