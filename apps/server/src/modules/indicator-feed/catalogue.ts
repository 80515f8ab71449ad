import path from 'node:path';
import {
  DEPARTMENT_CODE_PATTERN,
  ErrorCode,
  FED_LEVELS,
  FED_OVER_TIME,
  FED_ROLLUPS,
  INDICATOR_DIRECTIONS,
  StringEnum,
  type FedCatalogue,
  type FedIndicator,
  type FedLevel,
  type UpdateFedIndicatorBody,
} from '@cc/contracts';
import { Type } from '@sinclair/typebox';
import type { Kysely, Selectable } from 'kysely';
import { REPO_ROOT } from '../../platform/config.js';
import type { Ctx } from '../../platform/context.js';
import { loadDataFile } from '../../platform/data-file.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { denyAndAudit, recordAudit } from '../audit/index.js';
import { departmentNames } from '../departments/index.js';
import { mayManageFedIndicators } from './indicator-feed.policy.js';
import type { FedIndicatorsTable } from './indicator-feed.tables.js';

/**
 * The catalogue of fed indicators (decision 028): shipped in data/indicators/departments.json
 * and added at start when missing; from then on the city's administrators keep each one's
 * names, definition, rules, thresholds and levels in the console. Read from memory: a batch of
 * ten thousand figures checks each against it; a change here is seen at once on this server
 * and within CACHE_MS on another.
 */

const FILE = path.join(REPO_ROOT, 'data/indicators/departments.json');
const CACHE_MS = 30_000;

const Thresholds = Type.Union([
  Type.Object({ green: Type.Number(), red: Type.Number() }),
  Type.Null(),
]);
const ShippedFile = Type.Object({
  version: Type.Integer(),
  source: Type.String(),
  groups: Type.Array(
    Type.Object({ id: Type.String(), name: Type.String(), nameEn: Type.String() }),
  ),
  indicators: Type.Array(
    Type.Object({
      id: Type.String({ pattern: '^[a-z0-9_.-]{2,60}$' }),
      name: Type.String({ minLength: 1 }),
      nameEn: Type.String({ minLength: 1 }),
      group: Type.String(),
      unit: Type.String({ minLength: 1 }),
      unitEn: Type.String({ minLength: 1 }),
      decimals: Type.Integer({ minimum: 0, maximum: 3 }),
      definition: Type.String({ minLength: 1 }),
      definitionEn: Type.String({ minLength: 1 }),
      department: Type.String({ pattern: DEPARTMENT_CODE_PATTERN }),
      rollup: StringEnum(FED_ROLLUPS),
      overTime: StringEnum(FED_OVER_TIME),
      direction: StringEnum(INDICATOR_DIRECTIONS),
      target: Type.Union([Type.Number(), Type.Null()]),
      thresholds: Thresholds,
      levels: Type.Array(StringEnum(FED_LEVELS), { minItems: 1 }),
    }),
  ),
});

function shipped() {
  return loadDataFile(FILE, ShippedFile, (f) => {
    const groups = new Set(f.groups.map((g) => g.id));
    const ids = new Set<string>();
    const problems: string[] = [];
    for (const i of f.indicators) {
      if (ids.has(i.id)) problems.push(`${i.id} appears twice`);
      ids.add(i.id);
      if (!groups.has(i.group)) problems.push(`${i.id}: no group ${i.group}`);
    }
    return problems;
  });
}

/** Add the shipped groups and indicators that are missing (the departments are added first). */
export async function addShippedIndicators(db: Kysely<DB>): Promise<void> {
  const file = shipped();
  await db
    .insertInto('fed_indicator_groups')
    .values(file.groups.map((g, i) => ({ id: g.id, name: g.name, name_en: g.nameEn, position: i })))
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  await db
    .insertInto('fed_indicators')
    .values(
      file.indicators.map((i, position) => ({
        id: i.id,
        group_id: i.group,
        name: i.name,
        name_en: i.nameEn,
        unit: i.unit,
        unit_en: i.unitEn,
        decimals: i.decimals,
        definition: i.definition,
        definition_en: i.definitionEn,
        department: i.department,
        rollup: i.rollup,
        over_time: i.overTime,
        direction: i.direction,
        target: i.target,
        green: i.thresholds?.green ?? null,
        red: i.thresholds?.red ?? null,
        levels: i.levels,
        position,
        last_figure_at: null,
        updated_by: null,
      })),
    )
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export type CatalogueRow = Selectable<FedIndicatorsTable>;
export interface Catalogue {
  groups: { id: string; name: string; nameEn: string }[];
  byId: Map<string, CatalogueRow>;
  /** in the catalogue's order */
  list: CatalogueRow[];
  departments: Map<string, { name: string; nameEn: string }>;
}

const cached = new WeakMap<object, { at: number; catalogue: Promise<Catalogue> }>();

async function readCatalogue(db: Kysely<DB>): Promise<Catalogue> {
  const [groups, rows, departments] = await Promise.all([
    db.selectFrom('fed_indicator_groups').selectAll().orderBy('position').execute(),
    db.selectFrom('fed_indicators').selectAll().orderBy('position').orderBy('id').execute(),
    departmentNames(db),
  ]);
  return {
    groups: groups.map((g) => ({ id: g.id, name: g.name, nameEn: g.name_en })),
    byId: new Map(rows.map((r) => [r.id, r])),
    list: rows,
    departments,
  };
}

/** The catalogue, from memory when read in the last CACHE_MS. */
export function catalogue(db: Kysely<DB>): Promise<Catalogue> {
  const hit = cached.get(db);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.catalogue;
  const fresh = readCatalogue(db);
  cached.set(db, { at: Date.now(), catalogue: fresh });
  fresh.catch(() => cached.delete(db));
  return fresh;
}

export function forgetCatalogue(db: Kysely<DB>): void {
  cached.delete(db);
}

export function fedIndicatorView(r: CatalogueRow, c: Pick<Catalogue, 'departments'>): FedIndicator {
  const dep = c.departments.get(r.department);
  return {
    id: r.id,
    group: r.group_id,
    name: r.name,
    nameEn: r.name_en,
    unit: r.unit,
    unitEn: r.unit_en,
    decimals: r.decimals,
    definition: r.definition,
    definitionEn: r.definition_en,
    department: r.department,
    departmentName: dep?.name ?? r.department,
    departmentNameEn: dep?.nameEn ?? r.department,
    rollup: r.rollup,
    overTime: r.over_time,
    direction: r.direction,
    target: r.target,
    thresholds: r.green !== null && r.red !== null ? { green: r.green, red: r.red } : null,
    levels: r.levels as FedLevel[],
    lastFigureAt: r.last_figure_at?.toISOString() ?? null,
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function getFedCatalogue(ctx: Ctx): Promise<FedCatalogue> {
  const c = await readCatalogue(ctx.db);
  return { groups: c.groups, indicators: c.list.map((r) => fedIndicatorView(r, c)) };
}

/** Change a fed indicator's description and rules (city administrators; audited). */
export async function updateFedIndicator(
  ctx: Ctx,
  id: string,
  body: UpdateFedIndicatorBody,
): Promise<FedIndicator> {
  if (!mayManageFedIndicators(ctx.actor)) {
    await denyAndAudit(
      ctx,
      { action: 'indicator.update', objectType: 'fed_indicator', objectId: id },
      'Only administrators of the city keep the indicator catalogue / 仅市级系统管理员可维护指标目录',
    );
  }
  if (body.thresholds) {
    const { green, red } = body.thresholds;
    if (green === red) {
      throw AppError.invalid(
        'thresholds',
        'distinct',
        'thresholds: green and red must differ / 绿、红阈值不能相同',
      );
    }
  }
  const row = await ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('fed_indicators')
      .set({
        ...(body.name !== undefined ? { name: body.name.trim() } : {}),
        ...(body.nameEn !== undefined ? { name_en: body.nameEn.trim() } : {}),
        ...(body.definition !== undefined ? { definition: body.definition.trim() } : {}),
        ...(body.definitionEn !== undefined ? { definition_en: body.definitionEn.trim() } : {}),
        ...(body.rollup !== undefined ? { rollup: body.rollup } : {}),
        ...(body.overTime !== undefined ? { over_time: body.overTime } : {}),
        ...(body.direction !== undefined ? { direction: body.direction } : {}),
        ...(body.target !== undefined ? { target: body.target } : {}),
        ...(body.thresholds !== undefined
          ? { green: body.thresholds?.green ?? null, red: body.thresholds?.red ?? null }
          : {}),
        ...(body.levels !== undefined ? { levels: [...body.levels] } : {}),
        updated_by: ctx.actor!.id,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!r) {
      throw new AppError(ErrorCode.notFound, `No fed indicator ${id} / 没有该指标`, {
        field: 'id',
        rule: 'exists',
      });
    }
    await recordAudit(
      ctx,
      {
        action: 'indicator.update',
        objectType: 'fed_indicator',
        objectId: id,
        detail: { ...body },
      },
      trx,
    );
    return r;
  });
  forgetCatalogue(ctx.db);
  return fedIndicatorView(row, { departments: await departmentNames(ctx.db) });
}
