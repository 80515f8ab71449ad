import type { PhotoSize } from '@cc/contracts';
import sharp, { type Sharp, type SharpOptions } from 'sharp';
import { AppError } from '../../platform/errors.js';
import { decodeHeic } from './heic-decoder.js';
import type { ImageKind } from './image-type.js';

/** Bigger images are refused before decoding: a small file can unpack to gigabytes. 50 MP covers 48 MP phone cameras. */
export const MAX_INPUT_PIXELS = 50_000_000;

/** The box each rendition fits inside (never enlarged), and the WebP quality. */
const RENDITIONS: Record<PhotoSize, number> = { large: 1600, thumb: 320 };
const WEBP_QUALITY = 80;

// One request, one image: sharp's operation cache would only hold on to memory.
sharp.cache(false);

export interface Renditions {
  /** Of the large rendition, upright. */
  width: number;
  height: number;
  files: Record<PhotoSize, Buffer>;
}

function decodeError(detail: string): AppError {
  return AppError.invalid(
    'file',
    'decode',
    `file: the image could not be decoded (${detail}) / 图片已损坏或无法解析`,
  );
}

function tooManyPixels(detail: string): AppError {
  return AppError.invalid(
    'file',
    'maxPixels',
    `file: the image is too large (${detail}; at most ${MAX_INPUT_PIXELS / 1e6} megapixels) / 图片像素过多`,
  );
}

/**
 * Decode the upload, turn it upright (EXIF orientation) and encode the served renditions as
 * WebP. Nothing of the original's metadata survives: sharp writes none unless asked (no EXIF,
 * GPS, XMP, IPTC or ICC profile), and colours are converted to sRGB.
 * @throws AppError 400 (`decode`, `maxPixels`) when the bytes are not a usable image of `kind`
 */
export async function encodeRenditions(bytes: Buffer, kind: ImageKind): Promise<Renditions> {
  const source = kind === 'heic' ? await openHeic(bytes) : await openRaster(bytes, kind);
  try {
    const [large, thumb] = await Promise.all(
      (['large', 'thumb'] as const).map((size) =>
        source
          .clone()
          .resize(RENDITIONS[size], RENDITIONS[size], { fit: 'inside', withoutEnlargement: true })
          .webp({ quality: WEBP_QUALITY })
          .toBuffer({ resolveWithObject: true }),
      ),
    );
    return {
      width: large!.info.width,
      height: large!.info.height,
      files: { large: large!.data, thumb: thumb!.data },
    };
  } catch (e) {
    throw asImageError(e);
  }
}

function asImageError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const message = (e as Error).message ?? String(e);
  return /pixel limit/i.test(message) ? tooManyPixels(message) : decodeError(message);
}

async function openRaster(bytes: Buffer, kind: Exclude<ImageKind, 'heic'>): Promise<Sharp> {
  const options: SharpOptions = { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'warning' };
  let format: string | undefined;
  try {
    ({ format } = await sharp(bytes, options).metadata());
  } catch (e) {
    throw asImageError(e);
  }
  // libvips sniffs on its own: it must agree with our allow-list check
  if (format !== kind) throw decodeError(`the content is ${format ?? 'unknown'}, not ${kind}`);
  return sharp(bytes, options).autoOrient();
}

async function openHeic(bytes: Buffer): Promise<Sharp> {
  // sharp's prebuilt libvips reads AV1-coded HEIF (AVIF) only; HEVC goes through libheif in WASM
  const decoded = await decodeHeic(bytes, MAX_INPUT_PIXELS);
  if (!decoded.ok) {
    throw decoded.rule === 'maxPixels'
      ? tooManyPixels(decoded.message)
      : decodeError(decoded.message);
  }
  const { width, height, data } = decoded;
  return sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), {
    raw: { width, height, channels: 4 },
    limitInputPixels: MAX_INPUT_PIXELS,
  });
}
