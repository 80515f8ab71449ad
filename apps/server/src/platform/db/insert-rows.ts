import { sql, type Insertable, type RawBuilder } from 'kysely';
import { PREPARED } from './database.js';
import type { DB } from './schema.js';

/** A row as JSON carries it: jsonb columns take objects, array columns arrays, dates ISO text. */
export type JsonRow<T extends keyof DB> = {
  [K in keyof Insertable<DB[T]>]: unknown;
};

/**
 * A multi-row INSERT whose text is the same however many rows it writes: the rows travel as
 * one JSON parameter and `json_populate_recordset` spreads them into the table's columns. So
 * Kysely builds no list of rows × columns parameters and pg serialises none, and PostgreSQL
 * parses and plans the short text once per connection (it is PREPARED). Every row must have
 * the same keys, the columns written; a column left out takes its default.
 *
 * `conflict`: an `on conflict …` clause, written with `excluded.` as usual.
 */
export function insertRows<T extends keyof DB & string>(
  table: T,
  rows: readonly JsonRow<T>[],
  conflict?: RawBuilder<unknown>,
): RawBuilder<unknown> | null {
  if (rows.length === 0) return null;
  const columns = sql.join(Object.keys(rows[0]!).map((c) => sql.ref(c)));
  return sql`insert into ${sql.table(table)} (${columns})
    select ${columns} from json_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(rows)}::json)
    ${conflict ?? sql``}${PREPARED}`;
}
