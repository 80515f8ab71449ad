import crypto from 'node:crypto';
import type {
  WebhookDeliveriesQuery,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookPayload,
} from '@cc/contracts';
import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { openCursor, sealCursor } from '../../platform/cursor.js';
import { AppError } from '../../platform/errors.js';
import { enqueueJobsQuery } from '../../platform/jobs.js';
import { recordAudit } from '../audit/index.js';
import { OBJECT_TYPE, requireWebhookManager } from './subscribers.service.js';
import { DELIVER_JOB, deliveryView, DELIVERY_NOT_FOUND, findSubscriber } from './webhooks.repo.js';

/** A subscriber's delivery log, its redeliveries and its test pings. */

const PAGE = 50;
const LIST = 'webhooks.deliveries';

/** GET …/:id/deliveries?cursor=: the log, newest first, 50 a page. */
export async function listDeliveries(
  ctx: Ctx,
  subscriberId: string,
  query: WebhookDeliveriesQuery,
): Promise<WebhookDeliveryList> {
  await requireWebhookManager(ctx, {
    action: 'webhook.deliveries.list',
    objectType: OBJECT_TYPE,
    objectId: subscriberId,
  });
  await findSubscriber(ctx.db, subscriberId);
  // the cursor is bound to this subscriber's log and to the reader
  const list = `${LIST}:${subscriberId}`;
  const after = query.cursor
    ? (openCursor(ctx.cipher.key, list, ctx.actor!.id, query.cursor) as [string, string])
    : null;
  if (
    after &&
    !(Array.isArray(after) && typeof after[0] === 'string' && typeof after[1] === 'string')
  )
    throw AppError.invalid(
      'cursor',
      'format',
      'cursor: start from the first page / 请从第一页开始',
    );
  const rows = await ctx.db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('subscriber_id', '=', subscriberId)
    .$if(after !== null, (q) =>
      q.where(sql<boolean>`(created_at, id) < (${after![0]}::timestamptz, ${after![1]}::uuid)`),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(PAGE + 1)
    .execute();
  const page = rows.slice(0, PAGE);
  const last = page[page.length - 1];
  return {
    items: page.map(deliveryView),
    nextCursor:
      rows.length > PAGE && last
        ? sealCursor(ctx.cipher.key, list, ctx.actor!.id, [last.created_at.toISOString(), last.id])
        : null,
  };
}

/**
 * POST …/:id/deliveries/:deliveryId/redeliver: send it again now, with the same `webhook-id`
 * (the receiver's idempotency key) and a fresh round of retries. 409 while the subscriber is
 * disabled (enabling it sends everything pending) or while the delivery is being sent.
 */
export async function redeliver(
  ctx: Ctx,
  subscriberId: string,
  deliveryId: string,
): Promise<WebhookDelivery> {
  await requireWebhookManager(ctx, {
    action: 'webhook.delivery.redeliver',
    objectType: OBJECT_TYPE,
    objectId: subscriberId,
  });
  const subscriber = await findSubscriber(ctx.db, subscriberId);
  if (!subscriber.enabled) {
    throw AppError.conflict(
      'The subscriber is disabled: enable it, and what is pending goes out / 该订阅已停用，请先启用',
    );
  }
  const row = await ctx.db.transaction().execute(async (trx) => {
    const d = await trx
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('id', '=', deliveryId)
      .where('subscriber_id', '=', subscriberId)
      .forUpdate()
      .executeTakeFirst();
    if (!d) throw AppError.notFound(DELIVERY_NOT_FOUND);
    if (d.status === 'pending' && d.locked_until && d.locked_until > new Date()) {
      throw AppError.conflict('It is being sent right now / 正在投递中，请稍后');
    }
    const now = new Date();
    const updated = await trx
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', round_attempts: 0, next_attempt_at: now, locked_until: null })
      .where('id', '=', deliveryId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await enqueueJobsQuery([
      DELIVER_JOB.spec({ id: deliveryId, attempt: updated.attempts }),
    ])!.execute(trx);
    await recordAudit(
      ctx,
      {
        action: 'webhook.delivery.redeliver',
        objectType: OBJECT_TYPE,
        objectId: subscriberId,
        detail: { deliveryId, eventType: d.event_type, wasStatus: d.status },
      },
      trx,
    );
    return updated;
  });
  ctx.jobs.kick();
  return deliveryView(row);
}

/**
 * POST …/:id/test: a `ping` event to this subscriber alone, signed like any other (also while
 * it is disabled, to check the receiver before enabling it); tried once, and it does not count
 * towards the failures that disable a subscriber. Its result shows in the log.
 */
export async function sendTestPing(ctx: Ctx, subscriberId: string): Promise<WebhookDelivery> {
  await requireWebhookManager(ctx, {
    action: 'webhook.subscriber.test',
    objectType: OBJECT_TYPE,
    objectId: subscriberId,
  });
  const subscriber = await findSubscriber(ctx.db, subscriberId);
  const now = new Date();
  const id = crypto.randomUUID();
  const payload: WebhookPayload = {
    type: 'ping',
    timestamp: now.toISOString(),
    data: {
      subscriberId,
      name: subscriber.name,
      message: '社区云外部订阅测试 / Community Cloud webhook test',
    },
  };
  const row = {
    id,
    subscriber_id: subscriberId,
    event_id: crypto.randomUUID(),
    event_type: 'ping',
    body: JSON.stringify(payload),
    status: 'pending',
    next_attempt_at: now,
    locked_until: null,
    last_status: null,
    last_error: null,
    last_attempt_at: null,
    delivered_at: null,
    created_at: now,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('webhook_deliveries').values(row).execute();
    await enqueueJobsQuery([DELIVER_JOB.spec({ id, attempt: 0 })])!.execute(trx);
    await recordAudit(
      ctx,
      {
        action: 'webhook.subscriber.test',
        objectType: OBJECT_TYPE,
        objectId: subscriberId,
        detail: { deliveryId: id },
      },
      trx,
    );
  });
  ctx.jobs.kick();
  return deliveryView({ ...row, attempts: 0, round_attempts: 0 });
}
