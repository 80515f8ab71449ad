import { Readable } from 'node:stream';
import zlib from 'node:zlib';

/**
 * Writing an XLSX workbook as a stream, for the registry's export: a zip of the five parts Excel
 * needs, its one sheet's cells as inline strings in columns formatted as text (so an ID number
 * stays text when someone edits the file and imports it again). Each part is deflated by zlib
 * as it is written and its sizes follow it in a data descriptor: only a chunk is in memory.
 * Decision 012 says why this is not a library.
 */

/** One part of a zip: its name and its bytes, as they come. */
export interface ZipEntry {
  name: string;
  data: AsyncIterable<Buffer | string> | Iterable<Buffer | string>;
}

/** One sheet: its rows of cells (the first row is the header), written in order. */
export function xlsxFile(
  rows: AsyncIterable<string[]> | Iterable<string[]>,
  o: { sheetName?: string; columns?: number } = {},
): Readable {
  return Readable.from(zipStream(xlsxParts(rows, o)));
}

/** The parts of a workbook of one sheet. */
export function xlsxParts(
  rows: AsyncIterable<string[]> | Iterable<string[]>,
  { sheetName = 'Sheet1', columns = 0 }: { sheetName?: string; columns?: number } = {},
): ZipEntry[] {
  return [
    { name: '[Content_Types].xml', data: [CONTENT_TYPES] },
    { name: '_rels/.rels', data: [ROOT_RELS] },
    { name: 'xl/workbook.xml', data: [workbookXml(sheetName)] },
    { name: 'xl/_rels/workbook.xml.rels', data: [WORKBOOK_RELS] },
    { name: 'xl/styles.xml', data: [STYLES] },
    { name: 'xl/worksheets/sheet1.xml', data: sheetXml(rows, columns) },
  ];
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml';

const CONTENT_TYPES =
  `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  `<Override PartName="/xl/workbook.xml" ContentType="${CT}.sheet.main+xml"/>` +
  `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="${CT}.worksheet+xml"/>` +
  `<Override PartName="/xl/styles.xml" ContentType="${CT}.styles+xml"/>` +
  '</Types>';
const ROOT_RELS =
  `${XML}<Relationships xmlns="${PKG_REL}">` +
  `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/>` +
  '</Relationships>';
const WORKBOOK_RELS =
  `${XML}<Relationships xmlns="${PKG_REL}">` +
  `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
  `<Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/>` +
  '</Relationships>';
/** style 1 is "text" (number format 49, "@") */
const STYLES =
  `${XML}<styleSheet xmlns="${MAIN}">` +
  '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

const workbookXml = (sheetName: string) =>
  `${XML}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>` +
  `<sheet name="${escapeXml(sheetName.slice(0, 31))}" sheetId="1" r:id="rId1"/>` +
  '</sheets></workbook>';

/** A1-style column letters of a 0-based column index. */
export function columnLetters(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

async function* sheetXml(
  rows: AsyncIterable<string[]> | Iterable<string[]>,
  columns: number,
): AsyncGenerator<string> {
  let chunk =
    `${XML}<worksheet xmlns="${MAIN}">` +
    (columns > 0 ? `<cols><col min="1" max="${columns}" width="16" style="1"/></cols>` : '') +
    '<sheetData>';
  let r = 0;
  for await (const cells of rows) {
    r++;
    chunk += `<row r="${r}">`;
    cells.forEach((v, i) => {
      if (v === '') return;
      const space = /^\s|\s$/.test(v) ? ' xml:space="preserve"' : '';
      chunk += `<c r="${columnLetters(i)}${r}" s="1" t="inlineStr"><is><t${space}>${escapeXml(v)}</t></is></c>`;
    });
    chunk += '</row>';
    if (chunk.length >= 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}</sheetData></worksheet>`;
}

/**
 * Text as XML character data: the five markup characters escaped; characters XML 1.0 cannot
 * hold (control characters, lone surrogates) dropped.
 */
export function escapeXml(s: string): string {
  return s.replace(NOT_XML, '').replace(/[&<>"]/g, (c) => ESCAPES[c]!);
}
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- the control characters XML 1.0 cannot hold
  /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

// ---- the zip container (PKWARE APPNOTE 6.3: deflate, data descriptors, no zip64) ----

const LOCAL = 0x04034b50;
const DESCRIPTOR = 0x08074b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
/** bit 3: sizes and CRC in the data descriptor after the data; bit 11: names in UTF-8 */
const FLAGS = 0x0808;
const DEFLATE = 8;
const MAX32 = 0xffffffff;

/** A zip of the entries, deflated, as a stream of bytes. */
export async function* zipStream(entries: Iterable<ZipEntry>): AsyncGenerator<Buffer> {
  const central: Buffer[] = [];
  const { time, date } = dosDateTime(new Date());
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(FLAGS, 6);
    local.writeUInt16LE(DEFLATE, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    // CRC and sizes (14–25) are zero here: they follow the data
    local.writeUInt16LE(name.length, 26);
    yield local;
    yield name;

    const sum = { crc: 0, size: 0 };
    const deflate = zlib.createDeflateRaw();
    const source = Readable.from(measured(entry.data, sum));
    source.on('error', (e) => deflate.destroy(e));
    let compressed = 0;
    for await (const out of source.pipe(deflate) as AsyncIterable<Buffer>) {
      compressed += out.length;
      yield out;
    }
    if (sum.size > MAX32 || compressed > MAX32 || offset > MAX32)
      throw new Error(`zip: ${entry.name} is too large for a zip without zip64`);
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(DESCRIPTOR, 0);
    descriptor.writeUInt32LE(sum.crc, 4);
    descriptor.writeUInt32LE(compressed, 8);
    descriptor.writeUInt32LE(sum.size, 12);
    yield descriptor;

    const header = Buffer.alloc(46);
    header.writeUInt32LE(CENTRAL, 0);
    header.writeUInt16LE(20, 4); // made by: 2.0, MS-DOS attributes
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(FLAGS, 8);
    header.writeUInt16LE(DEFLATE, 10);
    header.writeUInt16LE(time, 12);
    header.writeUInt16LE(date, 14);
    header.writeUInt32LE(sum.crc, 16);
    header.writeUInt32LE(compressed, 20);
    header.writeUInt32LE(sum.size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    central.push(header, name);
    offset += local.length + name.length + compressed + descriptor.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END, 0);
  end.writeUInt16LE(central.length / 2, 8);
  end.writeUInt16LE(central.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  yield directory;
  yield end;
}

/** The entry's bytes as they pass, in pieces of 64 KB or more, with their CRC-32 and length. */
async function* measured(
  data: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  sum: { crc: number; size: number },
): AsyncGenerator<Buffer> {
  let pieces: Buffer[] = [];
  let length = 0;
  const take = () => {
    const bytes = pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces, length);
    sum.crc = zlib.crc32(bytes, sum.crc);
    sum.size += bytes.length;
    [pieces, length] = [[], 0];
    return bytes;
  };
  for await (const piece of data) {
    const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    pieces.push(bytes);
    length += bytes.length;
    if (length >= 64 * 1024) yield take();
  }
  if (length) yield take();
}

/** A time in MS-DOS form (local fields of the UTC time, two-second steps). */
function dosDateTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
    date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}
