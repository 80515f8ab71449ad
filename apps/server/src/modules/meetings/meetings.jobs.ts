import type { AppDeps } from '../../platform/context.js';
import type { JobHandler } from '../../platform/jobs.js';
import { TELL_REGISTRANTS_JOB, runTellRegistrants } from './tell-registrants.js';

/** The meetings module's job kinds and their handlers. */
export function meetingJobHandlers(deps: AppDeps): (readonly [string, JobHandler])[] {
  return [TELL_REGISTRANTS_JOB.handler((p) => runTellRegistrants(deps, p))];
}
