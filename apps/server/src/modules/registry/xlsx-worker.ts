/**
 * The reading worker of an XLSX import (started by import-files.ts, with a heap limit of its
 * own): the workbook's first sheet read by xlsx-reader.ts, its rows posted in batches, at most
 * AHEAD batches ahead of the import, which asks for each next one.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readXlsxRows, XlsxProblem, type SheetRow, type XlsxLimits } from './xlsx-reader.js';

export interface XlsxJob {
  filePath: string;
  limits: XlsxLimits;
}
export type XlsxMessage =
  | { rows: SheetRow[]; /** share of the sheet read, 0–1 */ share: number; done: boolean }
  | { error: { rule: string; message: string } };

/** rows a batch, and characters: a batch is cloned into the import's heap */
const BATCH_ROWS = 256;
const BATCH_CHARS = 1_000_000;
const AHEAD = 2;

const { filePath, limits } = workerData as XlsxJob;
const port = parentPort!;
let credits = AHEAD;
let wake: (() => void) | null = null;
port.on('message', () => {
  credits++;
  wake?.();
  wake = null;
});

const post = (m: XlsxMessage) => port.postMessage(m);

async function run(): Promise<void> {
  let share = 0;
  let rows: SheetRow[] = [];
  let chars = 0;
  for await (const row of readXlsxRows(filePath, limits, (s) => (share = s))) {
    rows.push(row);
    for (const c of row.cells) chars += c.length;
    if (rows.length < BATCH_ROWS && chars < BATCH_CHARS) continue;
    post({ rows, share, done: false });
    [rows, chars] = [[], 0];
    if (--credits <= 0) await new Promise<void>((resolve) => (wake = resolve));
  }
  post({ rows, share: 1, done: true });
}

run().catch((e: unknown) =>
  post({
    error:
      e instanceof XlsxProblem
        ? { rule: e.rule, message: e.message }
        : {
            rule: 'format',
            message: `file: the workbook could not be read (${(e as Error).name}) / 无法读取该工作簿`,
          },
  }),
);
