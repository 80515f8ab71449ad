import type { FedLevel, FedSeries } from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import { PREPARED } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import { catalogue, type Catalogue, type CatalogueRow } from './catalogue.js';
import { valuesFor, type RangeFigures } from './roll-up.js';

/**
 * The fed indicators' values for the dashboards (decision 028): one read of the figures in an
 * area's subtree over the range, summed up per indicator and area in the database; the roll-up
 * over the tree is done here (roll-up.ts). Weights for a population-weighted mean come from the
 * registry's residents per committee, read only when such an indicator needs them.
 */

export interface FedValueSet {
  catalogue: Catalogue;
  /** the indicators that exist for the area's level, in the catalogue's order */
  indicators: CatalogueRow[];
  /** per indicator: the value at each asked-for path (null: nothing fed below it in the range) */
  values: Map<string, Map<string, number | null>>;
}

export type ResidentsByCommittee = (areaPath: string) => Promise<Map<string, number>>;

type FiguresByPath = Map<string, Map<string, RangeFigures>>;

/** One fed area's figures in a range, as the database sums them up. */
interface FigureRow {
  indicator_id: string;
  area_path: string;
  latest: number;
  latest_at: Date;
  sum: number;
  max: number;
  count: number;
}

/**
 * Each fed area's figures in the range, per indicator, for the areas at or below `areaPath`:
 * the newest figure alone where the indicator's value is its newest over time (one index
 * probe an area), the sums of the days and part-days where it adds up or takes a maximum.
 */
async function rangeFigures(
  db: Kysely<DB>,
  indicators: readonly CatalogueRow[],
  areaPath: string,
  range: { from: Date; to: Date },
): Promise<FiguresByPath> {
  const newest = indicators.filter((r) => r.over_time === 'latest').map((r) => r.id);
  const summed = indicators.filter((r) => r.over_time !== 'latest').map((r) => r.id);
  const [a, b] = await Promise.all([
    newestFigures(db, newest, areaPath, range),
    summedFigures(db, summed, areaPath, range),
  ]);
  return new Map([...a, ...b]);
}

function collect(rows: readonly FigureRow[]): FiguresByPath {
  const out: FiguresByPath = new Map();
  for (const r of rows) {
    const m = out.get(r.indicator_id) ?? new Map<string, RangeFigures>();
    m.set(r.area_path, {
      latest: Number(r.latest),
      latestAt: new Date(r.latest_at).getTime(),
      sum: Number(r.sum),
      max: Number(r.max),
      count: Number(r.count),
    });
    out.set(r.indicator_id, m);
  }
  return out;
}

async function newestFigures(
  db: Kysely<DB>,
  ids: readonly string[],
  areaPath: string,
  range: { from: Date; to: Date },
): Promise<FiguresByPath> {
  if (ids.length === 0) return new Map();
  const { rows } = await sql<FigureRow>`
    select fa.indicator_id, fa.area_path, f.value as latest, f.at as latest_at,
           f.value as sum, f.value as max, 1 as count
      from indicator_fed_areas fa
      cross join lateral (
        select f.value, f.at from indicator_figures f
         where f.indicator_id = fa.indicator_id and f.area_code = fa.area_code
           and f.at >= ${range.from} and f.at <= ${range.to}
         order by f.at desc limit 1
      ) f
     where fa.indicator_id = any(${ids}::text[])
       and (fa.area_path = ${areaPath} or fa.area_path like ${`${areaPath}/%`})${PREPARED}`.execute(
    db,
  );
  return collect(rows);
}

async function summedFigures(
  db: Kysely<DB>,
  ids: readonly string[],
  areaPath: string,
  range: { from: Date; to: Date },
): Promise<FiguresByPath> {
  if (ids.length === 0) return new Map();
  const { wholeFrom, wholeTo } = wholeDays(range);
  const { rows } = await sql<FigureRow>`
    select fa.indicator_id, fa.area_path, agg.latest, agg.latest_at, agg.sum, agg.max, agg.count
      from indicator_fed_areas fa
      cross join lateral (
        select (array_agg(p.latest order by p.latest_at desc))[1] as latest,
               max(p.latest_at) as latest_at, sum(p.sum) as sum, max(p.max) as max,
               sum(p.count)::int as count
          from (
            -- the whole days, summed up already
            select d.sum, d.max, d.count, d.latest, d.latest_at
              from indicator_figure_days d
             where d.indicator_id = fa.indicator_id and d.area_code = fa.area_code
               and d.day >= ${wholeFrom} and d.day < ${wholeTo}
            union all
            -- the figures of the part-day at each end
            select f.value, f.value, 1, f.value, f.at
              from indicator_figures f
             where f.indicator_id = fa.indicator_id and f.area_code = fa.area_code
               and f.at >= ${range.from} and f.at < ${wholeFrom}
            union all
            select f.value, f.value, 1, f.value, f.at
              from indicator_figures f
             where f.indicator_id = fa.indicator_id and f.area_code = fa.area_code
               and f.at >= ${wholeTo} and f.at <= ${range.to}
          ) p
      ) agg
     where fa.indicator_id = any(${ids}::text[])
       and (fa.area_path = ${areaPath} or fa.area_path like ${`${areaPath}/%`})
       and agg.count > 0${PREPARED}`.execute(db);
  return collect(rows);
}

const DAY_MS = 86_400_000;
/** The start of the Shanghai day (UTC+8, no daylight saving) an instant falls in. */
const shanghaiDay = (t: number) =>
  Math.floor((t + 8 * 3_600_000) / DAY_MS) * DAY_MS - 8 * 3_600_000;

/**
 * The whole Shanghai days inside a range (its `to` included): [wholeFrom, wholeTo). With none,
 * both are the range's start: no day, no first part-day, and the second holds the whole range.
 */
export function wholeDays(range: { from: Date; to: Date }): { wholeFrom: Date; wholeTo: Date } {
  const from = range.from.getTime();
  const first = shanghaiDay(from) === from ? from : shanghaiDay(from) + DAY_MS;
  const end = shanghaiDay(range.to.getTime() + 1);
  return first < end
    ? { wholeFrom: new Date(first), wholeTo: new Date(end) }
    : { wholeFrom: range.from, wholeTo: range.from };
}

/** The residents at or below a path, from the committees' counts (each path added up once). */
function weightsFrom(committees: ReadonlyMap<string, number>): (path: string) => number {
  const memo = new Map<string, number>();
  return (path) => {
    let w = memo.get(path);
    if (w === undefined) {
      w = 0;
      for (const [p, n] of committees) if (p === path || p.startsWith(`${path}/`)) w += n;
      memo.set(path, w);
    }
    return w;
  };
}

/**
 * The fed indicators' values at `area` and at each of `childPaths` over the range; only the
 * indicators kept for the area's level (or `only`, one indicator).
 */
export async function fedIndicatorValues(
  db: Kysely<DB>,
  area: { path: string; level: string },
  childPaths: readonly string[],
  range: { from: Date; to: Date },
  residentsByCommittee: ResidentsByCommittee,
  only?: string,
): Promise<FedValueSet> {
  const cat = await catalogue(db);
  const indicators = cat.list.filter((r) =>
    only ? r.id === only : r.levels.includes(area.level as FedLevel),
  );
  const figures = await rangeFigures(db, indicators, area.path, range);
  const needsWeights = indicators.some((r) => r.rollup === 'mean_population' && figures.has(r.id));
  const committees = needsWeights
    ? await residentsByCommittee(area.path)
    : new Map<string, number>();
  const weight = weightsFrom(committees);
  const paths = [area.path, ...childPaths];
  const values = new Map<string, Map<string, number | null>>();
  for (const r of indicators) {
    const fed = figures.get(r.id);
    const at = fed
      ? valuesFor(paths, fed, { overTime: r.over_time, rollup: r.rollup }, weight)
      : new Map<string, null>();
    values.set(r.id, new Map(paths.map((p) => [p, at.get(p)?.value ?? null])));
  }
  return { catalogue: cat, indicators, values };
}

/**
 * One fed indicator's values at an area over a range, per hour (a range of up to two days) or
 * per Shanghai day: each bucket's value is the indicator's value for that bucket alone.
 */
export async function fedIndicatorSeries(
  db: Kysely<DB>,
  id: string,
  area: { code: string; path: string },
  range: { from: Date; to: Date },
  residentsByCommittee: ResidentsByCommittee,
): Promise<FedSeries | null> {
  const def = (await catalogue(db)).byId.get(id);
  if (!def) return null;
  const hourly = range.to.getTime() - range.from.getTime() <= 2 * 86_400_000;
  const step = hourly ? 3_600_000 : 86_400_000;
  // Shanghai days start at 16:00 UTC
  const offset = hourly ? 0 : 8 * 3_600_000;
  const first = Math.floor((range.from.getTime() + offset) / step) * step - offset;
  const buckets: { from: Date; to: Date }[] = [];
  for (let t = first; t <= range.to.getTime() && buckets.length < 800; t += step) {
    buckets.push({
      from: new Date(Math.max(t, range.from.getTime())),
      to: new Date(Math.min(t + step - 1, range.to.getTime())),
    });
  }
  const { rows } = await sql<{ area_path: string; at: Date; value: number }>`
    select f.area_path, f.at, f.value
      from indicator_fed_areas fa
      join indicator_figures f on f.indicator_id = fa.indicator_id and f.area_code = fa.area_code
     where fa.indicator_id = ${id}
       and (fa.area_path = ${area.path} or fa.area_path like ${`${area.path}/%`})
       and f.at >= ${range.from} and f.at <= ${range.to}
     order by f.at${PREPARED}`.execute(db);
  const committees =
    def.rollup === 'mean_population' && rows.length > 0
      ? await residentsByCommittee(area.path)
      : new Map<string, number>();
  const weight = weightsFrom(committees);
  let i = 0;
  const points = buckets.map((b) => {
    const inBucket = new Map<string, RangeFigures>();
    while (i < rows.length && new Date(rows[i]!.at).getTime() <= b.to.getTime()) {
      const r = rows[i++]!;
      const t = new Date(r.at).getTime();
      const f = inBucket.get(r.area_path);
      const v = Number(r.value);
      if (!f) inBucket.set(r.area_path, { latest: v, latestAt: t, sum: v, max: v, count: 1 });
      else {
        if (t >= f.latestAt) Object.assign(f, { latest: v, latestAt: t });
        f.sum += v;
        f.max = Math.max(f.max, v);
        f.count++;
      }
    }
    const v = valuesFor(
      [area.path],
      inBucket,
      { overTime: def.over_time, rollup: def.rollup },
      weight,
    );
    return { t: b.from.toISOString(), value: v.get(area.path)?.value ?? null };
  });
  return { indicator: id, area: area.code, bucket: hourly ? 'hour' : 'day', points };
}
