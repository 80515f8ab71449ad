import type { ImportKind } from '@cc/contracts';
import type { DataCipher } from '../../platform/crypto.js';
import { copyLine, type CopyValue } from '../../platform/db/copy-text.js';
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
import { OWNER_COLUMNS, ownerRow, type OwnerPlain } from './owner-records.js';

/**
 * An import row's checked plain values → its staged values (records.ts seals them), a chunk at
 * a time as COPY text: what the sealing worker (seal-worker.ts, started by sealer.ts) runs.
 * Only pure code and node: modules, as the worker carries all of it in one bundle.
 */

/** A resident's place: an import that moves someone there changes their row. */
export const PLACE_COLUMNS = ['area_path', 'room_id', 'household_id'];
export const RESIDENT_STAGE: StoredColumns = [
  ...RESIDENT_COLUMNS,
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

/** An owners row of a file: the owner, the room as the file names it (found by `place`). */
export interface StagedOwner extends Omit<OwnerPlain, 'roomId'> {
  roomId: string | null;
  buildingId: string;
  unit: string;
  room: string;
  /** the room's compound path, once found */
  areaPath: string | null;
  registeredArea: number | null;
}
export const OWNER_STAGE: StoredColumns = [
  ...OWNER_COLUMNS,
  ['building_id', 'uuid'],
  ['unit', 'text'],
  ['room', 'text'],
  ['area_path', 'text'],
  ['registered_area', 'numeric(10,2)'],
];

export type Plain = StagedResident | RoomPlain | OrganisationPlain | StagedOwner;

/** The staged values of one plain row (no object spread: V8 copies one of ~20 properties slowly). */
export function sealRow(kind: ImportKind, cipher: DataCipher, plain: Plain): CopyValue[] {
  if (kind === 'housing') return columnValues(roomRow(cipher, plain as RoomPlain), ROOM_COLUMNS);
  if (kind === 'owners') {
    const p = plain as StagedOwner;
    const values = columnValues(ownerRow(cipher, p as OwnerPlain), OWNER_COLUMNS);
    values.push(p.buildingId, p.unit, p.room, p.areaPath, p.registeredArea);
    return values;
  }
  if (kind === 'organisations')
    return columnValues(organisationRow(cipher, plain as OrganisationPlain), ORGANISATION_COLUMNS);
  const p = plain as StagedResident;
  const values = columnValues(residentRow(cipher, p), RESIDENT_COLUMNS);
  values.push(p.buildingId, p.unit, p.room, p.householdNumber, p.compoundName, p.place);
  return values;
}

export interface SealRequest {
  id: number;
  kind: ImportKind;
  /** each row's line in the file, staged before its values */
  lines: number[];
  plains: Plain[];
  /** buffers of chunks already copied, for the worker to write later chunks into */
  spare: ArrayBuffer[];
}
export type SealReply = { id: number; bytes: Uint8Array } | { id: number; error: string };

/** A chunk's staged rows in COPY's text format: its line, then its sealed values. */
export function sealChunk(cipher: DataCipher, { kind, lines, plains }: SealRequest): string {
  let text = '';
  for (let i = 0; i < plains.length; i++)
    text += `${lines[i]}\t${copyLine(sealRow(kind, cipher, plains[i]!))}`;
  return text;
}
