import { REGISTRY_COLUMNS, type ImportKind } from '@cc/contracts';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { StoredColumns } from './records.js';
import type { Plain } from './sealing.js';

/**
 * What every kind of registry import shares (import-kinds.ts, import-owners.ts): the shape of
 * a prepared kind, the committee's places, the problems worded alike, and SQL over the stage.
 */

export type Values = Record<string, string>;
/** a row's problems, or its checked plain values for sealing.ts */
export type RowResult = { plain: Plain } | { problems: [string, string][] };
export type FileCheck = RawBuilder<{ line: number; field: string; reason: string }>;
/** what a merge did; the rows it left alone are the rest of those staged */
export type Merged = { inserted: number; updated: number };
/** the staged file lines a merge takes (first and last, inclusive), or all of them */
export type Lines = readonly [number, number] | null;

export interface Prepared {
  stageColumns: StoredColumns;
  check(values: Values): RowResult;
  /** Fill in what a chunk of checked rows needs from the database before it is sealed. */
  place?(db: Kysely<DB>, plains: Plain[]): Promise<void>;
  fileChecks(stage: string): FileCheck[];
  merge(trx: Kysely<DB>, stage: string, importId: string, lines: Lines): Promise<Merged>;
}

export interface Committee {
  code: string;
  path: string;
  name: string;
}

/** The report names a column as the file's header does. */
export const label = (kind: ImportKind, key: string) => {
  const c = REGISTRY_COLUMNS[kind].find((k) => k.key === key);
  return c ? `${c.zh} (${c.en})` : key;
};

// ---- places: the committee's compounds and buildings, loaded once per import (rooms are
// looked up a chunk of rows at a time: a committee can have hundreds of thousands) ----

export interface Places {
  compound(v: string): { code: string; path: string } | undefined;
  building(compoundCode: string, name: string): string | undefined;
}

export async function loadPlaces(db: Kysely<DB>, c: Committee): Promise<Places> {
  const [compounds, buildings] = await Promise.all([
    db
      .selectFrom('areas')
      .select(['code', 'name', 'path'])
      .where('level', '=', 'compound')
      .where('path', 'like', `${c.path}/%`)
      .execute(),
    db
      .selectFrom('buildings')
      .select(['id', 'compound_code', 'name'])
      .where('committee_code', '=', c.code)
      .execute(),
  ]);
  const byCompound = new Map<string, { code: string; path: string }>();
  for (const a of compounds) {
    byCompound.set(a.code, a);
    byCompound.set(a.name, a);
  }
  const byBuilding = new Map(buildings.map((b) => [`${b.compound_code}|${b.name}`, b.id]));
  return {
    compound: (v) => byCompound.get(v),
    building: (code, name) => byBuilding.get(`${code}|${name}`),
  };
}

/** A room by its building, unit and number. */
export const roomKey = (p: { buildingId: string | null; unit: string; room: string }) =>
  `${p.buildingId}|${p.unit}|${p.room}`;

// (problems name the rule, never the cell's value: see import-rows.ts)
export const noCompound = (c: Committee) =>
  `no such compound in ${c.name}: use the compound's name or code / ${c.name}没有该小区，请填写小区名称或编码`;

/**
 * A person's problem as an import reports it: the form's reasons, less what they quote of the
 * number itself (the check digit it should have, the birth date it holds).
 */
export const ruleOnly = (reason: string) =>
  reason
    .replace(/check digit should be \S+/, 'has a wrong check digit')
    .replace(/校验码应为 \S+/, '校验码错误')
    .replace(/birth date differs from the ID number's \S+/, 'birth date differs from the ID number')
    .replace(/出生日期与身份证号不符（[^）]*）/, '出生日期与身份证号不符');

export const NO_ROOM =
  'no such room (building, unit, room) in the compound: import the housing file first / 小区中没有该房屋（楼栋、单元、室号），请先导入房屋信息';

/** Excel wrote the number as a number and lost its last digits (the reader marks it #LOST). */
export const lostDigits = (v: string | undefined) => (v ?? '').startsWith('#LOST');
export const LOST_DIGITS =
  'the number was stored as a number in Excel and lost its last digits: format the column as text / Excel 将证件号存为数字，后几位已丢失，请将该列设为文本格式';

/**
 * The rooms of rows named by building, unit and number, by `roomKey`: one index probe a key,
 * whatever the statistics say (the `limit 1` keeps each lateral subquery from being flattened
 * into a join, which the planner made a hash of all the committee's rooms for every chunk).
 */
export async function roomsByKey(
  db: Kysely<DB>,
  rows: readonly { buildingId: string | null; unit: string; room: string }[],
): Promise<Map<string, { id: string; area_path: string }>> {
  if (rows.length === 0) return new Map();
  const { rows: rooms } = await sql<{ id: string; key: string; area_path: string }>`
    select r.id, r.area_path, k.key
    from unnest(${rows.map((p) => p.buildingId)}::uuid[], ${rows.map((p) => p.unit)}::text[],
      ${rows.map((p) => p.room)}::text[], ${rows.map(roomKey)}::text[]) k(building_id, unit, number, key)
    cross join lateral (select id, area_path from rooms
      where building_id = k.building_id and unit = k.unit and number = k.number limit 1) r`.execute(
    db,
  );
  return new Map(rooms.map((r) => [r.key, r]));
}

// ---- shared SQL ----

/** Rows whose `key` appeared on an earlier row of the same file. */
export function duplicates(
  stage: string,
  key: string,
  field: string,
  en: string,
  zhBefore: string,
  zhAfter: string,
): FileCheck {
  return sql`select line, ${field} as field,
      ${en} || ' ' || first || ' / ' || ${zhBefore} || first || ${zhAfter} as reason
    from (select line, min(line) over (partition by ${sql.raw(key)}) as first from ${sql.table(stage)}) d
    where line > first order by line`;
}

export const inLines = (lines: Lines) =>
  lines ? sql<boolean>`line between ${lines[0]} and ${lines[1]}` : sql<boolean>`true`;
