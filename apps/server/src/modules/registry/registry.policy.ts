import {
  REGISTRY_EDITOR_ROLES,
  REGISTRY_FINDER_ROLES,
  REGISTRY_LOOKUP_ROLES,
  REGISTRY_PEOPLE_ROLES,
  REGISTRY_SCREEN_ROLES,
  REGISTRY_TAG_EDITOR_ROLES,
} from '@cc/contracts';
import type { Actor } from '../../platform/context.js';
import { reaches } from '../../platform/policy.js';

/** The registry's roles (contracts, registry.ts) applied to an area of the tree. */
export const mayViewScreen = (actor: Actor | null, path: string) =>
  reaches(actor, path, REGISTRY_SCREEN_ROLES);
export const mayEditTags = (actor: Actor | null) =>
  !!actor?.bindings.some((b) => REGISTRY_TAG_EDITOR_ROLES.includes(b.role));
export const maySeePeople = (actor: Actor | null, path: string) =>
  reaches(actor, path, REGISTRY_PEOPLE_ROLES);
export const mayFindPeople = (actor: Actor | null, path: string) =>
  reaches(actor, path, REGISTRY_FINDER_ROLES);
export const mayEditRegistry = (actor: Actor | null, path: string) =>
  reaches(actor, path, REGISTRY_EDITOR_ROLES);
/** May look a person up by an exact document number here (a reveal of who holds it). */
export const mayLookUpDocument = (actor: Actor | null, path: string) =>
  reaches(actor, path, REGISTRY_LOOKUP_ROLES);
/** May see personal data in clear here (a reveal, an export in clear, a phone lookup). */
export const mayReveal = mayEditRegistry;
