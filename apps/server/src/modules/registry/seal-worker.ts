/** The sealing worker of sealing.ts: the data key in workerData, chunks of plain rows in. */
import { parentPort, workerData } from 'node:worker_threads';
import { createDataCipher } from '../../platform/crypto.js';
import { sealChunk, type SealReply, type SealRequest } from './sealing.js';

const cipher = createDataCipher(Buffer.from(workerData as Uint8Array));

parentPort!.on('message', (request: SealRequest) => {
  let reply: SealReply;
  try {
    reply = { id: request.id, text: sealChunk(cipher, request) };
  } catch (e) {
    reply = { id: request.id, error: (e as Error).message };
  }
  parentPort!.postMessage(reply);
});
