import {
  ErrorCode,
  FIGURE_FUTURE_TOLERANCE_MINUTES,
  type FedLevel,
  type FigureBatchAnswer,
  type FigureBatchBody,
  type FigureReadAnswer,
  type FigureReadQuery,
} from '@cc/contracts';
import type { FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { PREPARED } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { findAreaCached, normalizeAreaCode } from '../areas/index.js';
import { recordAudit } from '../audit/index.js';
import { departmentForRequest, type SendingDepartment } from '../departments/index.js';
import { catalogue, forgetCatalogue } from './catalogue.js';

/**
 * A department's figures (decision 028): a batch is checked whole — every figure's indicator
 * is one its department owns, its unit the indicator's, its area known and of a level the
 * indicator exists for, its time not ahead of the clock beyond the tolerance — and stored
 * whole, in one transaction of two statements: the values being replaced go to the history,
 * then the batch is upserted. The screens hear of it after the commit.
 */

/** The event the dashboards' streams forward (the topic boards' figures use the same). */
export const FIGURES_EVENT = 'figures';

interface Checked {
  indicator_id: string;
  area_code: string;
  area_path: string;
  at: string;
  value: number;
}

const senders = new WeakMap<FastifyRequest, SendingDepartment>();

/**
 * onRequest: the department's key is checked before its body (up to 4 MB of JSON) is read, so
 * nobody without a key makes the server parse one.
 */
export async function checkSender(req: FastifyRequest): Promise<void> {
  senders.set(req, await departmentForRequest(req.ctx, req, 'indicators'));
}

export async function pushFigures(
  ctx: Ctx,
  req: FastifyRequest,
  body: FigureBatchBody,
): Promise<FigureBatchAnswer> {
  const department = senders.get(req) ?? (await departmentForRequest(ctx, req, 'indicators'));
  const cat = await catalogue(ctx.db);
  const latestAllowed = Date.now() + FIGURE_FUTURE_TOLERANCE_MINUTES * 60_000;
  const areas = new Map<string, { code: string; path: string; level: string } | null>();
  // the same indicator, area and time twice in a batch: the later one is meant
  const byKey = new Map<string, Checked>();
  for (const [i, f] of body.figures.entries()) {
    const field = (name: string) => `figures.${i}.${name}`;
    const def = cat.byId.get(f.indicator);
    if (!def) {
      throw AppError.invalid(
        field('indicator'),
        'exists',
        `${field('indicator')}: no fed indicator "${f.indicator}" / 没有该指标`,
      );
    }
    if (def.department !== department.code) {
      await recordAudit(ctx, {
        action: 'indicator.figures.push',
        objectType: 'fed_indicator',
        objectId: def.id,
        outcome: 'denied',
        detail: { department: department.code, owner: def.department },
      });
      throw new AppError(
        ErrorCode.forbidden,
        `${field('indicator')}: ${def.id} is fed by ${def.department}, not ${department.code} / 该指标不属于本部门`,
        { field: field('indicator'), rule: 'owner' },
      );
    }
    if (f.unit !== def.unit && f.unit !== def.unit_en) {
      throw AppError.invalid(
        field('unit'),
        'matches',
        `${field('unit')}: ${def.id} is in ${def.unit} (${def.unit_en}), not "${f.unit}" / 单位不符`,
      );
    }
    let area = areas.get(f.area);
    if (area === undefined) {
      let code = f.area;
      try {
        code = normalizeAreaCode(f.area, field('area'));
      } catch {
        // reported below as unknown
      }
      const a = await findAreaCached(ctx.db, code);
      area = a ? { code: a.code, path: a.path, level: a.level } : null;
      areas.set(f.area, area);
    }
    if (!area) {
      throw AppError.invalid(
        field('area'),
        'exists',
        `${field('area')}: no area "${f.area}" / 没有该区域`,
      );
    }
    if (!def.levels.includes(area.level as FedLevel)) {
      throw AppError.invalid(
        field('area'),
        'level',
        `${field('area')}: ${def.id} is kept for ${def.levels.join(', ')}, not a ${area.level} / 该指标不在此层级统计`,
      );
    }
    const at = Date.parse(f.at);
    if (at > latestAllowed) {
      throw AppError.invalid(
        field('at'),
        'future',
        `${field('at')}: more than ${FIGURE_FUTURE_TOLERANCE_MINUTES} minutes ahead of the platform's clock / 时间晚于当前时间`,
      );
    }
    const iso = new Date(at).toISOString();
    byKey.set(`${def.id}\u0000${area.code}\u0000${iso}`, {
      indicator_id: def.id,
      area_code: area.code,
      area_path: area.path,
      at: iso,
      value: f.value,
    });
  }
  const rows = [...byKey.values()];
  const now = new Date();
  const counts = await ctx.db.transaction().execute(async (trx) => {
    const json = JSON.stringify(rows);
    const { rows: replaced } = await sql<{ n: number }>`
      with incoming as (
        select * from json_to_recordset(${json}::json)
          as x(indicator_id text, area_code text, area_path text, at timestamptz, value double precision)
      ), moved as (
        insert into indicator_figure_history
          (indicator_id, area_code, at, value, department, received_at, replaced_at)
        select f.indicator_id, f.area_code, f.at, f.value, f.department, f.received_at, ${now}
          from indicator_figures f
          join incoming i using (indicator_id, area_code, at)
         where f.value <> i.value
        returning 1
      )
      select count(*)::int as n from moved${PREPARED}`.execute(trx);
    const { rows: written } = await sql<{ n: number }>`
      with up as (
        insert into indicator_figures
          (indicator_id, area_code, area_path, at, value, department, received_at)
        select indicator_id, area_code, area_path, at, value, ${department.code}, ${now}
          from json_to_recordset(${json}::json)
            as x(indicator_id text, area_code text, area_path text, at timestamptz, value double precision)
        on conflict (indicator_id, area_code, at) do update
          set value = excluded.value, department = excluded.department,
              received_at = excluded.received_at
          where indicator_figures.value <> excluded.value
        returning 1
      )
      select count(*)::int as n from up${PREPARED}`.execute(trx);
    await sumUpDays(trx, json);
    await sql`
      insert into indicator_fed_areas (indicator_id, area_code, area_path)
      select distinct indicator_id, area_code, area_path
        from json_to_recordset(${json}::json) as x(indicator_id text, area_code text, area_path text)
      on conflict do nothing${PREPARED}`.execute(trx);
    const ids = [...new Set(rows.map((r) => r.indicator_id))];
    await trx
      .updateTable('fed_indicators')
      .set({ last_figure_at: now })
      .where('id', 'in', ids)
      .execute();
    return { corrected: replaced[0]!.n, written: written[0]!.n };
  });
  // the first figure of an indicator ends its "no feed": forget the catalogue's copy
  if (rows.some((r) => cat.byId.get(r.indicator_id)!.last_figure_at === null))
    forgetCatalogue(ctx.db);
  announce(ctx, rows);
  return {
    added: counts.written - counts.corrected,
    corrected: counts.corrected,
    unchanged: rows.length - counts.written,
  };
}

/**
 * The days the figures fall in, summed up again from the figures stored (a correction changes
 * a day's sum and perhaps its max). Each day is locked first, in one order, until the commit:
 * two batches for one day wait for each other, and the second sums up what the first stored.
 */
async function sumUpDays(trx: Kysely<DB>, json: string): Promise<void> {
  await sql`
    select pg_advisory_xact_lock(hashtextextended(k, 0))
      from (select distinct x.indicator_id || '|' || x.area_code || '|' || shanghai_day(x.at) as k
              from json_to_recordset(${json}::json)
                as x(indicator_id text, area_code text, at timestamptz)
             order by 1) days${PREPARED}`.execute(trx);
  await sql`
    insert into indicator_figure_days
      (indicator_id, area_code, day, sum, max, count, latest, latest_at)
    select f.indicator_id, f.area_code, d.day, sum(f.value), max(f.value), count(*)::int,
           (array_agg(f.value order by f.at desc))[1], max(f.at)
      from (select distinct x.indicator_id, x.area_code, shanghai_day(x.at) as day
              from json_to_recordset(${json}::json)
                as x(indicator_id text, area_code text, at timestamptz)) d
      join indicator_figures f
        on f.indicator_id = d.indicator_id and f.area_code = d.area_code
       and f.at >= d.day and f.at < d.day + interval '1 day'
     group by f.indicator_id, f.area_code, d.day
    on conflict (indicator_id, area_code, day) do update
      set sum = excluded.sum, max = excluded.max, count = excluded.count,
          latest = excluded.latest, latest_at = excluded.latest_at${PREPARED}`.execute(trx);
}

/** After the commit: tell the open dashboards under each area (at most 50 events a batch). */
function announce(ctx: Ctx, rows: readonly Checked[]): void {
  const byPath = new Map<string, Set<string>>();
  for (const r of rows) {
    const s = byPath.get(r.area_path) ?? new Set<string>();
    s.add(r.indicator_id);
    byPath.set(r.area_path, s);
  }
  const events =
    byPath.size <= 50
      ? [...byPath].map(([areaPath, ids]) => ({ areaPath, ids: [...ids] }))
      : // many areas: one event at the top of the tree says which indicators moved
        [
          {
            areaPath: rows[0]!.area_path.split('/')[0]!,
            ids: [...new Set(rows.map((r) => r.indicator_id))],
          },
        ];
  void ctx.live.publish(
    events.map((e) => ({
      topic: FIGURES_EVENT,
      areaPath: e.areaPath,
      data: { source: 'department', indicators: e.ids },
    })),
  );
}

/** A department reads back what it sent for one of its indicators and an area, with history. */
export async function readFigures(
  ctx: Ctx,
  req: FastifyRequest,
  q: FigureReadQuery,
): Promise<FigureReadAnswer> {
  const department = await departmentForRequest(ctx, req, 'indicators');
  const def = (await catalogue(ctx.db)).byId.get(q.indicator);
  if (!def) {
    throw AppError.invalid(
      'indicator',
      'exists',
      `indicator: no fed indicator "${q.indicator}" / 没有该指标`,
    );
  }
  if (def.department !== department.code) {
    throw new AppError(
      ErrorCode.forbidden,
      `indicator: ${def.id} is fed by ${def.department} / 该指标不属于本部门`,
      {
        field: 'indicator',
        rule: 'owner',
      },
    );
  }
  const code = normalizeAreaCode(q.area, 'area');
  const from = q.from ? new Date(q.from) : new Date(Date.now() - 7 * 86_400_000);
  const to = q.to ? new Date(q.to) : new Date();
  const [figures, history] = await Promise.all([
    ctx.db
      .selectFrom('indicator_figures')
      .select(['at', 'value', 'received_at'])
      .where('indicator_id', '=', def.id)
      .where('area_code', '=', code)
      .where('at', '>=', from)
      .where('at', '<=', to)
      .orderBy('at', 'desc')
      .limit(1000)
      .execute(),
    ctx.db
      .selectFrom('indicator_figure_history')
      .select(['at', 'value', 'received_at', 'replaced_at'])
      .where('indicator_id', '=', def.id)
      .where('area_code', '=', code)
      .where('at', '>=', from)
      .where('at', '<=', to)
      .orderBy('replaced_at', 'desc')
      .limit(5000)
      .execute(),
  ]);
  const replaced = new Map<number, { value: number; receivedAt: string; replacedAt: string }[]>();
  for (const h of history) {
    const list = replaced.get(h.at.getTime()) ?? [];
    list.push({
      value: h.value,
      receivedAt: h.received_at.toISOString(),
      replacedAt: h.replaced_at.toISOString(),
    });
    replaced.set(h.at.getTime(), list);
  }
  return {
    indicator: def.id,
    area: code,
    items: figures.map((f) => ({
      at: f.at.toISOString(),
      value: f.value,
      receivedAt: f.received_at.toISOString(),
      history: replaced.get(f.at.getTime()) ?? [],
    })),
  };
}
