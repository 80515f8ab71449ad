import fc from 'fast-check';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Area } from '@cc/contracts';
import { testT } from '../app/test-i18n';
import { csvCell, rankedRows, toCsv, type CsvCell } from './csv';
import { safeFileName } from './download';

const BOM = '\uFEFF';

/** RFC 4180 read back: rows of cells, the way a spreadsheet opens the file. */
function parseCsv(text: string): string[][] {
  assert.ok(text.startsWith(BOM), 'the file starts with a byte-order mark');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let isQuoted = false;
  for (let i = BOM.length; i < text.length; i++) {
    const c = text[i];
    if (isQuoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') isQuoted = false;
      else cell += c;
    } else if (c === '"') isQuoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  assert.equal(cell, '', 'the last row ends with CRLF');
  assert.equal(row.length, 0);
  return rows;
}

describe('csvCell', () => {
  it('when a cell is empty, null or undefined, then it is blank', () => {
    assert.deepEqual([null, undefined, ''].map(csvCell), ['', '', '']);
  });

  it('when a cell is a number, then it stays a number; a negative is no formula', () => {
    assert.equal(csvCell(42), '42');
    assert.equal(csvCell(-3.5), '-3.5');
    assert.equal(csvCell(0), '0');
  });

  it('when a number is not finite, then the cell is blank', () => {
    assert.deepEqual([NaN, Infinity, -Infinity].map(csvCell), ['', '', '']);
  });

  it('when text would start a formula, then it gets a leading quote (CSV injection)', () => {
    assert.equal(csvCell('=SUM(A1:A9)'), "'=SUM(A1:A9)");
    assert.equal(csvCell('+8613812345678'), "'+8613812345678");
    assert.equal(csvCell('-5'), "'-5");
    assert.equal(csvCell('@cmd'), "'@cmd");
    assert.equal(csvCell('\tx'), "'\tx");
  });

  it('when text holds a comma, a quote or a line break, then it is quoted, quotes doubled', () => {
    assert.equal(csvCell('张三,李四'), '"张三,李四"');
    assert.equal(csvCell('他说"好"'), '"他说""好"""');
    assert.equal(csvCell('第一行\n第二行'), '"第一行\n第二行"');
    assert.equal(csvCell('a\r\nb'), '"a\r\nb"');
  });

  it('when a formula also needs quoting, then both apply', () => {
    assert.equal(csvCell('=1,2'), `"'=1,2"`);
    assert.equal(csvCell('\rx'), `"'\rx"`);
  });

  it('when text is plain Chinese or a boolean, then it is written as it is', () => {
    assert.equal(csvCell('云南中路花园 8号楼'), '云南中路花园 8号楼');
    assert.equal(csvCell(true), 'true');
    assert.equal(csvCell(false), 'false');
  });
});

describe('toCsv', () => {
  it('when rows are written, then the file has a BOM, CRLF line ends and a final CRLF', () => {
    const csv = toCsv([
      ['姓名', '年龄'],
      ['张三', 30],
    ]);
    assert.equal(csv, `${BOM}姓名,年龄\r\n张三,30\r\n`);
  });

  it('when there are no rows, then the file is a BOM and one empty line', () => {
    assert.equal(toCsv([]), `${BOM}\r\n`);
  });

  it('when rows are uneven or cells missing, then each row keeps its own length', () => {
    assert.deepEqual(parseCsv(toCsv([['a', 'b', 'c'], ['x'], [null, undefined, 1]])), [
      ['a', 'b', 'c'],
      ['x'],
      ['', '', '1'],
    ]);
  });

  it('when any text is written, then a spreadsheet reads the same text back', () => {
    // text a spreadsheet would not take for a formula comes back unchanged
    const safeText = fc
      .string({ unit: fc.constantFrom('a', '张', ',', '"', '\n', '\r\n', ' ', '1', '\u00e9') })
      .filter((s) => !/^[=+\-@\t\r]/.test(s));
    fc.assert(
      fc.property(
        fc.array(fc.array(safeText, { minLength: 2, maxLength: 5 }), { maxLength: 6 }),
        (rows) => {
          const expected = rows.length ? rows : [['']];
          assert.deepEqual(parseCsv(toCsv(rows)), expected);
        },
      ),
    );
  });

  it('when a cell starts like a formula, then it reads back with the guard quote only', () => {
    const cells: CsvCell[] = ['=A1', '-1', '+1', '@a'];
    assert.deepEqual(parseCsv(toCsv([cells])), [["'=A1", "'-1", "'+1", "'@a"]]);
  });
});

describe('rankedRows', () => {
  const zh = testT('zh-CN');
  const en = testT('en');
  const area = (code: string, name: string, nameEn: string | null): Area => ({
    code,
    name,
    nameEn,
    level: 'street',
    parentCode: '310101000000',
    approximate: false,
    centre: [121.48, 31.23],
  });
  const NANJING = area('310101002000', '南京东路街道', 'Nanjing Road East');
  const WAITAN = area('310101013000', '外滩街道', null);

  it('when children are ranked, then ranks count from 1 with code, name in language, then columns', () => {
    const rows = rankedRows(
      [
        { area: NANJING, n: 7 },
        { area: WAITAN, n: 2 },
      ],
      en,
      'en',
      {
        header: ['n'],
        cells: (item) => [item.n],
      },
    );
    assert.deepEqual(rows, [
      [
        en('dashboards.compare.rank'),
        en('dashboards.csv.areaCode'),
        en('dashboards.csv.area'),
        'n',
      ],
      [1, '310101002000', 'Nanjing Road East', 7],
      // no English name: the Chinese one
      [2, '310101013000', '外滩街道', 2],
    ]);
    assert.equal(rankedRows([], zh, 'zh-CN', { header: [], cells: () => [] }).length, 1);
  });

  it('when ranked rows are exported in Chinese, then the header is Chinese', () => {
    const [header] = rankedRows([], zh, 'zh-CN', { header: [], cells: () => [] });
    assert.deepEqual(header, [
      zh('dashboards.compare.rank'),
      zh('dashboards.csv.areaCode'),
      zh('dashboards.csv.area'),
    ]);
    for (const cell of header!) assert.match(String(cell), /[\u4e00-\u9fff]/);
  });
});

describe('safeFileName', () => {
  it('when a name holds characters file systems refuse, then each run becomes a dash', () => {
    assert.equal(safeFileName('居民名单/黄浦区:2026?'), '居民名单-黄浦区-2026-');
    assert.equal(safeFileName('a<>|b'), 'a-b');
  });

  it('when a name holds control characters, then they are dropped', () => {
    assert.equal(safeFileName('报表\u0000\n2026\t'), '报表2026');
  });

  it('when nothing printable is left, then the name is "export"', () => {
    assert.equal(safeFileName(''), 'export');
    assert.equal(safeFileName('   '), 'export');
    assert.equal(safeFileName('\n\r'), 'export');
  });
});
