// Decodes one HEIC in a worker thread: libheif (WebAssembly) runs synchronously and would
// otherwise hold the event loop for a second or more on a phone photo.
import { parentPort, workerData } from 'node:worker_threads';
import decodeHeic from 'heic-decode';

export interface HeicJob {
  bytes: Uint8Array;
  maxPixels: number;
}

export type HeicResult =
  | { ok: true; width: number; height: number; data: Uint8ClampedArray }
  | { ok: false; rule: 'decode' | 'maxPixels'; message: string };

async function run(job: HeicJob): Promise<HeicResult> {
  let images: Awaited<ReturnType<typeof decodeHeic.all>>;
  try {
    images = await decodeHeic.all({ buffer: job.bytes });
  } catch (e) {
    return { ok: false, rule: 'decode', message: (e as Error).message };
  }
  try {
    const primary = images[0];
    if (!primary) return { ok: false, rule: 'decode', message: 'no image in the file' };
    if (primary.width * primary.height > job.maxPixels) {
      return {
        ok: false,
        rule: 'maxPixels',
        message: `${primary.width}×${primary.height} is more than ${job.maxPixels} pixels`,
      };
    }
    const { width, height, data } = await primary.decode();
    return { ok: true, width, height, data };
  } catch (e) {
    return { ok: false, rule: 'decode', message: (e as Error).message };
  } finally {
    images.dispose();
  }
}

const result = await run(workerData as HeicJob);
parentPort!.postMessage(result, result.ok ? [result.data.buffer as ArrayBuffer] : []);
