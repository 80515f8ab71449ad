import type { VolunteerNearbyList, VolunteerNearbyQuery } from '@cc/contracts';
import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { pathWithin } from '../../platform/db/path-within.js';
import { AppError } from '../../platform/errors.js';
import { distanceMeters } from '../../platform/geo.js';
import { cityBounds } from '../areas/index.js';
import { cellsWithin } from './grid.js';
import { dispatchRoots } from './volunteers.policy.js';
import { toVolunteerSummaries, type VolunteerRow } from './volunteers.repo.js';

/**
 * "Volunteers near this point, with this skill, available now" (decision 021): the nearest are
 * taken from the (skill, square) index alone — skill '' without one — whose rows carry the
 * position, the week and the committee: the squares the circle touches and the dispatcher's
 * areas are index conditions, the current Shanghai slot and a flat-earth distance (good to a
 * metre at these ranges) are checked in the index, and only the few nearest are joined to the
 * volunteers' rows, where those on duty (an open check-in, an accepted task: both partial
 * indexes) are dropped, asking for more in the rare case too few are left; the exact distance
 * decides the order. The squares within NEARBY_FIRST_M are read first: when they hold enough,
 * those are the nearest within any larger radius, and the dense centre reads a ninth as much. Without a skill the circle is smaller (NEARBY_RADIUS_MAX_WITHOUT_SKILL_M);
 * the point must lie in the city's bounding box.
 */
export const NEARBY_RADIUS_DEFAULT_M = 3000;
/** Without a skill: at most this radius (about 80 squares instead of 400 at 10 km). */
export const NEARBY_RADIUS_MAX_WITHOUT_SKILL_M = 5000;
/** The first, smaller circle read before the whole radius. */
export const NEARBY_FIRST_M = 1000;
const METERS_PER_DEGREE = 111_320;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The availability slot of `at` in Shanghai: (day - 1) * 4 + period, Monday first. */
export function availabilitySlotAt(at: Date = new Date()): number {
  const sh = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  const day = ((sh.getUTCDay() + 6) % 7) + 1; // Monday 1 … Sunday 7
  const period = Math.floor(sh.getUTCHours() / 6); // night, morning, afternoon, evening
  return (day - 1) * 4 + period;
}

type NearbyRow = VolunteerRow & { is_available: boolean; on_duty: boolean; d2: number };

export async function volunteersNearby(
  ctx: Ctx,
  q: VolunteerNearbyQuery,
): Promise<VolunteerNearbyList> {
  const roots = dispatchRoots(ctx.actor);
  if (roots.length === 0)
    throw AppError.notFound('Only dispatchers find volunteers / 仅调度人员可查找志愿者');
  const radius = q.radiusM ?? NEARBY_RADIUS_DEFAULT_M;
  if (!q.skill && radius > NEARBY_RADIUS_MAX_WITHOUT_SKILL_M)
    throw AppError.invalid(
      'radiusM',
      'maxWithoutSkill',
      `radiusM: at most ${NEARBY_RADIUS_MAX_WITHOUT_SKILL_M} m without a skill; name a skill to search wider / 未指定技能时搜索半径不超过 ${NEARBY_RADIUS_MAX_WITHOUT_SKILL_M} 米`,
    );
  const city = cityBounds(ctx.db);
  if (
    city &&
    (q.lat < city.minLat || q.lat > city.maxLat || q.lng < city.minLng || q.lng > city.maxLng)
  )
    throw AppError.invalid(
      'lat',
      'outsideCity',
      'lat: the point (lat, lng) lies outside the city / 该位置不在本市范围内',
    );
  const limit = q.limit ?? 20;
  const availableNow = q.availableNow ?? true;
  const slot = availabilitySlotAt() + 1; // substr counts from 1
  const kx = METERS_PER_DEGREE * Math.cos((q.lat * Math.PI) / 180);
  const ky = METERS_PER_DEGREE;
  const isAvailable = sql<boolean>`substr(sc.availability, ${slot}::int, 1) = '1'`;
  const d2 = sql<number>`(((sc.lat - ${q.lat}::float8) * ${ky}::float8) ^ 2
    + ((sc.lng - ${q.lng}::float8) * ${kx}::float8) ^ 2)`;
  const onDuty = sql<boolean>`(exists (select 1 from volunteer_signups s
      where s.volunteer_id = v.id and s.checked_in_at is not null and s.checked_out_at is null)
    or exists (select 1 from volunteer_tasks t where t.volunteer_id = v.id and t.status = 'accepted'))`;
  // the nearest `take` within `reach` from the (skill, square) index alone, then their rows and
  // duty; a little slack over the reach: the flat distance and the haversine differ by centimetres
  const nearest = (take: number, reach: number) =>
    sql<NearbyRow>`
      with near as materialized (
        select sc.volunteer_id, ${d2} as d2, ${isAvailable} as is_available
        from volunteer_skill_cells sc
        where sc.skill = ${q.skill ?? ''}
          and sc.cell = any(${cellsWithin(q.lat, q.lng, reach + 5)}::bigint[])
          and ${pathWithin('sc.area_path', roots)}
          and ${d2} <= ${(reach + 5) ** 2}::float8
          ${availableNow ? sql`and ${isAvailable}` : sql``}
        order by d2, sc.volunteer_id
        limit ${take})
      select v.*, near.d2, near.is_available, ${onDuty} as on_duty
      from near join volunteers v on v.id = near.volunteer_id
      where v.status = 'active'
      order by near.d2, v.id`.execute(ctx.db);
  // a full first circle holds the nearest: every volunteer outside it is farther
  const reaches = radius > NEARBY_FIRST_M ? [NEARBY_FIRST_M, radius] : [radius];
  const nearestOfAll = async (take: number) => {
    let all: NearbyRow[] = [];
    for (const reach of reaches) {
      all = (await nearest(take, reach)).rows;
      if (all.length >= take) break;
    }
    return all;
  };
  // those on duty are dropped after; in the rare case that leaves too few, ask for more
  let take = limit + 10;
  let rows: NearbyRow[];
  for (;;) {
    const all = await nearestOfAll(take);
    rows = availableNow ? all.filter((row) => !row.on_duty) : all;
    if (rows.length >= limit || all.length < take || take >= 2000) break;
    take *= 4;
  }
  const found = rows
    .map((row) => ({ row, m: distanceMeters(q.lat, q.lng, row.lat, row.lng) }))
    .filter((x) => Math.round(x.m) <= radius)
    .sort((a, b) => a.m - b.m || (a.row.id < b.row.id ? -1 : 1))
    .slice(0, limit);
  const summaries = await toVolunteerSummaries(
    ctx.db,
    found.map((x) => x.row),
  );
  return {
    items: found.map((x, i) => ({
      volunteer: summaries[i]!,
      distanceM: Math.round(x.m),
      onDuty: Boolean(x.row.on_duty),
      availableNow: Boolean(x.row.is_available) && !x.row.on_duty,
    })),
  };
}
