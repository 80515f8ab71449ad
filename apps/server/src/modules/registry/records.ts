import {
  maskDocument,
  maskName,
  maskPhone,
  type ContactRelation,
  type DocumentType,
  type Occupancy,
  type OrganisationKind,
  type Ownership,
  type Registration,
  type Relation,
  type RoomUse,
  type Sex,
} from '@cc/contracts';
import crypto from 'node:crypto';
import type { Insertable } from 'kysely';
import type { DataCipher } from '../../platform/crypto.js';
import { districtOf } from '../../platform/district.js';
import type { CopyValue } from '../../platform/db/copy-text.js';
import type { OrganisationsTable, ResidentsTable, RoomsTable } from './registry.tables.js';

/**
 * Checked plain values → the stored row: personal fields encrypted, an HMAC beside each for
 * exact lookups, the masked form kept for display, and a keyed digest of the whole content so
 * that writing the same data again changes nothing. The one place every writer (the forms,
 * the import, the synthetic city) turns a person, a room or an organisation into a row.
 */

export interface ResidentPlain {
  committeeCode: string;
  streetCode: string;
  /** the compound's path, or the committee's for someone without a room */
  areaPath: string;
  roomId: string | null;
  householdId: string | null;
  relation: Relation | null;
  name: string;
  documentType: DocumentType;
  /** normalised (checkDocument) */
  documentNumber: string;
  /** normalised (checkMobile) */
  phone: string | null;
  birthDate: string;
  sex: Sex;
  registration: Registration;
  nationality: string;
  tags: string[];
  healthNote: string | null;
}

export function residentRow(
  cipher: DataCipher,
  p: ResidentPlain,
): Insertable<ResidentsTable> & { document_hmac: string; row_digest: string } {
  const tags = [...new Set(p.tags)].sort();
  return {
    committee_code: p.committeeCode,
    street_code: p.streetCode,
    area_path: p.areaPath,
    district_code: districtOf(p.areaPath),
    room_id: p.roomId,
    household_id: p.householdId,
    relation: p.relation,
    name: p.name,
    document_type: p.documentType,
    document_enc: cipher.encrypt(p.documentNumber),
    document_hmac: documentHmac(cipher, p.documentType, p.documentNumber),
    document_masked: maskDocument(p.documentType, p.documentNumber),
    phone_enc: p.phone ? cipher.encrypt(p.phone) : null,
    phone_hmac: p.phone ? phoneHmac(cipher, p.phone) : null,
    phone_masked: p.phone ? maskPhone(p.phone) : null,
    birth_date: p.birthDate,
    sex: p.sex,
    registration: p.registration,
    nationality: p.nationality,
    tags,
    health_enc: p.healthNote ? cipher.encrypt(p.healthNote) : null,
    // the place (room, household, area path) is plain and compared as it is
    row_digest: digest(cipher, [
      p.relation,
      p.name,
      p.documentType,
      p.documentNumber,
      p.phone,
      p.birthDate,
      p.sex,
      p.registration,
      p.nationality,
      tags.join(';'),
      p.healthNote,
    ]),
  };
}

/** A resident's emergency contact, checked (checkPhone normalised the phone). */
export interface ContactPlain {
  name: string;
  relation: ContactRelation;
  phone: string;
}

/**
 * The emergency contact's columns of a resident's row, sealed like the resident's own phone:
 * name and phone encrypted, their masked copies, the phone's keyed hash; all null for none.
 * Not in the row's digest: an import of the person leaves the contact as it is.
 */
export function contactColumns(cipher: DataCipher, c: ContactPlain | null) {
  return {
    contact_name_enc: c ? cipher.encrypt(c.name) : null,
    contact_name_masked: c ? maskName(c.name) : null,
    contact_relation: c?.relation ?? null,
    contact_phone_enc: c ? cipher.encrypt(c.phone) : null,
    contact_phone_hmac: c ? phoneHmac(cipher, c.phone) : null,
    contact_phone_masked: c ? maskPhone(c.phone) : null,
  };
}

/**
 * A new household's id, derived from its committee and number (which never change): every
 * writer that makes the same household names it alike, so an import's chunks agree on a new
 * household without a map of them all, and the form and an import making it at once collide on
 * one row. (Households made before this rule keep their random ids; writers look them up first.)
 * A UUID of version 8 (RFC 9562: its bits are the writer's own) from SHA-256.
 */
export function householdUuid(committeeCode: string, number: string): string {
  const b = crypto.createHash('sha256').update(`household:${committeeCode}:${number}`).digest();
  b[6] = (b[6]! & 0x0f) | 0x80;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** The keyed hash an ID number is found by: one person, one record. */
export function documentHmac(
  cipher: DataCipher,
  type: DocumentType | 'other',
  normalized: string,
): string {
  return cipher.lookupHash(`doc:${type}:${normalized}`);
}

/** The keyed hash a mobile number (11 digits) is found by, wherever it is stored. */
export function phoneHmac(cipher: DataCipher, normalized: string): string {
  return cipher.lookupHash(`phone:${normalized}`);
}

export interface RoomPlain {
  buildingId: string;
  committeeCode: string;
  areaPath: string;
  unit: string;
  number: string;
  floor: number | null;
  floorArea: number | null;
  use: RoomUse;
  ownership: Ownership;
  occupancy: Occupancy;
}

export function roomRow(
  cipher: DataCipher,
  p: RoomPlain,
): Insertable<RoomsTable> & { row_digest: string } {
  return {
    building_id: p.buildingId,
    committee_code: p.committeeCode,
    area_path: p.areaPath,
    unit: p.unit,
    number: p.number,
    floor: p.floor,
    floor_area: p.floorArea,
    use: p.use,
    ownership: p.ownership,
    occupancy: p.occupancy,
    row_digest: digest(cipher, [p.floor, p.floorArea, p.use, p.ownership, p.occupancy]),
  };
}

export interface OrganisationPlain {
  committeeCode: string;
  areaPath: string;
  name: string;
  kind: OrganisationKind;
  contactName: string | null;
  contactPhone: string | null;
  address: string | null;
}

export function organisationRow(
  cipher: DataCipher,
  p: OrganisationPlain,
): Insertable<OrganisationsTable> & { row_digest: string } {
  return {
    committee_code: p.committeeCode,
    area_path: p.areaPath,
    name: p.name,
    kind: p.kind,
    contact_name: p.contactName,
    contact_phone_enc: p.contactPhone ? cipher.encrypt(p.contactPhone) : null,
    contact_phone_hmac: p.contactPhone ? phoneHmac(cipher, p.contactPhone) : null,
    contact_phone_masked: p.contactPhone ? maskPhone(p.contactPhone) : null,
    address: p.address,
    row_digest: digest(cipher, [p.kind, p.contactName, p.contactPhone, p.address]),
  };
}

function digest(cipher: DataCipher, values: unknown[]): string {
  return cipher.lookupHash(`row:${JSON.stringify(values)}`);
}

/** The columns each *Row function fills, with their SQL types, in the order bulk writes use. */
export type StoredColumns = readonly (readonly [name: string, type: string])[];
export const RESIDENT_COLUMNS: StoredColumns = [
  ['committee_code', 'text'],
  ['street_code', 'text'],
  ['area_path', 'text'],
  ['district_code', 'text'],
  ['room_id', 'uuid'],
  ['household_id', 'uuid'],
  ['relation', 'text'],
  ['name', 'text'],
  ['document_type', 'text'],
  ['document_enc', 'text'],
  ['document_hmac', 'text'],
  ['document_masked', 'text'],
  ['phone_enc', 'text'],
  ['phone_hmac', 'text'],
  ['phone_masked', 'text'],
  ['birth_date', 'date'],
  ['sex', 'text'],
  ['registration', 'text'],
  ['nationality', 'text'],
  ['tags', 'text[]'],
  ['health_enc', 'text'],
  ['row_digest', 'text'],
];
export const ROOM_COLUMNS: StoredColumns = [
  ['building_id', 'uuid'],
  ['committee_code', 'text'],
  ['area_path', 'text'],
  ['unit', 'text'],
  ['number', 'text'],
  ['floor', 'smallint'],
  ['floor_area', 'numeric(8,2)'],
  ['use', 'text'],
  ['ownership', 'text'],
  ['occupancy', 'text'],
  ['row_digest', 'text'],
];
export const ORGANISATION_COLUMNS: StoredColumns = [
  ['committee_code', 'text'],
  ['area_path', 'text'],
  ['name', 'text'],
  ['kind', 'text'],
  ['contact_name', 'text'],
  ['contact_phone_enc', 'text'],
  ['contact_phone_hmac', 'text'],
  ['contact_phone_masked', 'text'],
  ['address', 'text'],
  ['row_digest', 'text'],
];
export const columnNames = (columns: StoredColumns) => columns.map(([name]) => name);

/** A stored row's values in the columns' order, for COPY. */
export const columnValues = (row: object, columns: StoredColumns): CopyValue[] =>
  columns.map(([name]) => ((row as Record<string, unknown>)[name] ?? null) as CopyValue);
