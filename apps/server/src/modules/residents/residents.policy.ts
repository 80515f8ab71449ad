import { VERIFIER_ROLES } from '@cc/contracts';
import type { Actor } from '../../platform/context.js';
import { bindingsWith, reaches, scopeRoots } from '../../platform/policy.js';

/** May see and decide verification requests (and revoke links) of rooms at `path`. */
export const mayVerify = (actor: Actor | null, path: string) =>
  reaches(actor, path, VERIFIER_ROLES);

/** The area paths the actor verifies in (none: not a verifier). */
export const verifierRoots = (actor: Actor | null) =>
  scopeRoots(bindingsWith(actor, VERIFIER_ROLES));

/**
 * A household head (户主, verified) decides requests matched to their own household only.
 * `link` is the actor's own verified link.
 */
export const mayDecideAsHead = (
  link: { is_head: boolean; household_id: string | null } | null,
  matchedHousehold: string | null,
) => !!link && link.is_head && !!link.household_id && link.household_id === matchedHousehold;
