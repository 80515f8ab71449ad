import type {
  ElevatorDetail,
  ElevatorVolunteerCandidate,
  SetElevatorVolunteersBody,
} from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { committeePath } from '../../platform/policy.js';
import { recordAudit } from '../audit/index.js';
import { committeeAccounts } from '../identity/index.js';
import { getProject } from './elevator-detail.js';
import { ELEVATOR_NOT_FOUND, requireRunner } from './elevators.policy.js';
import * as repo from './elevators.repo.js';

/**
 * Volunteers assigned to a project (楼道志愿者, "stair-climbing volunteers"): the committee's
 * staff or residents verified as living in the committee. Staff set the list whole.
 */

const NOT_A_VOLUNTEER = (field: string) =>
  AppError.invalid(
    field,
    'volunteer',
    `${field}: a volunteer is the committee's staff or a resident verified as living in it / 志愿者须为本居委会工作人员或已认证的本社区居民`,
  );

/**
 * Accounts of the committee (its staff, its verified residents) whose user name or display name
 * starts with `q`: whom staff may pick as volunteers (at most 20; residents' names masked).
 */
export async function volunteerCandidates(
  ctx: Ctx,
  id: string,
  q: string | undefined,
): Promise<{ items: ElevatorVolunteerCandidate[] }> {
  const p = await repo.findProject(ctx.db, id);
  if (!p) throw AppError.notFound(ELEVATOR_NOT_FOUND);
  requireRunner(ctx.actor, p);
  const accounts = await committeeAccounts(ctx.db, {
    committeePath: committeePath(p.area_path, p.committee_code),
    q,
    limit: 20,
  });
  return { items: accounts.map(({ id, name, kind }) => ({ accountId: id, name, kind })) };
}

export async function setVolunteers(
  ctx: Ctx,
  id: string,
  body: SetElevatorVolunteersBody,
): Promise<ElevatorDetail> {
  const ids = [...new Set(body.accountIds.map((a) => a.toLowerCase()))];
  await ctx.db.transaction().execute(async (trx) => {
    const p = await repo.lockProject(trx, id);
    requireRunner(ctx.actor, p);
    const found = new Map(
      (
        await committeeAccounts(trx, {
          committeePath: committeePath(p.area_path, p.committee_code),
          ids,
          limit: ids.length,
        })
      ).map((a) => [a.id, a.kind]),
    );
    const kinds = new Map<string, 'staff' | 'resident'>();
    for (const [i, accountId] of ids.entries()) {
      const kind = found.get(accountId);
      if (!kind) throw NOT_A_VOLUNTEER(`accountIds.${i}`);
      kinds.set(accountId, kind);
    }
    const before = await trx
      .selectFrom('elevator_volunteers')
      .select('account_id')
      .where('project_id', '=', id)
      .execute();
    const removed = before.map((r) => r.account_id).filter((a) => !kinds.has(a));
    if (removed.length > 0)
      await trx
        .deleteFrom('elevator_volunteers')
        .where('project_id', '=', id)
        .where('account_id', 'in', removed)
        .execute();
    const kept = new Set(before.map((r) => r.account_id));
    const added = ids.filter((a) => !kept.has(a));
    if (added.length > 0)
      await trx
        .insertInto('elevator_volunteers')
        .values(
          added.map((a) => ({
            project_id: id,
            account_id: a,
            kind: kinds.get(a)!,
            added_by: ctx.actor!.id,
          })),
        )
        .execute();
    await trx
      .updateTable('elevator_projects')
      .set({ updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'elevators.volunteers',
        objectType: 'elevator_project',
        objectId: id,
        areaPath: p.area_path,
        detail: { added, removed },
      },
      trx,
    );
  });
  return getProject(ctx, id);
}
