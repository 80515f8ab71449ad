import type { RowProblem, TopicBoard } from '@cc/contracts';
import type { CsvCell } from '../../lib/csv';
import { shanghaiDate } from '../../lib/shanghai-time';

/** What the server takes in one file (data/topics/README.md). */
export const FIGURES_MAX_BYTES = 5 * 1024 * 1024;
export const FIGURES_HEADER = ['date', 'area_code', 'metric', 'value'] as const;

/** Why a file cannot be sent as it is; each has its own advice. */
export type UnreadableReason = 'tooLarge' | 'empty' | 'workbook' | 'utf16' | 'encoding' | 'binary';

export type ReadFile = { text: string } | { reason: UnreadableReason };

/**
 * A chosen file as UTF-8 text, or why not. Excel saves "CSV" in the system's code page (GBK
 * on a Chinese Windows) unless told "CSV UTF-8": such bytes do not decode as UTF-8, and are
 * refused here rather than sent as garbage. A UTF-8 byte-order mark is dropped.
 */
export async function readFiguresFile(file: Blob): Promise<ReadFile> {
  if (file.size > FIGURES_MAX_BYTES) return { reason: 'tooLarge' };
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.length === 0) return { reason: 'empty' };
  // a zip archive: an .xlsx workbook
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return { reason: 'workbook' };
  }
  // Excel's "Unicode text" is UTF-16 with a byte-order mark
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { reason: 'utf16' };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { reason: 'encoding' };
  }
  if (text.includes('\u0000')) return { reason: 'binary' };
  if (text.trim() === '') return { reason: 'empty' };
  return { text };
}

/**
 * The line of the file that holds each data row (1 = the first row under the header), as the
 * server counts them: empty lines skipped. Unknown when a field is quoted (a quoted field may
 * hold a line break), so the report then gives the row number only.
 */
export function dataLines(text: string): { line: number; content: string }[] | undefined {
  if (text.includes('"')) return undefined;
  const lines = text
    .split(/\r\n|\n|\r/)
    .map((content, index) => ({ line: index + 1, content }))
    .filter(({ content }) => content.trim() !== '');
  return lines.slice(1);
}

/** Data rows in the file (lines under the header), for the reader's confirmation. */
export function countDataRows(text: string): number {
  return Math.max(0, text.split(/\r\n|\n|\r/).filter((line) => line.trim() !== '').length - 1);
}

/**
 * The template: the header and one example row — yesterday's figure of the first imported metric for
 * the first child (figures are given at one level, the children's), or for the area itself.
 */
export function templateRows(board: TopicBoard, now: number): CsvCell[][] {
  // a metric fed live (社区通) is never imported
  const example = board.metrics.find((m) => m.feed !== 'platform');
  const firstChild = example?.byChild[0]?.area.code;
  return [
    [...FIGURES_HEADER],
    [shanghaiDate(now - 86_400_000), firstChild ?? board.area.code, example?.id ?? '', 12],
  ];
}

/** The bad-row report as CSV: row, line of the file, field, reason and what the line held. */
export function reportRows(
  problems: readonly RowProblem[],
  text: string,
  header: readonly string[],
  fieldName: (field: string) => string,
): CsvCell[][] {
  const lines = dataLines(text);
  return [
    [...header],
    ...problems.map((p) => {
      const line = lines?.[p.row - 1];
      return [p.row, line?.line, fieldName(p.field), p.reason, line?.content];
    }),
  ];
}
