import type { AppDeps } from '../../platform/context.js';
import type { JobHandler } from '../../platform/jobs.js';
import { DEADLINE_JOB, runDeadline } from './case-deadlines.js';

/** The cases module's job kinds and their handlers. */
export function caseJobHandlers(deps: AppDeps): (readonly [string, JobHandler])[] {
  return [DEADLINE_JOB.handler((payload) => runDeadline(deps, payload))];
}
