import {
  CASE_CONTACT_REVEALER_ROLES,
  CASE_OPERATOR_ROLES,
  CASE_STAFF_REPORTER_ROLES,
  CASE_VERIFIER_ROLES,
  CASE_VIEWER_ROLES,
  ROLES,
  type CaseAction,
  type CaseStatus,
} from '@cc/contracts';
import type { Actor } from '../../platform/context.js';
import { bindingsWith, reaches, scopeRoots } from '../../platform/policy.js';
import { actionsFrom } from './state-machine.js';

export interface CaseAccessFacts {
  status: CaseStatus;
  source: string;
  areaPath: string;
  queueAreaPath: string;
  assigneeId: string | null;
  reporterId: string | null;
}

/**
 * Who may be put on a case (an assignee, a rule's or a point's leader): any staff role whose
 * area reaches the case's; residents report and rate, they are not handlers.
 */
export const CASE_ASSIGNEE_ROLES = ROLES.filter((r) => r !== 'resident');

/** Area paths whose cases the actor sees in full. */
export function caseScope(actor: Actor | null): string[] {
  return scopeRoots(bindingsWith(actor, CASE_VIEWER_ROLES));
}

/** Area paths whose operation centres the actor works in: their queues, rules and points. */
export function operatorScope(actor: Actor | null): string[] {
  return scopeRoots(bindingsWith(actor, CASE_OPERATOR_ROLES));
}

export function canSeeCase(actor: Actor | null, c: CaseAccessFacts): boolean {
  if (!actor) return false;
  return (
    c.assigneeId === actor.id ||
    c.reporterId === actor.id ||
    reaches(actor, c.areaPath, CASE_VIEWER_ROLES) ||
    reaches(actor, c.queueAreaPath, CASE_OPERATOR_ROLES)
  );
}

/** Who may see a hotline caller in clear (for a reason): by the case's area or its queue. */
export function canRevealContact(actor: Actor | null, c: CaseAccessFacts): boolean {
  return (
    reaches(actor, c.areaPath, CASE_CONTACT_REVEALER_ROLES) ||
    reaches(actor, c.queueAreaPath, CASE_CONTACT_REVEALER_ROLES)
  );
}

/** Who may take `action`, whatever the state (the state machine decides the rest). */
export function mayAct(actor: Actor | null, action: CaseAction, c: CaseAccessFacts): boolean {
  if (!actor) return false;
  const operator =
    reaches(actor, c.areaPath, CASE_OPERATOR_ROLES) ||
    reaches(actor, c.queueAreaPath, CASE_OPERATOR_ROLES);
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
      return c.reporterId === actor.id || reaches(actor, c.areaPath, CASE_VERIFIER_ROLES);
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
  if (CASE_STAFF_REPORTER_ROLES.some((r) => roles.has(r))) return 'staff';
  if (roles.has('resident')) return 'resident';
  return null;
}
