import crypto from 'node:crypto';
import type { WebhookEventType, WebhookPayload } from '@cc/contracts';
import { sql } from 'kysely';
import { PREPARED } from '../../platform/db/database.js';
import type { Statement } from '../../platform/db/execute-together.js';
import { DELIVER_JOB } from './webhooks.repo.js';

/** An event another module tells subscribers of: its kind (the catalogue's), when, and its data. */
export interface WebhookEventInput {
  type: WebhookEventType;
  occurredAt: Date;
  data: WebhookPayload['data'];
}

/**
 * The statements that tell subscribers of `events`, for the caller to run inside its own
 * transaction, together (`executeTogether`) with its writes: one delivery row per event and
 * enabled subscriber that wants it, and a `webhook.deliver` job for each — in the same commit
 * as the event, or not at all. No lookup first: the subscribers are joined in the statements
 * (both see the same snapshot when run as one), and a delivery's id is derived from its event
 * and subscriber so the two statements agree on it. Call `deps.jobs.kick()` after the commit.
 */
export function webhookWrites(events: readonly WebhookEventInput[]): (Statement | null)[] {
  if (events.length === 0) return [];
  const rows = JSON.stringify(
    events.map((e) => {
      const payload: WebhookPayload = {
        type: e.type,
        timestamp: e.occurredAt.toISOString(),
        data: e.data,
      };
      return {
        id: crypto.randomUUID(),
        type: e.type,
        at: payload.timestamp,
        body: JSON.stringify(payload),
      };
    }),
  );
  const wanted = sql`json_to_recordset(${rows}::json) as e(id uuid, type text, at timestamptz, body text)
    join webhook_subscribers s on s.enabled and e.type = any(s.events)`;
  const deliveryId = sql`md5(s.id::text || e.id::text)::uuid`;
  return [
    sql`insert into webhook_deliveries
          (id, subscriber_id, event_id, event_type, body, status, next_attempt_at, created_at)
        select ${deliveryId}, s.id, e.id, e.type, e.body, 'pending', e.at, e.at
        from ${wanted}${PREPARED}`,
    sql`insert into jobs (kind, payload, run_at)
        select ${DELIVER_JOB.kind}, jsonb_build_object('id', ${deliveryId}, 'attempt', 0), e.at
        from ${wanted}${PREPARED}`,
  ];
}
