import { Type } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { AppDeps } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { defineJob, type JobSpec } from '../../platform/jobs.js';
import { queueNotifications, type NotifyInput } from '../notifications/index.js';
import * as repo from './meetings.repo.js';

/**
 * Telling a meeting's registrants that its minutes are out or that it was called off: in the
 * publishing transaction when they are few, else by a job in batches, each batch claimed in
 * `meeting_tell_batches` in its own transaction so that a batch run again tells no one twice.
 */

/** Up to this many registrants are told in the publishing transaction; more go to the job. */
const INLINE_RECIPIENTS = 200;
const BATCH = 1000;

const TellKind = Type.Union([Type.Literal('minutes'), Type.Literal('cancelled')]);
/** Tell a meeting's registrants (after attendee id `after`) that its minutes are out or it was called off. */
export const TELL_REGISTRANTS_JOB = defineJob(
  'meetings.tell-registrants',
  Type.Object({
    meetingId: Type.String(),
    kind: TellKind,
    after: Type.Union([Type.String(), Type.Null()]),
  }),
);

const shanghaiTime = (at: Date) =>
  new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

function message(
  m: repo.MeetingRow,
  kind: 'minutes' | 'cancelled',
): { text: string; channels: NotifyInput['channels'] } {
  return kind === 'minutes'
    ? {
        text: `【社区云】议事会「${m.title}」的会议纪要和议题结果已发布，欢迎查看。`,
        channels: ['inapp'],
      }
    : {
        // people may be on their way: a text as well
        text: `【社区云】原定${shanghaiTime(m.starts_at)}召开的议事会「${m.title}」已取消：${m.cancel_reason ?? ''}`,
        channels: ['inapp', 'sms'],
      };
}

/** One batch of registrants (residents with an account) after `after`, by attendee id. */
async function registrantBatch(
  trx: Kysely<DB>,
  meetingId: string,
  after: string | null,
  size: number,
) {
  let q = trx
    .selectFrom('meeting_attendees')
    .select(['id', 'account_id'])
    .where('meeting_id', '=', meetingId)
    .where('state', '=', 'registered')
    .where('account_id', 'is not', null);
  if (after) q = q.where('id', '>', after);
  return q.orderBy('id').limit(size).execute();
}

/**
 * Tell the registrants, inside `trx`: all of them at once when few, else the first batch of
 * the job (its continuation carries the cursor).
 */
export async function tellRegistrants(
  trx: Kysely<DB>,
  m: repo.MeetingRow,
  kind: 'minutes' | 'cancelled',
) {
  if (m.registered_count > INLINE_RECIPIENTS) {
    await queueNotifications(
      trx,
      [],
      [
        TELL_REGISTRANTS_JOB.spec(
          { meetingId: m.id, kind, after: null },
          { dedupeKey: `meetings.tell:${m.id}:${kind}:start` },
        ),
      ],
    );
    return;
  }
  const rows = await registrantBatch(trx, m.id, null, INLINE_RECIPIENTS * 2);
  const { text, channels } = message(m, kind);
  await queueNotifications(
    trx,
    rows.map((r) => ({
      caseId: null,
      areaPath: m.area_path,
      recipientId: r.account_id!,
      channels,
      text,
    })),
  );
}

/** The job: one batch of registrants told and the next batch queued, once per batch (claimed). */
export async function runTellRegistrants(
  deps: AppDeps,
  p: { meetingId: string; kind: 'minutes' | 'cancelled'; after: string | null },
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const m = await repo.findMeeting(trx, p.meetingId);
    if (!m) return;
    const rows = await registrantBatch(trx, m.id, p.after, BATCH);
    // the batch's progress, in its own transaction: a run again (a retry after a crash, a
    // second worker) finds it claimed and tells no one twice
    const claimed = await trx
      .insertInto('meeting_tell_batches')
      .values({ meeting_id: m.id, kind: p.kind, after_id: p.after ?? '', told: rows.length })
      .onConflict((oc) => oc.doNothing())
      .returning('after_id')
      .executeTakeFirst();
    if (!claimed) return;
    const { text, channels } = message(m, p.kind);
    const last = rows[rows.length - 1];
    const next: JobSpec[] =
      rows.length === BATCH && last
        ? [
            TELL_REGISTRANTS_JOB.spec(
              { meetingId: m.id, kind: p.kind, after: last.id },
              { dedupeKey: `meetings.tell:${m.id}:${p.kind}:${last.id}` },
            ),
          ]
        : [];
    await queueNotifications(
      trx,
      rows.map((r) => ({
        caseId: null,
        areaPath: m.area_path,
        recipientId: r.account_id!,
        channels,
        text,
      })),
      next,
    );
  });
  deps.jobs.kick();
}
