import { PHOTO_SIZES } from '@cc/contracts';
import { Type } from '@sinclair/typebox';
import { sql, type Kysely } from 'kysely';
import type { AppDeps } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { defineJob, enqueueJobsQuery, type JobHandler } from '../../platform/jobs.js';
import { purgeUnattachedAttachments } from './attachments.service.js';
import { removePhotoFiles } from './photo-store.js';

/** A photo nobody attached to a case within this long was abandoned (a report not sent). */
export const UNATTACHED_PHOTO_TTL_MS = 24 * 3_600_000;
const EVERY_MS = 3_600_000;
/** photos removed per statement: a backlog is worked off in steps, never one huge delete */
const BATCH = 500;

/** One purge per hour: `hour` is its start (ISO), and the job's dedupe key. */
export const PURGE_PHOTOS_JOB = defineJob(
  'media.purge-unattached',
  Type.Object({ hour: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:00:00\\.000Z$' }) }),
);

function purgeSpec(at: Date) {
  const hour = new Date(Math.floor(at.getTime() / EVERY_MS) * EVERY_MS);
  return PURGE_PHOTOS_JOB.spec(
    { hour: hour.toISOString() },
    // however many processes start or run it, one job per hour
    { runAt: at, dedupeKey: `media.purge-unattached:${hour.toISOString()}` },
  );
}

function enqueue(db: Kysely<DB>, at: Date) {
  return enqueueJobsQuery([purgeSpec(at)])!.execute(db);
}

/** At start-up: this hour's purge (a no-op when another process or an earlier start queued it). */
export async function schedulePhotoPurge(deps: AppDeps): Promise<void> {
  await enqueue(deps.db, new Date());
}

/**
 * Remove the photos uploaded more than a day ago that no case took: their rows, then their files
 * (a crash in between leaves only unreachable files). A photo being attached holds its row
 * locked, and the delete re-checks `case_id` after the lock, so an attached photo is never taken.
 * Idempotent; returns how many went.
 */
export async function purgeUnattachedPhotos(deps: AppDeps, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - UNATTACHED_PHOTO_TTL_MS);
  let total = 0;
  for (;;) {
    const gone = await sql<{ id: string }>`
      delete from photos where id in (
        select id from photos where case_id is null and owner_id is null and created_at < ${cutoff}
        order by created_at limit ${BATCH})
      and case_id is null and owner_id is null
      returning id`.execute(deps.db);
    for (const { id } of gone.rows)
      await removePhotoFiles(deps.config.dataDir, id, [...PHOTO_SIZES]);
    total += gone.rows.length;
    if (gone.rows.length < BATCH) return total;
  }
}

/** The media module's job kinds and their handlers. */
export function mediaJobHandlers(deps: AppDeps): (readonly [string, JobHandler])[] {
  return [
    PURGE_PHOTOS_JOB.handler(async ({ hour }) => {
      await purgeUnattachedPhotos(deps);
      await purgeUnattachedAttachments(deps);
      // the next hour's; queued after the work, so a failed run is retried before it moves on
      await enqueue(deps.db, new Date(Date.parse(hour) + EVERY_MS));
    }),
  ];
}
