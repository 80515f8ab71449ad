import type { AppDeps } from '../../platform/context.js';
import type { JobHandler } from '../../platform/jobs.js';
import { PROPOSAL_DEADLINE_JOB, runProposalDeadline } from './proposal-deadlines.js';
import { PROPOSAL_TELL_JOB, runTell } from './proposal-tell.js';

/** The proposals module's job kinds and their handlers. */
export function proposalsJobHandlers(deps: AppDeps): (readonly [string, JobHandler])[] {
  return [
    PROPOSAL_DEADLINE_JOB.handler((payload) => runProposalDeadline(deps, payload)),
    PROPOSAL_TELL_JOB.handler((payload) => runTell(deps, payload)),
  ];
}
