import type { AppDeps } from '../../platform/context.js';
import type { JobHandler } from '../../platform/jobs.js';
import { AFFAIR_DEADLINE_JOB, runAffairDeadline } from './affair-deadlines.js';
import { AFFAIR_FORWARD_JOB, runAffairForward } from './affair-forward.js';

/** The affairs module's job kinds and their handlers. */
export function affairsJobHandlers(deps: AppDeps): (readonly [string, JobHandler])[] {
  return [
    AFFAIR_DEADLINE_JOB.handler((payload) => runAffairDeadline(deps, payload)),
    AFFAIR_FORWARD_JOB.handler((payload) => runAffairForward(deps, payload)),
  ];
}
