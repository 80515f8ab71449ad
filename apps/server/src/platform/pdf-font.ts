import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';
import subsetFont from 'subset-font';

/**
 * Chinese text in a PDF drawn with pdf-lib (certificates, a council fund's statement): glyphs
 * from Noto Sans SC (SIL OFL 1.1, npm `@expo-google-fonts/noto-sans-sc`), cut down with
 * HarfBuzz (`subset-font`) to the characters one document prints, so a PDF is some tens of KB
 * rather than the font's 10 MB. pdf-lib's own subsetter loses glyphs of this font, so the
 * already-cut font is embedded whole.
 */

const FONT_FILE = createRequire(import.meta.url).resolve(
  '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
);
let fontBytes: Promise<Buffer> | null = null;
/** The full font, read once per process (10 MB) when the first PDF is drawn. */
function fullFont(): Promise<Buffer> {
  fontBytes ??= fs.readFile(FONT_FILE).catch((e: unknown) => {
    fontBytes = null;
    throw e;
  });
  return fontBytes;
}

/** The font for `doc`, holding the glyphs of every character of `text` (and no others). */
export async function embedChineseFont(doc: PDFDocument, text: string): Promise<PDFFont> {
  doc.registerFontkit(fontkit);
  const subset = await subsetFont(await fullFont(), text, { targetFormat: 'truetype' });
  // no ligatures (fi) and no localised forms (the Latin digits' alternates): pdf-lib measures
  // such substituted glyphs apart from what it draws, and the text shows gaps
  return doc.embedFont(subset, { subset: false, features: { liga: false, locl: false } });
}

/**
 * Lines of at most `maxWidth` points: Chinese breaks between any two characters, other
 * scripts at the last space (or mid-word when a word alone is too long).
 */
export function wrap(font: PDFFont, text: string, size: number, maxWidth: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const ch of paragraph) {
      const next = line + ch;
      if (font.widthOfTextAtSize(next, size) <= maxWidth || line === '') {
        line = next;
        continue;
      }
      const space = line.lastIndexOf(' ');
      if (ch !== ' ' && /\S$/.test(line) && /^[\x21-\x7e]$/.test(ch) && space > 0) {
        out.push(line.slice(0, space));
        line = line.slice(space + 1) + ch;
      } else {
        out.push(line.trimEnd());
        line = ch === ' ' ? '' : ch;
      }
    }
    out.push(line);
  }
  return out;
}
