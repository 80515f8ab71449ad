import { VOTE_STAFF_ROLES, VOTE_VIEWER_ROLES } from '@cc/contracts';
import type { Actor, Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { isStaff, reaches } from '../../platform/policy.js';
import { residentHome, type ResidentHome } from '../residents/index.js';
import { residentReach } from './vote-voters.js';

/** What a policy needs of a vote. */
export interface VoteScope {
  id: string;
  committee_code: string;
  /** the electorate's compound path (or the committee's, for a list across compounds) */
  area_path: string;
  state: string;
}

export const VOTE_NOT_FOUND = 'No such vote / 没有该表决';

/** Committee staff reaching the vote's area run it (open, cancel, publish, paper, campaign). */
export const mayRun = (actor: Actor | null, v: { area_path: string }): boolean =>
  reaches(actor, v.area_path, VOTE_STAFF_ROLES);

/** Staff who read it with live figures: the committee's staff and the street's operators. */
export const mayWatch = (actor: Actor | null, v: { area_path: string }): boolean =>
  reaches(actor, v.area_path, VOTE_VIEWER_ROLES);

/**
 * How the reader stands to a vote: staff who watch it; or a verified resident who is an owner
 * on record of the frozen electorate (their owner key in vote_voters — a landlord whose own
 * home is elsewhere too), or, for the detail only, whose home room is one of its units (a
 * tenant of the staircase sees the question and why they cannot vote); or nobody (404: never
 * say it exists). A draft is staff's only. Whether an owner may cast a ballot now is
 * `voterStanding` (vote-voters.ts).
 */
export type VoteReader =
  { kind: 'staff'; runs: boolean } | { kind: 'resident'; home: ResidentHome; owner: boolean };

/** `result`: the published result and its chain are the owners' (and staff's), not tenants'. */
export async function requireReader(
  ctx: Ctx,
  v: VoteScope,
  o: { result?: boolean } = {},
): Promise<VoteReader> {
  if (mayWatch(ctx.actor, v)) return { kind: 'staff', runs: mayRun(ctx.actor, v) };
  if (ctx.actor && !isStaff(ctx.actor) && v.state !== 'draft') {
    const home = await residentHome(ctx.db, ctx.actor.id);
    if (home) {
      const reach = await residentReach(ctx.db, v.id, home);
      if (reach.owner) return { kind: 'resident', home, owner: true };
      if (reach.lives && !o.result) return { kind: 'resident', home, owner: false };
    }
  }
  throw AppError.notFound(VOTE_NOT_FOUND);
}

/** Only the committee's staff run a vote: a street operator or a resident who reads it gets 403. */
export async function requireRunner(ctx: Ctx, v: VoteScope): Promise<void> {
  if (mayRun(ctx.actor, v)) return;
  await requireReader(ctx, v);
  throw AppError.forbidden(
    "Only the committee's staff run an owners' vote / 仅居委会工作人员可组织业主表决",
  );
}
