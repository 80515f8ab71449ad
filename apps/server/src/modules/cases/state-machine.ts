import { OPEN_STATUSES, type CaseAction, type CaseStatus } from '@cc/contracts';

/** What the system itself does, never a person: a missed deadline. */
export type SystemAction = 'escalate';

/**
 * The closed loop. `to: null` records an event without changing the status.
 * reported → dispatched → accepted → in_progress → resolved → closed, with returned,
 * escalated, reopened, merged and rejected beside them. closed, merged and rejected end it.
 */
export const TRANSITIONS: Record<
  CaseAction | SystemAction,
  { from: readonly CaseStatus[]; to: CaseStatus | null }
> = {
  dispatch: {
    from: ['reported', 'dispatched', 'returned', 'escalated', 'reopened'],
    to: 'dispatched',
  },
  accept: { from: ['dispatched', 'reopened', 'escalated'], to: 'accepted' },
  progress: { from: ['accepted', 'in_progress'], to: 'in_progress' },
  resolve: { from: ['accepted', 'in_progress', 'escalated'], to: 'resolved' },
  return: { from: ['dispatched', 'reopened', 'escalated'], to: 'returned' },
  close: { from: ['resolved'], to: 'closed' },
  reopen: { from: ['resolved'], to: 'reopened' },
  reject: { from: ['reported', 'dispatched', 'returned', 'escalated', 'reopened'], to: 'rejected' },
  merge: {
    from: [
      'reported',
      'dispatched',
      'returned',
      'escalated',
      'accepted',
      'in_progress',
      'reopened',
    ],
    to: 'merged',
  },
  rate: { from: ['resolved', 'closed'], to: null },
  supplement: { from: OPEN_STATUSES, to: null },
  // a missed deadline: the accept deadline while it awaits pickup, the resolve deadline while
  // it is open (case-deadlines.ts runDeadline); an escalated case climbs again, up to the city
  escalate: {
    from: [
      'reported',
      'dispatched',
      'reopened',
      'accepted',
      'in_progress',
      'returned',
      'escalated',
    ],
    to: 'escalated',
  },
};

/** The status after `action`, or undefined when the action is not allowed from `status`. */
export function nextStatus(
  status: CaseStatus,
  action: CaseAction | SystemAction,
): CaseStatus | undefined {
  const t = TRANSITIONS[action];
  if (!t.from.includes(status)) return undefined;
  return t.to ?? status;
}

/** Actions the state allows, whoever asks. */
export function actionsFrom(status: CaseStatus): CaseAction[] {
  return (Object.keys(TRANSITIONS) as (CaseAction | SystemAction)[]).filter(
    (a): a is CaseAction => a !== 'escalate' && TRANSITIONS[a].from.includes(status),
  );
}
