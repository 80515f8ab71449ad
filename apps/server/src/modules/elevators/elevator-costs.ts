import type { CostSharePreset, ElevatorDetail, SetElevatorCostBody } from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { electorateRooms, staircaseRef } from '../registry/index.js';
import { costPresets, requirePreset, shareCost, yuanToFen } from './cost-arithmetic.js';
import { getProject } from './elevator-detail.js';
import { requireRunner } from './elevators.policy.js';
import * as repo from './elevators.repo.js';

/**
 * The cost shared by floor: staff pick a preset and enter the total; every room of the staircase
 * (the registry's rooms of the building and unit, with their floors) gets its share in fen,
 * computed once and kept, adding up to the total exactly.
 */

/** The presets staff pick from (a reader of any project may list them). */
export function listCostPresets(ctx: Ctx): readonly CostSharePreset[] {
  if (!ctx.actor) throw AppError.unauthenticated();
  return costPresets();
}

export async function setCost(
  ctx: Ctx,
  id: string,
  body: SetElevatorCostBody,
): Promise<ElevatorDetail> {
  // outsiders learn nothing, not even that their input was wrong
  const found = await repo.findProject(ctx.db, id);
  if (found) requireRunner(ctx.actor, found);
  const preset = requirePreset(body.preset);
  const totalFen = yuanToFen(body.total);
  await ctx.db.transaction().execute(async (trx) => {
    const p = await repo.lockProject(trx, id);
    requireRunner(ctx.actor, p);
    const [rooms, stair] = await Promise.all([
      electorateRooms(trx, { kind: 'unit', buildingId: p.building_id, unit: p.unit }),
      staircaseRef(trx, p.building_id, p.unit),
    ]);
    if (rooms.length === 0)
      throw AppError.conflict('The staircase has no rooms on record / 该单元在房屋信息中没有房屋');
    const noFloor = rooms.filter((r) => r.floor === null);
    if (noFloor.length > 0)
      throw AppError.conflict(
        `Rooms without a floor on record (fix them in the registry first): ${noFloor
          .slice(0, 20)
          .map((r) => r.label)
          .join(', ')} / 以下房屋缺少楼层信息，请先在房屋信息中补全`,
      );
    const floors = Math.max(stair?.floors ?? 0, ...rooms.map((r) => r.floor!));
    const weights = preset.weights[String(floors)];
    if (!weights)
      throw AppError.invalid(
        'preset',
        'floors',
        `preset: "${preset.code}" has no weights for a building of ${floors} floors (it has ${Object.keys(
          preset.weights,
        ).join(', ')}) / 该分摊方案不适用于 ${floors} 层的楼`,
      );
    // a basement or a floor below the ground weighs nothing
    const weighted = rooms.map((r) => ({
      roomId: r.roomId,
      label: r.label,
      floor: r.floor!,
      weight: r.floor! >= 1 ? weights[r.floor! - 1]! : 0,
    }));
    if (!weighted.some((r) => r.weight > 0))
      throw AppError.conflict(
        'Every room of the staircase weighs 0 under this preset: pick another / 按该方案本单元所有房屋权重均为 0，请选择其他方案',
      );
    const shares = shareCost(totalFen, weighted);
    const now = new Date();
    await trx.deleteFrom('elevator_cost_shares').where('project_id', '=', id).execute();
    await trx
      .insertInto('elevator_cost_shares')
      .values(
        weighted.map((r, i) => ({
          project_id: id,
          room_id: r.roomId,
          position: i + 1,
          label: r.label,
          floor: r.floor,
          weight: r.weight,
          share_fen: shares[i]!,
        })),
      )
      .execute();
    await trx
      .updateTable('elevator_projects')
      .set({
        cost_preset: preset.code,
        cost_total_fen: totalFen,
        cost_floors: floors,
        cost_set_at: now,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'elevators.cost',
        objectType: 'elevator_project',
        objectId: id,
        areaPath: p.area_path,
        detail: { preset: preset.code, totalFen, rooms: rooms.length, floors },
      },
      trx,
    );
  });
  return getProject(ctx, id);
}
