import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { AppDeps } from '../../platform/context.js';
import { defineJob, type JobSpec } from '../../platform/jobs.js';
import { fileCase, findCaseNumber } from '../cases/index.js';

/**
 * The cases an observation files: a fever or a symptom (`home-observation-fever`) and a missed
 * check-in (`home-observation-missed-checkin`), each at most once per observation and day. The
 * step is recorded first, in the transaction of what caused it (unique per observation, kind and
 * day), with a durable job to file its case; the case is filed under the step's id as the
 * idempotency key and from the stored step only (the same input every time), so a retry — the
 * job after an inline filing, or after a crash between the case and the link — finds the same
 * case and never makes a second one.
 */

export const FEVER_SCENARIO = 'home-observation-fever';
export const MISSED_SCENARIO = 'home-observation-missed-checkin';
/** who the case says reported it */
const REPORTER = '居家健康观察 home observation';

export const FILE_STEP_CASE_JOB = defineJob(
  'observations.file-case',
  Type.Object({ stepId: Type.String({ format: 'uuid' }) }),
);

/** The job that files a step's case (one per step, ever). */
export const fileStepCaseJob = (stepId: string): JobSpec =>
  FILE_STEP_CASE_JOB.spec({ stepId }, { dedupeKey: `observations.file-case:${stepId}` });

/**
 * File the case of a `missed` or `case` step and link it: the step gets the case's id and
 * number, the observation's list of case numbers the number. Idempotent; a step whose case is
 * filed, or whose observation was purged, is left alone. Returns the case number, if any.
 */
export async function fileStepCase(deps: AppDeps, stepId: string): Promise<string | null> {
  const step = await deps.db
    .selectFrom('observation_steps as s')
    .innerJoin('observations as o', 'o.id', 's.observation_id')
    .select(['s.id', 's.kind', 's.note', 's.case_number', 'o.compound_code', 'o.room_label'])
    .where('s.id', '=', stepId)
    .executeTakeFirst();
  if (!step || (step.kind !== 'missed' && step.kind !== 'case')) return null;
  if (step.case_number) return step.case_number;
  const filed = await fileCase(
    { ...deps, actor: null, ip: null },
    {
      scenarioCode: step.kind === 'missed' ? MISSED_SCENARIO : FEVER_SCENARIO,
      description: step.note,
      lat: null,
      lng: null,
      areaCode: step.compound_code,
      address: step.room_label,
      attributes: {},
      photoIds: [],
      contact: null,
      source: 'staff',
      reporterId: null,
      reporterName: REPORTER,
      idempotency: { scope: 'observations', key: step.id },
    },
  );
  const caseNumber = await findCaseNumber(deps.db, filed.caseId);
  await deps.db.transaction().execute(async (trx) => {
    const linked = await trx
      .updateTable('observation_steps')
      .set({ case_id: filed.caseId, case_number: caseNumber })
      .where('id', '=', step.id)
      .where('case_id', 'is', null)
      .returning('observation_id')
      .executeTakeFirst();
    if (!linked || !caseNumber) return;
    await trx
      .updateTable('observations')
      .set({ case_numbers: sql<string[]>`array_append(case_numbers, ${caseNumber}::text)` })
      .where('id', '=', linked.observation_id)
      .execute();
  });
  return caseNumber;
}

/** File a step's case now, leaving it to its job when that fails (the answer does not wait). */
export async function fileStepCaseNow(deps: AppDeps, stepId: string): Promise<void> {
  await fileStepCase(deps, stepId).catch(() => undefined);
}
