import type {
  SubscribableWebhookEvent,
  WebhookDelivery,
  WebhookDeliveryStatus,
  WebhookDisabledReason,
  WebhookEventType,
  WebhookSubscriber,
} from '@cc/contracts';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { defineJob } from '../../platform/jobs.js';
import { Type } from '@sinclair/typebox';
import type { WebhookDeliveriesTable, WebhookSubscribersTable } from './webhooks.tables.js';

/**
 * Send one delivery's attempt number `attempt` (its `attempts` when the job was queued). A job
 * whose delivery has moved on (sent, retried under a newer job, redelivered) does nothing, so a
 * stray or repeated job never sends twice.
 */
export const DELIVER_JOB = defineJob(
  'webhook.deliver',
  Type.Object({ id: Type.String({ format: 'uuid' }), attempt: Type.Integer({ minimum: 0 }) }),
);

export const SUBSCRIBER_NOT_FOUND = 'No such webhook subscriber / 没有该外部订阅';
export const DELIVERY_NOT_FOUND = 'No such delivery / 没有该投递记录';

export type SubscriberRow = Selectable<WebhookSubscribersTable> & { pending: number };

/** Subscribers with their count of deliveries still to go. */
export function selectSubscribers(db: Kysely<DB>) {
  return db
    .selectFrom('webhook_subscribers as s')
    .selectAll('s')
    .select((eb) =>
      eb
        .selectFrom('webhook_deliveries as d')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('d.subscriber_id', '=', 's.id')
        .where('d.status', '=', 'pending')
        .as('pending'),
    );
}

export async function findSubscriber(db: Kysely<DB>, id: string): Promise<SubscriberRow> {
  const row = await selectSubscribers(db).where('s.id', '=', id).executeTakeFirst();
  if (!row) throw AppError.notFound(SUBSCRIBER_NOT_FOUND);
  return { ...row, pending: Number(row.pending ?? 0) };
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function subscriberView(row: SubscriberRow): WebhookSubscriber {
  const overlap = row.previous_secret_until && row.previous_secret_until > new Date();
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    events: row.events as SubscribableWebhookEvent[],
    enabled: row.enabled,
    failureCount: row.consecutive_failures,
    failingSince: iso(row.failing_since),
    lastSuccessAt: iso(row.last_success_at),
    disabledReason: row.enabled ? null : ((row.disabled_reason as WebhookDisabledReason) ?? null),
    disabledAt: row.enabled ? null : iso(row.disabled_at),
    previousSecretUntil: overlap ? iso(row.previous_secret_until) : null,
    pendingCount: Number(row.pending ?? 0),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The case number a case event's body names, for the log. */
function caseNumberOf(body: string): string | null {
  try {
    const data = (JSON.parse(body) as { data?: { number?: unknown } }).data;
    return typeof data?.number === 'string' ? data.number : null;
  } catch {
    return null;
  }
}

export function deliveryView(row: Selectable<WebhookDeliveriesTable>): WebhookDelivery {
  return {
    id: row.id,
    eventType: row.event_type as WebhookEventType,
    status: row.status as WebhookDeliveryStatus,
    attempts: row.attempts,
    lastStatusCode: row.last_status,
    lastError: row.last_error,
    caseNumber: caseNumberOf(row.body),
    body: row.body,
    createdAt: row.created_at.toISOString(),
    lastAttemptAt: iso(row.last_attempt_at),
    nextAttemptAt: row.status === 'pending' ? iso(row.next_attempt_at) : null,
    deliveredAt: iso(row.delivered_at),
  };
}

/**
 * Queue every delivery of `subscriberId` still to go for an attempt now, as a fresh round of
 * retries (re-enabling a subscriber); returns how many.
 */
export async function requeuePending(trx: Kysely<DB>, subscriberId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    with q as (
      update webhook_deliveries set next_attempt_at = now(), round_attempts = 0
      where subscriber_id = ${subscriberId} and status = 'pending'
      returning id, attempts),
    j as (
      insert into jobs (kind, payload, run_at)
      select ${DELIVER_JOB.kind}, jsonb_build_object('id', id, 'attempt', attempts), now() from q)
    select count(*)::int as n from q`.execute(trx);
  return Number(rows[0]?.n ?? 0);
}
