import {
  ELEVATOR_STAGES,
  type ElevatorBoard,
  type ElevatorBoardQuery,
  type ElevatorBoardRow,
  type ElevatorStage,
  type ElevatorTarget,
  type SetElevatorTargetBody,
} from '@cc/contracts';
import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { pathWithin } from '../../platform/db/path-within.js';
import { AppError } from '../../platform/errors.js';
import { shanghaiYear } from '../../platform/shanghai-time.js';
import { findAreaCached, normalizeAreaCode } from '../areas/index.js';
import { recordAudit } from '../audit/index.js';
import { mayBoard, maySetTarget } from './elevators.policy.js';

/**
 * The street and district board (加装电梯进度): per street, projects in each stage, those put in
 * service in the year and those aiming at it, against the street's target; the projects on the
 * map. One grouped query for the counts, one for the targets, one for the points.
 */

const BOARD_NOT_FOUND = 'No elevator board for this area / 没有该区域的加装电梯看板';
/** Enough points for a district's map; the counts are exact whatever the number. */
const MAX_POINTS = 5000;

const emptyCounts = () =>
  Object.fromEntries(ELEVATOR_STAGES.map((s) => [s, 0])) as Record<ElevatorStage, number>;

const emptyRow = (code: string, name: string): ElevatorBoardRow => ({
  code,
  name,
  counts: emptyCounts(),
  projects: 0,
  inServiceThisYear: 0,
  plannedThisYear: 0,
  target: null,
});

async function boardArea(ctx: Ctx, raw: string) {
  const area = await findAreaCached(ctx.db, normalizeAreaCode(raw, 'area'));
  if (!area || !mayBoard(ctx.actor, area.path)) throw AppError.notFound(BOARD_NOT_FOUND);
  if (area.level !== 'street' && area.level !== 'district')
    throw AppError.invalid('area', 'level', 'area: a street or a district / 请选择街道或区');
  return area;
}

export async function getBoard(ctx: Ctx, q: ElevatorBoardQuery): Promise<ElevatorBoard> {
  const area = await boardArea(ctx, q.area);
  const year = q.year ?? shanghaiYear();
  const from = `${year}-01-01`;
  const until = `${year + 1}-01-01`;
  const within = pathWithin('area_path', [area.path]);
  const [streets, counts, targets, points] = await Promise.all([
    area.level === 'street'
      ? Promise.resolve([{ code: area.code, name: area.name }])
      : ctx.db
          .selectFrom('areas')
          .select(['code', 'name'])
          .where('parent_code', '=', area.code)
          .where('level', '=', 'street')
          .orderBy('code')
          .execute(),
    ctx.db
      .selectFrom('elevator_projects')
      .select([
        'street_code',
        'stage',
        sql<number>`count(*)::int`.as('n'),
        sql<number>`(count(*) filter (where in_service_on >= ${from}::date and in_service_on < ${until}::date))::int`.as(
          'in_service',
        ),
        sql<number>`(count(*) filter (where target_year = ${year}))::int`.as('planned'),
      ])
      .where(within)
      .groupBy(['street_code', 'stage'])
      .execute(),
    ctx.db
      .selectFrom('elevator_targets')
      .select(['street_code', 'target'])
      .where('year', '=', year)
      .where(within)
      .execute(),
    ctx.db
      .selectFrom('elevator_projects')
      .select(['id', 'title', 'stage', 'street_code', 'building_name', 'unit', 'lng', 'lat'])
      .where(within)
      .where('lng', 'is not', null)
      .where('lat', 'is not', null)
      .orderBy('created_at')
      .orderBy('id')
      .limit(MAX_POINTS)
      .execute(),
  ]);
  const rows = new Map(streets.map((s) => [s.code, emptyRow(s.code, s.name)]));
  const rowOf = (code: string) => {
    let r = rows.get(code);
    if (!r) rows.set(code, (r = emptyRow(code, code)));
    return r;
  };
  const totals = emptyRow('', '');
  for (const c of counts) {
    for (const r of [rowOf(c.street_code), totals]) {
      r.counts[c.stage] = (r.counts[c.stage] ?? 0) + Number(c.n);
      r.projects += Number(c.n);
      r.inServiceThisYear += Number(c.in_service);
      r.plannedThisYear += Number(c.planned);
    }
  }
  for (const t of targets) {
    rowOf(t.street_code).target = t.target;
    totals.target = (totals.target ?? 0) + t.target;
  }
  const { code: _c, name: _n, ...total } = totals;
  return {
    area: { code: area.code, name: area.name, level: area.level },
    year,
    streets: [...rows.values()],
    totals: total,
    points: points.map((p) => ({
      id: p.id,
      title: p.title,
      stage: p.stage as ElevatorStage,
      streetCode: p.street_code,
      buildingName: p.building_name,
      unit: p.unit,
      lng: p.lng!,
      lat: p.lat!,
    })),
  };
}

/** A street's operators set its target for a year (how many elevators to put in service). */
export async function setTarget(ctx: Ctx, body: SetElevatorTargetBody): Promise<ElevatorTarget> {
  const street = await findAreaCached(ctx.db, normalizeAreaCode(body.streetCode, 'streetCode'));
  if (!street || !mayBoard(ctx.actor, street.path)) throw AppError.notFound(BOARD_NOT_FOUND);
  if (street.level !== 'street')
    throw AppError.invalid('streetCode', 'level', 'streetCode: a street / 请选择街道');
  if (!maySetTarget(ctx.actor, street.path))
    throw AppError.forbidden(
      "Only the street's operators set its elevator target / 仅街道工作人员可设定本街道加装电梯年度目标",
    );
  const now = new Date();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('elevator_targets')
      .values({
        street_code: street.code,
        year: body.year,
        area_path: street.path,
        target: body.target,
        set_by: ctx.actor!.id,
        set_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['street_code', 'year']).doUpdateSet({
          target: body.target,
          set_by: ctx.actor!.id,
          set_at: now,
        }),
      )
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'elevators.target',
        objectType: 'elevator_target',
        objectId: `${street.code}:${body.year}`,
        areaPath: street.path,
        detail: { year: body.year, target: body.target },
      },
      trx,
    );
  });
  return {
    streetCode: street.code,
    year: body.year,
    target: body.target,
    setAt: now.toISOString(),
  };
}
