import type { AddressHit, AddressMatch, AddressSearchAnswer } from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { distanceMeters } from '../../platform/geo.js';
import { isWithin } from '../../platform/policy.js';
import { findAreaCached } from '../areas/index.js';
import {
  containsCandidates,
  ownAreaCandidates,
  prefixCandidates,
  type Candidate,
} from './addresses.repo.js';
import { normaliseAddress } from './normalise.js';

/** Candidates read per kind of match: the ranking looks at no more (decision 025). */
const CAP = 100;
/** Rows of the prefix range looked through for the searcher's own areas. */
const OWN_AREA_SCAN = 5000;
const DEFAULT_LIMIT = 10;

/** `near=lat,lng`, or a 400 naming it. */
export function parseNear(near: string | undefined): { lat: number; lng: number } | null {
  if (near === undefined) return null;
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(near);
  const lat = m ? Number(m[1]) : NaN;
  const lng = m ? Number(m[2]) : NaN;
  if (!m || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
    throw AppError.invalid(
      'near',
      'format',
      'near: give "lat,lng" in degrees (e.g. 31.2353,121.4800) / near 应为"纬度,经度"',
    );
  }
  return { lat, lng };
}

const TIER: Record<AddressMatch, number> = { exact: 0, prefix: 1, contains: 2 };

/**
 * Addresses for what was typed (decision 025): normalised, then candidates from the indexes —
 * the text's start (the exact text, a door number typed in full, sorts first), at most CAP;
 * when there are more, those starting with it in the searcher's own areas; and, only when
 * these leave room in the answer, the text anywhere (a suffix), at most CAP. Ranked exact →
 * prefix → contains, then own area first, then nearest to `near`, then shortest. Any signed-in user may search: an address is not personal data.
 */
export async function searchAddresses(
  ctx: Ctx,
  query: { q: string; limit?: number; near?: string },
): Promise<AddressSearchAnswer> {
  const near = parseNear(query.near);
  const q = normaliseAddress(query.q);
  if (!q) {
    throw AppError.invalid(
      'q',
      'minLength',
      'q: type a name or an address (punctuation alone finds nothing) / 请输入地址或名称',
    );
  }
  const limit = query.limit ?? DEFAULT_LIMIT;
  const ownPaths = (ctx.actor?.bindings ?? [])
    .map((b) => b.areaPath)
    .filter((p) => p.includes('/'));
  // the prefix range holds the exact rows first (C order): one read gives both tiers
  const prefix = await prefixCandidates(ctx.db, q, CAP);
  // more matches than were read: the searcher's own areas may have some further on
  const own =
    prefix.length === CAP && ownPaths.length > 0
      ? await ownAreaCandidates(ctx.db, q, ownPaths, limit, OWN_AREA_SCAN)
      : [];
  // tiers come first in the ranking: "contains" only when the prefix tier leaves room
  const contains =
    new Set([...prefix, ...own].map((c) => c.id)).size < limit
      ? await containsCandidates(ctx.db, q, CAP)
      : [];
  const found = new Map<string, { c: Candidate; match: AddressMatch }>();
  const add = (rows: Candidate[], match: AddressMatch) => {
    for (const c of rows) {
      const m: AddressMatch = c.search === q ? 'exact' : c.search.startsWith(q) ? 'prefix' : match;
      const had = found.get(c.id);
      if (!had || TIER[m] < TIER[had.match]) found.set(c.id, { c, match: m });
    }
  };
  add(prefix, 'prefix');
  add(own, 'prefix');
  add(contains, 'contains');

  const ranked = [...found.values()].map(({ c, match }) => ({
    c,
    match,
    inOwnArea: ownPaths.some((p) => isWithin(c.area_path, p)),
    distance: near ? distanceMeters(near.lat, near.lng, c.lat, c.lng) : null,
  }));
  ranked.sort(
    (a, b) =>
      TIER[a.match] - TIER[b.match] ||
      Number(b.inOwnArea) - Number(a.inOwnArea) ||
      (a.distance ?? 0) - (b.distance ?? 0) ||
      a.c.search.length - b.c.search.length ||
      (a.c.label < b.c.label ? -1 : a.c.label > b.c.label ? 1 : 0),
  );
  const top = ranked.slice(0, limit);
  const names = await areaNames(
    ctx,
    top.map((t) => t.c.area_path),
  );
  const items: AddressHit[] = top.map(({ c, match, inOwnArea, distance }) => {
    // below the city: 黄浦区 · 南京东路街道 · …
    const chain = c.area_path.split('/').slice(1);
    return {
      id: c.id,
      label: c.label,
      kind: c.kind,
      source: c.source,
      lat: c.lat,
      lng: c.lng,
      areaCode: c.area_code,
      areaName: names.get(c.area_code) ?? c.area_code,
      areaPathNames: chain.map((code) => names.get(code) ?? code),
      areaPathCodes: chain,
      match,
      inOwnArea,
      distanceM: distance === null ? null : Math.round(distance),
    };
  });
  return { normalised: q, items };
}

/** The names of every area on these paths, from the areas module's catalogue in memory. */
async function areaNames(ctx: Ctx, paths: string[]): Promise<Map<string, string>> {
  const codes = [...new Set(paths.flatMap((p) => p.split('/')))];
  const rows = await Promise.all(codes.map((code) => findAreaCached(ctx.db, code)));
  return new Map(rows.flatMap((r) => (r ? [[r.code, r.name] as const] : [])));
}
