import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { columnLetters, escapeXml, zipStream, type ZipEntry } from './xlsx-writer.js';

/**
 * Workbooks for the registry's tests, built in the test: as Excel writes them (shared strings,
 * numbers as numbers, rich text with phonetic runs, the sheet before the shared strings in the
 * zip) and as an attacker would (parts that unpack to hundreds of MB, headers that lie).
 */

type Chunks = Iterable<string> | AsyncIterable<string>;
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n';

/** The parts of a workbook in Excel's order, with the given sheet and shared strings. */
export function workbookEntries(parts: { sheet: Chunks; sharedStrings?: Chunks }): ZipEntry[] {
  const ct = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
  return [
    {
      name: '[Content_Types].xml',
      data: [
        `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="${ct}.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="${ct}.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="${ct}.sharedStrings+xml"/></Types>`,
      ],
    },
    {
      name: '_rels/.rels',
      data: [
        `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ],
    },
    {
      name: 'xl/workbook.xml',
      data: [
        `${XML}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><bookViews><workbookView xWindow="0" yWindow="0"/></bookViews><sheets><sheet name="居民" sheetId="1" r:id="rId1"/><sheet name="说明" sheetId="2" r:id="rId9"/></sheets></workbook>`,
      ],
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: [
        `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="${REL}/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId4" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
      ],
    },
    { name: 'xl/worksheets/sheet1.xml', data: parts.sheet },
    {
      name: 'xl/worksheets/sheet2.xml',
      data: [`${XML}<worksheet xmlns="${MAIN}"><sheetData/></worksheet>`],
    },
    ...(parts.sharedStrings ? [{ name: 'xl/sharedStrings.xml', data: parts.sharedStrings }] : []),
  ];
}

/** A sheet's XML around its rows' XML, as Excel writes it. */
export async function* sheetAround(rows: Chunks): AsyncGenerator<string> {
  yield `${XML}<worksheet xmlns="${MAIN}" xmlns:r="${REL}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"><dimension ref="A1"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="14.4" x14ac:dyDescent="0.25"/><sheetData>`;
  yield* rows;
  yield '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>';
}

/** A shared strings part around its `<si>` items. */
export async function* sharedStringsAround(
  items: Chunks,
  uniqueCount?: number,
): AsyncGenerator<string> {
  yield `${XML}<sst xmlns="${MAIN}"${uniqueCount === undefined ? '' : ` count="${uniqueCount}" uniqueCount="${uniqueCount}"`}>`;
  yield* items;
  yield '</sst>';
}

/**
 * Rows as Excel saves them: texts in the shared strings (the first with a phonetic run, which
 * is not part of its text), numbers as numbers (a phone typed into a cell of format General).
 */
export function excelWorkbook(rows: (string | number)[][]): ZipEntry[] {
  const strings = new Map<string, number>();
  const rowXml = rows.map((cells, r) => {
    const xml = cells
      .map((v, i) => {
        const ref = `${columnLetters(i)}${r + 1}`;
        if (typeof v === 'number') return `<c r="${ref}" s="1"><v>${v}</v></c>`;
        if (v === '') return `<c r="${ref}" s="1"/>`; // formatted, empty
        if (!strings.has(v)) strings.set(v, strings.size);
        return `<c r="${ref}" t="s"><v>${strings.get(v)}</v></c>`;
      })
      .join('');
    return `<row r="${r + 1}" spans="1:${cells.length}" x14ac:dyDescent="0.25">${xml}</row>`;
  });
  const items = [...strings.keys()].map((s, i) =>
    i === 0 && s.length > 1
      ? `<si><r><t>${escapeXml(s[0]!)}</t></r><r><rPr><b/><sz val="11"/></rPr><t>${escapeXml(s.slice(1))}</t></r><rPh sb="0" eb="1"><t>PHONETIC</t></rPh><phoneticPr fontId="1" type="noConversion"/></si>`
      : `<si><t${/^\s|\s$/.test(s) ? ' xml:space="preserve"' : ''}>${escapeXml(s)}</t></si>`,
  );
  return workbookEntries({
    sheet: sheetAround(rowXml),
    sharedStrings: sharedStringsAround(items, items.length),
  });
}

/** The zip of the entries, written to a file; its size. */
export async function writeZip(file: string, entries: ZipEntry[]): Promise<number> {
  await pipeline(Readable.from(zipStream(entries)), fs.createWriteStream(file));
  return fs.statSync(file).size;
}

/** The zip of the entries, in memory. */
export async function zipBytes(entries: ZipEntry[]): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const b of zipStream(entries)) parts.push(b);
  return Buffer.concat(parts);
}

/** The zip with one entry's unpacked size in the central directory changed: a header that lies. */
export function declareSize(zip: Buffer, name: string, size: number): Buffer {
  const out = Buffer.from(zip);
  const end = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = out.readUInt32LE(end + 16);
  for (let i = 0; i < out.readUInt16LE(end + 10); i++) {
    const nameLength = out.readUInt16LE(at + 28);
    const entry = out.toString('utf8', at + 46, at + 46 + nameLength);
    if (entry === name) {
      out.writeUInt32LE(size, at + 24);
      return out;
    }
    at += 46 + nameLength + out.readUInt16LE(at + 30) + out.readUInt16LE(at + 32);
  }
  throw new Error(`no ${name} in the zip`);
}

/** `text` repeated to about `bytes` bytes, in chunks of about 1 MB (never all in memory). */
export function* repeated(text: string, bytes: number): Generator<string> {
  const chunk = text.repeat(Math.max(1, Math.floor((1024 * 1024) / text.length)));
  for (let sent = 0; sent < bytes; sent += chunk.length) yield chunk;
}
