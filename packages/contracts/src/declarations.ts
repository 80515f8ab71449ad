import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { Label } from './cases.js';
import { StringEnum } from './errors.js';
import type { Role } from './identity.js';

/**
 * 社区通's arrival declarations (信息申报): an arriving person (or their host) declares from the
 * compound's QR code without an account, proving a mobile number by SMS code; a verified
 * resident declares for a guest; committee staff review them. The city keeps a list of key
 * regions (重点地区); a declaration from one opens a home health observation. Personal fields
 * leave the server masked (`张*`, `138****5678`, `3101**********1234`); only a reveal, with a
 * reason, returns them. Regions: China's provinces, cities and counties, and ISO 3166 countries.
 */

/** Who reads and reviews a committee's declarations and prints its QR poster. */
export const DECLARATION_STAFF_ROLES: readonly Role[] = ['committee_staff'];
/** Who reads the key regions (any staff) and who edits them (the city). */
export const KEY_REGION_EDITOR_ROLES: readonly Role[] = ['city_operator', 'administrator'];

/** A declaration with a document seen before in the committee within this many days is a possible duplicate. */
export const DUPLICATE_WINDOW_DAYS = 14;
/** The arrival date: at most this many days ahead (a host declares the evening before) … */
export const ARRIVAL_MAX_DAYS_AHEAD = 1;
/** … and at most this many days back. */
export const ARRIVAL_MAX_DAYS_BACK = 60;
export const STAY_DAYS_MIN = 1;
export const STAY_DAYS_MAX = 365;
/** Body temperature, °C, one decimal. */
export const TEMPERATURE_MIN = 34.0;
export const TEMPERATURE_MAX = 43.0;
/** A reveal's reason: at least this many characters. */
export const REVEAL_REASON_MIN = 4;

// ---------------------------------------------------------------------------------------------
// Enums and their labels

export const DECLARATION_DOCUMENT_KINDS = ['resident_id', 'passport', 'other'] as const;
export const DeclarationDocumentKind = StringEnum(DECLARATION_DOCUMENT_KINDS);
export type DeclarationDocumentKind = Static<typeof DeclarationDocumentKind>;
export const DECLARATION_DOCUMENT_KIND_LABELS: Readonly<Record<DeclarationDocumentKind, Label>> = {
  resident_id: { zh: '居民身份证', en: 'Resident ID card' },
  passport: { zh: '护照', en: 'Passport' },
  other: { zh: '其他证件', en: 'Other document' },
};

export const ARRIVAL_MEANS = ['train', 'plane', 'car', 'bus', 'ship', 'other'] as const;
export const ArrivalMeans = StringEnum(ARRIVAL_MEANS);
export type ArrivalMeans = Static<typeof ArrivalMeans>;
export const ARRIVAL_MEANS_LABELS: Readonly<Record<ArrivalMeans, Label>> = {
  train: { zh: '火车', en: 'Train' },
  plane: { zh: '飞机', en: 'Plane' },
  car: { zh: '自驾', en: 'Car' },
  bus: { zh: '长途汽车', en: 'Coach' },
  ship: { zh: '轮船', en: 'Ship' },
  other: { zh: '其他', en: 'Other' },
};

export const STAY_PURPOSES = ['family', 'work', 'study', 'travel', 'medical', 'other'] as const;
export const StayPurpose = StringEnum(STAY_PURPOSES);
export type StayPurpose = Static<typeof StayPurpose>;
export const STAY_PURPOSE_LABELS: Readonly<Record<StayPurpose, Label>> = {
  family: { zh: '探亲访友', en: 'Family or friends' },
  work: { zh: '工作', en: 'Work' },
  study: { zh: '学习', en: 'Study' },
  travel: { zh: '旅游', en: 'Travel' },
  medical: { zh: '就医', en: 'Medical' },
  other: { zh: '其他', en: 'Other' },
};

export const SYMPTOMS = [
  'fever',
  'cough',
  'sore_throat',
  'fatigue',
  'loss_of_taste',
  'diarrhea',
  'other',
] as const;
export const Symptom = StringEnum(SYMPTOMS);
export type Symptom = Static<typeof Symptom>;
export const SYMPTOM_LABELS: Readonly<Record<Symptom, Label>> = {
  fever: { zh: '发热', en: 'Fever' },
  cough: { zh: '咳嗽', en: 'Cough' },
  sore_throat: { zh: '咽痛', en: 'Sore throat' },
  fatigue: { zh: '乏力', en: 'Fatigue' },
  loss_of_taste: { zh: '嗅（味）觉减退', en: 'Loss of smell or taste' },
  diarrhea: { zh: '腹泻', en: 'Diarrhoea' },
  other: { zh: '其他不适', en: 'Other' },
};

export const DECLARATION_STATUSES = ['submitted', 'accepted', 'more_info', 'duplicate'] as const;
export const DeclarationStatus = StringEnum(DECLARATION_STATUSES);
export type DeclarationStatus = Static<typeof DeclarationStatus>;
export const DECLARATION_STATUS_LABELS: Readonly<Record<DeclarationStatus, Label>> = {
  submitted: { zh: '待审核', en: 'Submitted' },
  accepted: { zh: '已确认', en: 'Accepted' },
  more_info: { zh: '待补充', en: 'More information needed' },
  duplicate: { zh: '重复申报', en: 'Duplicate' },
};

export const REVIEW_DECISIONS = ['accept', 'more_info', 'duplicate'] as const;
export const ReviewDecision = StringEnum(REVIEW_DECISIONS);
export type ReviewDecision = Static<typeof ReviewDecision>;
export const REVIEW_DECISION_LABELS: Readonly<Record<ReviewDecision, Label>> = {
  accept: { zh: '确认', en: 'Accept' },
  more_info: { zh: '要求补充', en: 'Ask for more' },
  duplicate: { zh: '标记重复', en: 'Mark as duplicate' },
};

export const KEY_REGION_LEVELS = ['high', 'medium'] as const;
export const KeyRegionLevel = StringEnum(KEY_REGION_LEVELS);
export type KeyRegionLevel = Static<typeof KeyRegionLevel>;
export const KEY_REGION_LEVEL_LABELS: Readonly<Record<KeyRegionLevel, Label>> = {
  high: { zh: '高风险', en: 'High risk' },
  medium: { zh: '中风险', en: 'Medium risk' },
};

export const DECLARED_BY = ['self', 'resident'] as const;
export const DeclaredBy = StringEnum(DECLARED_BY);
export type DeclaredBy = Static<typeof DeclaredBy>;

export const REVEAL_FIELDS = ['name', 'phone', 'document'] as const;
export const DeclarationRevealField = StringEnum(REVEAL_FIELDS);
export type DeclarationRevealField = Static<typeof DeclarationRevealField>;

export const REGION_KINDS = ['country', 'province', 'city', 'county'] as const;
export const RegionKind = StringEnum(REGION_KINDS);
export type RegionKind = Static<typeof RegionKind>;

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const AreaCode = Type.String({ minLength: 2, maxLength: 64 });
/** a county (6 digits), city (4) or province (2) code of China, or an ISO 3166 alpha-2 code */
const RegionCode = Type.String({
  minLength: 1,
  maxLength: 12,
  description: 'a region code of China (2, 4 or 6 digits) or an ISO 3166 alpha-2 country code',
});
const Phone = Type.String({ minLength: 1, maxLength: 32, description: 'mainland mobile number' });

// ---------------------------------------------------------------------------------------------
// Regions (public)

export const RegionsQuery = Type.Object(
  {
    parent: Type.Optional(RegionCode),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  },
  { additionalProperties: false },
);
export type RegionsQuery = Static<typeof RegionsQuery>;

export const RegionItem = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  kind: RegionKind,
  /** with `q` only: where it lies (`湖北省 武汉市`) */
  path: Type.Optional(Type.String()),
});
export type RegionItem = Static<typeof RegionItem>;

export const RegionList = Type.Object({ items: Type.Array(RegionItem) });
export type RegionList = Static<typeof RegionList>;

/** A region as a declaration or a key region shows it. */
export const RegionRef = Type.Object({
  code: Type.String(),
  name: Type.String(),
  /** `湖北省 武汉市 江岸区`; a country: its name */
  path: Type.String(),
});
export type RegionRef = Static<typeof RegionRef>;

// ---------------------------------------------------------------------------------------------
// Key regions (重点地区): read by any staff, written by the city

export const KeyRegionsQuery = Type.Object(
  { active: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type KeyRegionsQuery = Static<typeof KeyRegionsQuery>;

export const KeyRegionView = Type.Object({
  id: Uuid,
  region: RegionRef,
  level: KeyRegionLevel,
  from: Day,
  to: Nullable(Day),
  note: Type.String(),
  updatedAt: Type.String({ description: 'ISO time' }),
  /** the name of the account that changed it last */
  updatedBy: Nullable(Type.String()),
});
export type KeyRegionView = Static<typeof KeyRegionView>;

export const KeyRegionList = Type.Object({ items: Type.Array(KeyRegionView) });
export type KeyRegionList = Static<typeof KeyRegionList>;

export const KeyRegionBody = Type.Object(
  {
    regionCode: RegionCode,
    level: KeyRegionLevel,
    from: Day,
    to: Type.Optional(Nullable(Day)),
    note: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type KeyRegionBody = Static<typeof KeyRegionBody>;

export const KeyRegionPatch = Type.Object(
  {
    level: Type.Optional(KeyRegionLevel),
    to: Type.Optional(Nullable(Day)),
    note: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type KeyRegionPatch = Static<typeof KeyRegionPatch>;

export const KeyRegionParams = Type.Object({ id: Uuid });
export type KeyRegionParams = Static<typeof KeyRegionParams>;

/** The key region a declaration falls in, as its row shows it. */
export const KeyRegionMatch = Type.Object({ name: Type.String(), level: KeyRegionLevel });
export type KeyRegionMatch = Static<typeof KeyRegionMatch>;

// ---------------------------------------------------------------------------------------------
// Declaration links: the compound's QR poster (committee staff)

export const DeclarationLinkParams = Type.Object({ compoundCode: AreaCode });
export type DeclarationLinkParams = Static<typeof DeclarationLinkParams>;

export const DeclarationLinkView = Type.Object({
  compound: Type.Object({ code: Type.String(), name: Type.String() }),
  committee: Type.Object({ code: Type.String(), name: Type.String() }),
  /** 22+ characters, base64url, random: the only thing the QR code carries */
  token: Type.String(),
  /** `<public origin>/d/<token>` */
  url: Type.String(),
  /** the QR code of `url`, an SVG document */
  qrSvg: Type.String(),
});
export type DeclarationLinkView = Static<typeof DeclarationLinkView>;

// ---------------------------------------------------------------------------------------------
// Declaring (public, by the QR token; or a resident for a guest)

export const DeclareTokenParams = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 64 }),
});
export type DeclareTokenParams = Static<typeof DeclareTokenParams>;

export const DeclareForm = Type.Object({
  compound: Type.Object({ code: Type.String(), name: Type.String() }),
  committee: Type.Object({ name: Type.String() }),
  buildings: Type.Array(Type.Object({ id: Uuid, name: Type.String() })),
});
export type DeclareForm = Static<typeof DeclareForm>;

export const DeclareRoomsQuery = Type.Object({ building: Uuid }, { additionalProperties: false });
export type DeclareRoomsQuery = Static<typeof DeclareRoomsQuery>;

export const DeclareRoomList = Type.Object({
  items: Type.Array(Type.Object({ id: Uuid, label: Type.String() })),
});
export type DeclareRoomList = Static<typeof DeclareRoomList>;

export const DeclarationDocument = Type.Object(
  {
    kind: DeclarationDocumentKind,
    /** resident_id: 18 characters with the GB 11643 check character (400 naming document.number) */
    number: Type.String({ minLength: 1, maxLength: 40 }),
  },
  { additionalProperties: false },
);
export type DeclarationDocument = Static<typeof DeclarationDocument>;

export const DeclarationHealth = Type.Object(
  {
    /** °C, 34.0–43.0, one decimal (400 naming health.temperature) */
    temperature: Type.Number(),
    symptoms: Type.Array(Symptom, { maxItems: SYMPTOMS.length, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type DeclarationHealth = Static<typeof DeclarationHealth>;

const declarationFields = {
  /** the arriving person's mobile (a guest's, when a resident declares) */
  phone: Phone,
  name: Type.String({ minLength: 1, maxLength: 40 }),
  document: DeclarationDocument,
  /** 400 naming originCode when not a known region */
  originCode: RegionCode,
  /** not more than 1 day ahead, not more than 60 days back (400 naming arrivalDate) */
  arrivalDate: Day,
  arrivalMeans: ArrivalMeans,
  /** a room of the token's compound (public) or one of the resident's rooms (400 naming roomId) */
  roomId: Uuid,
  purpose: StayPurpose,
  stayDays: Type.Integer({ minimum: STAY_DAYS_MIN, maximum: STAY_DAYS_MAX }),
  health: DeclarationHealth,
};

/** POST /api/declare/:token — the public form, proved by an SMS code of purpose `declare`. */
export const DeclareBody = Type.Object(
  { ...declarationFields, code: Type.String({ minLength: 1, maxLength: 16 }) },
  { additionalProperties: false },
);
export type DeclareBody = Static<typeof DeclareBody>;

/** POST /api/my/declarations — a verified resident declares for a guest in one of their rooms. */
export const GuestDeclarationBody = Type.Object(declarationFields, { additionalProperties: false });
export type GuestDeclarationBody = Static<typeof GuestDeclarationBody>;

export const DeclareAnswer = Type.Object({
  id: Uuid,
  /** a short code the person can quote (`SB-7K3Q9P`) */
  reference: Type.String(),
  keyRegion: Nullable(KeyRegionMatch),
  /** true: a home health observation was opened */
  observation: Type.Boolean(),
});
export type DeclareAnswer = Static<typeof DeclareAnswer>;

// ---------------------------------------------------------------------------------------------
// Declarations for staff

export const DeclarationParams = Type.Object({ id: Uuid });
export type DeclarationParams = Static<typeof DeclarationParams>;

export const DeclarationsQuery = Type.Object(
  {
    committee: AreaCode,
    status: Type.Optional(DeclarationStatus),
    keyRegion: Type.Optional(Type.Boolean()),
    /** arrival date from / to, inclusive */
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);
export type DeclarationsQuery = Static<typeof DeclarationsQuery>;

export const DeclarationRow = Type.Object({
  id: Uuid,
  reference: Type.String(),
  status: DeclarationStatus,
  /** masked: 张* */
  name: Type.String(),
  /** masked: 138****5678 */
  phone: Type.String(),
  /** number masked: 3101**********1234 */
  document: Type.Object({ kind: DeclarationDocumentKind, number: Type.String() }),
  origin: RegionRef,
  arrivalDate: Day,
  arrivalMeans: ArrivalMeans,
  room: Type.Object({ id: Uuid, label: Type.String() }),
  compound: Type.Object({ code: Type.String(), name: Type.String() }),
  purpose: StayPurpose,
  stayDays: Type.Integer(),
  health: Type.Object({ temperature: Type.Number(), symptoms: Type.Array(Symptom) }),
  keyRegion: Nullable(KeyRegionMatch),
  possibleDuplicateOf: Nullable(Uuid),
  /** the document is a resident's of the registry (no data shown) */
  registryResident: Type.Boolean(),
  /** the observation opened for it, when the observations module knows one */
  observationId: Type.Optional(Nullable(Uuid)),
  createdAt: Type.String({ description: 'ISO time' }),
  declaredBy: DeclaredBy,
});
export type DeclarationRow = Static<typeof DeclarationRow>;

export const DeclarationCounts = Type.Object({
  submitted: Type.Integer(),
  accepted: Type.Integer(),
  more_info: Type.Integer(),
  duplicate: Type.Integer(),
  keyRegion: Type.Integer(),
});
export type DeclarationCounts = Static<typeof DeclarationCounts>;

export const DeclarationPage = Type.Object({
  items: Type.Array(DeclarationRow),
  nextCursor: Nullable(Type.String()),
  /** over the whole committee (the filters other than the committee do not apply); on the
   * first page only (no cursor) */
  counts: Type.Optional(DeclarationCounts),
});
export type DeclarationPage = Static<typeof DeclarationPage>;

export const DeclarationReviewView = Type.Object({
  decision: ReviewDecision,
  note: Type.String(),
  /** the reviewer's name */
  by: Type.String(),
  at: Type.String({ description: 'ISO time' }),
});
export type DeclarationReviewView = Static<typeof DeclarationReviewView>;

export const DeclarationDetail = Type.Intersect([
  DeclarationRow,
  Type.Object({ reviews: Type.Array(DeclarationReviewView) }),
]);
export type DeclarationDetail = Static<typeof DeclarationDetail>;

export const DeclarationReviewBody = Type.Object(
  {
    decision: ReviewDecision,
    note: Type.Optional(Type.String({ maxLength: 500 })),
    /** required with `duplicate`: another declaration of the committee */
    duplicateOf: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type DeclarationReviewBody = Static<typeof DeclarationReviewBody>;

export const DeclarationRevealBody = Type.Object(
  {
    field: DeclarationRevealField,
    reason: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type DeclarationRevealBody = Static<typeof DeclarationRevealBody>;

export const DeclarationRevealAnswer = Type.Object({ value: Type.String() });
export type DeclarationRevealAnswer = Static<typeof DeclarationRevealAnswer>;

/** GET /api/my/declarations: the resident's own declarations for guests, newest first. */
export const MyDeclarationList = Type.Object({ items: Type.Array(DeclarationRow) });
export type MyDeclarationList = Static<typeof MyDeclarationList>;
