import {
  REPORTS_TO_HIDE,
  type DecisionBody,
  type ModerationItem,
  type ModerationList,
  type ModerationListQuery,
  type ReportBody,
  type ReportResult,
} from '@cc/contracts';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { Ctx } from '../../platform/context.js';
import { openCursor, sealCursor } from '../../platform/cursor.js';
import { pathWithin } from '../../platform/db/path-within.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { accountsBoundAt } from '../identity/index.js';
import { queueNotifications, type NotifyInput } from '../notifications/index.js';
import { queueScope } from './moderation.policy.js';
import type { ModerationItemsTable } from './moderation.tables.js';
import { targetOf, type ModerationTarget } from './moderation.targets.js';

const NOT_FOUND = 'No such content / 内容不存在';
const EXCERPT_MAX = 200;

type ItemRow = Selectable<ModerationItemsTable>;

/**
 * Report a post or comment. One report per account and target (a second is a no-op that answers
 * the same); the third distinct reporter hides it, exactly once, audited.
 */
export async function reportContent(ctx: Ctx, input: ReportBody): Promise<ReportResult> {
  const actor = ctx.actor!;
  const target = targetOf(input.targetType);
  if (!(await target.canSee(ctx, input.targetId))) throw AppError.notFound(NOT_FOUND);
  const about = await target.describe(ctx.db, input.targetId);
  if (!about) throw AppError.notFound(NOT_FOUND);
  if (about.authorId === actor.id) {
    throw AppError.invalid(
      'targetId',
      'self',
      'targetId: you cannot report what you wrote yourself; delete it instead / 不能举报自己发布的内容',
    );
  }
  const note = input.note?.trim() || null;
  return ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('moderation_items')
      .values({
        target_type: input.targetType,
        target_id: input.targetId,
        state: 'reported',
        area_path: about.areaPath,
        committee_code: about.committeeCode,
        building_id: about.buildingId,
        author_id: about.authorId,
        excerpt: about.excerpt.slice(0, EXCERPT_MAX),
        link: about.link ?? null,
      })
      .onConflict((oc) => oc.columns(['target_type', 'target_id']).doNothing())
      .execute();
    const added = await trx
      .insertInto('moderation_reports')
      .values({
        target_type: input.targetType,
        target_id: input.targetId,
        account_id: actor.id,
        reason: input.reason,
        note,
      })
      .onConflict((oc) => oc.columns(['target_type', 'target_id', 'account_id']).doNothing())
      .returning('account_id')
      .executeTakeFirst();
    if (!added) {
      const item = await trx
        .selectFrom('moderation_items')
        .select(['report_count', 'state'])
        .where('target_type', '=', input.targetType)
        .where('target_id', '=', input.targetId)
        .executeTakeFirstOrThrow();
      return { reportCount: item.report_count, hidden: item.state === 'hidden' };
    }
    // one statement under the row's lock: the count is exact and only the report that makes it
    // REPORTS_TO_HIDE while still 'reported' hides it (a decided item stays decided)
    const item = (
      await sql<{ report_count: number; state: string; hid: boolean }>`
        update moderation_items set
          report_count = report_count + 1,
          last_reported_at = now(),
          first_reported_at = coalesce(first_reported_at, now()),
          sort_at = case when state in ('reported', 'hidden') then now() else sort_at end,
          state = case when state = 'reported' and report_count + 1 >= ${REPORTS_TO_HIDE}
            then 'hidden' else state end,
          hidden_at = case when state = 'reported' and report_count + 1 >= ${REPORTS_TO_HIDE}
            then now() else hidden_at end
        where target_type = ${input.targetType} and target_id = ${input.targetId}
        returning report_count, state,
          (state = 'hidden' and hidden_at = now() and report_count = ${REPORTS_TO_HIDE}) as hid`.execute(
        trx,
      )
    ).rows[0]!;
    if (item.hid) {
      await target.setVisibility(trx, input.targetId, 'hidden');
      await tellOfHiding(trx, about);
      await recordAudit(
        ctx,
        {
          action: 'moderation.hide',
          objectType: input.targetType,
          objectId: input.targetId,
          areaPath: about.areaPath,
          detail: { reports: item.report_count },
        },
        trx,
      );
    }
    return { reportCount: item.report_count, hidden: item.state === 'hidden' };
  });
}

/** Restore or remove a post or comment, with the reason; audited. */
export async function decideModeration(
  ctx: Ctx,
  targetType: string,
  targetId: string,
  input: DecisionBody,
): Promise<ModerationItem> {
  const actor = ctx.actor!;
  const target = targetOf(targetType);
  const reason = input.reason.trim();
  if (reason.length < 2) {
    throw AppError.invalid(
      'reason',
      'minLength',
      'reason: say why, in at least 2 characters / 请填写处理理由',
    );
  }
  if (!(await target.canModerate(ctx, targetId))) {
    if (!(await target.canSee(ctx, targetId))) throw AppError.notFound(NOT_FOUND);
    throw AppError.forbidden(
      'Only a moderator here (committee staff, the building leader) may restore or remove it / 仅本区域的管理员（居委工作人员、楼组长）可以处理',
    );
  }
  const about = await target.describe(ctx.db, targetId);
  if (!about) throw AppError.notFound(NOT_FOUND);
  const state = input.action === 'restore' ? 'restored' : 'removed';
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('moderation_items')
      .values({
        target_type: targetType,
        target_id: targetId,
        state: 'reported',
        area_path: about.areaPath,
        committee_code: about.committeeCode,
        building_id: about.buildingId,
        author_id: about.authorId,
        excerpt: about.excerpt.slice(0, EXCERPT_MAX),
        link: about.link ?? null,
      })
      .onConflict((oc) => oc.columns(['target_type', 'target_id']).doNothing())
      .execute();
    const before = await trx
      .selectFrom('moderation_items')
      .select('state')
      .where('target_type', '=', targetType)
      .where('target_id', '=', targetId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('moderation_items')
      .set({
        state,
        decided_at: sql<Date>`now()`,
        decided_by: actor.id,
        decided_by_name: actor.displayName,
        decision_reason: reason,
        sort_at: sql<Date>`now()`,
      })
      .where('target_type', '=', targetType)
      .where('target_id', '=', targetId)
      .execute();
    await target.setVisibility(trx, targetId, input.action === 'restore' ? 'visible' : 'removed');
    await queueNotifications(trx, [
      inapp(
        about.areaPath,
        about.authorId,
        input.action === 'restore'
          ? `【社区云】您发布的内容经管理员审核已恢复显示。`
          : `【社区云】您发布的内容经管理员审核已被移除，理由：${reason}`,
      ),
    ]);
    await recordAudit(
      ctx,
      {
        action: `moderation.${input.action}`,
        objectType: targetType,
        objectId: targetId,
        areaPath: about.areaPath,
        detail: { reason, from: before.state },
      },
      trx,
    );
  });
  const row = await ctx.db
    .selectFrom('moderation_items')
    .selectAll()
    .where('target_type', '=', targetType)
    .where('target_id', '=', targetId)
    .executeTakeFirstOrThrow();
  return (await shapeItems(ctx, [row], new Map([[`${targetType}:${targetId}`, true]])))[0]!;
}

const inapp = (areaPath: string, recipientId: string, text: string): NotifyInput => ({
  caseId: null,
  areaPath,
  recipientId,
  channels: ['inapp'],
  text,
});

/** In-app: the committee's staff (a queue to look at) and the author (why it went). */
async function tellOfHiding(
  trx: Kysely<DB>,
  about: { areaPath: string; committeeCode: string; authorId: string },
): Promise<void> {
  const staff =
    (await accountsBoundAt(trx, [about.committeeCode], ['committee_staff'])).get(
      about.committeeCode,
    ) ?? [];
  await queueNotifications(trx, [
    ...staff.map((id) =>
      inapp(
        about.areaPath,
        id,
        `【社区云】有内容因 ${REPORTS_TO_HIDE} 位居民举报已被隐藏，请到"内容审核"核实后恢复或移除。`,
      ),
    ),
    inapp(
      about.areaPath,
      about.authorId,
      `【社区云】您发布的内容因多位居民举报已暂时隐藏，等待管理员审核。`,
    ),
  ]);
}

const LIST = 'moderation.items';

/**
 * The moderation queue of the reader's areas (committee staff, street operators): `hidden`
 * (awaiting a decision), `reported` (fewer reports than hide it), `decided`; newest first.
 */
export async function listModerationItems(
  ctx: Ctx,
  q: ModerationListQuery,
): Promise<ModerationList> {
  const roots = queueScope(ctx.actor);
  if (roots.length === 0) {
    throw AppError.forbidden(
      'The moderation queue is for committee staff and street operators / 内容审核仅限居委和街道工作人员',
    );
  }
  const queue = q.state ?? 'hidden';
  const limit = q.limit ?? 20;
  const states = queue === 'decided' ? ['restored', 'removed'] : [queue];
  const after = q.cursor
    ? (openCursor(ctx.cipher.key, LIST + queue, ctx.actor!.id, q.cursor) as [
        string,
        string,
        string,
      ])
    : null;
  let query = ctx.db
    .selectFrom('moderation_items')
    .selectAll()
    .where('state', 'in', states)
    .where(pathWithin('area_path', roots))
    .orderBy('sort_at', 'desc')
    .orderBy('target_type', 'desc')
    .orderBy('target_id', 'desc')
    .limit(limit + 1);
  if (after) {
    const [at, type, id] = after;
    query = query.where(
      sql<boolean>`(sort_at, target_type, target_id) < (${new Date(at)}, ${type}, ${id}::uuid)`,
    );
  }
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > limit && last
      ? sealCursor(ctx.cipher.key, LIST + queue, ctx.actor!.id, [
          last.sort_at.toISOString(),
          last.target_type,
          last.target_id,
        ])
      : null;
  return { items: await shapeItems(ctx, page), nextCursor };
}

async function shapeItems(
  ctx: Ctx,
  rows: ItemRow[],
  known: Map<string, boolean> = new Map(),
): Promise<ModerationItem[]> {
  if (rows.length === 0) return [];
  const reasons = await ctx.db
    .selectFrom('moderation_reports')
    .select(['target_type', 'target_id', 'reason', (eb) => eb.fn.countAll<number>().as('n')])
    .where((eb) =>
      eb.or(
        rows.map((r) =>
          eb.and([eb('target_type', '=', r.target_type), eb('target_id', '=', r.target_id)]),
        ),
      ),
    )
    .groupBy(['target_type', 'target_id', 'reason'])
    .execute();
  const byTarget = new Map<string, Record<string, number>>();
  for (const r of reasons) {
    const key = `${r.target_type}:${r.target_id}`;
    const m = byTarget.get(key) ?? {};
    m[r.reason] = Number(r.n);
    byTarget.set(key, m);
  }
  const codes = [...new Set(rows.map((r) => r.committee_code))];
  const names = new Map(
    (
      await ctx.db.selectFrom('areas').select(['code', 'name']).where('code', 'in', codes).execute()
    ).map((a) => [a.code, a.name]),
  );
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  const out: ModerationItem[] = [];
  for (const r of rows) {
    const key = `${r.target_type}:${r.target_id}`;
    let canDecide = known.get(key);
    if (canDecide === undefined) {
      canDecide = await canModerateSafely(ctx, r.target_type, r.target_id);
    }
    out.push({
      targetType: r.target_type,
      targetId: r.target_id,
      state: r.state as ModerationItem['state'],
      reportCount: r.report_count,
      reasons: byTarget.get(key) ?? {},
      excerpt: r.excerpt,
      link: r.link,
      committeeCode: r.committee_code,
      areaName: names.get(r.committee_code) ?? null,
      firstReportedAt: iso(r.first_reported_at),
      lastReportedAt: iso(r.last_reported_at),
      hiddenAt: iso(r.hidden_at),
      decidedAt: iso(r.decided_at),
      decidedBy: r.decided_by_name,
      decisionReason: r.decision_reason,
      canDecide,
    });
  }
  return out;
}

async function canModerateSafely(ctx: Ctx, type: string, id: string): Promise<boolean> {
  let target: ModerationTarget;
  try {
    target = targetOf(type);
  } catch {
    return false;
  }
  return target.canModerate(ctx, id);
}
