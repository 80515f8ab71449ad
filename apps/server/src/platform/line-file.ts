import fs from 'node:fs';
import type { FileLineProblem } from '@cc/contracts';

/**
 * Reading an uploaded text file line by line, for the imports that read a file twice (check
 * every row, then store): strict UTF-8, so a bad byte is an error and not a silent U+FFFD; a
 * byte-order mark and CRs dropped; a line over 64 KB refused, so memory stays bounded by one
 * line and one read buffer whatever the file's size. Used by the address file and the 12345
 * hotline's work orders.
 */

/** A line longer than `MAX_LINE` characters: the file is refused. */
export class LineTooLong extends Error {}

export const MAX_LINE = 64 * 1024;

/** The file's lines, decoded strictly as UTF-8 (throws TypeError on a bad byte, LineTooLong). */
export async function* fileLines(filePath: string): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let rest = '';
  let first = true;
  for await (const chunk of fs.createReadStream(filePath, { highWaterMark: 256 * 1024 })) {
    let text = decoder.decode(chunk as Buffer, { stream: true });
    if (first) {
      text = text.replace(/^\uFEFF/, '');
      first = false;
    }
    rest += text;
    let start = 0;
    let nl: number;
    while ((nl = rest.indexOf('\n', start)) >= 0) {
      yield rest.slice(start, nl).replace(/\r$/, '');
      start = nl + 1;
    }
    rest = rest.slice(start);
    if (rest.length > MAX_LINE) throw new LineTooLong();
  }
  rest += decoder.decode();
  if (rest.replace(/\r$/, '') !== '') yield rest.replace(/\r$/, '');
}

/** The file-level problem a read error stands for (bad UTF-8, a line too long), else null. */
export function readProblem(e: unknown): { rule: string; message: string } | null {
  if (e instanceof LineTooLong)
    return { rule: 'lineLength', message: 'a line is longer than 64 KB / 行过长' };
  if (e instanceof TypeError)
    return { rule: 'encoding', message: 'the file is not UTF-8 text / 文件不是 UTF-8 编码' };
  return null;
}

/** The fields of one CSV line (RFC 4180 quoting); null when a quote is not closed on the line. */
export function splitCsvLine(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return null;
        v += line.slice(i, q);
        if (line[q + 1] === '"') {
          v += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(v);
      if (i >= line.length) return out;
      if (line[i] !== ',') return null;
      i++;
    } else {
      const c = line.indexOf(',', i);
      if (c < 0) {
        out.push(line.slice(i));
        return out;
      }
      out.push(line.slice(i, c));
      i = c + 1;
    }
  }
}

/** Problems found in a file: the first `keep` listed, all counted. */
export class LineProblems {
  readonly list: FileLineProblem[] = [];
  count = 0;
  constructor(private readonly keep = 100) {}
  add(line: number, column: string, rule: string, message: string): void {
    this.count++;
    if (this.list.length < this.keep) this.list.push({ line, column, rule, message });
  }
}
