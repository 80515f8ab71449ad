import crypto from 'node:crypto';
import {
  SUBSCRIBABLE_WEBHOOK_EVENTS,
  WEBHOOK_NAME_MAX,
  type CreateWebhookSubscriberBody,
  type RotateWebhookSecretBody,
  type UpdateWebhookSubscriberBody,
  type WebhookSecretAnswer,
  type WebhookSubscriber,
  type WebhookSubscriberList,
} from '@cc/contracts';
import { sql } from 'kysely';
import type { AppDeps, Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import {
  appendAudits,
  auditEntry,
  denyAndAudit,
  recordAudit,
  type AuditEvent,
} from '../audit/index.js';
import { checkSubscriberUrl, type SelfAddress } from './subscriber-url.js';
import { newWebhookSecret } from './webhook-signing.js';
import { mayManageWebhooks } from './webhooks.policy.js';
import {
  findSubscriber,
  requeuePending,
  selectSubscribers,
  subscriberView,
  SUBSCRIBER_NOT_FOUND,
} from './webhooks.repo.js';

/**
 * 外部订阅: the systems that are told of events, managed by the city's administrators, every
 * change audited. A subscriber's secret is made here, shown once, and kept under the data key.
 */

export const OBJECT_TYPE = 'webhook_subscriber';
/** the name of the subscriber made from CASE_WEBHOOK_URL at start */
export const CONFIGURED_SUBSCRIBER_NAME = 'CASE_WEBHOOK_URL';
/** one start at a time makes the configured subscriber (several app processes may start at once) */
const CONFIGURED_LOCK = 7310037;

/** 403 (audited) unless the actor is an administrator at the root of the area tree. */
export async function requireWebhookManager(ctx: Ctx, event: AuditEvent): Promise<void> {
  if (!mayManageWebhooks(ctx.actor)) {
    await denyAndAudit(
      ctx,
      event,
      'Only administrators of the city manage webhook subscribers / 仅市级系统管理员可管理外部订阅',
    );
  }
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > WEBHOOK_NAME_MAX) {
    throw AppError.invalid(
      'name',
      'length',
      `name: 1–${WEBHOOK_NAME_MAX} characters / 名称 1–${WEBHOOK_NAME_MAX} 个字`,
    );
  }
  return trimmed;
}

/** The events in catalogue order (the schema has checked each is one a subscriber may ask for). */
const inCatalogueOrder = (events: readonly string[]) =>
  SUBSCRIBABLE_WEBHOOK_EVENTS.filter((e) => events.includes(e));

/** GET /api/webhooks/subscribers: every subscriber, newest first. */
export async function listSubscribers(ctx: Ctx): Promise<WebhookSubscriberList> {
  await requireWebhookManager(ctx, {
    action: 'webhook.subscriber.list',
    objectType: OBJECT_TYPE,
    objectId: null,
  });
  const rows = await selectSubscribers(ctx.db)
    .orderBy('s.created_at', 'desc')
    .orderBy('s.id')
    .execute();
  return { items: rows.map((r) => subscriberView({ ...r, pending: Number(r.pending ?? 0) })) };
}

/** POST /api/webhooks/subscribers: a new subscriber, and its secret, shown this once. */
export async function createSubscriber(
  ctx: Ctx,
  body: CreateWebhookSubscriberBody,
  self: SelfAddress,
): Promise<WebhookSecretAnswer> {
  await requireWebhookManager(ctx, {
    action: 'webhook.subscriber.create',
    objectType: OBJECT_TYPE,
    objectId: null,
  });
  const name = checkName(body.name);
  const url = await checkSubscriberUrl(body.url, self);
  const events = inCatalogueOrder(body.events);
  const enabled = body.enabled ?? true;
  const id = crypto.randomUUID();
  const secret = newWebhookSecret();
  const now = new Date();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('webhook_subscribers')
      .values({
        id,
        name,
        url,
        events,
        enabled,
        secret_enc: ctx.cipher.encrypt(secret),
        previous_secret_enc: null,
        previous_secret_until: null,
        failing_since: null,
        last_success_at: null,
        disabled_reason: enabled ? null : 'manual',
        disabled_at: enabled ? null : now,
        created_by: ctx.actor!.id,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'webhook.subscriber.create',
        objectType: OBJECT_TYPE,
        objectId: id,
        detail: { name, url, events, enabled },
      },
      trx,
    );
  });
  return { subscriber: subscriberView(await findSubscriber(ctx.db, id)), secret };
}

/** PUT /api/webhooks/subscribers/:id: its name, URL and events as they should be. */
export async function updateSubscriber(
  ctx: Ctx,
  id: string,
  body: UpdateWebhookSubscriberBody,
  self: SelfAddress,
): Promise<WebhookSubscriber> {
  await requireWebhookManager(ctx, {
    action: 'webhook.subscriber.update',
    objectType: OBJECT_TYPE,
    objectId: id,
  });
  const before = await findSubscriber(ctx.db, id);
  const after = {
    name: checkName(body.name),
    url: await checkSubscriberUrl(body.url, self),
    events: inCatalogueOrder(body.events),
  };
  const changed = Object.fromEntries(
    (
      [
        ['name', before.name, after.name],
        ['url', before.url, after.url],
        ['events', before.events, after.events],
      ] as const
    )
      .filter(([, b, a]) => JSON.stringify(b) !== JSON.stringify(a))
      .map(([k, b, a]) => [k, { before: b, after: a }]),
  );
  if (Object.keys(changed).length > 0) {
    await ctx.db.transaction().execute(async (trx) => {
      const done = await trx
        .updateTable('webhook_subscribers')
        .set({ ...after, updated_at: new Date() })
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) === 0) throw AppError.notFound(SUBSCRIBER_NOT_FOUND);
      await recordAudit(
        ctx,
        {
          action: 'webhook.subscriber.update',
          objectType: OBJECT_TYPE,
          objectId: id,
          detail: { changed },
        },
        trx,
      );
    });
  }
  return subscriberView(await findSubscriber(ctx.db, id));
}

/**
 * POST /api/webhooks/subscribers/:id/secret: a new secret, shown this once. With
 * `keepPreviousHours` the old one signs beside it that long (two signatures in the header),
 * so the receiver switches without losing a delivery; without, the old one stops at once.
 */
export async function rotateSecret(
  ctx: Ctx,
  id: string,
  body: RotateWebhookSecretBody,
): Promise<WebhookSecretAnswer> {
  await requireWebhookManager(ctx, {
    action: 'webhook.subscriber.rotate_secret',
    objectType: OBJECT_TYPE,
    objectId: id,
  });
  const hours = body.keepPreviousHours ?? 0;
  const secret = newWebhookSecret();
  await ctx.db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('webhook_subscribers')
      .set((eb) => ({
        previous_secret_enc: hours > 0 ? eb.ref('secret_enc') : null,
        previous_secret_until: hours > 0 ? new Date(Date.now() + hours * 3_600_000) : null,
        secret_enc: ctx.cipher.encrypt(secret),
        updated_at: new Date(),
      }))
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) throw AppError.notFound(SUBSCRIBER_NOT_FOUND);
    await recordAudit(
      ctx,
      {
        action: 'webhook.subscriber.rotate_secret',
        objectType: OBJECT_TYPE,
        objectId: id,
        detail: { keepPreviousHours: hours },
      },
      trx,
    );
  });
  return { subscriber: subscriberView(await findSubscriber(ctx.db, id)), secret };
}

/**
 * POST /api/webhooks/subscribers/:id/enable: it gets events again, its failure count starts
 * over, and what is still pending for it is sent now.
 */
export async function enableSubscriber(ctx: Ctx, id: string): Promise<WebhookSubscriber> {
  await requireWebhookManager(ctx, {
    action: 'webhook.subscriber.enable',
    objectType: OBJECT_TYPE,
    objectId: id,
  });
  const before = await findSubscriber(ctx.db, id);
  if (!before.enabled) {
    await ctx.db.transaction().execute(async (trx) => {
      const done = await trx
        .updateTable('webhook_subscribers')
        .set({
          enabled: true,
          disabled_reason: null,
          disabled_at: null,
          consecutive_failures: 0,
          failing_since: null,
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .where('enabled', '=', false)
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) === 0) return; // enabled meanwhile
      const redelivering = await requeuePending(trx, id);
      await recordAudit(
        ctx,
        {
          action: 'webhook.subscriber.enable',
          objectType: OBJECT_TYPE,
          objectId: id,
          detail: { wasDisabledFor: before.disabled_reason, redelivering },
        },
        trx,
      );
    });
    ctx.jobs.kick();
  }
  return subscriberView(await findSubscriber(ctx.db, id));
}

/** POST /api/webhooks/subscribers/:id/disable: no more events; what is pending waits for enable. */
export async function disableSubscriber(ctx: Ctx, id: string): Promise<WebhookSubscriber> {
  await requireWebhookManager(ctx, {
    action: 'webhook.subscriber.disable',
    objectType: OBJECT_TYPE,
    objectId: id,
  });
  const before = await findSubscriber(ctx.db, id);
  if (before.enabled) {
    await ctx.db.transaction().execute(async (trx) => {
      const done = await trx
        .updateTable('webhook_subscribers')
        .set({
          enabled: false,
          disabled_reason: 'manual',
          disabled_at: new Date(),
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .where('enabled', '=', true)
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) === 0) return;
      await recordAudit(
        ctx,
        {
          action: 'webhook.subscriber.disable',
          objectType: OBJECT_TYPE,
          objectId: id,
          detail: { reason: 'manual', pending: before.pending },
        },
        trx,
      );
    });
  }
  return subscriberView(await findSubscriber(ctx.db, id));
}

/**
 * At start: CASE_WEBHOOK_URL, when set and no subscriber has that URL, becomes the subscriber
 * "CASE_WEBHOOK_URL" to every case event, signing with CASE_WEBHOOK_SECRET (a fresh secret when
 * none is set: an administrator rotates it to read one). Audited as the system's.
 */
export async function adoptConfiguredWebhook(deps: AppDeps): Promise<void> {
  const url = deps.config.webhookUrl?.trim();
  if (!url) return;
  await deps.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${CONFIGURED_LOCK})`.execute(trx);
    const existing = await trx
      .selectFrom('webhook_subscribers')
      .select('id')
      .where('url', 'in', [url, safeNormalise(url)])
      .executeTakeFirst();
    if (existing) return;
    const id = crypto.randomUUID();
    const now = new Date();
    const events = SUBSCRIBABLE_WEBHOOK_EVENTS.filter((e) => e.startsWith('case.'));
    await trx
      .insertInto('webhook_subscribers')
      .values({
        id,
        name: CONFIGURED_SUBSCRIBER_NAME,
        url: safeNormalise(url),
        events,
        enabled: true,
        secret_enc: deps.cipher.encrypt(deps.config.webhookSecret || newWebhookSecret()),
        previous_secret_enc: null,
        previous_secret_until: null,
        failing_since: null,
        last_success_at: null,
        disabled_reason: null,
        disabled_at: null,
        created_by: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await appendAudits(trx, deps, [
      auditEntry(
        { actor: null, ip: null },
        {
          action: 'webhook.subscriber.create',
          objectType: OBJECT_TYPE,
          objectId: id,
          detail: {
            name: CONFIGURED_SUBSCRIBER_NAME,
            url: safeNormalise(url),
            events,
            from: 'CASE_WEBHOOK_URL',
            secretFrom: deps.config.webhookSecret ? 'CASE_WEBHOOK_SECRET' : 'generated',
          },
        },
      ),
    ]);
  });
}

/** The URL as a subscriber stores it (the configured one is the operator's, taken as it is). */
function safeNormalise(url: string): string {
  try {
    const u = new URL(url);
    u.hash = '';
    return u.toString();
  } catch {
    return url;
  }
}
