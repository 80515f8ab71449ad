import {
  REGISTRY_IMPORT_MAX_MB,
  IMPORT_KINDS,
  REGISTRY_COLUMNS,
  REGISTRY_LABELS,
  type ImportKind,
  type RegistryColumn,
} from '@cc/contracts';
import { downloadCsv } from '../../lib/csv';
import { isEnglish } from '../../lib/format';

export const MAX_IMPORT_BYTES = REGISTRY_IMPORT_MAX_MB * 1024 * 1024;
export const IMPORT_ACCEPT = '.csv,.xlsx';

export const asKind = (value: string | null): ImportKind =>
  IMPORT_KINDS.find((k) => k === value) ?? 'residents';

/**
 * The template of a kind: the Chinese headers (the server reads Chinese or English ones) and
 * one example row from each column's hint, as CSV with a UTF-8 byte-order mark so that Excel
 * opens the Chinese correctly.
 */
export function templateRows(kind: ImportKind): string[][] {
  const columns = REGISTRY_COLUMNS[kind];
  return [columns.map((c) => c.zh), columns.map((c) => c.hint)];
}

export function downloadTemplate(kind: ImportKind, fileName: string): void {
  downloadCsv(fileName, templateRows(kind));
}

/** The values a coded column takes, in the reader's language. */
export function columnValues(column: RegistryColumn, language: string | undefined): string {
  if (!column.dictionary) return '';
  const labels = REGISTRY_LABELS[column.dictionary] as Record<string, readonly [string, string]>;
  return Object.values(labels)
    .map((pair) => (isEnglish(language) ? pair[1] : pair[0]))
    .join(' / ');
}

/**
 * The column a problem names, in the reader's language. The server names it as the file's
 * header does, "证件号码 (document_number)", or by its key or either header alone.
 */
export function problemField(kind: ImportKind, field: string, language: string | undefined) {
  const [, zh, en] = /^(.+?)\s*[(（]([^()（）]+)[)）]$/.exec(field.trim()) ?? [];
  const names = zh && en ? [zh.trim(), en.trim()] : [field.trim()];
  const column = REGISTRY_COLUMNS[kind].find((c) =>
    names.some((name) => c.key === name || c.en === name || c.zh === name),
  );
  if (column) return isEnglish(language) ? column.en : column.zh;
  // a column this page does not know: still one language, when the name reads "中文 (english)"
  if (zh && en && /[\u3400-\u9fff]/.test(zh) && !/[\u3400-\u9fff]/.test(en))
    return isEnglish(language) ? en.trim() : zh.trim();
  return field;
}

/** Why a chosen file is not sent: the server reads only CSV and XLSX, up to REGISTRY_IMPORT_MAX_MB. */
export function fileProblem(file: File): 'type' | 'size' | 'empty' | undefined {
  if (!/\.(csv|xlsx)$/i.test(file.name)) return 'type';
  if (file.size === 0) return 'empty';
  if (file.size > MAX_IMPORT_BYTES) return 'size';
  return undefined;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
