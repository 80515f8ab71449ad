import type {
  PickerBuildingList,
  PickerBuildingQuery,
  PickerCompoundList,
  PickerCompoundQuery,
  PickerRoomList,
  PickerRoomQuery,
} from '@cc/contracts';
import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { findArea } from '../areas/index.js';
import { pickerBuildings, pickerRooms } from '../registry/index.js';

/**
 * The resident's room picker: compound → building → unit → room. It shows area names,
 * building names, units and room numbers, and nothing about anyone who lives there.
 */

const ROOMS_MAX = 200;

/** Compounds by part of their name or their committee's, or all of one committee's. */
export async function listPickerCompounds(
  ctx: Ctx,
  q: PickerCompoundQuery,
): Promise<PickerCompoundList> {
  if (!q.committee && !q.q?.trim())
    throw AppError.invalid(
      'q',
      'required',
      'q: give part of a compound name, or a committee / 请输入小区名称',
    );
  let query = ctx.db
    .selectFrom('areas as a')
    .innerJoin('areas as c', (j) => j.on(sql<boolean>`c.code = split_part(a.path, '/', 4)`))
    .innerJoin('areas as s', (j) => j.on(sql<boolean>`s.code = split_part(a.path, '/', 3)`))
    .select([
      'a.code',
      'a.name',
      'c.code as committeeCode',
      'c.name as committeeName',
      's.name as streetName',
    ])
    .where('a.level', '=', 'compound');
  if (q.committee) query = query.where('c.code', '=', q.committee);
  const text = q.q?.trim();
  if (text) {
    const like = `%${text.replace(/[\\%_]/g, '\\$&')}%`;
    query = query.where((eb) => eb.or([eb('a.name', 'like', like), eb('c.name', 'like', like)]));
  }
  const items = await query.orderBy('a.code').limit(50).execute();
  return { items };
}

async function requireCompound(ctx: Ctx, code: string) {
  const area = await findArea(ctx.db, code);
  if (!area || area.level !== 'compound')
    throw AppError.notFound('No such compound / 没有这个小区');
  return area;
}

export async function listPickerBuildings(
  ctx: Ctx,
  q: PickerBuildingQuery,
): Promise<PickerBuildingList> {
  const compound = await requireCompound(ctx, q.compound);
  return { items: await pickerBuildings(ctx.db, compound.code) };
}

export async function listPickerRooms(ctx: Ctx, q: PickerRoomQuery): Promise<PickerRoomList> {
  const compound = await requireCompound(ctx, q.compound);
  return pickerRooms(ctx.db, {
    compoundCode: compound.code,
    ...(q.building ? { buildingId: q.building } : {}),
    ...(q.q?.trim() ? { q: q.q.trim() } : {}),
    limit: ROOMS_MAX,
  });
}
