import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { insertRows } from '../../platform/db/insert-rows.js';
import type { DB } from '../../platform/db/schema.js';

export const GENESIS_HASH = '0'.repeat(64);
const AUDIT_LOCK = 7310001;

export interface AuditInput {
  actorId: string | null;
  actorName: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  ip: string | null;
  outcome: 'ok' | 'denied' | 'failed';
  detail?: Record<string, unknown>;
}

export interface AuditRow extends Required<AuditInput> {
  seq: number;
  at: Date;
  prevHash: string;
  hash: string;
}

/** JSON with sorted keys: jsonb reorders keys, the hash must not depend on order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function hashAuditRow(row: Omit<AuditRow, 'hash'>): string {
  const body = canonicalJson([
    row.seq,
    row.at.toISOString(),
    row.actorId,
    row.actorName,
    row.action,
    row.objectType,
    row.objectId,
    row.ip,
    row.outcome,
    row.detail,
    row.prevHash,
  ]);
  return crypto.createHash('sha256').update(body).digest('hex');
}

/**
 * Append rows to the hash chain, in order. Inside the caller's transaction when given one, so
 * the audit rows commit or roll back with the write they describe; the advisory lock keeps
 * the chain linear under concurrency (one lock and one statement for many rows).
 */
export async function appendAudits(db: Kysely<DB>, inputs: readonly AuditInput[]): Promise<void> {
  if (inputs.length === 0) return;
  if (!db.isTransaction) {
    await db.transaction().execute((trx) => appendAudits(trx, inputs));
    return;
  }
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(db);
  const last = await db
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  let seq = last?.seq ?? 0;
  let prevHash = last?.hash ?? GENESIS_HASH;
  const at = new Date();
  const rows = inputs.map((input) => {
    const row: Omit<AuditRow, 'hash'> = {
      seq: ++seq,
      at,
      actorId: input.actorId,
      actorName: input.actorName,
      action: input.action,
      objectType: input.objectType,
      objectId: input.objectId,
      ip: input.ip,
      outcome: input.outcome,
      detail: input.detail ?? {},
      prevHash,
    };
    prevHash = hashAuditRow(row);
    return {
      seq: row.seq,
      at: row.at,
      actor_id: row.actorId,
      actor_name: row.actorName,
      action: row.action,
      object_type: row.objectType,
      object_id: row.objectId,
      ip: row.ip,
      outcome: row.outcome,
      detail: row.detail,
      prev_hash: row.prevHash,
      hash: prevHash,
    };
  });
  await insertRows('audit_log', rows)!.execute(db);
}
