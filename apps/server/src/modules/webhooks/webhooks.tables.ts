import type { ColumnType, Generated } from 'kysely';

/**
 * The tables the webhooks module owns (外部订阅). Only this module reads or writes them
 * (apps/server/src/boundaries.test.ts checks); other modules write events through its
 * index.ts (`webhookWrites`). Keep in step with platform/migrations (0037-webhooks.sql).
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    webhook_subscribers: WebhookSubscribersTable;
    webhook_deliveries: WebhookDeliveriesTable;
  }
}

type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface WebhookSubscribersTable {
  id: string;
  name: string;
  url: string;
  events: string[];
  enabled: Defaulted<boolean>;
  /** `whsec_…` under the data key */
  secret_enc: string;
  /** the secret before the last rotation, signing beside the new one until `previous_secret_until` */
  previous_secret_enc: string | null;
  previous_secret_until: Date | null;
  /** deliveries given up in a row since the last that arrived */
  consecutive_failures: Defaulted<number>;
  /** the first failed attempt since the last delivery that arrived */
  failing_since: Date | null;
  last_success_at: Date | null;
  disabled_reason: string | null;
  disabled_at: Date | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface WebhookDeliveriesTable {
  /** the `webhook-id` header */
  id: string;
  subscriber_id: string;
  event_id: string;
  event_type: string;
  /** the exact body POSTed and signed */
  body: string;
  status: string;
  /** every attempt ever */
  attempts: Generated<number>;
  /** attempts since it was last queued (a redelivery starts again): the retry limit counts these */
  round_attempts: Generated<number>;
  next_attempt_at: Date | null;
  /** held while one process sends it */
  locked_until: Date | null;
  last_status: number | null;
  last_error: string | null;
  last_attempt_at: Date | null;
  delivered_at: Date | null;
  created_at: Date;
}
