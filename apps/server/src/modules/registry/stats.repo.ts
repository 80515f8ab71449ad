import { sql, type Kysely, type RawBuilder } from 'kysely';
import { pathWithin, scopeWithin } from '../../platform/db/path-within.js';
import type { DB } from '../../platform/db/schema.js';
import type { CommitteeStatsJson } from './registry.tables.js';

/**
 * The one screen's figures, kept per committee (registry_committee_stats) and recomputed in
 * the transaction of every change to that committee's people, housing or organisations.
 * A committee holds a few thousand residents, so a recomputation reads a few thousand index
 * entries; a street, district or the city adds up its committees' rows and never reads people.
 */
export async function refreshCommitteeStats(
  db: Kysely<DB>,
  committeeCodes: string[],
): Promise<void> {
  const codes = [...new Set(committeeCodes)];
  if (codes.length === 0) return;
  const [byCommittee, paths] = await Promise.all([
    collectStats(db, sql<boolean>`committee_code = any(${sql.val(codes)}::text[])`),
    db.selectFrom('areas').select(['code', 'path']).where('code', 'in', codes).execute(),
  ]);
  const rows = paths.map(({ code, path }) => {
    const stats = byCommittee.get(code) ?? emptyStats();
    return {
      committee_code: code,
      area_path: path,
      residents: sum(stats.registration),
      stats: JSON.stringify(stats),
      updated_at: new Date(),
    };
  });
  if (rows.length === 0) return;
  await db
    .insertInto('registry_committee_stats')
    .values(rows)
    .onConflict((oc) =>
      oc.column('committee_code').doUpdateSet((eb) => ({
        residents: eb.ref('excluded.residents'),
        stats: eb.ref('excluded.stats'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}

/** The figures of the rows matching `where` (on committee_code or area_path), per committee. */
export async function collectStats(
  db: Kysely<DB>,
  where: RawBuilder<boolean>,
): Promise<Map<string, CommitteeStatsJson>> {
  const present = sql<boolean>`${where} and status = 'present'`;
  const [{ births, registration, nationality }, tags, households, occupancy, buildings, orgs] =
    await Promise.all([
      peopleCounts(db, present),
      grouped(db, sql`unnest(tags)`, 'residents', present),
      grouped(db, sql`'all'`, 'residents', present, sql`count(distinct household_id)`),
      grouped(db, sql`occupancy`, 'rooms', where),
      grouped(db, sql`'all'`, 'buildings', where),
      grouped(db, sql`kind`, 'organisations', where),
    ]);
  const committees = new Set([births, occupancy, buildings, orgs].flatMap((m) => [...m.keys()]));
  const out = new Map<string, CommitteeStatsJson>();
  for (const code of committees) {
    out.set(code, {
      births: births.get(code) ?? {},
      registration: registration.get(code) ?? {},
      nationality: nationality.get(code) ?? {},
      tags: tags.get(code) ?? {},
      occupancy: occupancy.get(code) ?? {},
      rooms: sum(occupancy.get(code)),
      buildings: buildings.get(code)?.all ?? 0,
      households: households.get(code)?.all ?? 0,
      organisations: orgs.get(code) ?? {},
    });
  }
  return out;
}

export const emptyStats = (): CommitteeStatsJson => ({
  births: {},
  registration: {},
  nationality: {},
  tags: {},
  occupancy: {},
  rooms: 0,
  buildings: 0,
  households: 0,
  organisations: {},
});

const sum = (counts: Record<string, number> | undefined) =>
  Object.values(counts ?? {}).reduce((a, b) => a + b, 0);

/**
 * committee → key → count by birth year and sex, by registration and by nationality, from one
 * read of the people (a committee's import can bring a million).
 */
async function peopleCounts(db: Kysely<DB>, present: RawBuilder<boolean>) {
  const { rows } = await sql<{
    committee_code: string;
    birth: string | null;
    registration: string | null;
    nationality: string | null;
    n: number;
  }>`
    select committee_code, birth, registration, nationality, count(*)::int as n
    from (select committee_code, extract(year from birth_date)::int || ':' || sex as birth,
        registration, nationality
      from residents where ${present}) t
    group by grouping sets ((committee_code, birth), (committee_code, registration),
      (committee_code, nationality))`.execute(db);
  const out = { births: counts(), registration: counts(), nationality: counts() };
  // each row belongs to one grouping set: the one whose key is not null (none of them is nullable)
  for (const r of rows) {
    const [map, key] =
      r.birth !== null
        ? [out.births, r.birth]
        : r.registration !== null
          ? [out.registration, r.registration]
          : [out.nationality, r.nationality!];
    add(map, r.committee_code, key, r.n);
  }
  return out;
}

const counts = () => new Map<string, Record<string, number>>();
function add(map: Map<string, Record<string, number>>, committee: string, key: string, n: number) {
  const m = map.get(committee) ?? {};
  m[key] = n;
  map.set(committee, m);
}

/** committee → key → count, for one grouping expression over one table. */
async function grouped(
  db: Kysely<DB>,
  key: RawBuilder<unknown>,
  table: 'residents' | 'rooms' | 'buildings' | 'households' | 'organisations',
  where: RawBuilder<boolean>,
  count: RawBuilder<unknown> = sql`count(*)`,
): Promise<Map<string, Record<string, number>>> {
  const { rows } = await sql<{ committee_code: string; k: string; n: number }>`
    select committee_code, k, ${count}::int as n
    from (select *, ${key} as k from ${sql.table(table)} where ${where}) t
    group by committee_code, k`.execute(db);
  const out = counts();
  for (const r of rows) add(out, r.committee_code, r.k, r.n);
  return out;
}

/**
 * Residents present within the area at `areaPath`: added up from the committee rows for a
 * committee or above (one index range of registry_committee_stats); counted below that (a
 * compound or grid of one committee).
 */
export async function residentsWithin(db: Kysely<DB>, areaPath: string): Promise<number> {
  const parts = areaPath.split('/');
  if (parts.length <= 4) {
    const { rows } = await sql<{ n: number }>`
      select coalesce(sum(residents), 0)::int as n
      from registry_committee_stats where ${pathWithin('area_path', [areaPath])}`.execute(db);
    return rows[0]?.n ?? 0;
  }
  const row = await db
    .selectFrom('residents')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('committee_code', '=', parts[3]!)
    .where(scopeWithin('district_code', 'area_path', [areaPath]))
    .where('status', '=', 'present')
    .executeTakeFirst();
  return row?.n ?? 0;
}

/**
 * How many residents of each committee carry a tag (独居老人): the count only, from the
 * committees' figures, for the boards that must know who needs help without naming anyone.
 */
export async function tagCountsByCommittee(
  db: Kysely<DB>,
  committeeCodes: readonly string[],
  tag: string,
): Promise<Map<string, number>> {
  if (committeeCodes.length === 0) return new Map();
  const { rows } = await sql<{ committee_code: string; n: number | null }>`
    select committee_code, (stats -> 'tags' ->> ${tag})::int as n
    from registry_committee_stats where committee_code = any(${[...committeeCodes]}::text[])`.execute(
    db,
  );
  return new Map(rows.map((r) => [r.committee_code, r.n ?? 0]));
}

/**
 * Residents present in each committee at or below `areaPath`, by the committee's path: one read
 * of the committees' counts, for the weights of a population-weighted mean at any level.
 */
export async function residentsByCommittee(
  db: Kysely<DB>,
  areaPath: string,
): Promise<Map<string, number>> {
  const { rows } = await sql<{ area_path: string; n: number }>`
    select area_path, sum(residents)::int as n
    from registry_committee_stats where ${pathWithin('area_path', [areaPath])}
    group by 1`.execute(db);
  return new Map(rows.map((r) => [r.area_path, r.n]));
}

/**
 * Residents present in each child of the area at `parentPath`: added up from the committee
 * rows for a city, district or street; counted (a committee's few thousand) below that.
 */
export async function residentsByChild(
  db: Kysely<DB>,
  parentPath: string,
  children: { code: string; path: string }[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>(children.map((c) => [c.code, 0]));
  const depth = parentPath.split('/').length;
  if (depth < 4) {
    const { rows } = await sql<{ child: string; n: number }>`
      select split_part(area_path, '/', ${sql.lit(depth + 1)}) as child, sum(residents)::int as n
      from registry_committee_stats where ${pathWithin('area_path', [parentPath])}
      group by 1`.execute(db);
    for (const r of rows) if (counts.has(r.child)) counts.set(r.child, r.n);
    return counts;
  }
  const rows = await db
    .selectFrom('residents')
    .select(['area_path', sql<number>`count(*)::int`.as('n')])
    .where('committee_code', '=', parentPath.split('/')[3]!)
    .where(scopeWithin('district_code', 'area_path', [parentPath]))
    .where('status', '=', 'present')
    .groupBy('area_path')
    .execute();
  for (const c of children)
    counts.set(
      c.code,
      rows
        .filter((r) => r.area_path === c.path || r.area_path.startsWith(`${c.path}/`))
        .reduce((a, r) => a + r.n, 0),
    );
  return counts;
}
