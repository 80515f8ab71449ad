import type { CaseAction, CaseStatus, Role } from '@cc/contracts';
import type { Actor } from '../../platform/context.js';
import { bindingsWith, reaches, scopeRoots } from '../../platform/policy.js';
import { actionsFrom } from './state-machine.js';

/** Roles that see every case in their area (and below). */
export const CASE_VIEWERS: readonly Role[] = [
  'administrator',
  'city_operator',
  'district_operator',
  'street_operator',
  'committee_staff',
  'grid_leader',
  'patrol_inspector',
  'hotline_operator',
];
/** Roles that run the operation centre: dispatch, reassign, merge, reject. */
export const OPERATORS: readonly Role[] = [
  'administrator',
  'city_operator',
  'district_operator',
  'street_operator',
];
/** Who may verify (close) or reopen a resolved case besides its reporter. */
const VERIFIERS: readonly Role[] = [...OPERATORS, 'patrol_inspector'];
/** Who may see the hotline caller's contact in clear, giving a reason. */
export const CONTACT_REVEALERS: readonly Role[] = [...OPERATORS, 'hotline_operator'];

export interface CaseAccessFacts {
  status: CaseStatus;
  source: string;
  areaPath: string;
  queueAreaPath: string;
  assigneeId: string | null;
  reporterId: string | null;
}

/** Area paths whose cases the actor sees in full. */
export function caseScope(actor: Actor | null): string[] {
  return scopeRoots(bindingsWith(actor, CASE_VIEWERS));
}

export function canSeeCase(actor: Actor | null, c: CaseAccessFacts): boolean {
  if (!actor) return false;
  return (
    c.assigneeId === actor.id ||
    c.reporterId === actor.id ||
    reaches(actor, c.areaPath, CASE_VIEWERS) ||
    reaches(actor, c.queueAreaPath, OPERATORS)
  );
}

/** Who may take `action`, whatever the state (the state machine decides the rest). */
export function mayAct(actor: Actor | null, action: CaseAction, c: CaseAccessFacts): boolean {
  if (!actor) return false;
  const operator =
    reaches(actor, c.areaPath, OPERATORS) || reaches(actor, c.queueAreaPath, OPERATORS);
  switch (action) {
    case 'dispatch':
    case 'reject':
    case 'merge':
      return operator;
    case 'accept':
    case 'progress':
    case 'resolve':
    case 'return':
      return c.assigneeId === actor.id;
    case 'close':
    case 'reopen':
      return c.reporterId === actor.id || reaches(actor, c.areaPath, VERIFIERS);
    case 'rate':
      // the resident who reported it rates the result
      return c.reporterId === actor.id && c.source === 'resident';
    case 'supplement':
      return true;
  }
}

/** The actions this actor may take now: the role's and the state's, both. */
export function allowedActionsFor(actor: Actor | null, c: CaseAccessFacts): CaseAction[] {
  return actionsFrom(c.status).filter((a) => mayAct(actor, a, c));
}

/** Who may report a case, and as what source. Handlers fix things; they do not report. */
export function reportSource(actor: Actor): 'inspector' | 'resident' | 'hotline' | 'staff' | null {
  const roles = new Set(actor.bindings.map((b) => b.role));
  if (roles.has('hotline_operator')) return 'hotline';
  if (roles.has('patrol_inspector')) return 'inspector';
  if ([...OPERATORS, 'committee_staff', 'grid_leader'].some((r) => roles.has(r as Role)))
    return 'staff';
  if (roles.has('resident')) return 'resident';
  return null;
}
