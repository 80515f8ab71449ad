import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { Label } from './cases.js';
import { FileLineProblem, StringEnum } from './errors.js';

/**
 * Address search (地址搜索, issue 26, decision 025): the addresses a person can type —
 * compounds, buildings, fixed points and the door numbers a city imports — found by what is
 * typed, ranked, with the point and the area each lies in. An address is not personal data.
 */

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const ADDRESS_KINDS = ['compound', 'building', 'point', 'address'] as const;
export type AddressKind = (typeof ADDRESS_KINDS)[number];
export const ADDRESS_KIND_LABELS: Readonly<Record<AddressKind, Label>> = {
  compound: { zh: '小区', en: 'Compound' },
  building: { zh: '楼栋', en: 'Building' },
  point: { zh: '点位', en: 'Fixed point' },
  address: { zh: '门牌', en: 'Door number' },
};

export const ADDRESS_SOURCES = ['areas', 'registry', 'cases', 'import'] as const;
export type AddressSource = (typeof ADDRESS_SOURCES)[number];
export const ADDRESS_SOURCE_LABELS: Readonly<Record<AddressSource, Label>> = {
  areas: { zh: '区域树的小区', en: 'Compounds of the area tree' },
  registry: { zh: '实有房屋的楼栋', en: 'Buildings of the registry' },
  cases: { zh: '派单点位', en: 'Dispatch points' },
  import: { zh: '导入的门牌地址', en: 'Imported addresses' },
};

/** How a hit matched what was typed: the whole text, its start, or somewhere inside. */
export const ADDRESS_MATCHES = ['exact', 'prefix', 'contains'] as const;
export type AddressMatch = (typeof ADDRESS_MATCHES)[number];

export const ADDRESS_SEARCH_MAX_LIMIT = 50;
export const ADDRESS_QUERY_MAX_LENGTH = 100;

export const AddressSearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: ADDRESS_QUERY_MAX_LENGTH }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: ADDRESS_SEARCH_MAX_LIMIT })),
    /** `lat,lng`: nearer addresses first among equals */
    near: Type.Optional(Type.String({ maxLength: 60 })),
  },
  { additionalProperties: false },
);
export type AddressSearchQuery = Static<typeof AddressSearchQuery>;

export const AddressHit = Type.Object({
  id: Type.String(),
  label: Type.String(),
  kind: StringEnum(ADDRESS_KINDS),
  source: StringEnum(ADDRESS_SOURCES),
  lat: Type.Number(),
  lng: Type.Number(),
  areaCode: Type.String(),
  areaName: Type.String(),
  /** the area's chain below the city, e.g. 黄浦区 · 南京东路街道 · 云南中路居委会 */
  areaPathNames: Type.Array(Type.String()),
  /** the same chain's codes */
  areaPathCodes: Type.Array(Type.String()),
  match: StringEnum(ADDRESS_MATCHES),
  inOwnArea: Type.Boolean(),
  /** metres from `near`, when it was given */
  distanceM: Nullable(Type.Integer()),
});
export type AddressHit = Static<typeof AddressHit>;

export const AddressSearchAnswer = Type.Object({
  /** what was searched, normalised (full-width folded, spaces and the city/district dropped) */
  normalised: Type.String(),
  items: Type.Array(AddressHit),
});
export type AddressSearchAnswer = Static<typeof AddressSearchAnswer>;

// ---- the address book (地址库): counts and imports ----

export const AddressImportResult = Type.Object({
  id: Type.String(),
  fileName: Type.String(),
  outcome: StringEnum(['imported', 'refused'] as const),
  rowsRead: Type.Integer(),
  rowsStored: Type.Integer(),
  problems: Type.Array(FileLineProblem),
  /** true when more problems were found than kept */
  moreProblems: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Nullable(Type.String()),
});
export type AddressImportResult = Static<typeof AddressImportResult>;

export const AddressBookSummary = Type.Object({
  total: Type.Integer(),
  bySource: Type.Array(Type.Object({ source: StringEnum(ADDRESS_SOURCES), count: Type.Integer() })),
  lastImport: Nullable(AddressImportResult),
  /** the largest file an upload takes, in bytes */
  maxUploadBytes: Type.Integer(),
});
export type AddressBookSummary = Static<typeof AddressBookSummary>;
