/** The sealing worker of sealing.ts: the data key in workerData, chunks of plain rows in. */
import { parentPort, workerData } from 'node:worker_threads';
import { createDataCipher } from '../../platform/crypto.js';
import { sealChunk, type SealReply, type SealRequest } from './sealing.js';

const cipher = createDataCipher(Buffer.from(workerData as Uint8Array));
const utf8 = new TextEncoder();

parentPort!.on('message', (request: SealRequest) => {
  let reply: SealReply;
  try {
    const bytes = utf8.encode(sealChunk(cipher, request));
    reply = { id: request.id, bytes };
    parentPort!.postMessage(reply, [bytes.buffer]);
  } catch (e) {
    reply = { id: request.id, error: (e as Error).message };
    parentPort!.postMessage(reply);
  }
});
