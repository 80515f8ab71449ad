/** The image types accepted on upload. */
export type ImageKind = 'jpeg' | 'png' | 'webp' | 'heic';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
// HEVC-coded HEIF brands, the ones the HEIC decoder reads
const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx']);
// generic HEIF brands: HEIC only when a HEVC brand is listed as compatible (else AVIF or other)
const HEIF_GENERIC_BRANDS = new Set(['mif1', 'msf1']);

function startsWith(bytes: Uint8Array, signature: number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((b, i) => bytes[offset + i] === b);
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}

/**
 * The image type from the magic bytes alone; the file name and the declared content type
 * are never consulted. Anything outside the allow-list (GIF, SVG, HTML, PDF…) is null.
 */
export function sniffImageType(bytes: Uint8Array): ImageKind | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (
    bytes.length >= 16 &&
    ascii(bytes, 0, 4) === 'RIFF' &&
    ascii(bytes, 8, 12) === 'WEBP' &&
    ascii(bytes, 12, 15) === 'VP8'
  ) {
    return 'webp';
  }
  if (isHeic(bytes)) return 'heic';
  return null;
}

/** ISO-BMFF: a leading `ftyp` box naming a major brand and a list of compatible ones. */
function isHeic(bytes: Uint8Array): boolean {
  if (bytes.length < 16 || ascii(bytes, 4, 8) !== 'ftyp') return false;
  const boxSize = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
  if (boxSize < 16 || boxSize > bytes.length || boxSize > 4096) return false;
  const major = ascii(bytes, 8, 12);
  if (HEIC_BRANDS.has(major)) return true;
  if (!HEIF_GENERIC_BRANDS.has(major)) return false;
  for (let at = 16; at + 4 <= boxSize; at += 4) {
    if (HEIC_BRANDS.has(ascii(bytes, at, at + 4))) return true;
  }
  return false;
}
