import type { Kysely } from 'kysely';
import type { Actor, Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { denyAndAudit } from '../audit/index.js';
import { requireArea } from '../areas/index.js';

/**
 * The registry's queries that more than one use case runs (a use case's own queries sit beside
 * it; the committee statistics are in stats.repo.ts).
 */

/** The area named by `rawCode`, if `may` lets the actor act there; else 404 / 403 (audited). */
export async function requireRegistryArea(
  ctx: Ctx,
  rawCode: string,
  may: (actor: Actor | null, path: string) => boolean,
  action: string,
) {
  const area = await requireArea(ctx.db, rawCode);
  if (!may(ctx.actor, area.path)) {
    await denyAndAudit(
      ctx,
      { action, objectType: 'area', objectId: area.code, areaPath: area.path },
      `${area.name_en ?? area.code} lies outside what your role may see or change here / ${area.name}不在您的权限范围内`,
    );
  }
  return area;
}

/** The history row of one change: who, when, what (personal values never written here). */
export async function recordChange(
  db: Kysely<DB>,
  ctx: Pick<Ctx, 'actor'>,
  entity: 'resident' | 'room' | 'building' | 'organisation',
  entityId: string,
  committeeCode: string,
  action: string,
  changes: Record<string, unknown>,
): Promise<void> {
  await db
    .insertInto('registry_changes')
    .values({
      entity,
      entity_id: entityId,
      committee_code: committeeCode,
      action,
      changes: JSON.stringify(changes),
      actor_id: ctx.actor?.id ?? null,
    })
    .execute();
}
