import { PROPOSAL_STATE_LABELS, PROPOSAL_TRANSITIONS, type ProposalState } from '@cc/contracts';
import { AppError } from '../../platform/errors.js';

/** States in which a proposal takes new supports. */
export const SUPPORTABLE: readonly ProposalState[] = [
  'open',
  'awaiting_answer',
  'accepted',
  'meeting',
  'case',
];

const zh = (s: string) => PROPOSAL_STATE_LABELS[s as ProposalState]?.zh ?? s;

/**
 * The one guard of every state change: `from → to` must be in the state machine
 * (PROPOSAL_TRANSITIONS), else a 409 (with `message`, or one naming both states).
 */
export function assertTransition(from: string, to: ProposalState, message?: string): void {
  if (PROPOSAL_TRANSITIONS[from as ProposalState]?.includes(to)) return;
  throw AppError.conflict(
    message ??
      `A proposal that is ${from} cannot become ${to} / 建议当前为「${zh(from)}」，不能变为「${zh(to)}」`,
  );
}
