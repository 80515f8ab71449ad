import crypto from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { deleteInBatches } from '../../platform/batched-delete.js';
import type { AppDeps } from '../../platform/context.js';
import { defineJob, enqueueJobsQuery, type JobHandler } from '../../platform/jobs.js';
import { addDays, shanghaiDate, shanghaiMidnight } from '../../platform/shanghai-time.js';
import { auditEntry, appendAudits } from '../audit/index.js';
import { announceTopicFigures, feedTopicFigures } from '../dashboards/index.js';
import { FILE_STEP_CASE_JOB, fileStepCase, fileStepCaseJob } from './observation-cases.js';
import { checkInDeadline, observationRules } from './observation-rules.js';
import * as repo from './observations.repo.js';

/**
 * The observations' daily work, as durable jobs (one per day, by dedupe key; each queues the
 * next day's after its work, so a failed run is retried before the chain moves on):
 * - after the check-in deadline (`checkInBy`, Shanghai): every active observation without a
 *   check-in that day gets one `missed` step — and one `home-observation-missed-checkin` case —
 *   however often the check runs (the step is unique per observation and day);
 * - at Shanghai midnight: observations past their end date end (期满, a recorded step, one person
 *   less under observation on the board), and ended ones older than EPIDEMIC_RETENTION_DAYS are
 *   purged with their check-ins and steps (audited with counts, no people).
 */

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
export const MISSED_CHECK_JOB = defineJob('observations.missed-check', Type.Object({ day: Day }));
export const DAY_START_JOB = defineJob('observations.day-start', Type.Object({ day: Day }));

/** rows per transaction: a city's backlog is worked off in steps, never one huge statement */
const BATCH = 500;
/** cases filed side by side (the case intake batches them into one transaction) */
const FILE_AT_ONCE = 20;

const missedSpec = (day: string) =>
  MISSED_CHECK_JOB.spec(
    { day },
    { runAt: checkInDeadline(day), dedupeKey: `observations.missed-check:${day}` },
  );
const dayStartSpec = (day: string) =>
  DAY_START_JOB.spec(
    { day },
    { runAt: shanghaiMidnight(day), dedupeKey: `observations.day-start:${day}` },
  );

/** At start-up: today's jobs (no-ops when an earlier start or another process queued them). */
export async function scheduleObservationJobs(deps: AppDeps): Promise<void> {
  const today = shanghaiDate();
  await enqueueJobsQuery([missedSpec(today), dayStartSpec(today)])!.execute(deps.db);
}

/**
 * The missed check-in check of `day`: one `missed` step per active observation expected that day
 * (started, not past its end, opened before the deadline) with no check-in that day, each with
 * the board's `observation_missed` figure and its case's job; then the day's cases filed.
 * Idempotent: a second run finds the steps there and files nothing new. Returns the steps made.
 */
export async function runMissedCheck(deps: AppDeps, day: string): Promise<number> {
  const deadline = checkInDeadline(day);
  const { checkInBy } = observationRules();
  let made = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const batch = await deps.db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('observations as o')
        .select(['o.id', 'o.area_path', 'o.compound_code', 'o.room_label'])
        .where('o.state', '=', 'active')
        .where('o.start_date', '<=', day)
        .where('o.end_date', '>=', day)
        .where('o.created_at', '<', deadline)
        .where('o.id', '>', after)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('observation_check_ins as c')
                .select('c.id')
                .whereRef('c.observation_id', '=', 'o.id')
                .where('c.day', '=', day),
            ),
          ),
        )
        .orderBy('o.id')
        .limit(BATCH)
        .execute();
      if (due.length === 0) return { scanned: 0, last: after, steps: [] };
      const names = await repo.compoundNames(
        trx,
        due.map((o) => o.compound_code),
      );
      const now = new Date();
      const steps = await trx
        .insertInto('observation_steps')
        .values(
          due.map((o) => {
            const place = `${names.get(o.compound_code) ?? o.compound_code} ${o.room_label}`;
            return {
              id: crypto.randomUUID(),
              observation_id: o.id,
              kind: 'missed' as const,
              day,
              at: now,
              note:
                `居家健康观察人员（${place}）${day} 未在 ${checkInBy} 前完成健康打卡，请电话或上门了解情况。` +
                ` / A person under home observation (${place}) did not check in by ${checkInBy} on ${day}: call or visit them.`,
              case_id: null,
              case_number: null,
              actor_id: null,
            };
          }),
        )
        .onConflict((oc) => oc.columns(['observation_id', 'kind', 'day']).doNothing())
        .returning(['id', 'observation_id'])
        .execute();
      const pathOf = new Map(due.map((o) => [o.id, o.area_path]));
      await feedTopicFigures(
        trx,
        'epidemic',
        steps.map((s) => ({
          metric: 'observation_missed',
          areaPath: pathOf.get(s.observation_id)!,
          day,
          delta: 1,
        })),
      );
      if (steps.length > 0)
        await enqueueJobsQuery(steps.map((s) => fileStepCaseJob(s.id)))!.execute(trx);
      return {
        scanned: due.length,
        last: due.at(-1)!.id,
        steps: steps.map((s) => ({ id: s.id, areaPath: pathOf.get(s.observation_id)! })),
      };
    });
    if (batch.scanned === 0) break;
    after = batch.last;
    made += batch.steps.length;
    announceTopicFigures(
      deps.live,
      'epidemic',
      batch.steps.map((s) => s.areaPath),
    );
    if (batch.scanned < BATCH) break;
  }
  await fileUnfiledCases(deps);
  return made;
}

/**
 * File the cases of every step still without one (this run's, and any a crash left behind); a
 * step that cannot be filed now is left to its own job's retries.
 */
export async function fileUnfiledCases(deps: AppDeps): Promise<void> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const steps = await deps.db
      .selectFrom('observation_steps')
      .select('id')
      .where('case_id', 'is', null)
      .where('kind', 'in', ['missed', 'case'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(FILE_AT_ONCE)
      .execute();
    if (steps.length === 0) return;
    await Promise.allSettled(steps.map((s) => fileStepCase(deps, s.id)));
    after = steps.at(-1)!.id;
  }
}

/**
 * Observations past their end date on `day` end (期满解除): state, a recorded step, the board's
 * `home_observation` −1 on `day`. Returns how many ended.
 */
export async function expireObservations(deps: AppDeps, day: string): Promise<number> {
  let total = 0;
  for (;;) {
    const ended = await deps.db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('observations')
        .select(['id', 'area_path'])
        .where('state', '=', 'active')
        .where('end_date', '<', day)
        .orderBy('id')
        .limit(BATCH)
        .forUpdate()
        .skipLocked()
        .execute();
      if (due.length === 0) return [];
      const ids = due.map((o) => o.id);
      const now = new Date();
      await trx
        .updateTable('observations')
        .set({ state: 'ended', ended_on: day, end_reason: 'completed', ended_by: null })
        .where('id', 'in', ids)
        .execute();
      await trx
        .insertInto('observation_steps')
        .values(
          ids.map((id) => ({
            id: crypto.randomUUID(),
            observation_id: id,
            kind: 'ended' as const,
            day,
            at: now,
            note: '观察期满，自动解除 / Ended at the end of its period',
            case_id: null,
            case_number: null,
            actor_id: null,
          })),
        )
        .onConflict((oc) => oc.columns(['observation_id', 'kind', 'day']).doNothing())
        .execute();
      await feedTopicFigures(
        trx,
        'epidemic',
        due.map((o) => ({ metric: 'home_observation', areaPath: o.area_path, day, delta: -1 })),
      );
      return due;
    });
    if (ended.length === 0) return total;
    total += ended.length;
    announceTopicFigures(
      deps.live,
      'epidemic',
      ended.map((o) => o.area_path),
    );
    if (ended.length < BATCH) return total;
  }
}

/**
 * Purge the observations that ended more than EPIDEMIC_RETENTION_DAYS before `day`, with their
 * check-ins and steps (the board's figures stay: they hold no people). Audited with the count
 * when any went (as the declarations' purge).
 * Returns how many went.
 */
export async function purgeObservations(deps: AppDeps, day: string): Promise<number> {
  const retentionDays = deps.config.epidemicRetentionDays;
  const before = addDays(day, -retentionDays);
  const total = await deleteInBatches(async (limit) => {
    const gone = await deps.db
      .deleteFrom('observations')
      .where(
        'id',
        'in',
        deps.db
          .selectFrom('observations')
          .select('id')
          .where('state', '=', 'ended')
          .where('ended_on', '<', before)
          .limit(limit),
      )
      .executeTakeFirst();
    return Number(gone.numDeletedRows);
  });
  if (total > 0)
    await appendAudits(deps.db, deps, [
      auditEntry(
        { actor: null, ip: null },
        {
          action: 'observation.purge',
          objectType: 'observation',
          objectId: null,
          detail: { purged: total, endedBefore: before, retentionDays },
        },
      ),
    ]);
  return total;
}

/** The module's job kinds and their handlers. */
export function observationJobHandlers(deps: AppDeps): (readonly [string, JobHandler])[] {
  return [
    FILE_STEP_CASE_JOB.handler(async ({ stepId }) => {
      await fileStepCase(deps, stepId);
    }),
    MISSED_CHECK_JOB.handler(async ({ day }) => {
      await runMissedCheck(deps, day);
      await enqueueJobsQuery([missedSpec(addDays(day, 1))])!.execute(deps.db);
    }),
    DAY_START_JOB.handler(async ({ day }) => {
      await expireObservations(deps, day);
      await purgeObservations(deps, day);
      await enqueueJobsQuery([dayStartSpec(addDays(day, 1))])!.execute(deps.db);
    }),
  ];
}
