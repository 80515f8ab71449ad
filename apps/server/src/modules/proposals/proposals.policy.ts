import { PROPOSAL_ANSWER_ROLES, PROPOSAL_VIEWER_ROLES } from '@cc/contracts';
import type { Actor } from '../../platform/context.js';
import { bindingsWith, reaches, scopeRoots } from '../../platform/policy.js';
import type { ResidentHome } from '../residents/index.js';

/** What a policy needs of a proposal. */
export interface ProposalScope {
  committee_code: string;
  area_path: string;
  author_id: string;
  visibility: string;
  /** 1: escalated to the street, 2: to the district */
  escalation_level?: number;
}

/**
 * Who the reader is as a resident: their verified home, or — unverified — the committee of
 * their pending verification request (residents' `pendingCommittee`; null: none).
 */
export interface Reader {
  home: ResidentHome | null;
  pendingCommittee: string | null;
}

/** Staff who read the committee's proposals: its staff and the street's operators above it. */
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

/**
 * An account with no verified home that asked to be verified in the proposal's committee: it
 * reads that committee's proposals (masked), but may not write (403, saying why). Every other
 * unverified account reads none (404).
 */
export const isApplicant = (reader: Reader, p: { committee_code: string }): boolean =>
  !reader.home && reader.pendingCommittee === p.committee_code;

/** A district operator above a proposal escalated to the district (level 2) reads it. */
export const isDistrictWatching = (actor: Actor | null, p: ProposalScope): boolean =>
  (p.escalation_level ?? 0) >= 2 && reaches(actor, p.area_path, ['district_operator']);

/** Whoever may read the committee's list: its staff and neighbours, and its applicants. */
export const readsCommittee = (
  actor: Actor | null,
  reader: Reader,
  c: { committee_code: string; area_path: string },
): boolean => isViewerStaff(actor, c) || isNeighbour(reader.home, c) || isApplicant(reader, c);

/**
 * Who may read a proposal at all (everyone else gets a 404): its committee's verified residents,
 * staff reaching it, the committee's applicants for verification, and — once escalated to the
 * district — the district's operators. Hidden or removed ones: only moderators and (hidden) the author.
 */
export function canRead(actor: Actor | null, reader: Reader, p: ProposalScope): boolean {
  if (!readsCommittee(actor, reader, p) && !isDistrictWatching(actor, p)) return false;
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

/** One root of a staff member's list: by the committee index, the street index, or a path. */
export type ListRoot = { committee: string } | { street: string } | { path: string };

/**
 * The staff's scope as the list's indexes read it: each root of their bindings as a committee
 * code (the committee index) or a street code (the street index); any other level by its path.
 */
export function staffListScope(actor: Actor | null): ListRoot[] {
  const bindings = bindingsWith(actor, PROPOSAL_VIEWER_ROLES);
  return scopeRoots(bindings).map((root): ListRoot => {
    const b = bindings.find((x) => x.areaPath === root);
    if (b?.areaLevel === 'committee') return { committee: b.areaCode };
    if (b?.areaLevel === 'street') return { street: b.areaCode };
    return { path: root };
  });
}
