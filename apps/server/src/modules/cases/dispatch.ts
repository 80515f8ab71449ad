import crypto from 'node:crypto';
import {
  CASE_OPERATOR_ROLES,
  type DispatchRule,
  type DispatchRuleBody,
  type Point,
  type PointBody,
} from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { pathWithin } from '../../platform/db/path-within.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { boxAround, distanceMeters } from '../../platform/geo.js';
import { isWithin, reaches } from '../../platform/policy.js';
import { findArea, normalizeAreaCode, resolveAreaCode } from '../areas/index.js';
import { denyAndAudit, recordAudit } from '../audit/index.js';
import { accountNames, holdsRoleWithin, requireActiveAccount } from '../identity/index.js';
import { CASE_ASSIGNEE_ROLES, operatorScope } from './cases.policy.js';
import { requireScenario } from './taxonomy.js';

export interface DispatchTarget {
  assigneeId: string | null;
  unitName: string;
  ruleId: string | null;
  pointId: string | null;
  /**
   * how the target was found, for the timeline: by a fixed point (its name and how far the case
   * lies from it) or by a rule; the web app words it in the reader's language
   */
  via: 'point' | 'rule' | 'manual' | 'reopened';
  pointName?: string;
  distanceM?: number;
}

export interface DispatchQuery {
  scenarioCode: string;
  areaPath: string;
  lat: number | null;
  lng: number | null;
}

/** Points are looked for within this distance; a point's own radius must also hold the case. */
const POINT_SEARCH_METERS = 1000;

/**
 * Who is responsible for each case: the leader of the nearest fixed point (点位) whose radius
 * holds it, else the most specific rule (deepest area; a scenario's own rule before an
 * any-scenario rule), else nobody: the street operation centre's queue.
 * Two indexed queries however many cases.
 */
export async function findDispatchTargets(
  db: Kysely<DB>,
  queries: readonly DispatchQuery[],
): Promise<(DispatchTarget | null)[]> {
  const located = queries
    .map((q, i) => ({ q, i }))
    .filter(({ q }) => q.lat !== null && q.lng !== null);
  const boxes = located.map(({ q }) => boxAround(q.lat!, q.lng!, POINT_SEARCH_METERS));
  const pointRows =
    located.length === 0
      ? []
      : (
          await sql<{
            i: number;
            id: string;
            lat: number;
            lng: number;
            radius_m: number;
            leader_id: string;
            unit_name: string;
            name: string;
          }>`
          select v.i, p.id, p.lat, p.lng, p.radius_m, p.leader_id, p.unit_name, p.name
          from unnest(${located.map(({ i }) => i)}::int[], ${located.map(({ q }) => q.scenarioCode)}::text[],
                      ${boxes.map((b) => b.minLat)}::float8[], ${boxes.map((b) => b.maxLat)}::float8[],
                      ${boxes.map((b) => b.minLng)}::float8[], ${boxes.map((b) => b.maxLng)}::float8[])
               as v(i, scenario, min_lat, max_lat, min_lng, max_lng)
          join dispatch_points p
            on p.lat between v.min_lat and v.max_lat and p.lng between v.min_lng and v.max_lng
           and (p.scenario_codes is null or v.scenario = any(p.scenario_codes))`.execute(db)
        ).rows;
  const areaCodes = [...new Set(queries.flatMap((q) => q.areaPath.split('/')))];
  const scenarios = [...new Set(queries.map((q) => q.scenarioCode))];
  const rules = await db
    .selectFrom('dispatch_rules')
    .select(['id', 'unit_name', 'assignee_id', 'area_code', 'area_depth', 'scenario_code'])
    .where('area_code', 'in', areaCodes)
    .where((eb) => eb.or([eb('scenario_code', 'in', scenarios), eb('scenario_code', 'is', null)]))
    .execute();
  // most specific first: deepest area, then a scenario's own rule before an any-scenario one
  rules.sort(
    (a, b) =>
      b.area_depth - a.area_depth ||
      Number(a.scenario_code === null) - Number(b.scenario_code === null),
  );
  return queries.map((q, i) => {
    const hit = pointRows
      .filter((p) => p.i === i)
      .map((p) => ({ p, d: distanceMeters(q.lat!, q.lng!, p.lat, p.lng) }))
      .filter(({ p, d }) => d <= p.radius_m)
      .sort((x, y) => x.d - y.d)[0];
    if (hit) {
      return {
        assigneeId: hit.p.leader_id,
        unitName: hit.p.unit_name,
        ruleId: null,
        pointId: hit.p.id,
        via: 'point',
        pointName: hit.p.name,
        distanceM: Math.round(hit.d),
      };
    }
    const chain = q.areaPath.split('/');
    const rule = rules.find(
      (r) =>
        chain.includes(r.area_code) &&
        (r.scenario_code === null || r.scenario_code === q.scenarioCode),
    );
    if (!rule) return null;
    return {
      assigneeId: rule.assignee_id,
      unitName: rule.unit_name,
      ruleId: rule.id,
      pointId: null,
      via: 'rule',
    };
  });
}

/**
 * The display name of an active account whose staff role reaches the area at `areaPath`, or a
 * 400 that names `field`: a case is never put on someone outside its area.
 */
export async function requireAssigneeFor(
  db: Kysely<DB>,
  accountId: string,
  areaPath: string,
  field: string,
): Promise<string> {
  const name = await requireActiveAccount(db, accountId, field);
  if (!(await holdsRoleWithin(db, accountId, areaPath, CASE_ASSIGNEE_ROLES))) {
    throw AppError.invalid(
      field,
      'within-area',
      `${field}: the account holds no staff role whose area reaches this area / 该账号不负责此区域`,
    );
  }
  return name;
}

// ---- managing rules and points (street and district staff, in their scope) ----

async function requireOperatorAt(ctx: Ctx, areaPath: string, action: string): Promise<void> {
  if (!reaches(ctx.actor, areaPath, CASE_OPERATOR_ROLES)) {
    await denyAndAudit(
      ctx,
      { action, objectType: 'dispatch', objectId: null, detail: { areaPath }, areaPath },
      'This area lies outside your operation centre / 该区域不在您的管辖范围内',
    );
  }
}

function requireOperatorScope(ctx: Ctx): string[] {
  const scope = operatorScope(ctx.actor);
  if (scope.length === 0)
    throw AppError.forbidden(
      'Only operation-centre staff manage dispatch / 仅城运中心人员可管理派单规则',
    );
  return scope;
}

export async function listDispatchRules(ctx: Ctx): Promise<DispatchRule[]> {
  const rows = await ctx.db
    .selectFrom('dispatch_rules as r')
    .innerJoin('areas as a', 'a.code', 'r.area_code')
    .select([
      'r.id',
      'r.scenario_code',
      'r.area_code',
      'a.name as area_name',
      'r.unit_name',
      'r.assignee_id',
    ])
    .where(pathWithin('area_path', requireOperatorScope(ctx)))
    .orderBy('r.area_path')
    .orderBy('r.scenario_code')
    .limit(2000)
    .execute();
  const names = await accountNames(
    ctx.db,
    rows.map((r) => r.assignee_id),
  );
  return rows.map((r) => ({
    id: r.id,
    scenarioCode: r.scenario_code,
    areaCode: r.area_code,
    areaName: r.area_name,
    unitName: r.unit_name,
    assigneeId: r.assignee_id,
    assigneeName: r.assignee_id ? (names.get(r.assignee_id) ?? null) : null,
  }));
}

export async function createDispatchRule(ctx: Ctx, body: DispatchRuleBody): Promise<DispatchRule> {
  requireOperatorScope(ctx);
  if (body.scenarioCode) requireScenario(body.scenarioCode);
  const code = normalizeAreaCode(body.areaCode, 'areaCode');
  const area = await findArea(ctx.db, code);
  if (!area) throw AppError.invalid('areaCode', 'exists', `areaCode: no area ${code}`);
  await requireOperatorAt(ctx, area.path, 'dispatch.rule.create');
  const assigneeName = body.assigneeId
    ? await requireAssigneeFor(ctx.db, body.assigneeId, area.path, 'assigneeId')
    : null;
  const id = crypto.randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    const clash = await trx
      .selectFrom('dispatch_rules')
      .select('id')
      .where('area_code', '=', code)
      .where((eb) =>
        body.scenarioCode
          ? eb('scenario_code', '=', body.scenarioCode)
          : eb('scenario_code', 'is', null),
      )
      .executeTakeFirst();
    if (clash)
      throw AppError.conflict(
        'A rule for this scenario and area exists; delete it first / 该区域该场景已有规则',
        'scenarioCode',
      );
    await trx
      .insertInto('dispatch_rules')
      .values({
        id,
        scenario_code: body.scenarioCode,
        area_code: code,
        area_path: area.path,
        area_depth: area.depth,
        unit_name: body.unitName,
        assignee_id: body.assigneeId,
        created_by: ctx.actor!.id,
      })
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'dispatch.rule.create',
        objectType: 'dispatch_rule',
        objectId: id,
        areaPath: area.path,
        detail: { ...body },
      },
      trx,
    );
  });
  return {
    id,
    scenarioCode: body.scenarioCode,
    areaCode: code,
    areaName: area.name,
    unitName: body.unitName,
    assigneeId: body.assigneeId,
    assigneeName,
  };
}

export async function deleteDispatchRule(ctx: Ctx, id: string): Promise<void> {
  const rule = await ctx.db
    .selectFrom('dispatch_rules')
    .select(['area_path'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!rule || !requireOperatorScope(ctx).some((p) => isWithin(rule.area_path, p))) {
    throw AppError.notFound('No such rule / 规则不存在');
  }
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('dispatch_rules').where('id', '=', id).execute();
    await recordAudit(
      ctx,
      {
        action: 'dispatch.rule.delete',
        objectType: 'dispatch_rule',
        objectId: id,
        areaPath: rule.area_path,
      },
      trx,
    );
  });
}

export async function listPoints(ctx: Ctx): Promise<Point[]> {
  const rows = await ctx.db
    .selectFrom('dispatch_points as p')
    .innerJoin('areas as a', 'a.code', 'p.area_code')
    .select([
      'p.id',
      'p.name',
      'p.kind',
      'p.lat',
      'p.lng',
      'p.radius_m',
      'p.scenario_codes',
      'p.leader_id',
      'p.unit_name',
      'p.area_code',
      'a.name as area_name',
    ])
    .where(pathWithin('area_path', requireOperatorScope(ctx)))
    .orderBy('p.area_path')
    .orderBy('p.name')
    .limit(5000)
    .execute();
  const names = await accountNames(
    ctx.db,
    rows.map((p) => p.leader_id),
  );
  // a point's leader is an account (a foreign key): every point has its name
  return rows.map((p) => ({
    id: p.id,
    name: p.name,
    kind: p.kind,
    lat: p.lat,
    lng: p.lng,
    radiusMeters: p.radius_m,
    scenarioCodes: p.scenario_codes,
    leaderId: p.leader_id,
    leaderName: names.get(p.leader_id) ?? '',
    unitName: p.unit_name,
    areaCode: p.area_code,
    areaName: p.area_name,
  }));
}

export async function createPoint(ctx: Ctx, body: PointBody): Promise<Point> {
  requireOperatorScope(ctx);
  for (const [i, s] of (body.scenarioCodes ?? []).entries())
    requireScenario(s, `scenarioCodes.${i}`);
  const code = resolveAreaCode(ctx.db, body.lng, body.lat);
  if (!code)
    throw AppError.invalid(
      'lat',
      'inside-city',
      'lat/lng: the point lies outside the city / 该点位不在本市范围内',
    );
  const area = (await findArea(ctx.db, code))!;
  await requireOperatorAt(ctx, area.path, 'dispatch.point.create');
  const leaderName = await requireAssigneeFor(ctx.db, body.leaderId, area.path, 'leaderId');
  const id = crypto.randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('dispatch_points')
      .values({
        id,
        name: body.name,
        kind: body.kind,
        lat: body.lat,
        lng: body.lng,
        radius_m: body.radiusMeters,
        scenario_codes: body.scenarioCodes,
        leader_id: body.leaderId,
        unit_name: body.unitName,
        area_code: area.code,
        area_path: area.path,
        created_by: ctx.actor!.id,
      })
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'dispatch.point.create',
        objectType: 'dispatch_point',
        objectId: id,
        areaPath: area.path,
        detail: { name: body.name },
      },
      trx,
    );
  });
  return {
    id,
    name: body.name,
    kind: body.kind,
    lat: body.lat,
    lng: body.lng,
    radiusMeters: body.radiusMeters,
    scenarioCodes: body.scenarioCodes,
    leaderId: body.leaderId,
    leaderName,
    unitName: body.unitName,
    areaCode: area.code,
    areaName: area.name,
  };
}

export async function deletePoint(ctx: Ctx, id: string): Promise<void> {
  const p = await ctx.db
    .selectFrom('dispatch_points')
    .select(['area_path'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!p || !requireOperatorScope(ctx).some((s) => isWithin(p.area_path, s)))
    throw AppError.notFound('No such point / 点位不存在');
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('dispatch_points').where('id', '=', id).execute();
    await recordAudit(
      ctx,
      {
        action: 'dispatch.point.delete',
        objectType: 'dispatch_point',
        objectId: id,
        areaPath: p.area_path,
      },
      trx,
    );
  });
}
