/**
 * Publishing a notice (decision 014): the target is resolved once, when the notice goes out,
 * against the verified residents of `resident_links` (shared read from `residents`), and stored
 * as one recipient row per account, written by jobs in keyset batches over account_id — each
 * batch its own short transaction, never one giant one. The per-building and total counters
 * are written in the same statement as the rows they count, so they stay exact. An urgent
 * notice's texts go to the notifications outbox in batches, one job per batch.
 */
import { sql, type Kysely } from 'kysely';
import type { AppDeps, Ctx } from '../../platform/context.js';
import { districtOfColumn, pathWithin } from '../../platform/db/path-within.js';
import { districtOf } from '../../platform/district.js';
import type { DB } from '../../platform/db/schema.js';
import { enqueueJobsQuery } from '../../platform/jobs.js';
import { recordAudit } from '../audit/index.js';
import { queueNotifications } from '../notifications/index.js';
import { DELIVER_TO_RESIDENT_JOB, FAN_OUT_JOB, URGENT_SMS_JOB } from './notice-job-kinds.js';

/** Recipients written per statement (one INSERT … SELECT). */
const FAN_OUT_BATCH = 10_000;
/** Texts per outbox job. */
const SMS_BATCH = 2_000;
/** A fan-out job hands over to its continuation after this long (the job lock is 60 s). */
const FAN_OUT_BUDGET_MS = 20_000;

const systemCtx = (deps: AppDeps): Ctx => ({ ...deps, actor: null, ip: null });

/**
 * Publish now, inside the caller's transaction: the notice becomes visible as its recipients
 * are written by the fan-out job (the first batch within a second or so). Only a draft or a
 * scheduled notice is published; returns false for any other.
 */
export async function startPublishing(
  trx: Kysely<DB>,
  ctx: Ctx,
  noticeId: string,
  at: Date,
): Promise<boolean> {
  const row = await trx
    .updateTable('notices')
    .set({ status: 'published', published_at: at, fanout: 'running', updated_at: at })
    .where('id', '=', noticeId)
    .where('status', 'in', ['draft', 'scheduled'])
    .returning(['area_path', 'urgent'])
    .executeTakeFirst();
  if (!row) return false;
  await enqueueJobsQuery([
    FAN_OUT_JOB.spec({ noticeId, after: null }, { dedupeKey: `notices.fan-out:${noticeId}:start` }),
  ])!.execute(trx);
  await recordAudit(
    ctx,
    {
      action: 'notice.publish',
      objectType: 'notice',
      objectId: noticeId,
      areaPath: row.area_path,
      detail: { urgent: row.urgent },
    },
    trx,
  );
  return true;
}

/** The job at a scheduled notice's time: publish it if it is still scheduled for now. */
export async function publishScheduled(deps: AppDeps, noticeId: string): Promise<void> {
  const published = await deps.db.transaction().execute(async (trx) => {
    const n = await trx
      .selectFrom('notices')
      .select(['status', 'publish_at'])
      .where('id', '=', noticeId)
      .forUpdate()
      .executeTakeFirst();
    // moved later (another job waits for the new time), withdrawn, or published already
    if (
      !n ||
      n.status !== 'scheduled' ||
      !n.publish_at ||
      n.publish_at.getTime() > Date.now() + 1000
    )
      return false;
    return startPublishing(trx, systemCtx(deps), noticeId, new Date());
  });
  if (published) deps.jobs.kick();
}

interface FanOutTarget {
  status: string;
  pinned: boolean;
  published_at: Date | null;
  expires_at: Date | null;
  target_paths: string[];
  target_building_ids: string[];
  urgent: boolean;
}

/** The verified residents a notice is aimed at (SQL condition on resident_links `l`). */
function aimedAt(n: Pick<FanOutTarget, 'target_paths' | 'target_building_ids'>) {
  const byArea = pathWithin('l.area_path', n.target_paths);
  return n.target_building_ids.length > 0
    ? sql<boolean>`(${byArea} or l.building_id = any(${n.target_building_ids}::uuid[]))`
    : byArea;
}

/**
 * Write one batch of recipients after account `after`, with their counters; returns how many
 * residents the batch covered, the last account id, and the accounts newly written.
 * Idempotent: a batch run again writes and counts nothing twice.
 */
async function writeBatch(
  trx: Kysely<DB>,
  noticeId: string,
  n: FanOutTarget,
  after: string | null,
  size: number,
): Promise<{ covered: number; last: string | null; inserted: string[] }> {
  const r = await sql<{ covered: number; last: string | null; inserted: string[] | null }>`
    with batch as (
      select l.account_id, l.building_id from resident_links l
      where l.status = 'verified' and ${aimedAt(n)}
        ${after ? sql`and l.account_id > ${after}::uuid` : sql``}
      order by l.account_id
      limit ${size}
    ), still as (
      -- the links still verified now, share-locked until the batch commits: a revocation
      -- waits for the batch (then its hide sees these rows), or the batch waits for the
      -- revocation (then the row is checked again and left out). Not in batch: a row left
      -- out there would shorten the batch and end the fan-out early.
      select l.account_id, l.building_id, l.area_path from resident_links l
      where l.account_id in (select account_id from batch) and l.status = 'verified'
      order by l.account_id
      for share
    ), ins as (
      insert into notice_recipients
        (account_id, notice_id, building_id, district_code, pinned, published_at, expires_at)
      select account_id, ${noticeId}::uuid, building_id, ${districtOfColumn('area_path')},
        ${n.pinned}, ${n.published_at}, ${n.expires_at}::timestamptz
      from still
      on conflict (account_id, notice_id) do nothing
      returning account_id, building_id
    ), counted as (
      insert into notice_building_counts (notice_id, building_id, targeted)
      select ${noticeId}::uuid, building_id, count(*)::int from ins group by building_id
      on conflict (notice_id, building_id)
      do update set targeted = notice_building_counts.targeted + excluded.targeted
    ), total as (
      update notices set recipient_count = recipient_count + (select count(*) from ins)::int
      where id = ${noticeId}::uuid
    )
    select (select count(*) from batch)::int as covered,
      (select account_id::text from batch order by account_id desc limit 1) as last,
      (select array_agg(account_id::text order by account_id) from ins) as inserted`.execute(trx);
  const row = r.rows[0]!;
  return { covered: row.covered, last: row.last, inserted: row.inserted ?? [] };
}

/**
 * The fan-out job: batches of recipients, each in its own transaction, until every targeted
 * resident has a row (then `fanout` is 'done'), or until its time budget is spent (then its
 * continuation is queued with the cursor). An urgent notice's texts are queued per batch.
 */
export async function fanOutNotice(
  deps: AppDeps,
  noticeId: string,
  from: string | null,
  size = FAN_OUT_BATCH,
): Promise<void> {
  const started = Date.now();
  let after = from;
  for (;;) {
    const step = await deps.db.transaction().execute(async (trx) => {
      const n = await trx
        .selectFrom('notices')
        .select([
          'status',
          'pinned',
          'published_at',
          'expires_at',
          'target_paths',
          'target_building_ids',
          'urgent',
        ])
        .where('id', '=', noticeId)
        .executeTakeFirst();
      if (!n || n.status !== 'published' || !n.published_at) {
        await trx
          .updateTable('notices')
          .set({ fanout: 'done' })
          .where('id', '=', noticeId)
          .execute();
        return { done: true, last: null };
      }
      const batch = await writeBatch(trx, noticeId, n, after, size);
      const jobs = [];
      if (n.urgent) {
        for (let i = 0; i < batch.inserted.length; i += SMS_BATCH) {
          const ids = batch.inserted.slice(i, i + SMS_BATCH);
          jobs.push(
            URGENT_SMS_JOB.spec(
              { noticeId, batch: ids[0]!, accountIds: ids },
              // due since publishing: ahead of the send jobs the earlier batches queued
              { dedupeKey: `notices.urgent-sms:${noticeId}:${ids[0]}`, runAt: n.published_at },
            ),
          );
        }
      }
      const done = batch.covered < size;
      if (done) {
        await trx
          .updateTable('notices')
          .set({ fanout: 'done' })
          .where('id', '=', noticeId)
          .execute();
      } else if (Date.now() - started > FAN_OUT_BUDGET_MS) {
        jobs.push(
          FAN_OUT_JOB.spec(
            { noticeId, after: batch.last },
            { dedupeKey: `notices.fan-out:${noticeId}:${batch.last}` },
          ),
        );
      }
      const q = enqueueJobsQuery(jobs);
      if (q) await q.execute(trx);
      return { done: done || jobs.some((j) => j.kind === FAN_OUT_JOB.kind), last: batch.last };
    });
    if (step.done) break;
    after = step.last;
  }
  deps.jobs.kick();
}

/** One outbox batch of an urgent notice: a text to each recipient still shown it. Once only. */
export async function sendUrgentBatch(
  deps: AppDeps,
  p: { noticeId: string; batch: string; accountIds: string[] },
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const n = await trx
      .selectFrom('notices')
      .select(['status', 'title', 'publisher', 'area_path'])
      .where('id', '=', p.noticeId)
      .executeTakeFirst();
    if (!n || n.status !== 'published') return;
    const to = await trx
      .selectFrom('notice_recipients')
      .select('account_id')
      .where('notice_id', '=', p.noticeId)
      .where(
        'account_id',
        'in',
        p.accountIds.length > 0 ? p.accountIds : ['00000000-0000-0000-0000-000000000000'],
      )
      .where('hidden', '=', false)
      .execute();
    const claimed = await trx
      .insertInto('notice_sms_batches')
      .values({ notice_id: p.noticeId, batch: p.batch, texts: to.length })
      .onConflict((oc) => oc.doNothing())
      .returning('batch')
      .executeTakeFirst();
    if (!claimed) return; // this batch went out already
    const text = urgentText(n.publisher, n.title);
    await queueNotifications(
      trx,
      to.map((r) => ({
        caseId: null,
        areaPath: n.area_path,
        recipientId: r.account_id,
        text,
        channels: ['sms' as const],
      })),
    );
  });
  deps.jobs.kick();
}

/** The urgent text: who sends it and the title (the body stays in the app). */
function urgentText(publisher: string, title: string): string {
  const t = title.length > 50 ? `${title.slice(0, 49)}…` : title;
  return `【${publisher}】紧急通知：${t}。详情请打开社区云查看。`;
}

/**
 * A resident just verified: write their rows for the live notices aimed at their home (an
 * ancestor of their area, or their building), and show again the ones hidden when an earlier
 * link ended. New rows are counted; shown-again rows were counted when first written.
 */
export async function deliverToResident(deps: AppDeps, accountId: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const link = await trx
      .selectFrom('resident_links')
      .select(['area_path', 'building_id'])
      .where('account_id', '=', accountId)
      .where('status', '=', 'verified')
      // a revocation waits for this delivery (and its hide sees the rows), or this waits for it
      .forShare()
      .executeTakeFirst();
    if (!link) return;
    const parts = link.area_path.split('/');
    const ancestors = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
    const live = await trx
      .selectFrom('notices')
      .select(['id', 'pinned', 'published_at', 'expires_at'])
      .where('status', '=', 'published')
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', new Date())]))
      .where(
        sql<boolean>`(target_paths && ${ancestors}::text[] or target_building_ids @> array[${link.building_id}]::uuid[])`,
      )
      .execute();
    if (live.length === 0) return;
    const ids = live.map((n) => n.id);
    // the home's district routes the receipts (decision 030)
    const district = districtOf(link.area_path);
    await trx
      .updateTable('notice_recipients')
      .set({ hidden: false })
      .where('district_code', '=', district)
      .where('account_id', '=', accountId)
      .where('notice_id', 'in', ids)
      .where('hidden', '=', true)
      .execute();
    const rows = JSON.stringify(
      live.map((n) => ({
        notice_id: n.id,
        pinned: n.pinned,
        published_at: n.published_at,
        expires_at: n.expires_at,
      })),
    );
    await sql`
      with v as (
        select * from json_to_recordset(${rows}::json)
          as v(notice_id uuid, pinned boolean, published_at timestamptz, expires_at timestamptz)
      ), ins as (
        insert into notice_recipients
          (account_id, notice_id, building_id, district_code, pinned, published_at, expires_at)
        select ${accountId}::uuid, v.notice_id, ${link.building_id}::uuid, ${district}, v.pinned,
          v.published_at, v.expires_at
        from v
        on conflict (account_id, notice_id) do nothing
        returning notice_id
      ), counted as (
        insert into notice_building_counts (notice_id, building_id, targeted)
        select notice_id, ${link.building_id}::uuid, 1 from ins
        on conflict (notice_id, building_id)
        do update set targeted = notice_building_counts.targeted + 1
      )
      update notices set recipient_count = recipient_count + 1
      where id in (select notice_id from ins)`.execute(trx);
  });
}

/**
 * Links ended (moved out, revoked): the accounts no longer see their notices. The counters
 * keep the target as it was resolved at publishing, with the reads made (decision 014).
 * Run in the residents module's transaction (its `residentRevoked`), after the links changed,
 * so the notices are hidden when the revocation commits; a fan-out batch racing it waits for
 * it or is waited for (see writeBatch).
 */
export async function hideForRevoked(trx: Kysely<DB>, accountIds: readonly string[]) {
  if (accountIds.length === 0) return;
  await trx
    .updateTable('notice_recipients')
    .set({ hidden: true })
    .where(sql<boolean>`account_id = any(${[...accountIds]}::uuid[])`)
    .where('hidden', '=', false)
    .execute();
}

/** The hide job: still run for jobs queued before the hide moved into the revocation. */
export async function hideForAccounts(deps: AppDeps, accountIds: string[]): Promise<void> {
  await hideForRevoked(deps.db, accountIds);
}

/** A resident verified (in the residents module's transaction): queue their delivery. */
export async function queueDeliverTo(trx: Kysely<DB>, accountId: string): Promise<void> {
  await enqueueJobsQuery([DELIVER_TO_RESIDENT_JOB.spec({ accountId })])!.execute(trx);
}
