import { MODERATION_QUEUE_ROLES } from '@cc/contracts';
import type { Actor } from '../../platform/context.js';
import { bindingsWith, scopeRoots } from '../../platform/policy.js';

/** The area paths whose moderation queue the actor reads (committee staff, street operators). */
export const queueScope = (actor: Actor | null): string[] =>
  scopeRoots(bindingsWith(actor, MODERATION_QUEUE_ROLES));
