import sax from 'sax';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { columnLetters } from './xlsx-writer.js';

/**
 * Reading the first sheet of an XLSX workbook row by row with bounded memory, whatever the
 * file does: the zip's central directory gives each part's size before a byte is inflated
 * (and yauzl stops a part that inflates past what its header says); the shared strings are read
 * first, under a limit on their count and characters; then the sheet streams through a SAX
 * parser, a chunk at a time, under limits on cells, columns, characters a cell, nesting and
 * attributes. Styles, formulas and everything else are not read. Runs on the import's reading
 * worker (xlsx-worker.ts), whose heap has a limit of its own should all this miss something.
 * Decision 012 says why.
 */

export interface XlsxLimits {
  /** parts (zip entries) in the package */
  parts: number;
  /** unpacked bytes of the sheet */
  sheetBytes: number;
  /** unpacked bytes of the shared strings part */
  sharedStringsBytes: number;
  /** unpacked bytes of each other part read (relationships, the workbook) */
  partBytes: number;
  /** distinct texts in the shared strings part */
  sharedStrings: number;
  /** characters of all the shared strings together */
  sharedStringChars: number;
  /** cells (`<c>` elements, empty ones too) in the sheet */
  cells: number;
  /** columns that may hold a value: A to the column this makes */
  columns: number;
  /** characters in one cell (Excel's own limit is 32,767) */
  cellChars: number;
  /** characters of all the sheet's cells together (a shared string counts each time it is used) */
  textChars: number;
  /** XML elements nested in one another */
  depth: number;
  /** attributes on one XML element */
  attributes: number;
}

/**
 * What a committee's file needs, with room to spare: a committee has a few thousand residents
 * (the largest some tens of thousands); a file of 50,000 rows × 16 columns is ~800,000 cells and
 * ~80 MB of sheet XML with inline strings, ~150,000 distinct texts with shared strings.
 * data/registry/README.md gives the figures.
 */
export const XLSX_LIMITS: XlsxLimits = {
  parts: 1_000,
  sheetBytes: 128 * 1024 * 1024,
  sharedStringsBytes: 32 * 1024 * 1024,
  partBytes: 4 * 1024 * 1024,
  sharedStrings: 400_000,
  sharedStringChars: 8_000_000,
  cells: 2_000_000,
  columns: 64,
  cellChars: 32_767,
  textChars: 50_000_000,
  depth: 32,
  attributes: 64,
};

/** A row as a spreadsheet numbers it (the first is 1), its cells from column A. */
export interface SheetRow {
  row: number;
  cells: string[];
}

/** A file the reader refuses: the rule it broke and a bilingual message naming the limit. */
export class XlsxProblem extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

const MB = 1024 * 1024;
const n = (v: number) => v.toLocaleString('en-US');
const size = (bytes: number) => `${n(Math.round(bytes / MB))} MB`;
const damaged = (what: string) =>
  new XlsxProblem(
    'format',
    `file: the workbook could not be read (${what}) / 无法读取该工作簿（文件已损坏或不是 Excel 工作簿）`,
  );

/**
 * The first sheet's rows with a value, in the order the sheet has them; `onProgress` gets the
 * share of the sheet read so far (0–1).
 */
export async function* readXlsxRows(
  filePath: string,
  limits: XlsxLimits = XLSX_LIMITS,
  onProgress: (share: number) => void = () => {},
): AsyncGenerator<SheetRow> {
  const zip = await openZip(filePath);
  try {
    if (zip.entryCount > limits.parts)
      throw new XlsxProblem(
        'maxParts',
        `file: the workbook has ${n(zip.entryCount)} parts, more than the ${n(limits.parts)} an import reads / 工作簿包含 ${n(zip.entryCount)} 个部件，超过导入上限 ${n(limits.parts)} 个`,
      );
    const entries = await readEntries(zip);
    const { sheet, sharedStrings } = await findParts(zip, entries, limits);
    const strings = sharedStrings
      ? await readSharedStrings(zip, sharedStrings, limits)
      : ([] as string[]);
    yield* sheetRows(zip, sheet, strings, limits, onProgress);
  } finally {
    zip.close();
  }
}

// ---- the zip ----

function openZip(filePath: string): Promise<ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(
      filePath,
      // entries one at a time; a part that inflates past its declared size is an error
      { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false },
      (e, zip) => (e ? reject(damaged('not a zip package')) : resolve(zip)),
    ),
  );
}

/** The entries by their lower-case name (part names are case-insensitive). */
function readEntries(zip: ZipFile): Promise<Map<string, Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, Entry>();
    zip.on('entry', (e: Entry) => {
      entries.set(e.fileName.replace(/^\/+/, '').toLowerCase(), e);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    // (kept: an error after the directory is read belongs to a part's stream, which says so)
    zip.on('error', () => reject(damaged('its zip directory is damaged')));
    zip.readEntry();
  });
}

/** A part's text, a chunk at a time, refused past `maxBytes` unpacked (declared or actual). */
async function* partText(
  zip: ZipFile,
  entry: Entry,
  maxBytes: number,
  onBytes: (bytes: number) => void = () => {},
): AsyncGenerator<string> {
  const part = entry.fileName;
  const tooBig = () =>
    new XlsxProblem(
      'maxUnpackedSize',
      `file: the part ${part.slice(0, 60)} unpacks to more than ${size(maxBytes)}, the most an import reads of it / 工作簿中的 ${part.slice(0, 60)} 解压后超过 ${size(maxBytes)}（导入上限）`,
    );
  if (entry.uncompressedSize > maxBytes) throw tooBig();
  if (entry.isEncrypted()) throw damaged('it is encrypted: save it without a password');
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
    zip.openReadStream(entry, (e, s) =>
      e ? reject(damaged(`${part}: ${e.message}`)) : resolve(s),
    ),
  );
  const decoder = new TextDecoder('utf-8');
  let bytes = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > maxBytes) throw tooBig();
      onBytes(bytes);
      yield decoder.decode(chunk, { stream: true });
    }
  } catch (e) {
    if (e instanceof XlsxProblem) throw e;
    // yauzl: more bytes than the header declared, a bad CRC, a broken deflate stream
    throw damaged(`${part.slice(0, 60)} is damaged`);
  } finally {
    (stream as unknown as { destroy(): void }).destroy();
  }
  yield decoder.decode();
}

/** The first sheet and the shared strings, found through the package's relationships. */
async function findParts(
  zip: ZipFile,
  entries: Map<string, Entry>,
  limits: XlsxLimits,
): Promise<{ sheet: Entry; sharedStrings: Entry | null }> {
  const read = async (name: string, handlers: XmlHandlers) => {
    const entry = entries.get(name.toLowerCase());
    if (entry) await parseWhole(zip, entry, limits.partBytes, limits, handlers);
    return !!entry;
  };
  const relsOf = async (part: string) => {
    const dir = part.slice(0, part.lastIndexOf('/') + 1);
    const rels = new Map<string, { type: string; target: string }>();
    await read(`${dir}_rels/${part.slice(dir.length)}.rels`, {
      open(name, attrs) {
        if (name === 'Relationship' && attrs.Id && attrs.Target)
          rels.set(attrs.Id, { type: attrs.Type ?? '', target: resolvePart(dir, attrs.Target) });
      },
    });
    return rels;
  };

  const root = await relsOf('');
  const workbook =
    [...root.values()].find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  let firstSheetId: string | null = null;
  let sheets = 0;
  const hasWorkbook = await read(workbook, {
    open(name, attrs) {
      if (name !== 'sheet') return;
      sheets++;
      firstSheetId ??= Object.entries(attrs).find(([k]) => k.endsWith(':id'))?.[1] ?? null;
    },
  });
  if (!hasWorkbook) throw damaged('it has no workbook part');
  const rels = await relsOf(workbook);
  const sheetName =
    (firstSheetId && rels.get(firstSheetId)?.target) ??
    resolvePart(workbook.slice(0, workbook.lastIndexOf('/') + 1), 'worksheets/sheet1.xml');
  const sheet = entries.get(sheetName.toLowerCase());
  if (!sheets || !sheet) throw damaged('it has no sheet');
  const stringsName =
    [...rels.values()].find((r) => r.type.endsWith('/sharedStrings'))?.target ??
    resolvePart(workbook.slice(0, workbook.lastIndexOf('/') + 1), 'sharedStrings.xml');
  return { sheet, sharedStrings: entries.get(stringsName.toLowerCase()) ?? null };
}

/** A relationship's target as a part name: relative to the source's folder, or absolute. */
function resolvePart(dir: string, target: string): string {
  const parts: string[] = [];
  for (const p of (target.startsWith('/') ? target : dir + target).split('/')) {
    if (p === '..') parts.pop();
    else if (p && p !== '.') parts.push(p);
  }
  return parts.join('/');
}

// ---- the shared strings ----

async function readSharedStrings(
  zip: ZipFile,
  entry: Entry,
  limits: XlsxLimits,
): Promise<string[]> {
  const strings: string[] = [];
  let chars = 0;
  let current: string | null = null;
  let inText = false;
  let phonetic = 0;
  const tooMany = () =>
    new XlsxProblem(
      'maxSharedStrings',
      `file: the workbook has more than ${n(limits.sharedStrings)} distinct texts (shared strings), the most an import reads / 工作簿的共享字符串超过 ${n(limits.sharedStrings)} 条（导入上限）`,
    );
  await parseWhole(zip, entry, limits.sharedStringsBytes, limits, {
    open(name, attrs) {
      if (name === 'sst' && Number(attrs.uniqueCount) > limits.sharedStrings) throw tooMany();
      else if (name === 'si') {
        if (strings.length >= limits.sharedStrings) throw tooMany();
        current = '';
      } else if (name === 'rPh') phonetic++;
      else if (name === 't' && current !== null && !phonetic) inText = true;
    },
    text(t) {
      if (!inText || current === null) return;
      current += t;
      chars += t.length;
      if (current.length > limits.cellChars) throw tooLong(limits, null, null);
      if (chars > limits.sharedStringChars)
        throw new XlsxProblem(
          'maxSharedStringChars',
          `file: the workbook's distinct texts (shared strings) add up to more than ${n(limits.sharedStringChars)} characters, the most an import reads / 工作簿的共享字符串总长超过 ${n(limits.sharedStringChars)} 个字符（导入上限）`,
        );
    },
    close(name) {
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si' && current !== null) {
        // a copy of its own: the parser's slice would keep its whole chunk of text alive
        strings.push(current.length > 12 ? Buffer.from(current).toString() : current);
        current = null;
      }
    },
  });
  return strings;
}

const tooLong = (limits: XlsxLimits, row: number | null, column: number | null) =>
  new XlsxProblem(
    'maxCellLength',
    row === null || column === null
      ? `file: a text holds more than ${n(limits.cellChars)} characters, the most a cell may / 单元格内容超过 ${n(limits.cellChars)} 个字符（导入上限）`
      : `file: row ${row}, column ${columnLetters(column)} holds more than ${n(limits.cellChars)} characters, the most a cell may / 第 ${row} 行 ${columnLetters(column)} 列的内容超过 ${n(limits.cellChars)} 个字符（导入上限）`,
  );

// ---- the sheet ----

const MAX_ROW = 1_048_576;
const MAX_COLUMN = 16_384;

async function* sheetRows(
  zip: ZipFile,
  entry: Entry,
  strings: string[],
  limits: XlsxLimits,
  onProgress: (share: number) => void,
): AsyncGenerator<SheetRow> {
  const ready: SheetRow[] = [];
  let rowNumber = 0;
  let cells: string[] = [];
  let cellCount = 0;
  let textChars = 0;
  let column = -1;
  let type = 'n';
  let value = '';
  let inValue = false;
  let inInline = false;
  let inText = false;
  let phonetic = 0;
  const parser = xmlParser(entry.fileName, limits, {
    open(name, attrs) {
      switch (name) {
        case 'row': {
          const r = attrs.r === undefined ? rowNumber + 1 : Number(attrs.r);
          if (!Number.isInteger(r) || r < 1 || r > MAX_ROW) throw damaged('a row number is wrong');
          rowNumber = r;
          cells = [];
          column = -1;
          break;
        }
        case 'c': {
          if (++cellCount > limits.cells)
            throw new XlsxProblem(
              'maxCells',
              `file: the sheet has more than ${n(limits.cells)} cells, the most an import reads: split the file / 工作表超过 ${n(limits.cells)} 个单元格（导入上限），请拆分文件`,
            );
          column = attrs.r === undefined ? column + 1 : columnIndex(attrs.r);
          type = attrs.t ?? 'n';
          value = '';
          break;
        }
        case 'v':
          inValue = true;
          break;
        case 'is':
          inInline = true;
          break;
        case 'rPh':
          phonetic++;
          break;
        case 't':
          inText = inInline && !phonetic;
          break;
      }
    },
    text(t) {
      if (!inValue && !inText) return;
      value += t;
      if (value.length > limits.cellChars) throw tooLong(limits, rowNumber, column);
    },
    close(name) {
      switch (name) {
        case 'v':
          inValue = false;
          break;
        case 'is':
          inInline = false;
          break;
        case 'rPh':
          phonetic--;
          break;
        case 't':
          inText = false;
          break;
        case 'c': {
          const text = cellText(type, value, strings);
          if (text === '') break;
          if (column >= limits.columns)
            throw new XlsxProblem(
              'maxColumns',
              `file: row ${rowNumber} has a value in column ${columnLetters(column)}, past column ${columnLetters(limits.columns - 1)} (${limits.columns} columns), the most an import reads / 第 ${rowNumber} 行在 ${columnLetters(limits.columns - 1)} 列（第 ${limits.columns} 列）之后仍有内容（导入上限）`,
            );
          if (text.length > limits.cellChars) throw tooLong(limits, rowNumber, column);
          textChars += text.length;
          if (textChars > limits.textChars)
            throw new XlsxProblem(
              'maxTextChars',
              `file: the sheet's cells hold more than ${n(limits.textChars)} characters together, the most an import reads: split the file / 工作表单元格内容合计超过 ${n(limits.textChars)} 个字符（导入上限），请拆分文件`,
            );
          cells[column] = text;
          break;
        }
        case 'row':
          if (cells.length)
            ready.push({ row: rowNumber, cells: Array.from(cells, (c) => c ?? '') });
          break;
      }
    },
  });
  const total = Math.max(entry.uncompressedSize, 1);
  for await (const text of partText(zip, entry, limits.sheetBytes, (b) =>
    onProgress(Math.min(b / total, 1)),
  )) {
    parser.write(text);
    yield* ready.splice(0);
  }
  parser.close();
  yield* ready.splice(0);
}

/** The column index (0 = A) of a cell reference such as "AB12". */
function columnIndex(ref: string): number {
  let index = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i) & ~0x20; // upper case
    if (c < 65 || c > 90) break;
    index = index * 26 + (c - 64);
  }
  if (i === 0 || index > MAX_COLUMN) throw damaged('a cell reference is wrong');
  return index - 1;
}

/** A cell's text as the sheet shows it (numbers as JavaScript writes them). */
function cellText(type: string, value: string, strings: string[]): string {
  switch (type) {
    case 's': {
      if (value === '') return '';
      const s = strings[Number(value)];
      if (s === undefined) throw damaged('a cell refers to a text the workbook lacks');
      return s;
    }
    case 'b':
      return value === '1' ? 'TRUE' : value === '0' ? 'FALSE' : value;
    case 'n': {
      const v = value.trim();
      const number = Number(v);
      if (v === '' || Number.isNaN(number)) return v;
      // a whole number past 2^53 (an 18-digit ID typed as a number) has lost its last digits
      return Number.isSafeInteger(number) || !Number.isInteger(number) ? String(number) : '#LOST';
    }
    default: // inlineStr, str (a formula's text), e (an error such as #N/A), d (an ISO date)
      return value;
  }
}

// ---- XML ----

interface XmlHandlers {
  open?(name: string, attrs: Record<string, string>): void;
  text?(text: string): void;
  close?(name: string): void;
}

/**
 * A strict SAX parser (sax) calling `handlers` with local names (the prefix dropped), which
 * refuses a DTD (no entity of the file's own is ever expanded: only XML's five are known),
 * elements nested deeper than `limits.depth` and more than `limits.attributes` attributes on
 * one element. sax itself refuses a name or an attribute value over 64 KB, and hands long text
 * on in pieces.
 */
function xmlParser(part: string, limits: XlsxLimits, handlers: XmlHandlers): sax.SAXParser {
  // strictEntities: XML's own five entities only, not HTML's (the types do not list it)
  const parser = sax.parser(true, { strictEntities: true } as sax.SAXOptions);
  const local = (name: string) => name.slice(name.indexOf(':') + 1);
  let depth = 0;
  let attributes = 0;
  const refuse = (rule: string, en: string, zh: string) =>
    new XlsxProblem(
      rule,
      `file: ${part.slice(0, 60)} ${en}, which no workbook does / 工作簿中的 ${part.slice(0, 60)} ${zh}，无法读取`,
    );
  parser.onopentagstart = () => {
    if (++depth > limits.depth)
      throw refuse(
        'maxDepth',
        `nests its elements more than ${limits.depth} deep`,
        `XML 嵌套超过 ${limits.depth} 层`,
      );
    attributes = 0;
  };
  parser.onattribute = () => {
    if (++attributes > limits.attributes)
      throw refuse(
        'maxAttributes',
        `has an element with more than ${limits.attributes} attributes`,
        `有元素的属性超过 ${limits.attributes} 个`,
      );
  };
  parser.onopentag = (tag) =>
    handlers.open?.(local(tag.name), tag.attributes as Record<string, string>);
  parser.onclosetag = (name) => {
    depth--;
    handlers.close?.(local(name));
  };
  parser.ontext = (t) => handlers.text?.(t);
  parser.oncdata = (t) => handlers.text?.(t);
  parser.ondoctype = () => {
    throw refuse('dtd', 'declares a DTD (<!DOCTYPE>)', '含有 DTD 声明');
  };
  parser.onerror = (e) => {
    throw damaged(`${part.slice(0, 60)}: ${e.message.split('\n')[0]!.slice(0, 80)}`);
  };
  return parser;
}

/** A whole (small) part through the parser. */
async function parseWhole(
  zip: ZipFile,
  entry: Entry,
  maxBytes: number,
  limits: XlsxLimits,
  handlers: XmlHandlers,
): Promise<void> {
  const parser = xmlParser(entry.fileName, limits, handlers);
  for await (const text of partText(zip, entry, maxBytes)) parser.write(text);
  parser.close();
}
