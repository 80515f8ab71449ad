import type { Generated } from 'kysely';

/**
 * The tables the notifications module owns: the outbox of texts and in-app notices (and the webhook calls made before the webhooks module). Only this module reads or writes them
 * (apps/server/src/boundaries.test.ts checks); other modules ask through its index.ts.
 * Keep in step with platform/migrations.
 */
declare module '../../platform/db/schema.js' {
  interface DB {
    notifications: NotificationsTable;
  }
}

export interface NotificationsTable {
  id: string;
  channel: string;
  case_id: string | null;
  /** the area the message is about (its case's), for scoping the outbox */
  area_path: string | null;
  recipient_id: string | null;
  to_enc: string | null;
  to_masked: string | null;
  body: string;
  status: string;
  provider: string | null;
  provider_ref: string | null;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
  read_at: Date | null;
}
