import { MODERATION_QUEUE_ROLES, type Role } from '@cc/contracts';
import type { Actor } from '../../platform/context.js';
import { bindingsWith, reaches, scopeRoots } from '../../platform/policy.js';

/** The area paths whose moderation queue the actor reads (committee staff, street operators). */
export const queueScope = (actor: Actor | null): string[] =>
  scopeRoots(bindingsWith(actor, MODERATION_QUEUE_ROLES));

/**
 * Area staff who decide on what is published in their area: the committee's staff (the
 * targets' own `canModerate` says the same of proposals and comments; the decision endpoint
 * asks the target, the queue's `canDecide` is computed from this for a whole page at once).
 */
export const MODERATOR_ROLES: readonly Role[] = ['committee_staff'];

/**
 * May the reader decide on a queue row: area staff reaching its path, or a moderator of its
 * building (`buildings`: the reader's, as the building-groups provider says).
 */
export const canDecideRow = (
  actor: Actor | null,
  buildings: ReadonlySet<string>,
  row: { area_path: string; building_id: string | null },
): boolean =>
  reaches(actor, row.area_path, MODERATOR_ROLES) ||
  (row.building_id !== null && buildings.has(row.building_id));
