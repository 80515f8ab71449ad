import { sql, type RawBuilder } from 'kysely';

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
