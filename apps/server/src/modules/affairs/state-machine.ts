import { ErrorCode, type AffairState } from '@cc/contracts';
import { AppError } from '../../platform/errors.js';

/** What a person does to a request (the system's warn and escalate change no state). */
export type AffairStep = 'accept' | 'ask' | 'supplement' | 'refuse' | 'complete';

/**
 * The allowed transitions. submitted → accepted → completed, with 补正 (ask → needs_more →
 * supplement → submitted again, to be accepted anew) and refusal on the way; completed,
 * refused and forwarded (a repair or complaint that became a case at once) end it.
 */
export const TRANSITIONS: Readonly<
  Record<AffairStep, { from: readonly AffairState[]; to: AffairState }>
> = {
  accept: { from: ['submitted'], to: 'accepted' },
  ask: { from: ['submitted', 'accepted'], to: 'needs_more' },
  supplement: { from: ['needs_more'], to: 'submitted' },
  refuse: { from: ['submitted', 'accepted', 'needs_more'], to: 'refused' },
  complete: { from: ['accepted'], to: 'completed' },
};

/** States whose deadline runs: the committee owes the next step. */
export const COMMITTEE_OWES: readonly AffairState[] = ['submitted', 'accepted'];

/** The state after `step`, or a 409 naming the state the request is in. */
export function nextState(state: AffairState, step: AffairStep): AffairState {
  const t = TRANSITIONS[step];
  if (!t.from.includes(state)) {
    throw new AppError(
      ErrorCode.conflict,
      `cannot ${step} a request that is ${state} / 当前状态不能执行此操作`,
      { field: 'state', rule: 'transition' },
    );
  }
  return t.to;
}

/** The steps allowed from `state`. */
export const stepsFrom = (state: AffairState): AffairStep[] =>
  (Object.keys(TRANSITIONS) as AffairStep[]).filter((s) => TRANSITIONS[s].from.includes(state));
