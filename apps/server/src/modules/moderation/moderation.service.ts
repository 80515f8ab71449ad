import {
  REPORTS_TO_HIDE,
  type DecisionBody,
  type ModerationItem,
  type ReportBody,
  type ReportResult,
} from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { accountsBoundAt } from '../identity/index.js';
import { queueNotifications, type NotifyInput } from '../notifications/index.js';
import { shapeItems } from './moderation-queue.js';
import { buildingModerators, targetOf } from './moderation.targets.js';

const NOT_FOUND = 'No such content / 内容不存在';
const EXCERPT_MAX = 200;

/**
 * Report a post or comment: only those the target lets report (its committee's — or building's —
 * verified residents and staff reaching it; others 404 or 403). One report per account and
 * round (a second is a no-op that answers the same); the third distinct reporter of a round
 * hides it, exactly once, audited. A report after a restore starts a new round.
 */
export async function reportContent(ctx: Ctx, input: ReportBody): Promise<ReportResult> {
  const actor = ctx.actor!;
  const target = targetOf(input.targetType);
  const may = await target.canReport(ctx, input.targetId);
  if (may === false) throw AppError.notFound(NOT_FOUND);
  if (typeof may === 'string') throw AppError.forbidden(may);
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
    // under the item's lock: the count is exact and only the report that makes it
    // REPORTS_TO_HIDE while 'reported' hides it. A restored item starts a new round: the
    // reports after the restore count afresh; a removed one stays decided.
    const before = await trx
      .selectFrom('moderation_items')
      .select(['state', 'round', 'report_count'])
      .where('target_type', '=', input.targetType)
      .where('target_id', '=', input.targetId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const fresh = before.state === 'restored';
    const round = fresh ? before.round + 1 : before.round;
    const added = await trx
      .insertInto('moderation_reports')
      .values({
        target_type: input.targetType,
        target_id: input.targetId,
        account_id: actor.id,
        reason: input.reason,
        note,
        round,
      })
      .onConflict((oc) =>
        oc.columns(['target_type', 'target_id', 'round', 'account_id']).doNothing(),
      )
      .returning('account_id')
      .executeTakeFirst();
    if (!added) return { reportCount: before.report_count, hidden: before.state === 'hidden' };
    const count = (fresh ? 0 : before.report_count) + 1;
    const hides = (fresh || before.state === 'reported') && count >= REPORTS_TO_HIDE;
    const open = fresh || before.state === 'reported' || before.state === 'hidden';
    const state = hides ? 'hidden' : fresh ? 'reported' : before.state;
    const now = sql<Date>`now()`;
    await trx
      .updateTable('moderation_items')
      .set({
        report_count: count,
        round,
        state,
        last_reported_at: now,
        ...(fresh ? { first_reported_at: now, hidden_at: null } : {}),
        ...(!fresh ? { first_reported_at: sql<Date>`coalesce(first_reported_at, now())` } : {}),
        ...(open ? { sort_at: now } : {}),
        ...(hides ? { hidden_at: now } : {}),
      })
      .where('target_type', '=', input.targetType)
      .where('target_id', '=', input.targetId)
      .execute();
    const item = { report_count: count, state, hid: hides };
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
    if ((await target.canReport(ctx, targetId)) === false) throw AppError.notFound(NOT_FOUND);
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
  const [item] = await shapeItems(ctx, [row], new Set());
  return { ...item!, canDecide: true };
}

const inapp = (areaPath: string, recipientId: string, text: string): NotifyInput => ({
  caseId: null,
  areaPath,
  recipientId,
  channels: ['inapp'],
  text,
});

/**
 * In-app: the committee's staff and, for a building's post, its moderators (楼组长) — a queue
 * to look at — and the author (why it went).
 */
async function tellOfHiding(
  trx: Kysely<DB>,
  about: { areaPath: string; committeeCode: string; buildingId: string | null; authorId: string },
): Promise<void> {
  const bound =
    (await accountsBoundAt(trx, [about.committeeCode], ['committee_staff'])).get(
      about.committeeCode,
    ) ?? [];
  const leaders = about.buildingId ? await buildingModerators(trx, about.buildingId) : [];
  const staff = [...new Set([...bound, ...leaders])].filter((id) => id !== about.authorId);
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
