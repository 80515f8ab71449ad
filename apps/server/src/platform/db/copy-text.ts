/**
 * PostgreSQL's COPY text format (tab-separated, \N for null, backslash escapes, arrays as {…}
 * literals): writing rows as its lines and reading them back. No I/O and no dependencies, so
 * the import's sealing worker can carry it (copy.ts writes the lines to a database).
 */

export type CopyValue = string | number | boolean | null | string[];

/** One row in COPY's text format, with its newline. */
export const copyLine = (values: CopyValue[]): string => `${values.map(copyText).join('\t')}\n`;

/** COPY text → each line's fields as the text PostgreSQL would read (arrays as {…} literals). */
export function parseLines(text: string): (string | null)[][] {
  const lines = text.split('\n');
  lines.pop(); // the text ends with a newline
  return lines.map((line) => line.split('\t').map(unescapeCopy));
}

/** COPY's text format: \N for null, backslash escapes, arrays as {…} literals. */
function copyText(v: CopyValue): string {
  if (v === null || v === undefined) return '\\N';
  if (Array.isArray(v)) return escapeCopy(`{${v.map(arrayItem).join(',')}}`);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return escapeCopy(String(v));
}

const arrayItem = (s: string) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;

function escapeCopy(s: string): string {
  return s.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

const UNESCAPED: Record<string, string> = { '\\': '\\', t: '\t', n: '\n', r: '\r' };
function unescapeCopy(field: string): string | null {
  if (field === '\\N') return null;
  return field.replace(/\\([\\tnr])/g, (_, c: string) => UNESCAPED[c]!);
}
