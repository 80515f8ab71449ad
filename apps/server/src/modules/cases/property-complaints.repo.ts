import { sql, type Kysely } from 'kysely';
import { pathWithin } from '../../platform/db/path-within.js';
import type { DB } from '../../platform/db/schema.js';

/**
 * For the property module (物业 "1 + 3"): how many cases of the given scenarios were filed in
 * each of the given areas (compounds) since a moment. One grouped read over the cases of the
 * areas (the `cases_area_idx` prefix index on area_path and created_at), counted per area
 * path and added up to the area each path lies in: never one query per compound.
 */
export async function caseCountsByCompound(
  db: Kysely<DB>,
  o: {
    scenarioCodes: readonly string[];
    /** the compounds (their codes and area paths) */
    compounds: readonly { code: string; path: string }[];
    since: Date;
  },
): Promise<Map<string, number>> {
  const out = new Map<string, number>(o.compounds.map((c) => [c.code, 0]));
  if (o.compounds.length === 0 || o.scenarioCodes.length === 0) return out;
  const rows = await db
    .selectFrom('cases')
    .select(['area_path', (eb) => eb.fn.countAll<number>().as('n')])
    .where(
      pathWithin(
        'area_path',
        o.compounds.map((c) => c.path),
      ),
    )
    .where('created_at', '>=', o.since)
    .where('scenario_code', '=', sql<string>`any(${sql.val([...o.scenarioCodes])}::text[])`)
    .groupBy('area_path')
    .execute();
  // a case at the compound or below it (a building of it)
  const byPath = new Map(o.compounds.map((c) => [c.path, c.code]));
  for (const r of rows) {
    const parts = r.area_path.split('/');
    for (let i = parts.length; i > 0; i--) {
      const code = byPath.get(parts.slice(0, i).join('/'));
      if (code) {
        out.set(code, (out.get(code) ?? 0) + Number(r.n));
        break;
      }
    }
  }
  return out;
}
