import type { ModerationItem, ModerationList, ModerationListQuery } from '@cc/contracts';
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { openCursor, sealCursor } from '../../platform/cursor.js';
import type { DB } from '../../platform/db/schema.js';
import { pathWithin } from '../../platform/db/path-within.js';
import { AppError } from '../../platform/errors.js';
import { canDecideRow, queueScope } from './moderation.policy.js';
import type { ModerationItemsTable } from './moderation.tables.js';
import { moderatedBuildings } from './moderation.targets.js';

export type ItemRow = Selectable<ModerationItemsTable>;

const LIST = 'moderation.items';

/** The committees whose queue these area roots read (a committee's, or those below a street's). */
async function committeesWithin(db: Kysely<DB>, roots: string[]): Promise<string[]> {
  if (roots.length === 0) return [];
  const rows = await db
    .selectFrom('areas')
    .select('code')
    .where('level', '=', 'committee')
    .where((eb) =>
      eb.or([
        pathWithin('path', roots),
        // a binding below a committee (a compound): its committee, rows filtered by path below
        ...roots.map((r) => eb(sql.lit(r), 'like', sql<string>`path || '/%'`)),
      ]),
    )
    .execute();
  return rows.map((r) => r.code);
}

/**
 * The moderation queue of the reader's areas (committee staff, street operators) and buildings
 * (楼组长, through the building-groups provider): `hidden` (awaiting a decision), `reported`
 * (fewer reports than hide it), `decided`; newest first. One query: for each of the reader's
 * committees (or buildings) and each state, one index range of at most a page, merged.
 */
export async function listModerationItems(
  ctx: Ctx,
  q: ModerationListQuery,
): Promise<ModerationList> {
  const actor = ctx.actor!;
  const roots = queueScope(actor);
  const [codes, buildings] = await Promise.all([
    committeesWithin(ctx.db, roots),
    moderatedBuildings(ctx.db, actor.id),
  ]);
  if (roots.length === 0 && buildings.length === 0) {
    throw AppError.forbidden(
      'The moderation queue is for committee staff, street operators and building leaders / 内容审核仅限居委、街道工作人员和楼组长',
    );
  }
  const queue = q.state ?? 'hidden';
  const limit = q.limit ?? 20;
  const states = queue === 'decided' ? ['restored', 'removed'] : [queue];
  const after = q.cursor ? openCursor(ctx.cipher.key, LIST + queue, actor.id, q.cursor) : null;
  if (after && (!Array.isArray(after) || after.length !== 3))
    throw AppError.invalid('cursor', 'format', 'cursor: start from the first page / 分页游标无效');
  const [at, type, id] = (after ?? []) as string[];
  const keyset = after
    ? sql`and (m.sort_at, m.target_type, m.target_id) < (${at}::timestamptz, ${type}, ${id}::uuid)`
    : sql``;
  const order = sql`order by sort_at desc, target_type desc, target_id desc`;
  const range = (where: RawBuilder<unknown>) => sql`
    select m.*, m.sort_at::text as at_key from moderation_items m
    where ${where} and m.state = s.state ${keyset}
    order by m.sort_at desc, m.target_type desc, m.target_id desc limit ${limit + 1}`;
  const parts = [];
  if (codes.length > 0)
    parts.push(sql`
      select x.* from unnest(${codes}::text[]) as c(code)
      cross join unnest(${states}::text[]) as s(state)
      cross join lateral (${range(sql`m.committee_code = c.code and ${pathWithin('m.area_path', roots)}`)}) x`);
  if (buildings.length > 0)
    parts.push(sql`
      select y.* from unnest(${buildings}::uuid[]) as b(id)
      cross join unnest(${states}::text[]) as s(state)
      cross join lateral (${range(sql`m.building_id = b.id`)}) y`);
  const rows = parts.length
    ? (
        await sql<
          ItemRow & { at_key: string }
        >`select * from (${sql.join(parts, sql` union `)}) q ${order}
          limit ${limit + 1}`.execute(ctx.db)
      ).rows
    : [];
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > limit && last
      ? sealCursor(ctx.cipher.key, LIST + queue, actor.id, [
          last.at_key,
          last.target_type,
          last.target_id,
        ])
      : null;
  return { items: await shapeItems(ctx, page, new Set(buildings)), nextCursor };
}

/**
 * Queue rows as the reader sees them: reasons of the current round and area names in one
 * query each; `canDecide` from the reader's bindings and buildings, no query per row.
 */
export async function shapeItems(
  ctx: Ctx,
  rows: ItemRow[],
  buildings: ReadonlySet<string>,
): Promise<ModerationItem[]> {
  if (rows.length === 0) return [];
  const reasons = await ctx.db
    .selectFrom('moderation_reports')
    .select(['target_type', 'target_id', 'reason', (eb) => eb.fn.countAll<number>().as('n')])
    .where((eb) =>
      eb.or(
        rows.map((r) =>
          eb.and([
            eb('target_type', '=', r.target_type),
            eb('target_id', '=', r.target_id),
            eb('round', '=', r.round),
          ]),
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
  const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
  return rows.map((r) => ({
    targetType: r.target_type,
    targetId: r.target_id,
    state: r.state as ModerationItem['state'],
    reportCount: r.report_count,
    reasons: byTarget.get(`${r.target_type}:${r.target_id}`) ?? {},
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
    canDecide: canDecideRow(ctx.actor, buildings, r),
  }));
}
