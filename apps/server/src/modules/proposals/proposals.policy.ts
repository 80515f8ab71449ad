import { PROPOSAL_ANSWER_ROLES, PROPOSAL_VIEWER_ROLES, STAFF_ROLES } from '@cc/contracts';
import type { Actor } from '../../platform/context.js';
import { bindingsWith, reaches, scopeRoots } from '../../platform/policy.js';
import type { ResidentHome } from '../residents/index.js';

/** What a policy needs of a proposal. */
export interface ProposalScope {
  committee_code: string;
  area_path: string;
  author_id: string;
  visibility: string;
}

/** Staff who read the committee's proposals: its staff and the operators above it. */
export const isViewerStaff = (actor: Actor | null, p: { area_path: string }): boolean =>
  reaches(actor, p.area_path, PROPOSAL_VIEWER_ROLES);

/** Committee staff of the committee, or a street operator above it: they answer and update. */
export const canAnswer = (actor: Actor | null, p: { area_path: string }): boolean =>
  reaches(actor, p.area_path, PROPOSAL_ANSWER_ROLES);

/** Committee staff of the committee: they moderate its proposals and their comments. */
export const isModerator = (actor: Actor | null, p: { area_path: string }): boolean =>
  reaches(actor, p.area_path, ['committee_staff']);

/** A verified resident of the proposal's committee. */
export const isNeighbour = (home: ResidentHome | null, p: { committee_code: string }): boolean =>
  !!home && home.committeeCode === p.committee_code;

/** An account with no staff role and no verified home: it reads, but may not write (403). */
export const isUnverified = (actor: Actor | null, home: ResidentHome | null): boolean =>
  !!actor && !home && bindingsWith(actor, STAFF_ROLES).length === 0;

/**
 * Who may read a proposal at all (everyone else gets a 404): its committee's verified residents,
 * staff reaching it, and unverified accounts (the committee's proposals are public to them, masked).
 * Hidden or removed ones: only moderators and the author.
 */
export function canRead(actor: Actor | null, home: ResidentHome | null, p: ProposalScope): boolean {
  const reader = isViewerStaff(actor, p) || isNeighbour(home, p) || isUnverified(actor, home);
  if (!reader) return false;
  if (p.visibility === 'visible') return true;
  return (
    isModerator(actor, p) || (!!actor && actor.id === p.author_id && p.visibility === 'hidden')
  );
}

/** Committee settings: the committee's staff, or the street's operators above. */
export const canSetCommittee = (actor: Actor | null, committeePath: string): boolean =>
  reaches(actor, committeePath, PROPOSAL_ANSWER_ROLES);

/** Street bounds: the street's operators (and the district's above them). */
export const canSetStreet = (actor: Actor | null, streetPath: string): boolean =>
  reaches(actor, streetPath, ['street_operator', 'district_operator']);

/**
 * The staff's scope as the list's index reads it best: one committee or one street by its code
 * (the list is then an index range in activity order), else the area paths.
 */
export function staffListScope(
  actor: Actor | null,
): { committee: string } | { street: string } | { paths: string[] } | null {
  const bindings = bindingsWith(actor, PROPOSAL_VIEWER_ROLES);
  const roots = scopeRoots(bindings);
  if (roots.length === 0) return null;
  if (roots.length === 1) {
    const b = bindings.find((x) => x.areaPath === roots[0]);
    if (b?.areaLevel === 'committee') return { committee: b.areaCode };
    if (b?.areaLevel === 'street') return { street: b.areaCode };
  }
  return { paths: roots };
}
