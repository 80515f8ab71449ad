import { sql, type RawBuilder } from 'kysely';
import { districtsUnder } from '../district.js';

/**
 * SQL: `column` (a materialised area path) is one of `paths` or lies below one of them.
 * The prefix test uses the column's `text_pattern_ops` index; no paths is false.
 */
export function pathWithin(column: string, paths: string[]): RawBuilder<boolean> {
  if (paths.length === 0) return sql<boolean>`false`;
  const ref = sql.ref(column);
  return sql<boolean>`(${sql.join(
    paths.map((p) => sql`(${ref} = ${p} or ${ref} like ${`${p}/%`})`),
    sql` or `,
  )})`;
}

/**
 * SQL: the row lies under one of `paths` — its district among theirs (the distribution key, so
 * a sharded database reads only those districts' shards) and its path under one of them. A
 * city-wide scope tests the path alone; no paths is false.
 */
export function scopeWithin(
  districtColumn: string,
  pathColumn: string,
  paths: readonly string[],
): RawBuilder<boolean> {
  const districts = districtsUnder(paths);
  const within = pathWithin(pathColumn, [...paths]);
  if (paths.length === 0 || districts === null) return within;
  return sql<boolean>`(${inDistricts(districtColumn, districts)} and ${within})`;
}

/** SQL: the row's district is one of `districts` (`= $1` for one, so one shard is read). */
export function inDistricts(
  districtColumn: string,
  districts: readonly string[],
): RawBuilder<boolean> {
  const ref = sql.ref(districtColumn);
  if (districts.length === 0) return sql<boolean>`false`;
  if (districts.length === 1) return sql<boolean>`${ref} = ${districts[0]}`;
  return sql<boolean>`${ref} in (${sql.join([...districts])})`;
}

/**
 * SQL: the district of the area path in `column`, as districtOf (platform/district.ts) gives
 * it, for rows that a statement writes from rows it selects (a notice's recipients from the
 * residents' links): the second code, or the path itself for the city.
 */
export function districtOfColumn(column: string): RawBuilder<string> {
  const ref = sql.ref(column);
  return sql<string>`coalesce(nullif(split_part(${ref}, '/', 2), ''), ${ref})`;
}
