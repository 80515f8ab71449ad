import { Worker } from 'node:worker_threads';
import type { PhotoSize } from '@cc/contracts';
import sharp from 'sharp';
import { AppError } from '../../platform/errors.js';
import type { HeicJob, HeicResult } from './heic-worker.js';
import type { ImageKind } from './image-type.js';

/** Bigger images are refused before decoding: a small file can unpack to gigabytes. 50 MP covers 48 MP phone cameras. */
export const MAX_INPUT_PIXELS = 50_000_000;

/** The box each rendition fits inside (never enlarged), and the WebP quality. */
const RENDITIONS: Record<PhotoSize, number> = { large: 1600, thumb: 320 };
const WEBP_QUALITY = 80;
const HEIC_TIMEOUT_MS = 60_000;
// each HEIC decode holds the whole RGBA image (up to 200 MB at the pixel limit)
const HEIC_PARALLEL = 2;

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

async function openRaster(bytes: Buffer, kind: Exclude<ImageKind, 'heic'>): Promise<sharp.Sharp> {
  const options: sharp.SharpOptions = { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'warning' };
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

async function openHeic(bytes: Buffer): Promise<sharp.Sharp> {
  // sharp's prebuilt libvips reads AV1-coded HEIF (AVIF) only; HEVC goes through libheif in WASM
  const decoded = await heicSlots.run(() =>
    decodeHeicInWorker({ bytes, maxPixels: MAX_INPUT_PIXELS }),
  );
  if (!decoded.ok) {
    throw decoded.rule === 'maxPixels' ? tooManyPixels(decoded.message) : decodeError(decoded.message);
  }
  const { width, height, data } = decoded;
  return sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), {
    raw: { width, height, channels: 4 },
    limitInputPixels: MAX_INPUT_PIXELS,
  });
}

function decodeHeicInWorker(job: HeicJob): Promise<HeicResult> {
  return new Promise((resolve) => {
    // a .ts worker: the process runs under tsx, and workers inherit its --import
    const worker = new Worker(new URL('./heic-worker.ts', import.meta.url), { workerData: job });
    let settled = false;
    const finish = (result: HeicResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(
      () => finish({ ok: false, rule: 'decode', message: 'decoding took too long' }),
      HEIC_TIMEOUT_MS,
    );
    worker.once('message', (result: HeicResult) => finish(result));
    worker.once('error', (e) => finish({ ok: false, rule: 'decode', message: e.message }));
    worker.once('exit', (code) =>
      finish({ ok: false, rule: 'decode', message: `the decoder stopped (exit code ${code})` }),
    );
  });
}

/** At most `limit` tasks at once; the rest wait their turn. */
class Slots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.limit) this.running++;
    else await new Promise<void>((go) => this.waiting.push(go)); // a finishing task hands its slot over
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

const heicSlots = new Slots(HEIC_PARALLEL);
