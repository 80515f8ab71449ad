/** The sealing worker (started by sealer.ts): the data key in workerData, chunks of plain rows in. */
import { parentPort, workerData } from 'node:worker_threads';
import { createDataCipher } from '../../platform/crypto.js';
import { sealChunk, type SealReply, type SealRequest } from './sealing.js';

const cipher = createDataCipher(Buffer.from(workerData as Uint8Array));
const utf8 = new TextEncoder();
/** buffers the main thread has handed back */
const spare: ArrayBuffer[] = [];

/** A chunk's text in UTF-8, in a buffer handed back if one is big enough, else a new one. */
function encode(text: string): Uint8Array {
  const size = Buffer.byteLength(text);
  let buffer = spare.pop();
  // (with room to spare: the next chunk may be a little longer)
  if (!buffer || buffer.byteLength < size) buffer = new ArrayBuffer(Math.ceil(size * 1.25));
  const bytes = new Uint8Array(buffer);
  return bytes.subarray(0, utf8.encodeInto(text, bytes).written);
}

parentPort!.on('message', (request: SealRequest) => {
  spare.push(...request.spare);
  let reply: SealReply;
  try {
    const bytes = encode(sealChunk(cipher, request));
    reply = { id: request.id, bytes };
    parentPort!.postMessage(reply, [bytes.buffer as ArrayBuffer]);
  } catch (e) {
    reply = { id: request.id, error: (e as Error).message };
    parentPort!.postMessage(reply);
  }
});
