import { OBSERVATION_STAFF_ROLES } from '@cc/contracts';
import type { Actor } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { reaches } from '../../platform/policy.js';

/**
 * Who may see and work an observation: the staff of the committee it lies in (by the compound's
 * area path). Anyone else — other committees' staff, street or city operators, residents —
 * never learns it exists (404): the board gives them figures, not people.
 */

export const OBSERVATION_NOT_FOUND = 'No such observation / 没有该居家健康观察记录';

export const mayWork = (actor: Actor | null, areaPath: string): boolean =>
  reaches(actor, areaPath, OBSERVATION_STAFF_ROLES);

/** The observation's committee staff go on; anyone else gets 404. */
export function requireWorker(actor: Actor | null, o: { area_path: string }): void {
  if (!mayWork(actor, o.area_path)) throw AppError.notFound(OBSERVATION_NOT_FOUND);
}
