import { downloadBlob, safeFileName } from './download';

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

/** Builds the CSV in the browser and saves it as `<fileName>.csv`. */
export function downloadCsv(fileName: string, rows: readonly (readonly CsvCell[])[]): void {
  const blob = new Blob([toCsv(rows)], { type: 'text/csv;charset=utf-8' });
  downloadBlob(blob, `${safeFileName(fileName)}.csv`);
}
