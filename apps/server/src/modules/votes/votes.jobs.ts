import type { AppDeps } from '../../platform/context.js';
import type { JobHandler } from '../../platform/jobs.js';

/** The votes module's jobs (filled in by the lifecycle work: the close at closes_at). */
export function voteJobHandlers(_deps: AppDeps): Iterable<readonly [string, JobHandler]> {
  return [];
}
