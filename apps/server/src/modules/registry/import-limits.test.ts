import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RegistryImport } from '@cc/contracts';
import {
  signIn,
  startServerProcess,
  tempDataDir,
  type ServerProcess,
} from '../../platform/server-process.js';
import { DEMO } from '../../testing.js';
import { fakeResidentId } from './documents.js';
import {
  declareSize,
  excelWorkbook,
  repeated,
  sharedStringsAround,
  sheetAround,
  workbookEntries,
  writeZip,
  zipBytes,
} from './test-workbooks.js';

/**
 * Hostile import files (issue 18): zip bombs, sheets of millions of cells, huge texts, deep
 * XML, a DTD, one enormous CSV line. Each goes to a real server in a process of its own whose
 * heap is capped at SERVER_HEAP_MB (a file that blew the heap would kill that process, not the
 * test runner): each must fail only its own import, with a message naming the limit, and the
 * server must answer and import a good file afterwards. PGlite only: the reading is the same on
 * both databases.
 */

const COMMITTEE = '310101002001';
const SERVER_HEAP_MB = 256;
const MB = 1024 * 1024;
const HEAD = ['姓名', '证件类型', '证件号码', '户籍类型'];
/** the header row as inline strings */
const headerRow = `<row r="1">${HEAD.map((h) => `<c t="inlineStr"><is><t>${h}</t></is></c>`).join('')}</row>`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-hostile-'));

describe('hostile import files (a server of its own, its heap capped)', () => {
  const dataDir = tempDataDir();
  let server: ServerProcess;
  let cookie: string;

  before(async () => {
    server = await startServerProcess({
      dataDir,
      // every request and error logged: the log is checked for personal data below
      env: { DEMO_CASES: 'false', LOG_LEVEL: 'info' },
      nodeArgs: [`--max-old-space-size=${SERVER_HEAP_MB}`],
    });
    cookie = await signIn(server.baseUrl, 'yunnan', DEMO.password);
  });
  after(async () => {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** POST the file; the refusal at upload or the import's end, and the server still answering. */
  async function importOf(
    file: string,
    name: string,
  ): Promise<{ status: number | RegistryImport['status']; message: string; rule?: string }> {
    const fd = new FormData();
    fd.append('file', await fs.openAsBlob(file), name);
    const r = await fetch(
      `${server.baseUrl}/api/registry/imports?kind=residents&committee=${COMMITTEE}`,
      { method: 'POST', body: fd, headers: { cookie } },
    );
    const body = (await r.json()) as RegistryImport & { message: string; rule?: string };
    if (r.status !== 202) return { status: r.status, message: body.message, rule: body.rule };
    for (;;) {
      const p = await fetch(`${server.baseUrl}/api/registry/imports/${body.id}`, {
        headers: { cookie },
      });
      assert.equal(p.status, 200, 'the server answers while the file is read');
      const now = (await p.json()) as RegistryImport;
      if (now.status !== 'running') return { status: now.status, message: now.message ?? '' };
      await new Promise((res) => setTimeout(res, 100));
    }
  }

  /** A workbook file of these parts. */
  async function workbook(parts: Parameters<typeof workbookEntries>[0]): Promise<string> {
    const file = path.join(tmp, `${Math.random().toString(36).slice(2)}.xlsx`);
    await writeZip(file, workbookEntries(parts));
    return file;
  }

  /** The import failed (not a crash), its message naming the limit in English and Chinese. */
  function failsNaming(
    outcome: Awaited<ReturnType<typeof importOf>>,
    en: RegExp,
    zh: RegExp,
  ): void {
    assert.equal(outcome.status, 'failed', JSON.stringify(outcome));
    assert.match(outcome.message, en);
    assert.match(outcome.message, zh);
    assert.match(outcome.message, / \/ /, 'English / 中文');
  }

  it('when a workbook is a zip bomb (shared strings that unpack to 300 MB), then its import fails naming the limit, and the server lives on', async () => {
    const si = `<si><t>${'炸'.repeat(2000)}</t></si>`;
    const file = await workbook({
      sheet: sheetAround(['<row r="1"><c r="A1" t="s"><v>0</v></c></row>']),
      sharedStrings: sharedStringsAround(repeated(si, 300 * MB)),
    });
    assert.ok(fs.statSync(file).size < 2 * MB, 'a small file');
    failsNaming(
      await importOf(file, 'bomb.xlsx'),
      /unpacks to more than 32 MB/,
      /解压后超过 32 MB/,
    );
  });

  it('when a zip header lies about the unpacked size, then the import stops where the lie shows and fails', async () => {
    const si = `<si><t>${'x'.repeat(1000)}</t></si>`;
    const honest = await zipBytes(
      workbookEntries({
        sheet: sheetAround(['<row r="1"><c r="A1" t="s"><v>0</v></c></row>']),
        sharedStrings: sharedStringsAround(repeated(si, 200 * MB)),
      }),
    );
    const file = path.join(tmp, 'liar.xlsx');
    fs.writeFileSync(file, declareSize(honest, 'xl/sharedStrings.xml', 4096));
    failsNaming(await importOf(file, 'liar.xlsx'), /could not be read.*damaged/, /无法读取/);
  });

  it('when the shared strings are too many, or too long together, then the import fails naming that limit', async () => {
    const many = await workbook({
      sheet: sheetAround(['<row r="1"><c r="A1" t="s"><v>0</v></c></row>']),
      sharedStrings: sharedStringsAround(repeated('<si><t>x</t></si>', 9 * MB)),
    });
    failsNaming(
      await importOf(many, 'many.xlsx'),
      /more than 400,000 distinct texts/,
      /共享字符串超过 400,000 条/,
    );
    const long = await workbook({
      sheet: sheetAround(['<row r="1"><c r="A1" t="s"><v>0</v></c></row>']),
      sharedStrings: sharedStringsAround(
        repeated(`<si><t>${'y'.repeat(30_000)}</t></si>`, 10 * MB),
      ),
    });
    failsNaming(
      await importOf(long, 'long.xlsx'),
      /add up to more than 8,000,000 characters/,
      /总长超过 8,000,000 个字符/,
    );
    const declared = await workbook({
      sheet: sheetAround(['<row r="1"><c r="A1" t="s"><v>0</v></c></row>']),
      sharedStrings: sharedStringsAround(['<si><t>a</t></si>'], 50_000_000),
    });
    failsNaming(await importOf(declared, 'declared.xlsx'), /400,000 distinct texts/, /400,000 条/);
  });

  it('when a sheet has millions of empty cells, a huge cell, or one long text used in every cell, then the import fails naming the limit', async () => {
    // formatted cells without a value, as a sheet formatted to the edge has
    const emptyCells = await workbook({
      sheet: sheetAround(
        (function* () {
          for (let row = 1; row <= 30_000; row++)
            yield `<row r="${row}">${'<c s="1"/>'.repeat(100)}</row>`;
        })(),
      ),
    });
    failsNaming(
      await importOf(emptyCells, 'empty.xlsx'),
      /more than 2,000,000 cells/,
      /超过 2,000,000 个单元格/,
    );

    const hugeCell = await workbook({
      sheet: sheetAround([
        `<row r="1"><c r="A1" t="inlineStr"><is><t>${'长'.repeat(5 * MB)}</t></is></c></row>`,
      ]),
    });
    failsNaming(
      await importOf(hugeCell, 'huge-cell.xlsx'),
      /row 1, column A holds more than 32,767 characters/,
      /第 1 行 A 列的内容超过 32,767 个字符/,
    );

    // one text of 30,000 characters, used by 64 cells a row: ~60 billion characters if expanded
    const expanding = await workbook({
      sheet: sheetAround(
        (function* () {
          yield headerRow;
          for (let row = 2; row <= 30_000; row++) {
            let xml = `<row r="${row}">`;
            for (let c = 0; c < 64; c++) xml += '<c t="s"><v>0</v></c>';
            yield `${xml}</row>`;
          }
        })(),
      ),
      sharedStrings: sharedStringsAround([`<si><t>${'z'.repeat(30_000)}</t></si>`], 1),
    });
    failsNaming(
      await importOf(expanding, 'expanding.xlsx'),
      /more than 50,000,000 characters together/,
      /合计超过 50,000,000 个字符/,
    );

    const farColumn = await workbook({
      sheet: sheetAround(['<row r="1"><c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>']),
    });
    failsNaming(
      await importOf(farColumn, 'far.xlsx'),
      /column XFD, past column BL \(64 columns\)/,
      /BL 列（第 64 列）之后仍有内容/,
    );
  });

  it('when the XML nests a million deep, or declares a DTD with an entity bomb, then the import fails and says why', async () => {
    const deep = await workbook({
      sheet: sheetAround([...repeated('<x>', 3 * MB)]),
    });
    failsNaming(
      await importOf(deep, 'deep.xlsx'),
      /nests its elements more than 32 deep/,
      /嵌套超过 32 层/,
    );

    const laughs = ['<!DOCTYPE sst [<!ENTITY a "ha">'];
    for (let i = 1; i < 12; i++)
      laughs.push(
        `<!ENTITY ${String.fromCharCode(97 + i)} "${`&${String.fromCharCode(96 + i)};`.repeat(10)}">`,
      );
    const dtd = await workbook({
      sheet: sheetAround(['<row r="1"><c r="A1" t="s"><v>0</v></c></row>']),
      sharedStrings: [
        `<?xml version="1.0"?>${laughs.join('')}]><sst xmlns="x"><si><t>&l;</t></si></sst>`,
      ],
    });
    failsNaming(await importOf(dtd, 'laughs.xlsx'), /declares a DTD/, /DTD 声明/);
  });

  it('when a CSV has one enormous line, or one row of a hundred thousand characters, then the import fails naming the limit', async () => {
    const line = path.join(tmp, 'line.csv');
    fs.writeFileSync(line, `${HEAD.join(',')}\n张三,居民身份证,${'1'.repeat(8 * MB)},本市户籍\n`);
    failsNaming(
      await importOf(line, 'line.csv'),
      /line 2 is longer than 64 KB/,
      /第 2 行超过 64 KB/,
    );

    const commas = path.join(tmp, 'commas.csv');
    fs.writeFileSync(commas, `${HEAD.join(',')}\n${','.repeat(8 * MB)}\n`);
    failsNaming(await importOf(commas, 'commas.csv'), /line 2 is longer than 64 KB/, /第 2 行/);

    // short lines, one quoted cell across them
    const row = path.join(tmp, 'row.csv');
    fs.writeFileSync(
      row,
      `${HEAD.join(',')}\n"${'地址很长\n'.repeat(20_000)}",居民身份证,1,本市户籍\n`,
    );
    failsNaming(
      await importOf(row, 'row.csv'),
      /holds more than 65,536 characters/,
      /超过 65,536 个字符/,
    );
  });

  it('when a file is larger than a committee file can be, then the upload is refused with 413 naming the cap', async () => {
    const big = path.join(tmp, 'big.csv');
    fs.writeFileSync(big, `${HEAD.join(',')}\n${'张三,居民身份证,1,本市户籍\n'.repeat(400_000)}`);
    assert.ok(fs.statSync(big).size > 10 * MB);
    const refused = await importOf(big, 'big.csv');
    assert.equal(refused.status, 413, JSON.stringify(refused));
    assert.match(refused.message, /at most 10 MB/);
    assert.match(refused.message, /不能超过 10 MB/);
  });

  it('when bad rows hold an ID number and a phone (in their columns and shifted into others), then neither is in the stored problems, the API answer, the report or the server log', async () => {
    const id = (birth: string, pick: number) => fakeResidentId('310101', birth, 'male', () => pick);
    const valid = id('1975-01-02', 0.42);
    const wrongDigit = valid.slice(0, 17) + (valid[17] === '1' ? '2' : '1');
    const other = id('1968-07-08', 0.17);
    const shifted = id('1981-11-12', 0.63);
    const phone = '13987654321';
    const badPhone = '1398765432';
    const planted = [
      valid,
      wrongDigit,
      other,
      shifted,
      phone,
      badPhone,
      '1975-01-02',
      '1968-07-08',
    ];
    const head =
      '姓名,证件类型,证件号码,手机号,出生日期,性别,户籍类型,国籍,小区,楼栋,单元,室号,户号,与户主关系,标签';
    const rows = [
      `张三,居民身份证,${wrongDigit},${badPhone},,,本市户籍,,,,,,,,`,
      // a birth date that differs from the one the (valid) number holds
      `李四,居民身份证,${other},${phone},1990-01-01,,本市户籍,,,,,,,,`,
      // columns shifted: the phone in 小区, the number in 标签; then the phone in 户籍类型
      `王五,居民身份证,${shifted},,,,本市户籍,,${phone},1号楼,,101,,,${valid}`,
      `赵六,居民身份证,${shifted},,,,${phone},,,,,,,,`,
    ];
    const csvFile = path.join(tmp, 'planted.csv');
    fs.writeFileSync(csvFile, `${head}\n${rows.join('\n')}\n`);
    // the same people without the header row, and cut off inside a quoted cell
    const noHeader = path.join(tmp, 'no-header.csv');
    fs.writeFileSync(noHeader, `${rows.join('\n')}\n`);
    const unclosed = path.join(tmp, 'unclosed.csv');
    fs.writeFileSync(unclosed, `${head}\n${rows[0]}\n"${valid},${phone}\n`);
    const xlsx = path.join(tmp, 'planted.xlsx');
    await writeZip(xlsx, excelWorkbook([head.split(','), ...rows.map((r) => r.split(','))]));

    const seen: string[] = [];
    for (const [file, name] of [
      [csvFile, 'planted.csv'],
      [noHeader, 'no-header.csv'],
      [unclosed, 'unclosed.csv'],
      [xlsx, 'planted.xlsx'],
    ] as const) {
      const fd = new FormData();
      fd.append('file', await fs.openAsBlob(file), name);
      const posted = await fetch(
        `${server.baseUrl}/api/registry/imports?kind=residents&committee=${COMMITTEE}`,
        { method: 'POST', body: fd, headers: { cookie } },
      );
      const started = await posted.text();
      seen.push(started);
      const { id: importId } = JSON.parse(started) as RegistryImport;
      let answer: RegistryImport;
      do {
        await new Promise((res) => setTimeout(res, 100));
        const text = await (
          await fetch(`${server.baseUrl}/api/registry/imports/${importId}`, { headers: { cookie } })
        ).text();
        seen.push(text);
        answer = JSON.parse(text) as RegistryImport;
      } while (answer.status === 'running');
      assert.equal(answer.status, 'failed', `${name}: ${JSON.stringify(answer)}`);
      assert.ok(answer.message || answer.problems.length, `${name} says what is wrong`);
      const report = await fetch(`${server.baseUrl}/api/registry/imports/${importId}/report.csv`, {
        headers: { cookie },
      });
      seen.push(await report.text());
    }
    seen.push(
      await (
        await fetch(`${server.baseUrl}/api/registry/imports?committee=${COMMITTEE}`, {
          headers: { cookie },
        })
      ).text(),
    );
    const answers = seen.join('\n');
    // the reports do name rows, fields and rules
    assert.match(
      answers,
      /证件号码 \(document_number\)","reason":"resident ID has a wrong check digit/,
    );
    assert.match(answers, /手机号 \(phone\)","reason":"mobile number must be 11 digits/);
    assert.match(
      answers,
      /出生日期 \(birth_date\)","reason":"birth date differs from the ID number \//,
    );
    assert.match(answers, /户籍类型 \(registration\) must be one of/);
    assert.match(answers, /小区 \(compound\)","reason":"no such compound/);
    assert.match(answers, /标签 \(tags\)","reason":"unknown tag/);
    assert.match(answers, /unknown columns 无法识别的列: A, B, C, D, G\b/);
    assert.match(answers, /quoted cell opened by line 3/);
    for (const value of planted) {
      assert.ok(!answers.includes(value), `${value} is in an answer`);
      assert.ok(!server.output().includes(value), `${value} is in the server's log`);
    }
  });

  it('when the hostile files are done, then the server is the same process and imports a good workbook', async () => {
    const file = path.join(tmp, 'good.xlsx');
    await writeZip(
      file,
      excelWorkbook([
        HEAD,
        [
          '周好',
          '居民身份证',
          fakeResidentId('310101', '1949-12-31', 'female', () => 0.3),
          '本市户籍',
        ],
      ]),
    );
    const outcome = await importOf(file, 'good.xlsx');
    assert.equal(outcome.status, 'done', JSON.stringify(outcome));
    assert.doesNotMatch(server.output(), /heap out of memory|FATAL ERROR/);
  });
});
