import crypto from 'node:crypto';
import { CASE_OPERATOR_ROLES, maskPhone, type Notice, type SmsMessage } from '@cc/contracts';
import { Type } from '@sinclair/typebox';
import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import { executeTogether, type Statement } from '../../platform/db/execute-together.js';
import type { AppDeps, Ctx } from '../../platform/context.js';
import { pathWithin } from '../../platform/db/path-within.js';
import { insertRows } from '../../platform/db/insert-rows.js';
import type { DB } from '../../platform/db/schema.js';
import type { NotificationsTable } from './notifications.tables.js';
import { AppError } from '../../platform/errors.js';
import { defineJob, enqueueJobsQuery, type JobSpec } from '../../platform/jobs.js';
import { bindingsWith, scopeRoots } from '../../platform/policy.js';
import { recordAudit } from '../audit/index.js';
import { accountNames, smsContacts } from '../identity/index.js';

/**
 * Send one stored text by its id. (Webhooks were sent here too until they became the webhooks
 * module's: a row of channel 'webhook' from before is kept for reading, never sent.)
 */
export const sendJob = defineJob('notification.send', Type.Object({ id: Type.String() }));
/** After this many failed tries a message is marked failed (retries back off: 1 s, 2 s, 4 s …). */
export const MAX_SEND_ATTEMPTS = 6;
export interface NotifyInput {
  caseId: string | null;
  /** the area path of what the message is about: who may read it in the outbox */
  areaPath: string | null;
  recipientId: string;
  text: string;
  channels: ('sms' | 'inapp')[];
}

/**
 * The statements that queue messages to people, to run inside the caller's transaction (a
 * transactional outbox): in-app notices are delivered by being written; an SMS goes to the
 * job runner at once. One lookup here, then one insert and one job insert however many
 * messages. Call `deps.jobs.kick()` after the commit. `smsStatus`: each case's text's status
 * as written (pending, or failed for a recipient with no phone).
 */
export async function notificationWrites(
  trx: Kysely<DB>,
  inputs: readonly NotifyInput[],
): Promise<{ statements: (Statement | null)[]; smsStatus: Map<string, string> }> {
  const smsStatus = new Map<string, string>();
  if (inputs.length === 0) return { statements: [], smsStatus };
  const now = new Date();
  const smsTo = [
    ...new Set(inputs.filter((i) => i.channels.includes('sms')).map((i) => i.recipientId)),
  ];
  const phones = await smsContacts(trx, smsTo);
  const rows = inputs.flatMap((input) =>
    input.channels.map((channel) => {
      const recipient = phones.get(input.recipientId);
      const hasPhone = channel === 'sms' && !!recipient?.phoneEnc;
      return {
        id: crypto.randomUUID(),
        channel,
        case_id: input.caseId,
        area_path: input.areaPath,
        recipient_id: input.recipientId,
        to_enc: hasPhone ? recipient!.phoneEnc : null,
        to_masked: hasPhone ? recipient!.phoneMasked : null,
        body: input.text,
        status: channel === 'inapp' ? 'sent' : hasPhone ? 'pending' : 'failed',
        provider: channel === 'inapp' ? 'inapp' : null,
        provider_ref: null,
        last_error: channel === 'sms' && !hasPhone ? 'the recipient has no phone number' : null,
        created_at: now,
        sent_at: channel === 'inapp' ? now : null,
        read_at: null,
      };
    }),
  );
  for (const r of rows) if (r.channel === 'sms' && r.case_id) smsStatus.set(r.case_id, r.status);
  return { statements: sendWrites(trx, rows), smsStatus };
}

/**
 * The statements that queue one SMS to a phone number rather than to an account (a one-time
 * code to a number that has no account yet), inside the caller's transaction. The number is
 * stored under the data key and shown masked; `areaPath` decides who reads it in the outbox.
 * Call `deps.jobs.kick()` after the commit.
 */
export function smsToPhoneWrites(
  trx: Kysely<DB>,
  deps: Pick<AppDeps, 'cipher'>,
  input: { phone: string; text: string; areaPath: string | null; recipientId?: string | null },
): (Statement | null)[] {
  return sendWrites(trx, [
    {
      id: crypto.randomUUID(),
      channel: 'sms',
      case_id: null,
      area_path: input.areaPath,
      recipient_id: input.recipientId ?? null,
      to_enc: deps.cipher.encrypt(input.phone),
      to_masked: maskPhone(input.phone),
      body: input.text,
      status: 'pending',
      provider: null,
      provider_ref: null,
      last_error: null,
      created_at: new Date(),
      sent_at: null,
      read_at: null,
    },
  ]);
}

/**
 * Queue messages to people now, inside the caller's transaction (the outbox's statements and,
 * with them, any of the caller's `jobs`, in one round trip). Call `deps.jobs.kick()` after the
 * commit. Cases use `notificationWrites` directly: they batch its statements with their own.
 */
export async function queueNotifications(
  trx: Kysely<DB>,
  inputs: readonly NotifyInput[],
  jobs: readonly JobSpec[] = [],
): Promise<void> {
  if (inputs.length === 0 && jobs.length === 0) return;
  const { statements } = await notificationWrites(trx, inputs);
  await executeTogether<DB>(trx, [...statements, jobs.length ? enqueueJobsQuery(jobs) : null]);
}

/** Each case's newest text's status (cases with no text are left out). */
export async function smsStatusOfCases(
  db: Kysely<DB>,
  caseIds: readonly string[],
): Promise<Map<string, string>> {
  if (caseIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('notifications')
    .distinctOn('case_id')
    .select(['case_id', 'status'])
    .where('case_id', 'in', caseIds)
    .where('channel', '=', 'sms')
    .orderBy('case_id')
    .orderBy('created_at', 'desc')
    .execute();
  return new Map(rows.map((r) => [r.case_id!, r.status]));
}

/** Store messages and queue a send job for each pending one. */
function sendWrites(
  trx: Kysely<DB>,
  rows: (Insertable<NotificationsTable> & { id: string; status: string })[],
): (Statement | null)[] {
  const pending = rows.filter((r) => r.status === 'pending');
  return [
    insertRows('notifications', rows),
    enqueueJobsQuery(pending.map((r) => sendJob.spec({ id: r.id }))),
  ];
}

/** Send one stored text; the provider's reference, if any. */
async function deliver(deps: AppDeps, n: Selectable<NotificationsTable>): Promise<string | null> {
  const { providerRef } = await deps.sms.send({
    ref: n.id,
    to: deps.cipher.decrypt(n.to_enc!),
    text: n.body,
  });
  return providerRef;
}

/**
 * Send the messages of many due jobs side by side, then record every success in one
 * statement. A failure counts an attempt and is retried with backoff, until
 * MAX_SEND_ATTEMPTS marks it failed.
 */
async function sendAll(deps: AppDeps, ids: string[]): Promise<(Error | null)[]> {
  const rows = await deps.db
    .selectFrom('notifications')
    .selectAll()
    .where('id', 'in', ids)
    .where('channel', '=', 'sms')
    .where('status', '=', 'pending')
    .execute();
  const byId = new Map(rows.map((n) => [n.id, n]));
  const sent: { n: Selectable<NotificationsTable>; ref: string | null }[] = [];
  const results = await Promise.all(
    ids.map(async (id): Promise<Error | null> => {
      const n = byId.get(id);
      if (!n) return null; // sent or given up already
      try {
        sent.push({ n, ref: await deliver(deps, n) });
        return null;
      } catch (e) {
        return recordFailure(deps, n, e instanceof Error ? e : new Error(String(e)));
      }
    }),
  );
  if (sent.length > 0) {
    await sql`
      update notifications n
      set status = 'sent', provider = v.provider, provider_ref = v.ref, sent_at = now(),
          attempts = n.attempts + 1, last_error = null
      from unnest(${sent.map((s) => s.n.id)}::uuid[], ${sent.map(
        () => deps.sms.name,
      )}::text[], ${sent.map((s) => s.ref)}::text[]) as v(id, provider, ref)
      where n.id = v.id`.execute(deps.db);
  }
  return results;
}

/** Count a failed try; after the last one the message is failed, and so is its case's SMS status. */
async function recordFailure(
  deps: AppDeps,
  n: Selectable<NotificationsTable>,
  error: Error,
): Promise<Error | null> {
  const row = await deps.db
    .updateTable('notifications')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_error: error.message.slice(0, 300),
      ...(n.attempts + 1 >= MAX_SEND_ATTEMPTS ? { status: 'failed' } : {}),
    }))
    .where('id', '=', n.id)
    .returning(['attempts'])
    .executeTakeFirst();
  // given up: the job is done; otherwise the runner retries with backoff
  return row && row.attempts >= MAX_SEND_ATTEMPTS ? null : error;
}

export function notificationJobHandlers(deps: AppDeps) {
  return [
    sendJob.batchHandler((payloads) =>
      sendAll(
        deps,
        payloads.map((p) => p.id),
      ),
    ),
  ];
}

// ---- reading ----

export async function listMyNotices(ctx: Ctx): Promise<{ items: Notice[]; unread: number }> {
  const rows = await ctx.db
    .selectFrom('notifications')
    .select(['id', 'channel', 'case_id', 'body', 'status', 'created_at', 'read_at'])
    .where('recipient_id', '=', ctx.actor!.id)
    .where('channel', '=', 'inapp')
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
  return {
    unread: rows.filter((r) => !r.read_at).length,
    items: rows.map((r) => ({
      id: r.id,
      channel: r.channel,
      caseId: r.case_id,
      body: r.body,
      status: r.status,
      createdAt: r.created_at.toISOString(),
      readAt: r.read_at?.toISOString() ?? null,
    })),
  };
}

export async function markNoticeRead(ctx: Ctx, id: string): Promise<void> {
  const r = await ctx.db
    .updateTable('notifications')
    .set({ read_at: new Date() })
    .where('id', '=', id)
    .where('recipient_id', '=', ctx.actor!.id)
    .where('channel', '=', 'inapp')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw AppError.notFound('No such notice / 通知不存在');
}

/** 全部已读: every unread in-app notice of the signed-in account, in one UPDATE; how many. */
export async function markAllNoticesRead(ctx: Ctx): Promise<number> {
  const r = await ctx.db
    .updateTable('notifications')
    .set({ read_at: new Date() })
    .where('recipient_id', '=', ctx.actor!.id)
    .where('channel', '=', 'inapp')
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

const lastOutboxAudit = new Map<string, number>();

/** The operation centres read the texts of their area's cases. */
const OUTBOX_READERS = CASE_OPERATOR_ROLES;

/** 短信发件箱: the texts sent about cases in the reader's scope (phones masked). */
export async function listSmsOutbox(
  ctx: Ctx,
  page: number,
  pageSize: number,
): Promise<{ items: SmsMessage[]; total: number }> {
  const scope = scopeRoots(bindingsWith(ctx.actor, OUTBOX_READERS));
  if (scope.length === 0) {
    throw AppError.forbidden(
      'Only operation-centre staff read the SMS outbox / 仅城运中心人员可查看短信发件箱',
    );
  }
  const base = ctx.db
    .selectFrom('notifications as n')
    .where('n.channel', '=', 'sms')
    .where(pathWithin('n.area_path', scope));
  const [rows, count] = await Promise.all([
    base
      .select([
        'n.id',
        'n.case_id',
        'n.recipient_id',
        'n.to_masked',
        'n.body',
        'n.status',
        'n.provider',
        'n.attempts',
        'n.created_at',
        'n.sent_at',
        'n.last_error',
      ])
      .orderBy('n.created_at', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const names = await accountNames(
    ctx.db,
    rows.map((r) => r.recipient_id),
  );
  // the page refreshes itself every few seconds: one audit row per reader and page a minute
  const key = `${ctx.actor!.id}:${page}`;
  if ((lastOutboxAudit.get(key) ?? 0) < Date.now() - 60_000) {
    lastOutboxAudit.set(key, Date.now());
    await recordAudit(ctx, {
      action: 'sms.outbox.read',
      objectType: 'notification',
      objectId: null,
      detail: { page, returned: rows.length },
    });
  }
  return {
    total: Number(count.n),
    items: rows.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      to: r.to_masked ?? '—',
      recipientName: (r.recipient_id && names.get(r.recipient_id)) ?? null,
      body: r.body,
      status: r.status,
      provider: r.provider,
      attempts: r.attempts,
      createdAt: r.created_at.toISOString(),
      sentAt: r.sent_at?.toISOString() ?? null,
      lastError: r.last_error,
    })),
  };
}
