import { Type } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { AppDeps } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { defineJob, enqueueJobsQuery, type JobHandler } from '../../platform/jobs.js';
import { deleteInBatches } from '../../platform/batched-delete.js';
import { addDays, shanghaiDate, shanghaiMidnight } from '../../platform/shanghai-time.js';
import { recordAudit } from '../audit/index.js';

/**
 * Retention (PIPL: kept no longer than needed): once a day, declarations whose end (arrival +
 * stay) lies more than EPIDEMIC_RETENTION_DAYS back are deleted, a batch at a time, and the
 * purge is audited with its count and cut-off (no people). The board's figures are aggregates
 * and stay. One job per Shanghai day (its dedupe key); each run queues the next day's.
 */

export const PURGE_DECLARATIONS_JOB = defineJob(
  'declarations.purge',
  Type.Object({ day: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) }),
);

function purgeSpec(day: string) {
  return PURGE_DECLARATIONS_JOB.spec(
    { day },
    // a few minutes past midnight, once per day however many processes start
    {
      runAt: new Date(shanghaiMidnight(day).getTime() + 5 * 60_000),
      dedupeKey: `declarations.purge:${day}`,
    },
  );
}

const enqueue = (db: Kysely<DB>, day: string) => enqueueJobsQuery([purgeSpec(day)])!.execute(db);

/** At start-up: today's purge (a no-op when it was queued already). */
export async function scheduleDeclarationPurge(deps: AppDeps): Promise<void> {
  await enqueue(deps.db, shanghaiDate());
}

/**
 * Delete the declarations that ended before `today` − retention days; audited when any went
 * (as the observations' purge).
 * Idempotent; returns how many went.
 */
export async function purgeDeclarations(deps: AppDeps, today = shanghaiDate()): Promise<number> {
  const cutoff = addDays(today, -deps.config.epidemicRetentionDays);
  const total = await deleteInBatches(async (limit) => {
    const gone = await deps.db
      .deleteFrom('declarations')
      .where(
        'id',
        'in',
        deps.db
          .selectFrom('declarations')
          .select('id')
          .where('stay_until', '<', cutoff)
          .orderBy('stay_until')
          .limit(limit),
      )
      .executeTakeFirst();
    return Number(gone.numDeletedRows);
  });
  if (total > 0)
    await recordAudit(
      { ...deps, actor: null, ip: null },
      {
        action: 'declarations.purge',
        objectType: 'declarations',
        objectId: null,
        detail: {
          deleted: total,
          endedBefore: cutoff,
          retentionDays: deps.config.epidemicRetentionDays,
        },
      },
    );
  return total;
}

export function declarationJobHandlers(deps: AppDeps): (readonly [string, JobHandler])[] {
  return [
    PURGE_DECLARATIONS_JOB.handler(async ({ day }) => {
      await purgeDeclarations(deps, day);
      // the next day's, queued after the work: a failed run is retried before it moves on
      await enqueue(deps.db, addDays(day, 1));
    }),
  ];
}
