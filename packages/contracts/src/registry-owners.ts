import { Type, type Static } from '@sinclair/typebox';
import { AreaCodeParam } from './areas.js';
import { StringEnum } from './errors.js';
import { DOCUMENT_TYPES } from './registry.js';

/**
 * Owners on record (产权人, as the real-estate register 不动产登记簿 names them): per room its
 * owners with their shares, and the room's floor area of record (不动产登记面积). Owners' votes
 * (民法典 art. 278) count from this register: by head count (one owner key once, the
 * developer's unsold units once) and by registered area. data/registry/README.md, "Owners".
 */

/** 个人 · 单位 · 开发建设单位 (the developer, whose unsold units count as one owner) */
export const OWNER_KINDS = ['person', 'organisation', 'developer'] as const;
export const OwnerKind = StringEnum(OWNER_KINDS);
export type OwnerKind = Static<typeof OwnerKind>;

/** A person's documents, and an organisation's unified social credit code (统一社会信用代码). */
export const OWNER_DOCUMENT_TYPES = [...DOCUMENT_TYPES, 'uscc'] as const;
export const OwnerDocumentType = StringEnum(OWNER_DOCUMENT_TYPES);
export type OwnerDocumentType = Static<typeof OwnerDocumentType>;

/** Where a room's owners on record came from. */
export const OWNERSHIP_SOURCES = ['form', 'import', 'generated'] as const;
export type OwnershipSource = (typeof OWNERSHIP_SOURCES)[number];

/** At most this many owners a room (a register lists a handful; the rest is a mistake). */
export const ROOM_OWNERS_MAX = 50;

/** A share is stored in hundredths of a percent (basis points): a room's add up to this. */
export const SHARE_WHOLE = 10_000;

/**
 * A share as a person writes it — `50`, `33.33`, `50%`, `1/2` — in hundredths of a percent, or
 * null when it is not one exactly: a percentage with at most two decimals, or a fraction that
 * is a whole number of hundredths (1/2, 1/4; 1/3 is not: write 33.33 and 33.34). Above 0, at
 * most 100 %. A bare number is a percentage: `0.5` is half a percent, never one half.
 */
export function parseShare(value: string | number): number | null {
  const text = String(value)
    .trim()
    .replace(/[%％]$/, '')
    .trim();
  let bp: number;
  const fraction = /^(\d{1,6})\s*\/\s*(\d{1,6})$/.exec(text);
  if (fraction) {
    const [n, d] = [Number(fraction[1]), Number(fraction[2])];
    if (d === 0 || (n * SHARE_WHOLE) % d !== 0) return null;
    bp = (n * SHARE_WHOLE) / d;
  } else {
    const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text);
    if (!m) return null;
    bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  }
  return bp > 0 && bp <= SHARE_WHOLE ? bp : null;
}

/** Hundredths of a percent → the percentage (5000 → 50, 3333 → 33.33). */
export const sharePercent = (bp: number): number => bp / 100;

const Uuid = Type.String({ format: 'uuid' });

export const RoomOwner = Type.Object({
  id: Type.String(),
  kind: OwnerKind,
  /** a person's name masked (张*) unless the reader may reveal here; an organisation's in clear */
  name: Type.String(),
  documentType: OwnerDocumentType,
  /** masked: 3101**********1234 */
  document: Type.String(),
  /** percent, to hundredths (33.33) */
  share: Type.Number(),
  /** other rooms of the same committee with this owner on record */
  otherRooms: Type.Integer(),
});
export type RoomOwner = Static<typeof RoomOwner>;

export const RoomOwners = Type.Object({
  roomId: Type.String(),
  roomLabel: Type.String(),
  /** the housing record's floor area (建筑面积, the committee's own figure), m² */
  floorArea: Type.Union([Type.Number(), Type.Null()]),
  /** the floor area of record (不动产登记面积), m²: what owners' votes count */
  registeredArea: Type.Union([Type.Number(), Type.Null()]),
  recordedAt: Type.Union([Type.String(), Type.Null()]),
  recordedBy: Type.Union([Type.String(), Type.Null()]),
  source: Type.Union([StringEnum(OWNERSHIP_SOURCES), Type.Null()]),
  /** may this reader change them */
  canEdit: Type.Boolean(),
  /** are people's names masked for this reader */
  namesMasked: Type.Boolean(),
  owners: Type.Array(RoomOwner),
});
export type RoomOwners = Static<typeof RoomOwners>;

/**
 * One owner in a replacement: an owner already on record kept by `id` (their name and
 * document stay, the share may change), or a new one with name, document type and number.
 */
export const RoomOwnerInput = Type.Object(
  {
    id: Type.Optional(Uuid),
    kind: Type.Optional(OwnerKind),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    documentType: Type.Optional(OwnerDocumentType),
    documentNumber: Type.Optional(Type.String({ minLength: 4, maxLength: 30 })),
    /** percent, above 0, at most two decimals; a room's add up to 100 */
    share: Type.Number(),
  },
  { additionalProperties: false },
);
export type RoomOwnerInput = Static<typeof RoomOwnerInput>;

/** The room's owners replaced in one go; no owners clears the record. */
export const RoomOwnersBody = Type.Object(
  {
    owners: Type.Array(RoomOwnerInput, { maxItems: ROOM_OWNERS_MAX }),
    /** m², above 0, two decimals; null clears it; left out keeps the area on record */
    registeredArea: Type.Optional(
      Type.Union([Type.Number({ exclusiveMinimum: 0, maximum: 100000 }), Type.Null()]),
    ),
  },
  { additionalProperties: false },
);
export type RoomOwnersBody = Static<typeof RoomOwnersBody>;

export const OwnersSummaryQuery = Type.Object(
  { area: AreaCodeParam },
  { additionalProperties: false },
);
export type OwnersSummaryQuery = Static<typeof OwnersSummaryQuery>;

/** The owners register of a committee, grid or compound, in figures. */
export const OwnersSummary = Type.Object({
  area: Type.String(),
  rooms: Type.Integer(),
  roomsWithOwners: Type.Integer(),
  /** rooms with owners but no registered area: a vote cannot count them yet */
  roomsWithoutArea: Type.Integer(),
  /** m², the sum of the registered areas */
  registeredArea: Type.Number(),
  /** distinct owners (by person or organisation key) */
  owners: Type.Integer(),
  developerRooms: Type.Integer(),
});
export type OwnersSummary = Static<typeof OwnersSummary>;
