import { ADMINISTRATOR_ROLES, type AuditList, type AuditQuery } from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { appendAudits, GENESIS_HASH, hashAuditRow, type AuditInput } from './audit.repo.js';

export type AuditEvent = Pick<AuditInput, 'action' | 'objectType' | 'objectId'> & {
  outcome?: AuditInput['outcome'];
  detail?: Record<string, unknown>;
};

/** The audit row for `event`, done by the context's actor from its address. */
export function auditEntry(ctx: Pick<Ctx, 'actor' | 'ip'>, event: AuditEvent): AuditInput {
  return {
    actorId: ctx.actor?.id ?? null,
    actorName: ctx.actor?.username ?? null,
    ip: ctx.ip,
    outcome: event.outcome ?? 'ok',
    action: event.action,
    objectType: event.objectType,
    objectId: event.objectId,
    ...(event.detail ? { detail: event.detail } : {}),
  };
}

/** Write who did what, from where, with what outcome. Pass `trx` to commit it with the write. */
export async function recordAudit(ctx: Ctx, event: AuditEvent, trx?: Kysely<DB>): Promise<void> {
  await appendAudits(trx ?? ctx.db, [auditEntry(ctx, event)]);
}

/** Refuse, and leave a 'denied' row behind (outside any transaction that will roll back). */
export async function denyAndAudit(ctx: Ctx, event: AuditEvent, message: string): Promise<never> {
  await recordAudit(ctx, { ...event, outcome: 'denied' });
  throw AppError.forbidden(message);
}

export async function searchAudit(ctx: Ctx, q: AuditQuery): Promise<AuditList> {
  if (!ctx.actor?.bindings.some((b) => ADMINISTRATOR_ROLES.includes(b.role))) {
    await denyAndAudit(
      ctx,
      { action: 'audit.search', objectType: 'audit_log', objectId: null },
      'Only administrators may read the audit log / 仅系统管理员可查看审计日志',
    );
  }
  let query = ctx.db.selectFrom('audit_log');
  if (q.actor) query = query.where('actor_name', '=', q.actor);
  if (q.action) query = query.where('action', '=', q.action);
  if (q.objectType) query = query.where('object_type', '=', q.objectType);
  if (q.objectId) query = query.where('object_id', '=', q.objectId);
  if (q.outcome) query = query.where('outcome', '=', q.outcome);
  if (q.from) query = query.where('at', '>=', new Date(q.from));
  if (q.to) query = query.where('at', '<', new Date(q.to));
  const pageSize = q.pageSize ?? 50;
  const page = q.page ?? 1;
  const [rows, count] = await Promise.all([
    query
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  await recordAudit(ctx, {
    action: 'audit.search',
    objectType: 'audit_log',
    objectId: null,
    detail: { filter: { ...q }, returned: rows.length },
  });
  return {
    total: Number(count.n),
    items: rows.map((r) => ({
      seq: r.seq,
      at: r.at.toISOString(),
      actorId: r.actor_id,
      actorName: r.actor_name,
      action: r.action,
      objectType: r.object_type,
      objectId: r.object_id,
      ip: r.ip,
      outcome: r.outcome,
      detail: r.detail,
    })),
  };
}

export interface ChainReport {
  ok: boolean;
  rows: number;
  /** The first problem found: a changed row, or a missing one. */
  problem?: {
    seq: number;
    kind: 'changed' | 'missing' | 'relinked';
    message: string;
  };
  lastHash: string;
}

/** Walk the whole chain in order, in batches, recomputing every hash. */
export async function verifyAuditChain(db: Kysely<DB>, batch = 5000): Promise<ChainReport> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let rows = 0;
  for (;;) {
    const page = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(batch)
      .execute();
    for (const r of page) {
      if (r.seq !== expectedSeq) {
        return {
          ok: false,
          rows,
          lastHash: prevHash,
          problem: {
            seq: expectedSeq,
            kind: 'missing',
            message: `rows ${expectedSeq}–${r.seq - 1} are missing (deleted)`,
          },
        };
      }
      if (r.prev_hash !== prevHash) {
        return {
          ok: false,
          rows,
          lastHash: prevHash,
          problem: {
            seq: r.seq,
            kind: 'relinked',
            message: `row ${r.seq} does not link to row ${r.seq - 1} (a row before it was changed or replaced)`,
          },
        };
      }
      const hash = hashAuditRow({
        seq: r.seq,
        at: r.at,
        actorId: r.actor_id,
        actorName: r.actor_name,
        action: r.action,
        objectType: r.object_type,
        objectId: r.object_id,
        ip: r.ip,
        outcome: r.outcome as AuditInput['outcome'],
        detail: r.detail as Record<string, unknown>,
        prevHash: r.prev_hash,
      });
      if (hash !== r.hash) {
        return {
          ok: false,
          rows,
          lastHash: prevHash,
          problem: {
            seq: r.seq,
            kind: 'changed',
            message: `row ${r.seq} was changed after it was written`,
          },
        };
      }
      prevHash = r.hash;
      expectedSeq++;
      rows++;
    }
    if (page.length < batch) return { ok: true, rows, lastHash: prevHash };
  }
}
