import {
  isSmallGroup,
  OCCUPANCIES,
  SMALL_GROUP_DISPLAY,
  ORGANISATION_KINDS,
  REGISTRATIONS,
  type OneScreen,
  type PeopleCount,
} from '@cc/contracts';
import { type Ctx, readerOf } from '../../platform/context.js';
import { pathWithin } from '../../platform/db/path-within.js';
import type { CommitteeStatsJson } from './registry.tables.js';
import { findChainCached, toArea } from '../areas/index.js';
import { countOpenCases } from '../cases/index.js';
import { maySeePeople, mayViewScreen } from './registry.policy.js';
import { requireRegistryArea } from './registry.repo.js';
import { shanghaiYear } from '../../platform/shanghai-time.js';
import { collectStats, emptyStats, residentsByChild } from './stats.repo.js';

const BANDS = 18; // 0–4 … 80–84, 85+

/**
 * The one screen (社区一屏) of an area. A committee, street, district or the city adds up its
 * committees' statistics rows; a grid or compound, which has a few hundred people, counts them.
 * Viewers who may not see people get counts below five as "<5".
 */
export async function getOneScreen(ctx: Ctx, rawCode: string): Promise<OneScreen> {
  const area = await requireRegistryArea(ctx, rawCode, mayViewScreen, 'registry.screen.read');
  const people = maySeePeople(ctx.actor, area.path);
  const belowCommittee = area.path.split('/').length > 4;
  const [stats, chain, children, openCases] = await Promise.all([
    belowCommittee
      ? collectStats(readerOf(ctx), pathWithin('area_path', [area.path])).then((m) =>
          [...m.values()].reduce(addStats, emptyStats()),
        )
      : readerOf(ctx)
          .selectFrom('registry_committee_stats')
          .select('stats')
          .where(pathWithin('area_path', [area.path]))
          .execute()
          .then((rows) => rows.map((r) => r.stats).reduce(addStats, emptyStats())),
    findChainCached(ctx.db, area),
    childCounts(ctx, area.code, area.path),
    countOpenCases(readerOf(ctx), area),
  ]);
  const count = (n: number): PeopleCount =>
    !people && isSmallGroup(n)
      ? { value: null, display: SMALL_GROUP_DISPLAY }
      : { value: n, display: String(n) };

  const year = shanghaiYear();
  const pyramid = Array.from({ length: BANDS }, (_, i) => ({
    band: i === BANDS - 1 ? `${i * 5}+` : `${i * 5}-${i * 5 + 4}`,
    male: 0,
    female: 0,
  }));
  for (const [key, n] of Object.entries(stats.births)) {
    const [birthYear, sex] = key.split(':') as [string, 'male' | 'female'];
    const band = Math.min(BANDS - 1, Math.max(0, Math.floor((year - Number(birthYear)) / 5)));
    pyramid[band]![sex] += n;
  }
  const tags = await readerOf(ctx)
    .selectFrom('registry_tags')
    .selectAll()
    .where('care', '=', true)
    .orderBy('builtin', 'desc')
    .orderBy('code')
    .execute();
  const residents = Object.values(stats.registration).reduce((a, b) => a + b, 0);
  return {
    area: toArea(area),
    chain: chain.filter((a) => mayViewScreen(ctx.actor, a.path)).map(toArea),
    people,
    residents: count(residents),
    households: stats.households,
    pyramid: pyramid.map((b) => ({ band: b.band, male: count(b.male), female: count(b.female) })),
    registration: REGISTRATIONS.map((r) => ({
      registration: r,
      count: count(stats.registration[r] ?? 0),
    })),
    nationalities: Object.entries(stats.nationality)
      .sort((a, b) => b[1] - a[1])
      .map(([code, n]) => ({ code, count: count(n) })),
    care: tags.map((t) => ({
      tag: t.code,
      name: t.name,
      nameEn: t.name_en,
      count: count(stats.tags[t.code] ?? 0),
    })),
    housing: {
      buildings: stats.buildings,
      rooms: stats.rooms,
      occupancy: OCCUPANCIES.map((o) => ({ occupancy: o, rooms: stats.occupancy[o] ?? 0 })),
    },
    organisations: ORGANISATION_KINDS.map((k) => ({ kind: k, count: stats.organisations[k] ?? 0 })),
    openCases,
    children: children.map((c) => ({ area: c.area, residents: count(c.residents) })),
  };
}

/** Adds `b` into the running total `into` (in place: a city adds up 6,509 committee rows). */
function addStats(into: CommitteeStatsJson, b: CommitteeStatsJson): CommitteeStatsJson {
  const add = (x: Record<string, number>, y: Record<string, number>) => {
    for (const k in y) x[k] = (x[k] ?? 0) + y[k]!;
  };
  add(into.births, b.births);
  add(into.registration, b.registration);
  add(into.nationality, b.nationality);
  add(into.tags, b.tags);
  add(into.occupancy, b.occupancy);
  add(into.organisations, b.organisations);
  into.rooms += b.rooms;
  into.buildings += b.buildings;
  into.households += b.households;
  return into;
}

/** Each child area with its residents: from the committee rows above a committee, counted below. */
async function childCounts(ctx: Ctx, code: string, path: string) {
  const kids = await readerOf(ctx)
    .selectFrom('areas')
    .select([
      'code',
      'name',
      'name_en',
      'level',
      'parent_code',
      'approximate',
      'centre_lng',
      'centre_lat',
      'path',
      'depth',
    ])
    .where('parent_code', '=', code)
    .orderBy('code')
    .execute();
  if (kids.length === 0) return [];
  const counts = await residentsByChild(readerOf(ctx), path, kids);
  return kids.map((k) => ({ area: toArea(k), residents: counts.get(k.code) ?? 0 }));
}
