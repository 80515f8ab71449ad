import fs from 'node:fs';
import { pipeline, Transform } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { CsvError, parse } from 'csv-parse';
import { AppError } from '../../platform/errors.js';
import { workerCode } from './worker-code.js';
import { XLSX_LIMITS, type XlsxLimits } from './xlsx-reader.js';
import type { XlsxJob, XlsxMessage } from './xlsx-worker.js';

/**
 * Reading a registry file as a stream of rows, whatever it is: CSV in UTF-8 (with or without a
 * BOM) or GBK (what Excel saves on a Chinese Windows), or an XLSX workbook's first sheet.
 * The first row holds the headers. Only a few rows are in memory at a time, whatever the file
 * does: a CSV line or row past its limit ends the import, and a workbook is read on a worker
 * of its own (xlsx-reader.ts: limits on unpacked sizes, shared strings, cells and characters,
 * checked before and while it is read) whose heap has a limit of its own.
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

/**
 * A CSV line (between two line feeds) has at most this many bytes, and a row (several lines
 * when a quoted cell holds line breaks) at most this many characters: a row of a registry file
 * is a few hundred bytes, and Excel's own cell holds 32,767 characters.
 */
const CSV_MAX_LINE_BYTES = 64 * 1024;
const CSV_MAX_ROW_CHARS = 64 * 1024;

/**
 * Count the bytes read, for the progress bar, and refuse a line past CSV_MAX_LINE_BYTES before
 * the parser holds it (a line of commas alone would otherwise make a row of millions of cells).
 */
function csvBytes(onBytes: (n: number) => void): Transform {
  let lineBytes = 0;
  let line = 1;
  const tooLong = () =>
    AppError.invalid(
      'file',
      'maxLineLength',
      `file: line ${line} is longer than ${CSV_MAX_LINE_BYTES / 1024} KB, the most an import reads for a line / 第 ${line} 行超过 ${CSV_MAX_LINE_BYTES / 1024} KB（导入上限）`,
    );
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      onBytes(chunk.length);
      let from = 0;
      for (let lf = chunk.indexOf(10); lf !== -1; lf = chunk.indexOf(10, from)) {
        if (lineBytes + lf - from > CSV_MAX_LINE_BYTES) return done(tooLong());
        [lineBytes, from] = [0, lf + 1];
        line++;
      }
      lineBytes += chunk.length - from;
      if (lineBytes > CSV_MAX_LINE_BYTES) return done(tooLong());
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
  if (format === 'xlsx') {
    const total = (await fs.promises.stat(filePath)).size;
    let counted = 0;
    yield* readXlsxOnWorker(filePath, (share) => {
      const bytes = Math.round(share * total);
      if (bytes > counted) onBytes(bytes - counted);
      counted = Math.max(counted, bytes);
    });
    return;
  }
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    max_record_size: CSV_MAX_ROW_CHARS,
  });
  // (an error in any stage ends the parser's iteration with it)
  pipeline(fs.createReadStream(filePath), csvBytes(onBytes), decoder(encoding), parser, () => {});
  try {
    for await (const rec of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>)
      yield { row: rec.info.lines, cells: rec.record };
  } catch (e) {
    throw e instanceof CsvError ? csvProblem(e) : e;
  }
}

/** csv-parse's error as the import's, naming the line and the rule, never a cell's value. */
function csvProblem(e: CsvError): AppError {
  const line = (e as CsvError & { lines?: number }).lines ?? 0;
  const chars = CSV_MAX_ROW_CHARS.toLocaleString('en-US');
  const quote = `file: line ${line} has a quote inside a cell: quote the whole cell and double the quote ("") / 第 ${line} 行单元格中有引号：须将整个单元格加引号，并将引号写成两个（""）`;
  const known: Partial<Record<CsvError['code'], [rule: string, message: string]>> = {
    CSV_MAX_RECORD_SIZE: [
      'maxRowLength',
      `file: the row ending at line ${line} holds more than ${chars} characters, the most an import reads for a row / 第 ${line} 行超过 ${chars} 个字符（导入上限）`,
    ],
    CSV_QUOTE_NOT_CLOSED: [
      'format',
      `file: a quoted cell opened by line ${line} is never closed / 第 ${line} 行附近的引号未闭合`,
    ],
    CSV_INVALID_CLOSING_QUOTE: ['format', quote],
    CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: ['format', quote],
  };
  const [rule, message] = known[e.code] ?? [
    'format',
    `file: line ${line} could not be read as CSV (${e.code}) / 第 ${line} 行无法按 CSV 读取`,
  ];
  return AppError.invalid('file', rule, message);
}

/** The heap of the worker that reads a workbook: the limits above keep well within it. */
const XLSX_HEAP_MB = 96;

/**
 * A workbook's rows, read on a worker of its own (xlsx-worker.ts) with a heap limit of its own:
 * a file that breaks a limit, or somehow exhausts that heap, fails this import with a message
 * naming the limit, and nothing else. `onShare` gets the share of the sheet read (0–1).
 */
export async function* readXlsxOnWorker(
  filePath: string,
  onShare: (share: number) => void = () => {},
  o: { limits?: XlsxLimits; heapMb?: number } = {},
): AsyncGenerator<FileRow> {
  const heapMb = o.heapMb ?? XLSX_HEAP_MB;
  const worker = new Worker(await workerCode('xlsx-worker.ts'), {
    workerData: { filePath, limits: o.limits ?? XLSX_LIMITS } satisfies XlsxJob,
    resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 8, stackSizeMb: 4 },
  });
  const inbox: XlsxMessage[] = [];
  let stopped: Error | null = null;
  let wake: (() => void) | null = null;
  const rouse = () => {
    wake?.();
    wake = null;
  };
  worker.on('message', (m: XlsxMessage) => {
    inbox.push(m);
    rouse();
  });
  worker.on('error', (e) => {
    stopped ??= e;
    rouse();
  });
  worker.on('exit', (code) => {
    stopped ??= new Error(`the reading worker stopped (exit code ${code})`);
    rouse();
  });
  try {
    for (;;) {
      while (!inbox.length && !stopped) await new Promise<void>((resolve) => (wake = resolve));
      const m = inbox.shift();
      if (!m) {
        if ((stopped as { code?: string } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY')
          throw AppError.invalid(
            'file',
            'maxMemory',
            `file: reading the workbook took more than ${heapMb} MB of memory, the most an import may use / 读取该工作簿所需内存超过 ${heapMb} MB（导入上限）`,
          );
        throw stopped!;
      }
      if ('error' in m) throw AppError.invalid('file', m.error.rule, m.error.message);
      onShare(m.share);
      yield* m.rows;
      if (m.done) return;
      worker.postMessage(null); // the next batch
    }
  } finally {
    await worker.terminate();
  }
}
