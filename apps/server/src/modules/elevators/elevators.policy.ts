import {
  ELEVATOR_BOARD_ROLES,
  ELEVATOR_STAFF_ROLES,
  ELEVATOR_TARGET_ROLES,
  ELEVATOR_VIEWER_ROLES,
} from '@cc/contracts';
import type { Actor } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { bindingsWith, reaches, scopeRoots } from '../../platform/policy.js';

/**
 * Who may do what with elevator projects, by area: the committee's staff run them; street and
 * district operators read their area's and see the board; street operators set their street's
 * target. Anyone else never learns a project exists (404).
 */

export const ELEVATOR_NOT_FOUND = 'No such elevator project / 没有该加装电梯项目';
export const READ_ONLY =
  "Only the committee's staff change an elevator project; street and district operators read it / 仅居委会工作人员可修改加装电梯项目，街道、区工作人员只读";

/** What a policy needs of a project. */
export interface ProjectScope {
  area_path: string;
}

export const mayRun = (actor: Actor | null, p: ProjectScope): boolean =>
  reaches(actor, p.area_path, ELEVATOR_STAFF_ROLES);

export const mayRead = (actor: Actor | null, p: ProjectScope): boolean =>
  reaches(actor, p.area_path, ELEVATOR_VIEWER_ROLES);

/** The project the reader may see, or 404. */
export function requireReader(actor: Actor | null, p: ProjectScope): void {
  if (!mayRead(actor, p)) throw AppError.notFound(ELEVATOR_NOT_FOUND);
}

/** The committee's staff go on; a reader who may not change it gets 403; anyone else 404. */
export function requireRunner(actor: Actor | null, p: ProjectScope): void {
  if (mayRun(actor, p)) return;
  requireReader(actor, p);
  throw AppError.forbidden(READ_ONLY);
}

/** The area paths whose projects the actor reads (none: not a reader anywhere). */
export const readerScope = (actor: Actor | null): string[] =>
  scopeRoots(bindingsWith(actor, ELEVATOR_VIEWER_ROLES));

export const mayBoard = (actor: Actor | null, areaPath: string): boolean =>
  reaches(actor, areaPath, ELEVATOR_BOARD_ROLES);

export const maySetTarget = (actor: Actor | null, streetPath: string): boolean =>
  reaches(actor, streetPath, ELEVATOR_TARGET_ROLES);
