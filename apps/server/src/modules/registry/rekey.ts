import type { DataCipher } from '../../platform/crypto.js';
import { rekeyTable, type Rekeyer } from '../../platform/key-rotation.js';
import { ownerRow } from './owner-records.js';
import {
  contactColumns,
  organisationRow,
  residentRow,
  roomRow,
  type ContactPlain,
  type ResidentPlain,
} from './records.js';

/**
 * The registry under a new data key: every row made again by records.ts from its plaintext,
 * so ciphertexts, keyed hashes and content digests all follow the new key.
 */

const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
const dec = (c: DataCipher, v: unknown) => (v ? c.decrypt(v as string) : null);

const residents: Rekeyer = rekeyTable(
  'residents',
  [
    'committee_code',
    'street_code',
    'area_path',
    'room_id',
    'household_id',
    'relation',
    'name',
    'document_type',
    'document_enc',
    'phone_enc',
    "to_char(birth_date, 'YYYY-MM-DD') as birth",
    'sex',
    'registration',
    'nationality',
    'tags',
    'health_enc',
    'contact_name_enc',
    'contact_relation',
    'contact_phone_enc',
  ],
  {
    document_enc: 'text',
    document_hmac: 'text',
    phone_enc: 'text',
    phone_hmac: 'text',
    health_enc: 'text',
    row_digest: 'text',
    contact_name_enc: 'text',
    contact_phone_enc: 'text',
    contact_phone_hmac: 'text',
  },
  (r, from, to) => {
    const plain: ResidentPlain = {
      committeeCode: r.committee_code as string,
      streetCode: r.street_code as string,
      areaPath: r.area_path as string,
      roomId: text(r.room_id),
      householdId: text(r.household_id),
      relation: r.relation as ResidentPlain['relation'],
      name: r.name as string,
      documentType: r.document_type as ResidentPlain['documentType'],
      documentNumber: from.decrypt(r.document_enc as string),
      phone: dec(from, r.phone_enc),
      birthDate: r.birth as string,
      sex: r.sex as ResidentPlain['sex'],
      registration: r.registration as ResidentPlain['registration'],
      nationality: r.nationality as string,
      tags: r.tags as string[],
      healthNote: dec(from, r.health_enc),
    };
    const row = residentRow(to, plain);
    const contact = contactColumns(
      to,
      r.contact_name_enc
        ? {
            name: from.decrypt(r.contact_name_enc as string),
            relation: r.contact_relation as ContactPlain['relation'],
            phone: from.decrypt(r.contact_phone_enc as string),
          }
        : null,
    );
    return {
      document_enc: row.document_enc,
      document_hmac: row.document_hmac,
      phone_enc: row.phone_enc ?? null,
      phone_hmac: row.phone_hmac ?? null,
      health_enc: row.health_enc ?? null,
      row_digest: row.row_digest,
      contact_name_enc: contact.contact_name_enc,
      contact_phone_enc: contact.contact_phone_enc,
      contact_phone_hmac: contact.contact_phone_hmac,
    };
  },
);

const rooms: Rekeyer = rekeyTable(
  'rooms',
  [
    'building_id',
    'committee_code',
    'area_path',
    'unit',
    'number',
    'floor',
    'floor_area::float8 as floor_area',
    'use',
    'ownership',
    'occupancy',
  ],
  { row_digest: 'text' },
  (r, _from, to) => ({
    row_digest: roomRow(to, {
      buildingId: r.building_id as string,
      committeeCode: r.committee_code as string,
      areaPath: r.area_path as string,
      unit: r.unit as string,
      number: r.number as string,
      floor: r.floor as number | null,
      floorArea: r.floor_area as number | null,
      use: r.use as never,
      ownership: r.ownership as never,
      occupancy: r.occupancy as never,
    }).row_digest,
  }),
);

const organisations: Rekeyer = rekeyTable(
  'organisations',
  ['committee_code', 'area_path', 'name', 'kind', 'contact_name', 'contact_phone_enc', 'address'],
  { contact_phone_enc: 'text', contact_phone_hmac: 'text', row_digest: 'text' },
  (r, from, to) => {
    const row = organisationRow(to, {
      committeeCode: r.committee_code as string,
      areaPath: r.area_path as string,
      name: r.name as string,
      kind: r.kind as never,
      contactName: text(r.contact_name),
      contactPhone: dec(from, r.contact_phone_enc),
      address: text(r.address),
    });
    return {
      contact_phone_enc: row.contact_phone_enc ?? null,
      contact_phone_hmac: row.contact_phone_hmac ?? null,
      row_digest: row.row_digest,
    };
  },
);

/** Owners on record: their document under the new key, and the owner key and digest after it. */
const roomOwners: Rekeyer = rekeyTable(
  'room_owners',
  [
    'room_id',
    'committee_code',
    'position',
    'kind',
    'name',
    'document_type',
    'document_enc',
    'share_bp',
  ],
  { document_enc: 'text', document_hmac: 'text', row_digest: 'text' },
  (r, from, to) => {
    const row = ownerRow(to, {
      roomId: String(r.room_id),
      committeeCode: r.committee_code as string,
      position: Number(r.position),
      kind: r.kind as never,
      name: r.name as string,
      documentType: r.document_type as never,
      documentNumber: from.decrypt(r.document_enc as string),
      shareBp: Number(r.share_bp),
    });
    return {
      document_enc: row.document_enc,
      document_hmac: row.document_hmac,
      row_digest: row.row_digest,
    };
  },
);

export const registryRekeyers: Record<string, Rekeyer> = {
  residents,
  rooms,
  organisations,
  room_owners: roomOwners,
};
