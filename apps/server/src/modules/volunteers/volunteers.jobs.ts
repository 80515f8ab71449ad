import type { AppDeps } from '../../platform/context.js';
import type { JobHandler } from '../../platform/jobs.js';
import { activeDecayJobHandlers } from './active-decay.js';
import { activityJobHandlers } from './activities.jobs.js';
import { taskJobHandlers } from './tasks.js';

/** The module's jobs: shift reminders and the auto check-out (activities), a task left open a day (tasks), the daily active-volunteer count (figures). */
export function volunteerJobHandlers(deps: AppDeps): Iterable<readonly [string, JobHandler]> {
  return [...activeDecayJobHandlers(deps), ...activityJobHandlers(deps), ...taskJobHandlers(deps)];
}
