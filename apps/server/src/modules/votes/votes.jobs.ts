import type { AppDeps } from '../../platform/context.js';
import type { JobHandler } from '../../platform/jobs.js';
import { CLOSE_VOTE_JOB, runCloseVote } from './vote-close.js';

/** The votes module's jobs: the close at closes_at. */
export function voteJobHandlers(deps: AppDeps): Iterable<readonly [string, JobHandler]> {
  return [CLOSE_VOTE_JOB.handler((p) => runCloseVote(deps, p))];
}
