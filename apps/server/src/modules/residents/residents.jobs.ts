import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../platform/context.js';
import { defineJob, enqueueJobsQuery, type JobHandler } from '../../platform/jobs.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { forgetResidentSessions } from '../identity/index.js';

/**
 * The accounts' sessions read their roles again. Queued in the transaction that changed their
 * `resident` role (a link revoked, moved to another compound), so it runs after the commit: a
 * session read before then cannot keep the old role in the cache.
 */
export const FORGET_SESSIONS_JOB = defineJob(
  'residents.forget-sessions',
  Type.Object({ accountIds: Type.Array(Type.String(), { maxItems: 5000 }) }),
);

/** Queue the forgetting of these accounts' sessions in `trx` (in slices of 5000). */
export async function forgetSessionsAfterCommit(
  trx: Kysely<DB>,
  accountIds: readonly string[],
): Promise<void> {
  const ids = [...new Set(accountIds)];
  const jobs = [];
  for (let i = 0; i < ids.length; i += 5000)
    jobs.push(FORGET_SESSIONS_JOB.spec({ accountIds: ids.slice(i, i + 5000) }));
  const q = enqueueJobsQuery(jobs);
  if (q) await q.execute(trx);
}

export function residentJobHandlers(deps: AppDeps): (readonly [string, JobHandler])[] {
  return [
    FORGET_SESSIONS_JOB.handler(async ({ accountIds }) =>
      forgetResidentSessions(deps.db, accountIds),
    ),
  ];
}
