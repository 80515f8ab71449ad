import { REGISTRY_LABELS, type RegistryColumn, type RegistryDictionary } from '@cc/contracts';
import type { Prepared, RowResult } from './import-kinds.js';
import { columnLetters } from './xlsx-writer.js';

/**
 * An import file's header and rows: the header mapped to the kind's columns, each row's cells
 * checked (the kind's own checks are in import-kinds.ts). A problem names the row, the column
 * and the rule, never a cell's value: the report, the import's row and the logs hold no
 * personal data, whatever column it was typed into.
 */

/** One row's cells by column: required ones present, dictionary words as codes, then the kind's checks. */
export function checkRow(
  columns: RegistryColumn[],
  values: Record<string, string>,
  prepared: Prepared,
): RowResult {
  const problems: [string, string][] = [];
  for (const col of columns) {
    const v = values[col.key]?.trim() ?? '';
    values[col.key] = v;
    if (col.required && !v) problems.push([`${col.zh} (${col.en})`, 'is required / 必填']);
    else if (v && col.dictionary) {
      const code = DICTIONARY_CODES[col.dictionary].get(v.toLowerCase());
      if (code) values[col.key] = code;
      else problems.push([`${col.zh} (${col.en})`, dictionaryProblem(col)]);
    }
  }
  return problems.length ? { problems } : prepared.check(values);
}

/** The headers, in Chinese or English, mapped to the kind's columns; missing required ones named. */
export function mapHeader(
  columns: RegistryColumn[],
  cells: string[],
): { map: (cells: string[]) => Record<string, string> } | { missing: string } {
  const norm = (s: string) =>
    s
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase();
  const index = new Map<string, number>();
  cells.forEach((c, i) => {
    const col = columns.find((k) => [k.zh, k.en, k.key].map(norm).includes(norm(c)));
    if (col && !index.has(col.key)) index.set(col.key, i);
  });
  const missing = columns.filter((c) => c.required && !index.has(c.key));
  // named by their letter: a file without its header row has a person in row 1
  const unknown = cells.flatMap((c, i) =>
    c.trim() && !columns.some((k) => [k.zh, k.en, k.key].map(norm).includes(norm(c)))
      ? [columnLetters(i)]
      : [],
  );
  if (missing.length || unknown.length) {
    const parts = [
      missing.length
        ? `missing columns 缺少列: ${missing.map((c) => `${c.zh} (${c.en})`).join(', ')}`
        : '',
      unknown.length ? `unknown columns 无法识别的列: ${unknown.join(', ')}` : '',
    ].filter(Boolean);
    return {
      missing: `${parts.join('; ')}. The first row holds the headers 第一行应为表头: ${columns.map((c) => c.zh).join(', ')}`,
    };
  }
  const pairs = [...index];
  return {
    map: (row) => {
      const values: Record<string, string> = {};
      for (const [key, i] of pairs) values[key] = row[i] ?? '';
      return values;
    },
  };
}

/** Each dictionary's codes by their code, Chinese and English words (lower case). */
const DICTIONARY_CODES = Object.fromEntries(
  Object.entries(REGISTRY_LABELS).map(([dict, labels]) => [
    dict,
    new Map(
      (Object.entries(labels) as [string, readonly [string, string]][]).flatMap(
        ([code, [zh, en]]) => [
          [code, code],
          [zh.toLowerCase(), code],
          [en.toLowerCase(), code],
        ],
      ),
    ),
  ]),
) as Record<RegistryDictionary, Map<string, string>>;

function dictionaryProblem(col: RegistryColumn): string {
  const allowed = Object.values(REGISTRY_LABELS[col.dictionary!]).map(([zh]) => zh);
  return `${col.zh} (${col.en}) must be one of 应为: ${allowed.join(' / ')}`;
}

/**
 * A problem's reason with any of the row's cell values cut out: the checks name rules, not
 * values, and this keeps it so should one of them ever quote its input.
 */
export function withoutValues(reason: string, cells: string[]): string {
  let out = reason;
  for (const c of cells) {
    const v = c.trim();
    if (v.length >= 4 && out.includes(v)) out = out.replaceAll(v, '…');
  }
  return out;
}
