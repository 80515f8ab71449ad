import { maskName, type BuildingLeaderView } from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { AppDeps, Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { accountNames } from '../identity/index.js';
import { queueNotifications, type NotifyInput } from '../notifications/index.js';
import type { BuildingRef } from '../registry/index.js';
import {
  deleteLeader,
  endLeaderships,
  isVerifiedMember,
  leadersOf,
  putLeader,
} from './building-groups.repo.js';
import { staffBuilding } from './building-groups.service.js';

/**
 * A building's leader (楼组长): appointed and removed by the committee's staff (audited, told
 * in-app); a leader who moves away or whose verified link ends leads no more.
 */

async function leaderView(db: Kysely<DB>, buildingId: string): Promise<BuildingLeaderView> {
  const leader = (await leadersOf(db, [buildingId])).get(buildingId);
  if (!leader) return { buildingId, leader: null };
  const names = await accountNames(db, [leader]);
  return { buildingId, leader: { accountId: leader, name: maskName(names.get(leader) ?? '?') } };
}

const told = (building: BuildingRef, recipientId: string, text: string): NotifyInput => ({
  caseId: null,
  areaPath: building.areaPath,
  recipientId,
  text,
  channels: ['inapp'],
});

/**
 * Appoint the building's leader (楼组长), replacing any: committee staff of the building only
 * (404 otherwise), a verified resident of the building only (400 otherwise). Audited; the new
 * and the former leader are told in-app. Appointing the leader again changes nothing.
 */
export async function appointBuildingLeader(
  ctx: Ctx,
  buildingId: string,
  accountId: string,
): Promise<BuildingLeaderView> {
  const building = await staffBuilding(ctx, buildingId);
  if (!(await isVerifiedMember(ctx.db, building.id, accountId)))
    throw AppError.invalid(
      'accountId',
      'member',
      'accountId: the leader must be a verified resident of this building / 楼组长须是本楼已认证的住户',
    );
  await ctx.db.transaction().execute(async (trx) => {
    // checked again inside: the link may have ended since
    if (!(await isVerifiedMember(trx, building.id, accountId)))
      throw AppError.invalid(
        'accountId',
        'member',
        'accountId: the leader must be a verified resident of this building / 楼组长须是本楼已认证的住户',
      );
    const previous = await putLeader(trx, {
      buildingId: building.id,
      accountId,
      committeeCode: building.committeeCode,
      areaPath: building.areaPath,
      by: ctx.actor!.id,
    });
    if (previous === accountId) return;
    await recordAudit(
      ctx,
      {
        action: 'building-groups.leader.appoint',
        objectType: 'building',
        objectId: building.id,
        areaPath: building.areaPath,
        detail: { leader: accountId, previous },
      },
      trx,
    );
    const notes = [
      told(
        building,
        accountId,
        `【社区云】您已被任命为${building.name}楼组长 / You now lead the building group of ${building.name}`,
      ),
    ];
    if (previous)
      notes.push(
        told(
          building,
          previous,
          `【社区云】您已不再担任${building.name}楼组长 / You no longer lead the building group of ${building.name}`,
        ),
      );
    await queueNotifications(trx, notes);
  });
  ctx.jobs.kick();
  return leaderView(ctx.db, building.id);
}

/**
 * End the building's leadership (committee staff of the building only). Naming an account
 * that is not (or no longer) the leader is a 409 and changes nothing; no leader is no change.
 */
export async function removeBuildingLeader(
  ctx: Ctx,
  buildingId: string,
  accountId: string | undefined,
): Promise<void> {
  const building = await staffBuilding(ctx, buildingId);
  await ctx.db.transaction().execute(async (trx) => {
    const current = (await leadersOf(trx, [building.id])).get(building.id) ?? null;
    if (accountId && current !== accountId)
      throw AppError.conflict(
        'accountId: that account no longer leads this building group / 此人已不是本楼楼组长',
        'accountId',
      );
    const ended = await deleteLeader(trx, building.id);
    if (!ended) return;
    await recordAudit(
      ctx,
      {
        action: 'building-groups.leader.remove',
        objectType: 'building',
        objectId: building.id,
        areaPath: building.areaPath,
        detail: { leader: ended },
      },
      trx,
    );
    await queueNotifications(trx, [
      told(
        building,
        ended,
        `【社区云】您已不再担任${building.name}楼组长 / You no longer lead the building group of ${building.name}`,
      ),
    ]);
  });
  ctx.jobs.kick();
}

/**
 * In the residents module's transaction: a leader whose verified link ended, or who moved to
 * another building (`stay`: the building they live in now), leads no more. Audited.
 */
export async function endLeadershipsOf(
  trx: Kysely<DB>,
  deps: AppDeps,
  accountIds: readonly string[],
  stay?: string,
): Promise<void> {
  const ended = await endLeaderships(trx, accountIds, stay);
  const ctx: Ctx = { ...deps, actor: null, ip: null };
  for (const row of ended)
    await recordAudit(
      ctx,
      {
        action: 'building-groups.leader.end',
        objectType: 'building',
        objectId: row.building_id,
        areaPath: row.area_path,
        detail: { leader: row.account_id, reason: stay ? 'moved' : 'revoked' },
      },
      trx,
    );
}
