import type { AppDeps } from '../../platform/context.js';
import type { JobHandler } from '../../platform/jobs.js';
import { DEADLINE_JOB, runDeadline } from './cases.service.js';

export function caseJobHandlers(deps: AppDeps): [string, JobHandler][] {
  return [[DEADLINE_JOB, (payload) => runDeadline(deps, payload)]];
}
