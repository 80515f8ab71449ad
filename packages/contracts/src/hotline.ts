import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { CaseAttributes } from './cases.js';
import { FileLineProblem, StringEnum } from './errors.js';

/**
 * The 12345 hotline's work orders in bulk (issue 28, decision 028). The hotline's system posts
 * a file of work orders — CSV with a header, or JSON lines — with its department key; each good
 * order becomes a case with source `hotline`, once per hotline id, in the scenario the
 * category mapping names, placed by its coordinates or by the address book.
 *
 * Columns (CSV header names; the same keys in JSON lines):
 * `hotline_id` (required, the hotline's own id), `category` (required, the hotline's
 * category), `text` (required), `caller_name`, `caller_phone` (stored encrypted, shown masked),
 * `address`, `lng`, `lat` (an address or both coordinates), `received_at` (required, ISO 8601
 * with its offset).
 */

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const HOTLINE_COLUMNS = [
  'hotline_id',
  'category',
  'text',
  'caller_name',
  'caller_phone',
  'address',
  'lng',
  'lat',
  'received_at',
] as const;
export type HotlineColumn = (typeof HOTLINE_COLUMNS)[number];
export const HOTLINE_REQUIRED_COLUMNS: readonly HotlineColumn[] = [
  'hotline_id',
  'category',
  'text',
  'received_at',
];

export const HOTLINE_FORMATS = ['csv', 'jsonl'] as const;
export type HotlineFormat = (typeof HOTLINE_FORMATS)[number];
/** The media types a posted file is sent as. */
export const HOTLINE_MEDIA_TYPES: Readonly<Record<HotlineFormat, string>> = {
  csv: 'text/csv',
  jsonl: 'application/x-ndjson',
};

export const HOTLINE_CATEGORY_MAX_LENGTH = 60;

/**
 * One of the hotline's categories and the scenario its orders become, with the answers they
 * get to the scenario's required form fields (a work order carries none of its own).
 */
export const HotlineCategory = Type.Object({
  category: Type.String(),
  scenarioCode: Type.String(),
  attributes: CaseAttributes,
  updatedAt: Type.String({ format: 'date-time' }),
});
export type HotlineCategory = Static<typeof HotlineCategory>;

export const HotlineCategoryList = Type.Object({ items: Type.Array(HotlineCategory) });
export type HotlineCategoryList = Static<typeof HotlineCategoryList>;

export const HotlineCategoryParams = Type.Object({
  category: Type.String({ minLength: 1, maxLength: HOTLINE_CATEGORY_MAX_LENGTH }),
});

export const PutHotlineCategoryBody = Type.Object(
  {
    scenarioCode: Type.String({ minLength: 1, maxLength: 60 }),
    attributes: Type.Optional(CaseAttributes),
  },
  { additionalProperties: false },
);
export type PutHotlineCategoryBody = Static<typeof PutHotlineCategoryBody>;

/** Orders of one category the mapping does not know: held back, with their ids. */
export const HotlineUnmapped = Type.Object({
  category: Type.String(),
  rows: Type.Integer(),
  /** the first 20 hotline ids */
  hotlineIds: Type.Array(Type.String()),
});
export type HotlineUnmapped = Static<typeof HotlineUnmapped>;

export const HotlineImport = Type.Object({
  id: Type.String(),
  /** 'api': the hotline's system posted it; 'upload': staff uploaded it in the console */
  via: StringEnum(['api', 'upload'] as const),
  departmentCode: Nullable(Type.String()),
  fileName: Type.String(),
  format: StringEnum(HOTLINE_FORMATS),
  outcome: StringEnum(['imported', 'refused'] as const),
  rowsRead: Type.Integer(),
  /** orders that became cases now */
  created: Type.Integer(),
  /** orders whose hotline id was already a case (an earlier file, or twice in this one) */
  duplicates: Type.Integer(),
  /** orders whose id was already a case with other content: left as the first one */
  changed: Type.Array(Type.String()),
  /** orders held back because the mapping has no scenario for their category */
  unmapped: Type.Array(HotlineUnmapped),
  /** orders held back because their address is not in the address book (first 20 ids) */
  unplaced: Type.Object({ rows: Type.Integer(), hotlineIds: Type.Array(Type.String()) }),
  /** why a refused file was refused (nothing of it stored) */
  problems: Type.Array(FileLineProblem),
  moreProblems: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
});
export type HotlineImport = Static<typeof HotlineImport>;

export const HotlineImportList = Type.Object({ items: Type.Array(HotlineImport) });
export type HotlineImportList = Static<typeof HotlineImportList>;

export const HotlineImportParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** The largest work-order file one request takes (100,000 orders are about 30 MB). */
export const HOTLINE_FILE_MAX_BYTES = 64 * 1024 * 1024;
/** How far ahead of our clock an order's received_at may be (the hotline's clock drifts). */
export const HOTLINE_FUTURE_TOLERANCE_MINUTES = 5;
