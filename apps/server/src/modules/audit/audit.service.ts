import {
  ADMINISTRATOR_ROLES,
  auditActionsOf,
  type AuditList,
  type AuditQuery,
} from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import type { Config } from '../../platform/config.js';
import type { Actor, Ctx } from '../../platform/context.js';
import { pathWithin } from '../../platform/db/path-within.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { bindingsWith, scopeRoots } from '../../platform/policy.js';
import { anchorFile, isSignedBy, readAnchorFile, type Anchor } from './anchors.js';
import { auditKeysFrom, loadAuditKey, type AuditKeys } from './audit-keys.js';
import {
  appendAudits,
  GENESIS_HASH,
  hashAuditRow,
  KEYED_VERSION,
  type AuditInput,
} from './audit.repo.js';
import { namePage, objectIdsFor } from './object-names.js';

export type AuditEvent = Pick<AuditInput, 'action' | 'objectType' | 'objectId'> & {
  outcome?: AuditInput['outcome'];
  detail?: Record<string, unknown>;
  /**
   * The area of what the row is about (a case's, the committee of a resident, the area of a
   * role granted), when the caller knows it. Rows without one are city-level: only an
   * administrator bound at the root of the area tree reads them, unless who acted lies in the
   * reader's area.
   */
  areaPath?: string | null;
};

/** The deepest area that holds every one of `paths` (null for none): `a/b/c`, `a/b/d` → `a/b`. */
export function commonAreaPath(paths: readonly string[]): string | null {
  if (paths.length === 0) return null;
  let common = paths[0]!.split('/');
  for (const p of paths.slice(1)) {
    const parts = p.split('/');
    let i = 0;
    while (i < common.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  return common.length > 0 ? common.join('/') : null;
}

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
    areaPath: event.areaPath ?? null,
    actorAreaPath: actorAreaPath(ctx.actor),
    ...(event.detail ? { detail: event.detail } : {}),
  };
}

const actorAreaPath = (actor: Actor | null) =>
  commonAreaPath((actor?.bindings ?? []).map((b) => b.areaPath));

/** Write who did what, from where, with what outcome. Pass `trx` to commit it with the write. */
export async function recordAudit(ctx: Ctx, event: AuditEvent, trx?: Kysely<DB>): Promise<void> {
  await appendAudits(trx ?? ctx.db, ctx, [auditEntry(ctx, event)]);
}

/** Refuse, and leave a 'denied' row behind (outside any transaction that will roll back). */
export async function denyAndAudit(ctx: Ctx, event: AuditEvent, message: string): Promise<never> {
  await recordAudit(ctx, { ...event, outcome: 'denied' });
  throw AppError.forbidden(message);
}

/**
 * The audit log as the reader's administrator bindings reach it: rows about something in their
 * areas or done by someone bound there; city-level rows (no area) only from the root of the tree.
 */
export async function searchAudit(ctx: Ctx, q: AuditQuery): Promise<AuditList> {
  const roots = scopeRoots(bindingsWith(ctx.actor, ADMINISTRATOR_ROLES));
  if (roots.length === 0) {
    await denyAndAudit(
      ctx,
      { action: 'audit.search', objectType: 'audit_log', objectId: null },
      'Only administrators may read the audit log / 仅系统管理员可查看审计日志',
    );
  }
  let query = ctx.db.selectFrom('audit_log');
  const isCityWide = roots.some((p) => !p.includes('/'));
  if (!isCityWide) {
    query = query.where(
      sql<boolean>`(${pathWithin('area_path', roots)} or ${pathWithin('actor_area_path', roots)})`,
    );
  }
  if (q.actor) query = query.where('actor_name', '=', q.actor);
  if (q.action) query = query.where('action', '=', q.action);
  if (q.group) query = query.where('action', 'in', auditActionsOf(q.group));
  if (q.objectType) query = query.where('object_type', '=', q.objectType);
  if (q.objectId) {
    query = query.where('object_id', 'in', await objectIdsFor(ctx.db, q.objectType, q.objectId));
  }
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
  const items = rows.map((r) => ({
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
    objectName: null as string | null,
  }));
  const { names, areas } = await namePage(ctx.db, items);
  for (const item of items) item.objectName = names(item);
  return { total: Number(count.n), items, areas };
}

export type ChainProblemKind =
  /** a row's hash does not match its content: changed, or re-hashed without the key */
  | 'changed'
  /** rows are missing in the middle (deleted) */
  | 'missing'
  /** a row does not link to the one before it */
  | 'relinked'
  /** a plain SHA-256 row where the chain is keyed */
  | 'downgraded'
  /** a row's hash differs from what an anchor saw at that seq */
  | 'anchor-mismatch'
  /** an anchor saw rows that are gone (the newest rows were deleted) */
  | 'truncated'
  /** an anchor line not signed by this audit key, or not an anchor */
  | 'anchor-forged';

export interface ChainReport {
  ok: boolean;
  /** rows that verified before the first problem (all of them when ok) */
  rows: number;
  /** the first problem found, at the first seq it touches */
  problem?: { seq: number; kind: ChainProblemKind; message: string };
  lastHash: string;
  /** the anchors checked */
  anchors: number;
}

/**
 * Walk the whole chain in order, in batches, recomputing every hash (keyed rows under `keys`)
 * and checking it against every anchor: an anchored row must still have the hash the anchor
 * saw, every row from an anchor's `keyedFrom` on must be keyed, and no anchored row may be gone.
 */
async function checkChain(
  db: Kysely<DB>,
  keys: AuditKeys,
  anchors: readonly Anchor[],
  batch: number,
): Promise<ChainReport> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let rows = 0;
  let isKeyed = false;
  const fail = (seq: number, kind: ChainProblemKind, message: string): ChainReport => ({
    ok: false,
    rows,
    lastHash: prevHash,
    anchors: anchors.length,
    problem: { seq, kind, message },
  });
  for (const a of anchors) {
    if (!isSignedBy(a, keys)) {
      return fail(
        a.seq,
        'anchor-forged',
        `the anchor of ${a.at} (row ${a.seq}) is not signed by this audit key (key ${keys.keyId}, the anchor names ${a.keyId})`,
      );
    }
  }
  const keyedSince = anchors.reduce<Anchor | null>(
    (first, a) => (first && first.keyedFrom <= a.keyedFrom ? first : a),
    null,
  );
  const bySeq = new Map<number, Anchor[]>();
  for (const a of anchors) bySeq.set(a.seq, [...(bySeq.get(a.seq) ?? []), a]);
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
        return fail(
          expectedSeq,
          'missing',
          `rows ${expectedSeq}–${r.seq - 1} are missing (deleted)`,
        );
      }
      if (r.prev_hash !== prevHash) {
        return fail(
          r.seq,
          'relinked',
          `row ${r.seq} does not link to row ${r.seq - 1} (a row before it was changed or replaced)`,
        );
      }
      if (r.hash_version < KEYED_VERSION) {
        if (isKeyed) {
          return fail(r.seq, 'downgraded', `row ${r.seq} is a plain SHA-256 row after keyed rows`);
        }
        if (keyedSince && r.seq >= keyedSince.keyedFrom) {
          return fail(
            r.seq,
            'downgraded',
            `row ${r.seq} is a plain SHA-256 row, but the anchor of ${keyedSince.at} says the chain is keyed from row ${keyedSince.keyedFrom}`,
          );
        }
        if (r.area_path !== null || r.actor_area_path !== null) {
          return fail(r.seq, 'changed', `row ${r.seq} was given an area after it was written`);
        }
      } else {
        isKeyed = true;
      }
      const hash = hashAuditRow(
        {
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
          areaPath: r.area_path,
          actorAreaPath: r.actor_area_path,
          hashVersion: r.hash_version,
          prevHash: r.prev_hash,
        },
        keys,
      );
      if (hash !== r.hash) {
        return fail(
          r.seq,
          'changed',
          hash === null
            ? `row ${r.seq} claims an unknown hash version ${r.hash_version}`
            : `row ${r.seq} was changed after it was written (or hashed without the audit key)`,
        );
      }
      for (const a of bySeq.get(r.seq) ?? []) {
        if (a.hash !== r.hash) {
          return fail(
            r.seq,
            'anchor-mismatch',
            `row ${r.seq} is not the row anchored at ${a.at}: the chain was rewritten at or before row ${r.seq}`,
          );
        }
      }
      prevHash = r.hash;
      expectedSeq++;
      rows++;
    }
    if (page.length < batch) break;
  }
  const beyond = anchors.filter((a) => a.seq >= expectedSeq).sort((a, b) => b.seq - a.seq)[0];
  if (beyond) {
    return fail(
      expectedSeq,
      'truncated',
      `the chain ends at row ${expectedSeq - 1}, but the anchor of ${beyond.at} saw row ${beyond.seq}: rows ${expectedSeq}–${beyond.seq} were deleted`,
    );
  }
  return { ok: true, rows, lastHash: prevHash, anchors: anchors.length };
}

export interface AuditLogReport extends ChainReport {
  /** where the anchors were read */
  anchorFiles: string[];
  /** a warning that does not fail the check (no anchors yet) */
  note?: string;
}

/**
 * `verify-audit`: the chain under the audit key of `config` (AUDIT_KEY or the key file; never a
 * new one), against the anchors of its anchor file and of any further files given (e.g. copies
 * fetched from the external log).
 */
export async function verifyAuditChain(
  db: Kysely<DB>,
  config: Config,
  opts: { anchorFiles?: readonly string[]; batch?: number } = {},
): Promise<AuditLogReport> {
  const keys = auditKeysFrom(loadAuditKey(config, { create: false }));
  const files = [anchorFile(config), ...(opts.anchorFiles ?? [])];
  const anchors: Anchor[] = [];
  for (const file of files) {
    const read = readAnchorFile(file);
    if (read.unreadable.length > 0) {
      return {
        ok: false,
        rows: 0,
        lastHash: GENESIS_HASH,
        anchors: anchors.length,
        anchorFiles: files,
        problem: {
          seq: 0,
          kind: 'anchor-forged',
          message: `${file}: line ${read.unreadable.join(', ')} is not an anchor`,
        },
      };
    }
    anchors.push(...read.anchors);
  }
  const report = await checkChain(db, keys, anchors, opts.batch ?? 5000);
  return {
    ...report,
    anchorFiles: files,
    ...(anchors.length === 0
      ? {
          note: `no anchors in ${files.join(', ')}: deleting the newest rows, or re-writing the chain as plain SHA-256 rows, cannot be detected`,
        }
      : {}),
  };
}
