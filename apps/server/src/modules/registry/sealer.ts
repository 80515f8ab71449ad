import { Worker } from 'node:worker_threads';
import type { ImportKind } from '@cc/contracts';
import type { DataCipher } from '../../platform/crypto.js';
import type { Plain, SealReply, SealRequest } from './sealing.js';
import { workerCode } from './worker-code.js';

/**
 * Sealing an import's rows on a worker thread: sealing (two AES-GCM encryptions and three
 * HMACs a resident) runs beside the reading and checking of the next rows instead of after
 * them, and off the thread that answers requests. Plain values cross as structured clones; the
 * sealed rows come back as COPY's text format in UTF-8 bytes, moved rather than copied (a
 * transferred buffer): the main thread neither decodes rows of values nor encodes text for the
 * socket. Once a chunk is copied its buffer goes back to the worker, which writes a later
 * chunk into it: a few buffers of a megabyte go round, where each chunk's own would stay in
 * memory until a full collection.
 */

export interface Sealer {
  /** Seal a chunk of rows on the worker, in order: their COPY text (see sealChunk) in UTF-8. */
  seal(kind: ImportKind, lines: number[], plains: Plain[]): Promise<Uint8Array>;
  /** A sealed chunk's bytes are written to the database: the worker may reuse them. */
  release(bytes: Uint8Array): void;
  /** Stop the worker (an import's end). */
  close(): Promise<void>;
}

/** A worker for one import: started with it, stopped at its end. */
export async function startSealer(cipher: DataCipher): Promise<Sealer> {
  const worker = new Worker(await workerCode('seal-worker.ts'), {
    workerData: cipher.key,
    // it holds a chunk or two at a time; a young generation of 16 MB lets most of a chunk's
    // garbage die before it is collected (8 MB cost the worker a fifth of its time there)
    resourceLimits: { maxYoungGenerationSizeMb: 16 },
  });
  let nextId = 1;
  let stopped: Error | null = null;
  let spare: ArrayBuffer[] = [];
  const waiting = new Map<number, { resolve(bytes: Uint8Array): void; reject(e: Error): void }>();
  worker.on('message', (reply: SealReply) => {
    const wait = waiting.get(reply.id);
    waiting.delete(reply.id);
    if ('error' in reply) wait?.reject(new Error(reply.error));
    else wait?.resolve(reply.bytes);
  });
  const fail = (e: Error) => {
    stopped ??= e;
    for (const wait of waiting.values()) wait.reject(e);
    waiting.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the sealing worker stopped (exit code ${code})`)));
  return {
    seal(kind, lines, plains) {
      if (stopped) return Promise.reject(stopped);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, kind, lines, plains, spare } satisfies SealRequest, spare);
        spare = [];
      });
    },
    release(bytes) {
      spare.push(bytes.buffer as ArrayBuffer);
    },
    async close() {
      await worker.terminate();
    },
  };
}
