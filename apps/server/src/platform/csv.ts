/** A spreadsheet cell that Excel would run as a formula starts with a quote instead. */
export const spreadsheetSafe = (s: string): string => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

/** One CSV cell: quoted, and never a spreadsheet formula. */
export function csvCell(v: unknown): string {
  const s = spreadsheetSafe(v === null || v === undefined ? '' : String(v));
  return `"${s.replaceAll('"', '""')}"`;
}
