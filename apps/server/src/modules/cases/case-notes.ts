import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { LiveEvent } from '../../platform/live.js';
import { caseLiveEvent, facts } from './case-presenters.js';
import { canSeeCase } from './cases.policy.js';
import * as repo from './cases.repo.js';

/**
 * Steps other modules add to a case's timeline without moving it (a volunteer sent to it, their
 * answer). The case's status, deadlines and the dashboards' rollups stay as they are.
 */
export interface CaseNoteInput {
  caseId: string;
  /** names the module's step (`volunteer_sent`): never one of the loop's own actions */
  action: string;
  actorId: string | null;
  actorName: string | null;
  note: string | null;
  detail?: Record<string, unknown>;
  /** default now */
  at?: Date;
}

/** A note's action has a module's prefix; the loop's own actions (dispatch, resolve …) have none. */
const NOTE_ACTION = /^[a-z]+_[a-z_]+$/;

/**
 * Append a step to the case's timeline inside the caller's transaction. Gives back the case's
 * live event, to publish after the commit (`ctx.live.publish`) so that open screens refresh.
 */
export async function recordCaseNote(trx: Kysely<DB>, input: CaseNoteInput): Promise<LiveEvent> {
  // a loop action written here would be counted by the rollups' rebuild without moving the case
  if (!NOTE_ACTION.test(input.action)) {
    throw new Error(`recordCaseNote: ${input.action} is not a note's action (module_step)`);
  }
  const c = await repo.findCase(trx, input.caseId);
  if (!c) throw new Error(`recordCaseNote: no case ${input.caseId}`);
  const at = input.at ?? new Date();
  await repo
    .insertEventsQuery([
      {
        caseId: input.caseId,
        districtCode: c.district_code,
        at,
        actorId: input.actorId,
        actorName: input.actorName,
        action: input.action,
        fromStatus: null,
        toStatus: null,
        note: input.note,
        ...(input.detail ? { detail: input.detail } : {}),
      },
    ])!
    .execute(trx);
  return caseLiveEvent(c, at);
}

/** What another module's task needs of a case: its number, place and area. */
export interface CaseForTask {
  id: string;
  number: string;
  areaPath: string;
  lat: number | null;
  lng: number | null;
  address: string | null;
}

/** The case as a task sees it, or null when the actor may not see the case (cases' own policy). */
export async function caseForTask(
  db: Kysely<DB>,
  actor: Actor | null,
  caseId: string,
): Promise<CaseForTask | null> {
  const c = await repo.findCase(db, caseId);
  if (!c || !canSeeCase(actor, facts(c))) return null;
  return {
    id: c.id,
    number: c.number,
    areaPath: c.area_path,
    lat: c.lat,
    lng: c.lng,
    address: c.address,
  };
}
