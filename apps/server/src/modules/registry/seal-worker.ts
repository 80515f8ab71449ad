/** The sealing worker of sealing.ts: the data key in workerData, chunks of plain rows in. */
import { parentPort, workerData } from 'node:worker_threads';
import { createDataCipher } from '../../platform/crypto.js';
import { sealRow, type SealReply, type SealRequest } from './sealing.js';

const cipher = createDataCipher(Buffer.from(workerData as Uint8Array));

parentPort!.on('message', ({ id, kind, plains }: SealRequest) => {
  let reply: SealReply;
  try {
    reply = { id, rows: plains.map((p) => sealRow(kind, cipher, p)) };
  } catch (e) {
    reply = { id, error: (e as Error).message };
  }
  parentPort!.postMessage(reply);
});
