import type { Role } from '@cc/contracts';
import type { Actor } from '../../platform/context.js';
import { reaches } from '../../platform/policy.js';

/**
 * Who sees what of the registry (PIPL: the least that does the job).
 * - the one screen's figures: every operating role, for its subtree;
 * - people, masked: the committee and its grid leaders;
 * - a lookup of one person by name or document number: also the street operation centre;
 * - changes, reveals with a reason, imports and exports: committee staff.
 * District and city roles get aggregates, never people.
 */
export const SCREEN_VIEWERS: readonly Role[] = [
  'administrator',
  'city_operator',
  'district_operator',
  'street_operator',
  'committee_staff',
  'grid_leader',
];
export const PEOPLE_VIEWERS: readonly Role[] = ['committee_staff', 'grid_leader'];
export const PEOPLE_FINDERS: readonly Role[] = [...PEOPLE_VIEWERS, 'street_operator'];
export const REGISTRY_EDITORS: readonly Role[] = ['committee_staff'];
export const TAG_EDITORS: readonly Role[] = ['administrator', 'street_operator', 'committee_staff'];

export const maySeePeople = (actor: Actor | null, path: string) =>
  reaches(actor, path, PEOPLE_VIEWERS);
export const mayFindPeople = (actor: Actor | null, path: string) =>
  reaches(actor, path, PEOPLE_FINDERS);
export const mayEditRegistry = (actor: Actor | null, path: string) =>
  reaches(actor, path, REGISTRY_EDITORS);
