import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { AppError } from '../../platform/errors.js';
import { readXlsxOnWorker } from './import-files.js';
import {
  excelWorkbook,
  repeated,
  sharedStringsAround,
  sheetAround,
  workbookEntries,
  writeZip,
} from './test-workbooks.js';
import { XLSX_LIMITS } from './xlsx-reader.js';
import { xlsxParts } from './xlsx-writer.js';

/** The workbook reader on its worker, without a server: what it reads, and what stops it. */

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-xlsx-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const MB = 1024 * 1024;

async function rowsOf(
  file: string,
  o?: Parameters<typeof readXlsxOnWorker>[2],
): Promise<{ row: number; cells: string[] }[]> {
  const rows = [];
  for await (const r of readXlsxOnWorker(file, () => {}, o)) rows.push(r);
  return rows;
}

describe('reading a workbook on its worker', () => {
  it('when Excel saved it (shared strings, rich text with a phonetic run, numbers, formatted empty cells, a second sheet), then the first sheet reads as Excel shows it', async () => {
    const file = path.join(tmp, 'excel.xlsx');
    await writeZip(
      file,
      excelWorkbook([
        ['周一二', '证件号码', '手机号', '面积'],
        ['周一二', '310101199001011237', 13912345678, 68.5],
        ['', '', '', ''],
        ['  空格  ', 'a&b<c>"d"', Number('310101199001011237'), 1e21],
      ]),
    );
    assert.deepEqual(await rowsOf(file), [
      { row: 1, cells: ['周一二', '证件号码', '手机号', '面积'] },
      { row: 2, cells: ['周一二', '310101199001011237', '13912345678', '68.5'] },
      // an 18-digit number lost its last digits in Excel: marked, never a wrong number
      { row: 4, cells: ['  空格  ', 'a&b<c>"d"', '#LOST', '#LOST'] },
    ]);
  });

  it('when the export writer writes odd texts, then they read back as written (less what XML cannot hold)', async () => {
    const file = path.join(tmp, 'export.xlsx');
    const rows = [
      ['名', ' lead', 'trail ', 'x\ty', '\u0001bell', '𠮷野家', 'line\nbreak'],
      ['=1+1', '', 'é', '&amp;', '<t>', ']]>', '"'],
    ];
    await writeZip(file, xlsxParts(rows, { columns: 7 }));
    assert.deepEqual(
      (await rowsOf(file)).map((r) => r.cells),
      [['名', ' lead', 'trail ', 'x\ty', 'bell', '𠮷野家', 'line\nbreak'], rows[1]],
    );
  });

  it('when a workbook is as large as the limits allow (400,000 shared strings, 7.2 M characters), then it reads within the worker heap', async () => {
    const file = path.join(tmp, 'at-limits.xlsx');
    const count = XLSX_LIMITS.sharedStrings;
    const text = (i: number) => `居民${String(i).padStart(16, '0')}`; // 18 characters
    await writeZip(
      file,
      workbookEntries({
        sheet: sheetAround(
          (function* () {
            for (let r = 1; r <= 2_000; r++) {
              let xml = `<row r="${r}">`;
              for (let c = 0; c < 16; c++)
                xml += `<c t="s"><v>${((r - 1) * 16 + c) * 12 + 1}</v></c>`;
              yield `${xml}</row>`;
            }
          })(),
        ),
        sharedStrings: sharedStringsAround(
          (function* () {
            for (let i = 0; i < count; i++) yield `<si><t>${text(i)}</t></si>`;
          })(),
          count,
        ),
      }),
    );
    const rows = await rowsOf(file);
    assert.equal(rows.length, 2_000);
    assert.equal(rows[1]!.cells[0], text(16 * 12 + 1));
  });

  it('when the limits are lifted and the shared strings would take gigabytes, then the worker meets its own heap limit, the read fails naming it, and this process lives on', async () => {
    const file = path.join(tmp, 'heap.xlsx');
    await writeZip(
      file,
      workbookEntries({
        sheet: sheetAround(['<row r="1"><c r="A1" t="s"><v>0</v></c></row>']),
        sharedStrings: sharedStringsAround(
          repeated(`<si><t>${'炸'.repeat(3000)}</t></si>`, 200 * MB),
        ),
      }),
    );
    const lifted = {
      ...XLSX_LIMITS,
      sharedStrings: Infinity,
      sharedStringChars: Infinity,
      sharedStringsBytes: Infinity,
    };
    await assert.rejects(rowsOf(file, { limits: lifted, heapMb: 48 }), (e: AppError) => {
      assert.ok(e instanceof AppError);
      assert.equal(e.rule, 'maxMemory');
      assert.match(e.message, /more than 48 MB of memory/);
      assert.match(e.message, /所需内存超过 48 MB/);
      return true;
    });
  });

  it('when the file is not a zip, or a zip without a workbook, then the read fails saying so', async () => {
    const notZip = path.join(tmp, 'not.xlsx');
    fs.writeFileSync(notZip, 'PK\u0003\u0004 and then nothing');
    await assert.rejects(rowsOf(notZip), /could not be read \(not a zip package\)/);
    const noBook = path.join(tmp, 'nobook.xlsx');
    await writeZip(noBook, [{ name: 'hello.txt', data: ['hi'] }]);
    await assert.rejects(rowsOf(noBook), /could not be read \(it has no workbook part\)/);
  });
});
