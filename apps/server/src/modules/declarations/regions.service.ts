import type { RegionList, RegionsQuery } from '@cc/contracts';
import { AppError } from '../../platform/errors.js';
import { childRegions, regionItem, regionWithin, searchRegions } from './regions.js';

/** At most this many matches answer a search. */
export const REGION_SEARCH_LIMIT = 20;

/**
 * The regions a picker shows: `q` → up to 20 matches anywhere (below `parent` when given),
 * each with its path; else the children of `parent` (the countries when omitted).
 * An unknown parent is a 404.
 */
export function listRegions(query: RegionsQuery): RegionList {
  const { parent, q } = query;
  const children = childRegions(parent);
  if (children === null)
    throw AppError.notFound(`No region ${parent} / 没有代码为 ${parent} 的地区`);
  if (q !== undefined) {
    const matches = searchRegions(q, parent === undefined ? REGION_SEARCH_LIMIT : Infinity)
      .filter((r) => parent === undefined || (r.code !== parent && regionWithin(r.code, parent)))
      .slice(0, REGION_SEARCH_LIMIT);
    return { items: matches.map((r) => regionItem(r, true)) };
  }
  return { items: children.map((r) => regionItem(r)) };
}
