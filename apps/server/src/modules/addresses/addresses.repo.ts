import { sql, type Kysely } from 'kysely';
import { PREPARED } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import type { AddressesTable } from './addresses.tables.js';
import { prefixEnd, SUFFIX_LENGTH } from './normalise.js';

/** An address as the index keeps it (before it has an id). */
export interface NewAddress {
  kind: AddressesTable['kind'];
  source: AddressesTable['source'];
  ref: string;
  label: string;
  search: string;
  lng: number;
  lat: number;
  area_code: string;
  area_path: string;
  import_id: string | null;
}

/**
 * Write `rows` (new, or changed in label, place or area; unchanged rows are left alone) and
 * rewrite the suffixes of those written: one statement for the rows as one JSON parameter,
 * two for their suffixes. Rows must have distinct (source, ref). Returns how many were written.
 */
export async function upsertAddresses(
  db: Kysely<DB>,
  rows: readonly NewAddress[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const written = await sql<{ id: string }>`
    insert into addresses (kind, source, ref, label, search, lng, lat, area_code, area_path, import_id)
    select kind, source, ref, label, search, lng, lat, area_code, area_path, import_id
      from json_populate_recordset(null::addresses, ${JSON.stringify(rows)}::json)
    on conflict (source, ref) do update set
      kind = excluded.kind, label = excluded.label, search = excluded.search,
      lng = excluded.lng, lat = excluded.lat, area_code = excluded.area_code,
      area_path = excluded.area_path, import_id = excluded.import_id, updated_at = now()
    where (addresses.kind, addresses.label, addresses.search, addresses.lng, addresses.lat,
           addresses.area_code, addresses.import_id)
      is distinct from (excluded.kind, excluded.label, excluded.search, excluded.lng,
           excluded.lat, excluded.area_code, excluded.import_id)
    returning id${PREPARED}`.execute(db);
  const ids = written.rows.map((r) => r.id);
  if (ids.length > 0) await rewriteSuffixes(db, ids);
  return ids.length;
}

/**
 * The suffixes of these addresses, made again from their search text in the database: one
 * from every character after the first that does not continue a run of digits (so "720"
 * finds 南京东路720 but "20" does not), cut to SUFFIX_LENGTH.
 */
export async function rewriteSuffixes(db: Kysely<DB>, ids: readonly string[]): Promise<void> {
  await sql`delete from address_suffixes where address_id = any(${ids}::bigint[])${PREPARED}`.execute(
    db,
  );
  await sql`
    insert into address_suffixes (suffix, address_id)
    select substr(a.search, i, ${SUFFIX_LENGTH}::int), a.id
      from addresses a cross join lateral generate_series(2, char_length(a.search)) as i
     where a.id = any(${ids}::bigint[])
       and not (substr(a.search, i, 1) between '0' and '9'
                and substr(a.search, i - 1, 1) between '0' and '9')
    on conflict do nothing${PREPARED}`.execute(db);
}

/** Every platform-derived row of a source: its key and what would change it. */
export function platformRows(db: Kysely<DB>, source: AddressesTable['source']) {
  return db
    .selectFrom('addresses')
    .select(['id', 'ref', 'label', 'lng', 'lat', 'area_code'])
    .where('source', '=', source)
    .execute();
}

/** Remove addresses by id (their suffixes go with them). */
export async function deleteAddresses(db: Kysely<DB>, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await sql`delete from addresses where id = any(${ids}::bigint[])`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export async function countBySource(db: Kysely<DB>) {
  return db
    .selectFrom('addresses')
    .select(['source', (eb) => eb.fn.countAll<string>().as('count')])
    .groupBy('source')
    .execute();
}

// ---- search: candidates from the indexes, each query bounded ----

export interface Candidate {
  id: string;
  kind: AddressesTable['kind'];
  source: AddressesTable['source'];
  label: string;
  search: string;
  lng: number;
  lat: number;
  area_code: string;
  area_path: string;
}

const COLUMNS = sql`a.id::text as id, a.kind, a.source, a.label, a.search, a.lng, a.lat, a.area_code, a.area_path`;

/** Addresses whose text starts with `q` (the exact one among them), shortest first, at most `cap`. */
export async function prefixCandidates(db: Kysely<DB>, q: string, cap: number) {
  const r = await sql<Candidate>`
    select ${COLUMNS} from addresses a
     where a.search >= ${q} and a.search < ${prefixEnd(q)}
     order by a.search limit ${cap}${PREPARED}`.execute(db);
  return r.rows;
}

/** Addresses with `q` inside (from a suffix), at most `cap`; a longer `q` is checked on the row. */
export async function containsCandidates(db: Kysely<DB>, q: string, cap: number) {
  const head = q.slice(0, SUFFIX_LENGTH);
  const r = await sql<Candidate>`
    select ${COLUMNS} from addresses a
      join (select distinct s.address_id from (
              select address_id from address_suffixes
               where suffix >= ${head} and suffix < ${prefixEnd(head)}
               order by suffix limit ${cap * 2}) s) s on s.address_id = a.id
     where strpos(a.search, ${q}) > 0
     limit ${cap}${PREPARED}`.execute(db);
  return r.rows;
}

/**
 * Addresses starting with `q` inside one of `paths` (the searcher's own areas): the prefix
 * range read until `cap` of them are found or `scan` rows were looked at.
 */
export async function ownAreaCandidates(
  db: Kysely<DB>,
  q: string,
  paths: readonly string[],
  cap: number,
  scan: number,
) {
  if (paths.length === 0) return [];
  const r = await sql<Candidate>`
    select * from (
      select ${COLUMNS} from addresses a
       where a.search >= ${q} and a.search < ${prefixEnd(q)}
       order by a.search limit ${scan}) a
     where ${sql.join(
       paths.map((p) => sql`(a.area_path = ${p} or a.area_path like ${`${p}/%`})`),
       sql` or `,
     )}
     limit ${cap}`.execute(db);
  return r.rows;
}

/**
 * The indexed addresses a text starts with (itself among them), longest first, at least
 * `minLength` characters: one index probe per length, in one statement (placing a hotline's
 * address, decision 028).
 */
export async function prefixEntries(
  db: Kysely<DB>,
  q: string,
  minLength: number,
): Promise<Candidate[]> {
  const chars = [...q];
  const prefixes: string[] = [];
  for (let n = chars.length; n >= minLength; n--) prefixes.push(chars.slice(0, n).join(''));
  if (prefixes.length === 0) return [];
  const r = await sql<Candidate>`
    select ${COLUMNS} from addresses a
     where a.search = any(${prefixes}::text[])
     order by length(a.search) desc, a.id limit 20${PREPARED}`.execute(db);
  return r.rows;
}
