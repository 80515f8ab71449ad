import {
  ErrorCode,
  type HotlineCategory,
  type HotlineCategoryList,
  type PutHotlineCategoryBody,
} from '@cc/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { denyAndAudit, recordAudit, type AuditEvent } from '../audit/index.js';
import { findScenario, validateAttributes } from '../cases/index.js';
import { mayManageHotline, mayReadHotlineImports } from './hotline.policy.js';
import type { HotlineCategoriesTable } from './hotline.tables.js';

const OBJECT_TYPE = 'hotline_category';

function view(r: Selectable<HotlineCategoriesTable>): HotlineCategory {
  return {
    category: r.category,
    scenarioCode: r.scenario_code,
    attributes: r.attributes,
    updatedAt: r.updated_at.toISOString(),
  };
}

async function requireManager(ctx: Ctx, event: AuditEvent): Promise<void> {
  if (!mayManageHotline(ctx.actor)) {
    await denyAndAudit(
      ctx,
      event,
      'Only administrators of the city map hotline categories / 仅市级系统管理员可维护热线分类对应',
    );
  }
}

export async function listHotlineCategories(ctx: Ctx): Promise<HotlineCategoryList> {
  if (!mayReadHotlineImports(ctx.actor)) {
    await denyAndAudit(
      ctx,
      { action: 'hotline.imports.list', objectType: OBJECT_TYPE, objectId: null },
      'Your roles do not read the hotline intake / 您的角色不能查看热线对接',
    );
  }
  const rows = await ctx.db
    .selectFrom('hotline_categories')
    .selectAll()
    .orderBy('category')
    .execute();
  return { items: rows.map(view) };
}

/**
 * Map a hotline category to a scenario, with the answers its orders give to the scenario's
 * required fields (checked against the scenario now, and again on each import).
 */
export async function putHotlineCategory(
  ctx: Ctx,
  category: string,
  body: PutHotlineCategoryBody,
): Promise<HotlineCategory> {
  await requireManager(ctx, {
    action: 'hotline.category.update',
    objectType: OBJECT_TYPE,
    objectId: category,
  });
  const name = category.trim();
  if (!name) throw AppError.invalid('category', 'minLength', 'category: it is empty / 分类为空');
  const scenario = findScenario(body.scenarioCode);
  if (!scenario) {
    throw AppError.invalid(
      'scenarioCode',
      'exists',
      `scenarioCode: no scenario "${body.scenarioCode}" / 没有这个场景`,
    );
  }
  const attributes = body.attributes ?? {};
  validateAttributes(scenario, attributes, 'attributes');
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('hotline_categories')
      .values({
        category: name,
        scenario_code: scenario.code,
        attributes: JSON.stringify(attributes),
        updated_by: ctx.actor!.id,
      })
      .onConflict((oc) =>
        oc.column('category').doUpdateSet({
          scenario_code: scenario.code,
          attributes: JSON.stringify(attributes),
          updated_by: ctx.actor!.id,
          updated_at: new Date(),
        }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(
      ctx,
      {
        action: 'hotline.category.update',
        objectType: OBJECT_TYPE,
        objectId: name,
        detail: { scenarioCode: scenario.code, attributes },
      },
      trx,
    );
    return view(row);
  });
}

export async function deleteHotlineCategory(ctx: Ctx, category: string): Promise<void> {
  await requireManager(ctx, {
    action: 'hotline.category.delete',
    objectType: OBJECT_TYPE,
    objectId: category,
  });
  await ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .deleteFrom('hotline_categories')
      .where('category', '=', category)
      .executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) {
      throw new AppError(ErrorCode.notFound, `No mapping for "${category}" / 没有该分类的对应`, {
        field: 'category',
        rule: 'exists',
      });
    }
    await recordAudit(
      ctx,
      { action: 'hotline.category.delete', objectType: OBJECT_TYPE, objectId: category },
      trx,
    );
  });
}

/** The whole mapping, read once per import (a city has some hundreds of categories). */
export async function readMapping(
  db: Kysely<DB>,
): Promise<
  Map<string, { scenarioCode: string; attributes: Record<string, string | number | string[]> }>
> {
  const rows = await db.selectFrom('hotline_categories').selectAll().execute();
  return new Map(
    rows.map((r) => [r.category, { scenarioCode: r.scenario_code, attributes: r.attributes }]),
  );
}
