import { ATTACHMENT_EXTENSIONS, type AttachmentKind } from '@cc/contracts';
import yauzl from 'yauzl';

/** The kind a file name's extension promises (lower-cased), or null for any other name. */
export function kindOfName(fileName: string): AttachmentKind | null {
  const dot = fileName.lastIndexOf('.');
  if (dot < 0) return null;
  return ATTACHMENT_EXTENSIONS[fileName.slice(dot).toLowerCase()] ?? null;
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const startsWith = (b: Uint8Array, sig: number[]) =>
  b.length >= sig.length && sig.every((x, i) => b[i] === x);

/** At most this many entries are read from an OOXML package's directory. */
const MAX_ZIP_ENTRIES = 5_000;

/**
 * What the bytes are, from their content alone: PDF (`%PDF-`), JPEG, PNG, or an Office Open
 * XML package (a ZIP whose directory holds `word/document.xml` → DOCX, `xl/workbook.xml` →
 * XLSX). Anything else (another ZIP, HTML, an executable…) is null. Only the ZIP's central
 * directory is read, never an entry's content.
 */
export async function sniffAttachment(bytes: Buffer): Promise<AttachmentKind | null> {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, PNG)) return 'png';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return ooxmlKind(bytes);
  return null;
}

function ooxmlKind(bytes: Buffer): Promise<AttachmentKind | null> {
  return new Promise((resolve) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) return resolve(null);
      let seen = 0;
      let types = false;
      let kind: AttachmentKind | null = null;
      const done = (k: AttachmentKind | null) => {
        zip.close();
        resolve(k);
      };
      zip.on('entry', (entry: yauzl.Entry) => {
        const name = entry.fileName;
        if (name === '[Content_Types].xml') types = true;
        else if (name === 'word/document.xml') kind = 'docx';
        else if (name === 'xl/workbook.xml') kind = 'xlsx';
        if (++seen > MAX_ZIP_ENTRIES) return done(null);
        zip.readEntry();
      });
      zip.on('end', () => done(types ? kind : null));
      zip.on('error', () => done(null));
      zip.readEntry();
    });
  });
}
