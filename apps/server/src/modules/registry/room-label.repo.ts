import { sql, type RawBuilder } from 'kysely';

/**
 * A room as people name it: compound, building, unit (when it has one), room —
 * 云南中路花园 1号楼 1单元 101. The SQL takes the aliases of the query's compound area, building
 * and room; the one place this label is written.
 */
export function roomLabelSql(compound: string, building: string, room: string): RawBuilder<string> {
  return sql<string>`concat_ws(' ', ${sql.ref(`${compound}.name`)}, ${sql.ref(`${building}.name`)}, nullif(${sql.ref(`${room}.unit`)}, ''), ${sql.ref(`${room}.number`)})`;
}
