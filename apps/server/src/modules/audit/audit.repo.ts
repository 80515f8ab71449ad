import crypto from 'node:crypto';
import { AUDIT_ACTIONS, AUDIT_OBJECT_TYPES } from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import type { AppDeps } from '../../platform/context.js';
import { insertRows } from '../../platform/db/insert-rows.js';
import type { DB } from '../../platform/db/schema.js';
import { auditKeys, type AuditKeys } from './audit-keys.js';

export const GENESIS_HASH = '0'.repeat(64);
/** the advisory lock that keeps appends to the chain in one line */
export const AUDIT_LOCK = 7310001;
/** 1: SHA-256 of the row (rows from before migration 0011); 2: HMAC under the audit key. */
export const KEYED_VERSION = 2;

export interface AuditInput {
  actorId: string | null;
  actorName: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  ip: string | null;
  outcome: 'ok' | 'denied' | 'failed';
  detail?: Record<string, unknown>;
  /** the area of what the row is about; null: city-level */
  areaPath?: string | null;
  /** the area of who acted: the common ancestor of their bindings' areas */
  actorAreaPath?: string | null;
}

export interface AuditRow extends Required<AuditInput> {
  seq: number;
  at: Date;
  hashVersion: number;
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

/**
 * A row's hash: version 2 an HMAC under the audit key over every column but the hash (the
 * version and both area paths included); version 1, the plain SHA-256 of the rows written
 * before the chain was keyed, which knew no areas. Null for a version this code does not know.
 */
export function hashAuditRow(row: Omit<AuditRow, 'hash'>, keys: AuditKeys): string | null {
  const common = [
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
  ];
  if (row.hashVersion === KEYED_VERSION) {
    return keys.chainMac(
      canonicalJson([KEYED_VERSION, ...common, row.areaPath, row.actorAreaPath, row.prevHash]),
    );
  }
  if (row.hashVersion === 1) {
    return crypto
      .createHash('sha256')
      .update(canonicalJson([...common, row.prevHash]))
      .digest('hex');
  }
  return null;
}

/** The newest row's place in the chain (seq 0 and the genesis hash for an empty log). */
export async function chainHead(db: Kysely<DB>): Promise<{ seq: number; hash: string }> {
  const last = await db
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return { seq: Number(last?.seq ?? 0), hash: last?.hash ?? GENESIS_HASH };
}

/**
 * In tests (NODE_ENV=test), an action or a kind of object the audit page cannot name is refused:
 * whoever adds one adds its label to packages/contracts/src/audit-labels.ts with it. Tests' own
 * rows (`test.…`) are let through. In production nothing is refused: the page shows the code.
 */
function refuseUnlabelled(inputs: readonly AuditInput[]): void {
  if (process.env.NODE_ENV !== 'test') return;
  for (const { action, objectType } of inputs) {
    if (action.startsWith('test.') || objectType === 'test') continue;
    if (!Object.hasOwn(AUDIT_ACTIONS, action) || !Object.hasOwn(AUDIT_OBJECT_TYPES, objectType)) {
      throw new Error(
        `the audit action ${action} on ${objectType} has no label: add it to packages/contracts/src/audit-labels.ts`,
      );
    }
  }
}

/**
 * Append rows to the hash chain, in order, keyed under the audit key of `deps.config`. Inside
 * the caller's transaction when given one, so the audit rows commit or roll back with the
 * write they describe; the advisory lock keeps the chain linear under concurrency (one lock
 * and one statement for many rows).
 */
export async function appendAudits(
  db: Kysely<DB>,
  deps: Pick<AppDeps, 'config'>,
  inputs: readonly AuditInput[],
): Promise<void> {
  if (inputs.length === 0) return;
  refuseUnlabelled(inputs);
  if (!db.isTransaction) {
    await db.transaction().execute((trx) => appendAudits(trx, deps, inputs));
    return;
  }
  const keys = auditKeys(deps.config);
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(db);
  const head = await chainHead(db);
  let seq = head.seq;
  let prevHash = head.hash;
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
      areaPath: input.areaPath ?? null,
      actorAreaPath: input.actorAreaPath ?? null,
      hashVersion: KEYED_VERSION,
      prevHash,
    };
    prevHash = hashAuditRow(row, keys)!;
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
      area_path: row.areaPath,
      actor_area_path: row.actorAreaPath,
      hash_version: row.hashVersion,
      prev_hash: row.prevHash,
      hash: prevHash,
    };
  });
  await insertRows('audit_log', rows)!.execute(db);
}
