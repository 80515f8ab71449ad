import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export type HeicResult =
  | { ok: true; width: number; height: number; data: Uint8ClampedArray }
  | { ok: false; rule: 'decode' | 'maxPixels'; message: string };

interface HeicJob {
  decoderPath: string;
  bytes: Uint8Array;
  maxPixels: number;
}

const TIMEOUT_MS = 60_000;
// each decode holds the whole RGBA image (up to 200 MB at 50 MP)
const PARALLEL = 2;

// heic-decode (libheif in WebAssembly) runs synchronously: a phone photo would hold the event
// loop for a second or more, so it runs in a worker thread. The worker is plain JavaScript
// (no TypeScript loader is needed in the thread, on any Node version) and loads the decoder
// by the path resolved here. It answers with one HeicResult.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const decodeHeic = require(workerData.decoderPath);
async function run({ bytes, maxPixels }) {
  let images;
  try {
    images = await decodeHeic.all({ buffer: bytes });
  } catch (e) {
    return { ok: false, rule: 'decode', message: String(e && e.message) };
  }
  try {
    const primary = images[0];
    if (!primary) return { ok: false, rule: 'decode', message: 'no image in the file' };
    if (primary.width * primary.height > maxPixels) {
      return { ok: false, rule: 'maxPixels', message: primary.width + 'x' + primary.height + ' pixels' };
    }
    const { width, height, data } = await primary.decode();
    return { ok: true, width, height, data };
  } catch (e) {
    return { ok: false, rule: 'decode', message: String(e && e.message) };
  } finally {
    images.dispose();
  }
}
run(workerData).then((result) => {
  parentPort.postMessage(result, result.ok ? [result.data.buffer] : []);
});
`;

const decoderPath = createRequire(import.meta.url).resolve('heic-decode');

/**
 * Decode a HEVC-coded HEIC to RGBA (rotation and mirroring applied), off the main thread,
 * at most PARALLEL at once. Never throws: a bad file is a result with `ok: false`.
 */
export function decodeHeic(bytes: Uint8Array, maxPixels: number): Promise<HeicResult> {
  return slots.run(() => decodeInWorker({ decoderPath, bytes, maxPixels }));
}

function decodeInWorker(job: HeicJob): Promise<HeicResult> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: job });
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
      TIMEOUT_MS,
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

const slots = new Slots(PARALLEL);
