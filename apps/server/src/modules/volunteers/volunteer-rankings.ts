import type { VolunteerRanking, VolunteerRankingQuery } from '@cc/contracts';
import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { pathWithin } from '../../platform/db/path-within.js';
import { AppError } from '../../platform/errors.js';
import { shanghaiYear } from '../../platform/shanghai-time.js';
import { findAreaCached } from '../areas/index.js';
import { residentHome } from '../residents/index.js';
import { isVolunteerStaff } from './volunteers.policy.js';
import { areaRefs, volunteerOfAccount } from './volunteers.repo.js';

/**
 * Rankings of a year's confirmed hours in an area, by volunteer (masked names), by team or by
 * committee, read from the ledger as it was credited (the committee and teams at the time).
 * Staff reaching the area see it; a volunteer or a verified resident sees their own committee's.
 */

const NOT_FOUND = 'area: no such area, or not yours / 区域不存在或无权查看';

export async function volunteerRanking(
  ctx: Ctx,
  q: VolunteerRankingQuery,
): Promise<VolunteerRanking> {
  const actor = ctx.actor;
  if (!actor) throw AppError.unauthenticated();
  const area = await findAreaCached(ctx.db, q.area);
  if (!area) throw AppError.notFound(NOT_FOUND);
  const me = await volunteerOfAccount(ctx.db, actor.id);
  if (!isVolunteerStaff(actor, area.path)) {
    const home = await residentHome(ctx.db, actor.id);
    const own =
      area.level === 'committee' &&
      (me?.committee_code === area.code || home?.committeeCode === area.code);
    if (!own) throw AppError.notFound(NOT_FOUND);
  }
  const year = q.year ?? shanghaiYear();
  const limit = q.limit ?? 20;
  const within = sql`${pathWithin('h.area_path', [area.path])} and h.year = ${year}`;
  let rows: { id: string; name: string; minutes: number; is_me: boolean }[];
  if (q.by === 'volunteer') {
    const r = await sql<{ id: string; name: string; minutes: number; is_me: boolean }>`
      select v.id, v.name_masked as name, sum(h.minutes)::int as minutes,
        coalesce(v.account_id = ${actor.id}::uuid, false) as is_me
      from volunteer_hours h join volunteers v on v.id = h.volunteer_id
      where ${within}
      group by v.id, v.name_masked, v.account_id
      having sum(h.minutes) > 0
      order by minutes desc, v.id
      limit ${limit}`.execute(ctx.db);
    rows = r.rows;
  } else if (q.by === 'team') {
    const myTeams = me
      ? (
          await ctx.db
            .selectFrom('volunteer_team_members')
            .select('team_id')
            .where('volunteer_id', '=', me.id)
            .execute()
        ).map((t) => t.team_id)
      : [];
    const r = await sql<{ id: string; name: string; minutes: number }>`
      select t.id, t.name, sum(h.minutes)::int as minutes
      from volunteer_hours h cross join lateral unnest(h.team_ids) as ht(team_id)
        join volunteer_teams t on t.id = ht.team_id
      where ${within}
      group by t.id, t.name
      having sum(h.minutes) > 0
      order by minutes desc, t.id
      limit ${limit}`.execute(ctx.db);
    rows = r.rows.map((x) => ({ ...x, is_me: myTeams.includes(x.id) }));
  } else {
    const r = await sql<{ id: string; minutes: number }>`
      select h.committee_code as id, sum(h.minutes)::int as minutes
      from volunteer_hours h
      where ${within}
      group by h.committee_code
      having sum(h.minutes) > 0
      order by minutes desc, h.committee_code
      limit ${limit}`.execute(ctx.db);
    const refs = await areaRefs(
      ctx.db,
      r.rows.map((x) => x.id),
    );
    rows = r.rows.map((x) => ({
      id: x.id,
      name: refs.get(x.id)!.name,
      minutes: x.minutes,
      is_me: me?.committee_code === x.id,
    }));
  }
  // competition ranking: equal minutes share a rank, the next rank counts them (1, 2, 2, 4)
  let rank = 0;
  return {
    year,
    items: rows.map((x, i) => {
      if (i === 0 || Number(rows[i - 1]!.minutes) !== Number(x.minutes)) rank = i + 1;
      return {
        rank,
        id: x.id,
        name: x.name,
        minutes: Number(x.minutes),
        isMe: Boolean(x.is_me),
      };
    }),
  };
}
