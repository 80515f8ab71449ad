import type { Kysely } from 'kysely';
import type { Actor, Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { denyAndAudit } from '../audit/index.js';
import { requireArea } from '../areas/index.js';

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
      { action, objectType: 'area', objectId: area.code },
      `${area.name_en ?? area.code} lies outside what your role may see or change here / ${area.name}不在您的权限范围内`,
    );
  }
  return area;
}

/** A room and the committee, street and compound path it lies in. */
export interface RoomPlace {
  roomId: string | null;
  committeeCode: string;
  streetCode: string;
  areaPath: string;
}

export async function loadRoomPlace(db: Kysely<DB>, roomId: string): Promise<RoomPlace | null> {
  const r = await db
    .selectFrom('rooms')
    .select(['id', 'committee_code', 'area_path'])
    .where('id', '=', roomId)
    .executeTakeFirst();
  if (!r) return null;
  return {
    roomId: r.id,
    committeeCode: r.committee_code,
    streetCode: r.area_path.split('/')[2]!,
    areaPath: r.area_path,
  };
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

export async function tagCodes(db: Kysely<DB>): Promise<Set<string>> {
  const rows = await db.selectFrom('registry_tags').select('code').execute();
  return new Set(rows.map((r) => r.code));
}
