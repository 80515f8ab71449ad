import type { Area } from '@cc/contracts';
import type { TFunction } from 'i18next';
import { downloadBlob, safeFileName } from './download';
import { areaName } from './format';

export type CsvCell = string | number | boolean | null | undefined;

/** What a spreadsheet would read as the start of a formula (CSV injection, OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell: text that a spreadsheet would run as a formula gets a leading quote, and
 * commas, quotes and line breaks are quoted. Numbers stay numbers (a negative is no formula).
 */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Rows as CSV (RFC 4180 line ends) with a UTF-8 byte-order mark, so that Excel reads the
 * Chinese correctly when the file is opened with a double click.
 */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/**
 * Areas ranked as rows (交叉比对, on the dashboards and the topic boards): every child with its
 * rank, code and name, then the `columns` of the compared figure (their header cells and each
 * child's cells).
 */
export function rankedRows<T extends { area: Area }>(
  items: readonly T[],
  t: TFunction,
  language: string,
  columns: { header: CsvCell[]; cells: (item: T) => CsvCell[] },
): CsvCell[][] {
  return [
    [
      t('dashboards.compare.rank'),
      t('dashboards.csv.areaCode'),
      t('dashboards.csv.area'),
      ...columns.header,
    ],
    ...items.map((item, index) => [
      index + 1,
      item.area.code,
      areaName(item.area, language),
      ...columns.cells(item),
    ]),
  ];
}

/** Builds the CSV in the browser and saves it as `<fileName>.csv`. */
export function downloadCsv(fileName: string, rows: readonly (readonly CsvCell[])[]): void {
  const blob = new Blob([toCsv(rows)], { type: 'text/csv;charset=utf-8' });
  downloadBlob(blob, `${safeFileName(fileName)}.csv`);
}
