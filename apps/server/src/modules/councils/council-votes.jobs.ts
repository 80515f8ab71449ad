import type { AppDeps } from '../../platform/context.js';
import type { JobHandler } from '../../platform/jobs.js';
import { CLOSE_COUNCIL_VOTE_JOB, runCloseCouncilVote } from './council-votes.js';

/**
 * The council votes' jobs: the close at `closes_at`, queued when a vote opens (one per vote:
 * its dedupe key). It counts the vote under its lock, so no ballot comes after the close; a
 * vote closed by hand, cancelled or gone makes it a no-op, and one that comes early (a changed
 * clock) fails and runs again.
 */
export function councilVoteJobHandlers(deps: AppDeps): (readonly [string, JobHandler])[] {
  return [CLOSE_COUNCIL_VOTE_JOB.handler((p) => runCloseCouncilVote(deps, p.voteId))];
}
