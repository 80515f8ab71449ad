import fs from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { AppError } from '../../platform/errors.js';

/**
 * Reading a registry file as a stream of rows, whatever it is: CSV in UTF-8 (with or without a
 * BOM) or GBK (what Excel saves on a Chinese Windows), or an XLSX workbook's first sheet.
 * The first row holds the headers. Only a few rows are in memory at a time.
 */

export type FileFormat = 'csv' | 'xlsx';
export interface FileRow {
  /** the row's number as a spreadsheet shows it: the headers are row 1 */
  row: number;
  cells: string[];
}

const SNIFF_BYTES = 64 * 1024;

/** Decide the format and the text encoding from the first bytes, or refuse with a clear message. */
export async function sniffFile(
  filePath: string,
  fileName: string,
): Promise<{ format: FileFormat; encoding: 'utf-8' | 'gbk' }> {
  const fh = await fs.promises.open(filePath, 'r');
  const head = Buffer.alloc(SNIFF_BYTES);
  const { bytesRead } = await fh.read(head, 0, SNIFF_BYTES, 0);
  await fh.close();
  const bytes = head.subarray(0, bytesRead);
  const zip = bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xls') && !zip)
    throw AppError.invalid(
      'file',
      'format',
      'file: old .xls workbooks are not read; save it as .xlsx or CSV UTF-8 / 不支持旧版 .xls，请另存为 .xlsx 或 CSV UTF-8',
    );
  if (lower.endsWith('.xlsx') && !zip)
    throw AppError.invalid(
      'file',
      'format',
      'file: this .xlsx is not an Excel workbook (it is not a zip package) / 该文件不是有效的 Excel 工作簿',
    );
  if (zip) return { format: 'xlsx', encoding: 'utf-8' };
  if (bytesRead === 0)
    throw AppError.invalid('file', 'required', 'file: the file is empty / 文件为空');
  if (bytes.includes(0))
    throw AppError.invalid(
      'file',
      'format',
      'file: not a text CSV (it holds binary data) / 不是文本格式的 CSV 文件',
    );
  return {
    format: 'csv',
    encoding: isUtf8Prefix(bytes, bytesRead === SNIFF_BYTES) ? 'utf-8' : 'gbk',
  };
}

/** Valid UTF-8, allowing a character cut off at the end of a partial read. */
function isUtf8Prefix(bytes: Buffer, partial: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(partial ? trimPartial(bytes) : bytes);
    return true;
  } catch {
    return false;
  }
}
function trimPartial(b: Buffer): Buffer {
  const end = b.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const c = b[end - i]!;
    if ((c & 0xc0) === 0xc0) return b.subarray(0, end - i); // a lead byte without its tail
    if ((c & 0xc0) !== 0x80) break;
  }
  return b;
}

/** Text in the given encoding → UTF-8 strings, decoding across chunk boundaries. */
function decoder(encoding: 'utf-8' | 'gbk'): Transform {
  const d = new TextDecoder(encoding);
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, d.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, d.decode());
    },
  });
}

/** Count the bytes read, for the progress bar. */
function counting(onBytes: (n: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
}

export async function* readRows(
  filePath: string,
  format: FileFormat,
  encoding: 'utf-8' | 'gbk',
  onBytes: (n: number) => void,
): AsyncGenerator<FileRow> {
  const source = fs.createReadStream(filePath).pipe(counting(onBytes));
  if (format === 'csv') yield* csvRows(source.pipe(decoder(encoding)));
  else yield* xlsxRows(source);
}

async function* csvRows(text: Readable): AsyncGenerator<FileRow> {
  const parser = text.pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true }),
  );
  for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>)
    yield { row: rec.info.lines, cells: rec.record };
}

async function* xlsxRows(source: Readable): AsyncGenerator<FileRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as unknown[];
        yield { row: row.number, cells: values.slice(1).map(cellText) };
      }
      return; // the first sheet only
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw AppError.invalid(
      'file',
      'format',
      `file: the workbook could not be read (${(e as Error).message}) / 无法读取该工作簿`,
    );
  }
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number')
    return Number.isSafeInteger(v) || !Number.isInteger(v) ? String(v) : `#LOST:${v}`;
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: string };
    if (o.richText) return o.richText.map((t) => t.text).join('');
    if ('result' in o) return cellText(o.result);
    if (typeof o.text === 'string') return o.text;
  }
  return String(v);
}
