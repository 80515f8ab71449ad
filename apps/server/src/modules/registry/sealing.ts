import { Worker } from 'node:worker_threads';
import type { ImportKind } from '@cc/contracts';
import type { DataCipher } from '../../platform/crypto.js';
import { copyLine, type CopyValue } from '../../platform/db/copy.js';
import {
  columnValues,
  ORGANISATION_COLUMNS,
  organisationRow,
  RESIDENT_COLUMNS,
  residentRow,
  ROOM_COLUMNS,
  roomRow,
  type OrganisationPlain,
  type ResidentPlain,
  type RoomPlain,
  type StoredColumns,
} from './records.js';

/**
 * An import row's checked plain values → its staged values (records.ts seals them), on a
 * worker thread: sealing (two AES-GCM encryptions and three HMACs a resident) runs beside
 * the reading and checking of the next rows instead of after them, and off the thread that
 * answers requests. Plain values cross as structured clones; the sealed rows come back as
 * COPY's text format in UTF-8 bytes, moved rather than copied (a transferred buffer): the main
 * thread neither decodes rows of values nor encodes text for the socket, and holds no
 * megabyte-long strings, which live until a full collection.
 */

/** A resident's place: an import that moves someone there changes their row. */
export const PLACE_COLUMNS = ['area_path', 'room_id', 'household_id'];
/** A resident's stored columns less the household, which the merge finds or makes. */
const RESIDENT_STORED = RESIDENT_COLUMNS.filter(([name]) => name !== 'household_id');
export const RESIDENT_STAGE: StoredColumns = [
  ...RESIDENT_STORED,
  ['building_id', 'uuid'],
  ['unit', 'text'],
  ['room', 'text'],
  ['household_number', 'text'],
  /** the compound and the room as the file names them, for the report */
  ['compound_name', 'text'],
  ['place', 'text'],
];

/** A resident row of a file: the person, and the place as the file names it. */
export interface StagedResident extends ResidentPlain {
  buildingId: string | null;
  unit: string;
  room: string;
  householdNumber: string | null;
  compoundName: string | null;
  place: string;
}

export type Plain = StagedResident | RoomPlain | OrganisationPlain;

/** The staged values of one plain row (no object spread: V8 copies one of ~20 properties slowly). */
export function sealRow(kind: ImportKind, cipher: DataCipher, plain: Plain): CopyValue[] {
  if (kind === 'housing') return columnValues(roomRow(cipher, plain as RoomPlain), ROOM_COLUMNS);
  if (kind === 'organisations')
    return columnValues(organisationRow(cipher, plain as OrganisationPlain), ORGANISATION_COLUMNS);
  const p = plain as StagedResident;
  const values = columnValues(residentRow(cipher, p), RESIDENT_STORED);
  values.push(p.buildingId, p.unit, p.room, p.householdNumber, p.compoundName, p.place);
  return values;
}

export interface SealRequest {
  id: number;
  kind: ImportKind;
  /** each row's line in the file, staged before its values */
  lines: number[];
  plains: Plain[];
}
export type SealReply = { id: number; bytes: Uint8Array } | { id: number; error: string };

/** A chunk's staged rows in COPY's text format: its line, then its sealed values. */
export function sealChunk(cipher: DataCipher, { kind, lines, plains }: SealRequest): string {
  let text = '';
  for (let i = 0; i < plains.length; i++)
    text += `${lines[i]}\t${copyLine(sealRow(kind, cipher, plains[i]!))}`;
  return text;
}

export interface Sealer {
  /** Seal a chunk of rows on the worker, in order: their COPY text (see sealChunk) in UTF-8. */
  seal(kind: ImportKind, lines: number[], plains: Plain[]): Promise<Uint8Array>;
  /** Stop the worker (an import's end). */
  close(): Promise<void>;
}

/** A worker for one import: started with it, stopped at its end. */
export function startSealer(cipher: DataCipher): Sealer {
  // the server runs its TypeScript through tsx, whose loader a worker does not inherit
  const entry = JSON.stringify(new URL('./seal-worker.ts', import.meta.url).href);
  const worker = new Worker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${entry}); })`,
    // it holds a chunk or two at a time; a young generation of 16 MB lets most of a chunk's
    // garbage die before it is collected (8 MB cost the worker a fifth of its time there)
    { eval: true, workerData: cipher.key, resourceLimits: { maxYoungGenerationSizeMb: 16 } },
  );
  let nextId = 1;
  let stopped: Error | null = null;
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
        worker.postMessage({ id, kind, lines, plains } satisfies SealRequest);
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}
