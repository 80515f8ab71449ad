import { Type, type Static } from '@sinclair/typebox';
import { Area, AreaCodeParam } from './areas.js';
import { StringEnum } from './errors.js';
import type { Role } from './identity.js';

/**
 * The community registry (社区一屏). Personal fields leave the server masked
 * (`3101**********1234`, `138****5678`, `张*`); only a reveal, with a reason, returns them.
 */

/**
 * Who sees what of the registry (PIPL: the least that does the job); the server's policy
 * enforces it per area, the web app shows what follows from it.
 * - the one screen's figures: every operating role, for its subtree;
 * - people, masked: the committee and its grid leaders;
 * - one person looked up by name or document number: also the street operation centre;
 * - changes, reveals with a reason, imports and exports: committee staff.
 * District and city roles get aggregates, never people.
 */
export const REGISTRY_SCREEN_ROLES: readonly Role[] = [
  'administrator',
  'city_operator',
  'district_operator',
  'street_operator',
  'committee_staff',
  'grid_leader',
];
export const REGISTRY_PEOPLE_ROLES: readonly Role[] = ['committee_staff', 'grid_leader'];
export const REGISTRY_FINDER_ROLES: readonly Role[] = [...REGISTRY_PEOPLE_ROLES, 'street_operator'];
export const REGISTRY_EDITOR_ROLES: readonly Role[] = ['committee_staff'];
/**
 * An exact lookup by document number is a reveal (the number tells who it is): the roles that
 * may reveal, and the street operation centre, whose desk work is that one lookup. By phone:
 * only the roles that may reveal. Each lookup gives a reason, is audited and rate-limited.
 */
export const REGISTRY_LOOKUP_ROLES: readonly Role[] = [...REGISTRY_EDITOR_ROLES, 'street_operator'];
export const REGISTRY_TAG_EDITOR_ROLES: readonly Role[] = [
  'administrator',
  'street_operator',
  'committee_staff',
];

export const DOCUMENT_TYPES = [
  'resident_id',
  'passport',
  'hk_macao_permit',
  'taiwan_permit',
  'foreign_permanent_id',
] as const;
export const DocumentType = StringEnum(DOCUMENT_TYPES);
export type DocumentType = Static<typeof DocumentType>;

/** 本市户籍 / 来沪人员 / 境外人员 */
export const REGISTRATIONS = ['local', 'migrant', 'overseas'] as const;
export const Registration = StringEnum(REGISTRATIONS);
export type Registration = Static<typeof Registration>;

export const SEXES = ['male', 'female'] as const;
export const Sex = StringEnum(SEXES);
export type Sex = Static<typeof Sex>;

export const RELATIONS = [
  'head',
  'spouse',
  'child',
  'parent',
  'grandchild',
  'sibling',
  'other',
  'tenant',
] as const;
export const Relation = StringEnum(RELATIONS);
export type Relation = Static<typeof Relation>;

export const ROOM_USES = ['residential', 'commercial', 'office', 'mixed', 'other'] as const;
export const RoomUse = StringEnum(ROOM_USES);
export type RoomUse = Static<typeof RoomUse>;

export const OWNERSHIPS = ['private', 'public_rental', 'work_unit', 'collective', 'other'] as const;
export const Ownership = StringEnum(OWNERSHIPS);
export type Ownership = Static<typeof Ownership>;

/** 自住 / 出租 / 空置 / 群租 */
export const OCCUPANCIES = ['owner_occupied', 'rented', 'vacant', 'group_rental'] as const;
export const Occupancy = StringEnum(OCCUPANCIES);
export type Occupancy = Static<typeof Occupancy>;

export const ORGANISATION_KINDS = [
  'party',
  'residents_committee',
  'owners_committee',
  'property',
  'merchant',
  'enterprise',
  'social',
  'school',
  'other',
] as const;
export const OrganisationKind = StringEnum(ORGANISATION_KINDS);
export type OrganisationKind = Static<typeof OrganisationKind>;

export const RESIDENT_STATUSES = ['present', 'moved_out'] as const;
export const ResidentStatus = StringEnum(RESIDENT_STATUSES);
export type ResidentStatus = Static<typeof ResidentStatus>;

const Uuid = Type.String({ format: 'uuid' });
const Nationality = Type.String({
  pattern: '^[A-Z]{3}$',
  description: 'ISO 3166-1 alpha-3 (CHN, USA, JPN, …)',
});
const TagCode = Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' });
const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD' });

// ---- tags ----

export const RegistryTag = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  care: Type.Boolean(),
  builtin: Type.Boolean(),
});
export type RegistryTag = Static<typeof RegistryTag>;
export const RegistryTagList = Type.Object({ items: Type.Array(RegistryTag) });
export type RegistryTagList = Static<typeof RegistryTagList>;
export const RegistryTagBody = Type.Object(
  {
    code: TagCode,
    name: Type.String({ minLength: 1, maxLength: 40 }),
    nameEn: Type.String({ minLength: 1, maxLength: 80 }),
    care: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type RegistryTagBody = Static<typeof RegistryTagBody>;

// ---- housing ----

export const Building = Type.Object({
  id: Type.String(),
  compoundCode: Type.String(),
  compoundName: Type.String(),
  name: Type.String(),
  floors: Type.Union([Type.Integer(), Type.Null()]),
  lng: Type.Union([Type.Number(), Type.Null()]),
  lat: Type.Union([Type.Number(), Type.Null()]),
  rooms: Type.Integer(),
  residents: Type.Integer(),
});
export type Building = Static<typeof Building>;
export const BuildingList = Type.Object({ items: Type.Array(Building) });
export type BuildingList = Static<typeof BuildingList>;
export const BuildingBody = Type.Object(
  {
    compoundCode: AreaCodeParam,
    name: Type.String({ minLength: 1, maxLength: 40 }),
    floors: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    lng: Type.Optional(Type.Number({ minimum: 120, maximum: 123 })),
    lat: Type.Optional(Type.Number({ minimum: 30, maximum: 32.5 })),
  },
  { additionalProperties: false },
);
export type BuildingBody = Static<typeof BuildingBody>;
export const BuildingQuery = Type.Object({ area: AreaCodeParam }, { additionalProperties: false });
export type BuildingQuery = Static<typeof BuildingQuery>;

export const Room = Type.Object({
  id: Type.String(),
  buildingId: Type.String(),
  label: Type.String({ description: '云南中路花园 12号楼 2单元 301' }),
  unit: Type.String(),
  number: Type.String(),
  floor: Type.Union([Type.Integer(), Type.Null()]),
  floorArea: Type.Union([Type.Number(), Type.Null()]),
  use: RoomUse,
  ownership: Ownership,
  occupancy: Occupancy,
  residents: Type.Integer(),
});
export type Room = Static<typeof Room>;
export const RoomList = Type.Object({
  items: Type.Array(Room),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type RoomList = Static<typeof RoomList>;
const roomFields = {
  unit: Type.String({ maxLength: 20 }),
  number: Type.String({ minLength: 1, maxLength: 20 }),
  floor: Type.Integer({ minimum: -5, maximum: 200 }),
  floorArea: Type.Number({ exclusiveMinimum: 0, maximum: 100000 }),
  use: RoomUse,
  ownership: Ownership,
  occupancy: Occupancy,
};
export const RoomBody = Type.Object(
  {
    buildingId: Uuid,
    unit: Type.Optional(roomFields.unit),
    number: roomFields.number,
    floor: Type.Optional(roomFields.floor),
    floorArea: Type.Optional(roomFields.floorArea),
    use: roomFields.use,
    ownership: roomFields.ownership,
    occupancy: roomFields.occupancy,
  },
  { additionalProperties: false },
);
export type RoomBody = Static<typeof RoomBody>;
export const RoomPatch = Type.Partial(Type.Object(roomFields, { additionalProperties: false }), {
  additionalProperties: false,
  minProperties: 1,
});
export type RoomPatch = Static<typeof RoomPatch>;
export const RoomQuery = Type.Object(
  {
    area: AreaCodeParam,
    building: Type.Optional(Uuid),
    occupancy: Type.Optional(Occupancy),
    /** opaque: the nextCursor of the page before */
    cursor: Type.Optional(Type.String({ maxLength: 600 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
export type RoomQuery = Static<typeof RoomQuery>;

// ---- residents ----

/** Who an emergency contact (紧急联系人) is to the resident; labels in REGISTRY_LABELS.contactRelation. */
export const CONTACT_RELATIONS = [
  'spouse',
  'child',
  'grandchild',
  'parent',
  'sibling',
  'relative',
  'guardian',
  'neighbour',
  'friend',
  'volunteer',
  'other',
] as const;
export const ContactRelation = StringEnum(CONTACT_RELATIONS);
export type ContactRelation = Static<typeof ContactRelation>;

/** A resident's emergency contact: masked in a resident's answer, in clear in a reveal. */
export const EmergencyContact = Type.Object({
  name: Type.String(),
  relation: ContactRelation,
  /** a mobile (11 digits) or a landline (021-63211234) */
  phone: Type.String(),
});
export type EmergencyContact = Static<typeof EmergencyContact>;
/**
 * The contact as committee staff set it: sealed like the resident's phone. The server checks
 * the name (1-40 characters) and the phone (a mobile, or a landline with its area code) and
 * names the field in both languages; the bounds here only cap the body.
 */
export const EmergencyContactBody = Type.Object(
  {
    name: Type.String({ maxLength: 200 }),
    relation: ContactRelation,
    phone: Type.String({ maxLength: 40 }),
  },
  { additionalProperties: false },
);
export type EmergencyContactBody = Static<typeof EmergencyContactBody>;

export const Resident = Type.Object({
  id: Type.String(),
  committeeCode: Type.String(),
  /** masked: 张* */
  name: Type.String(),
  documentType: DocumentType,
  /** masked: 3101**********1234 */
  document: Type.String(),
  /** masked: 138****5678 */
  phone: Type.Union([Type.String(), Type.Null()]),
  age: Type.Integer(),
  sex: Sex,
  registration: Registration,
  nationality: Type.String(),
  tags: Type.Array(Type.String()),
  status: ResidentStatus,
  movedOutAt: Type.Union([Type.String(), Type.Null()]),
  roomId: Type.Union([Type.String(), Type.Null()]),
  roomLabel: Type.Union([Type.String(), Type.Null()]),
  buildingId: Type.Union([Type.String(), Type.Null()]),
  householdNumber: Type.Union([Type.String(), Type.Null()]),
  relation: Type.Union([Relation, Type.Null()]),
  hasHealthNote: Type.Boolean(),
  /** masked: 李*, 138****5678 */
  emergencyContact: Type.Union([EmergencyContact, Type.Null()]),
  updatedAt: Type.String(),
});
export type Resident = Static<typeof Resident>;

export const ResidentList = Type.Object({
  items: Type.Array(Resident),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type ResidentList = Static<typeof ResidentList>;

/**
 * Browsing people of an area (committee staff and grid leaders), masked; every page is audited
 * (the filters, no personal value, and how many rows). An exact document number or phone is not
 * a filter here: it is a lookup (ResidentLookupBody), so it never reaches a URL or a log.
 */
export const ResidentQuery = Type.Object(
  {
    area: AreaCodeParam,
    /** a name or the start of one, within a committee or below */
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    tag: Type.Optional(TagCode),
    registration: Type.Optional(Registration),
    nationality: Type.Optional(Nationality),
    sex: Type.Optional(Sex),
    ageFrom: Type.Optional(Type.Integer({ minimum: 0, maximum: 130 })),
    ageTo: Type.Optional(Type.Integer({ minimum: 0, maximum: 130 })),
    building: Type.Optional(Uuid),
    room: Type.Optional(Uuid),
    status: Type.Optional(ResidentStatus),
    /** opaque: the nextCursor of the page before */
    cursor: Type.Optional(Type.String({ maxLength: 600 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
export type ResidentQuery = Static<typeof ResidentQuery>;

/**
 * One person looked up by exact document number, phone or full name, for a reason: audited and
 * rate-limited per account. Exactly one of document, phone and name.
 */
export const ResidentLookupBody = Type.Object(
  {
    area: AreaCodeParam,
    document: Type.Optional(Type.String({ minLength: 4, maxLength: 30 })),
    phone: Type.Optional(Type.String({ minLength: 11, maxLength: 20 })),
    /** the full name, exactly (no prefix) */
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    status: Type.Optional(ResidentStatus),
    reason: Type.String({ minLength: 4, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type ResidentLookupBody = Static<typeof ResidentLookupBody>;
/** At most this many people answer one lookup (namesakes); no further page. */
export const RESIDENT_LOOKUP_MAX = 10;

const residentFields = {
  name: Type.String({ minLength: 1, maxLength: 60 }),
  phone: Type.String({ minLength: 11, maxLength: 20 }),
  registration: Registration,
  nationality: Nationality,
  tags: Type.Array(TagCode, { maxItems: 20, uniqueItems: true }),
  householdNumber: Type.String({ minLength: 1, maxLength: 30 }),
  relation: Relation,
  healthNote: Type.String({ maxLength: 500 }),
};
export const ResidentBody = Type.Object(
  {
    ...residentFields,
    phone: Type.Optional(residentFields.phone),
    nationality: Type.Optional(residentFields.nationality),
    tags: Type.Optional(residentFields.tags),
    householdNumber: Type.Optional(residentFields.householdNumber),
    relation: Type.Optional(residentFields.relation),
    healthNote: Type.Optional(residentFields.healthNote),
    documentType: DocumentType,
    documentNumber: Type.String({ minLength: 4, maxLength: 30 }),
    /** required unless the document is a resident ID, which carries it */
    birthDate: Type.Optional(Day),
    sex: Type.Optional(Sex),
    /** the room they live in; or, for someone without one, the committee */
    roomId: Type.Optional(Uuid),
    committeeCode: Type.Optional(AreaCodeParam),
  },
  { additionalProperties: false },
);
export type ResidentBody = Static<typeof ResidentBody>;

export const ResidentPatch = Type.Partial(
  Type.Object(residentFields, { additionalProperties: false }),
  { additionalProperties: false, minProperties: 1 },
);
export type ResidentPatch = Static<typeof ResidentPatch>;

export const MoveResidentBody = Type.Object(
  {
    roomId: Uuid,
    relation: Type.Optional(Relation),
    householdNumber: Type.Optional(residentFields.householdNumber),
  },
  { additionalProperties: false },
);
export type MoveResidentBody = Static<typeof MoveResidentBody>;

export const MoveOutBody = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
export type MoveOutBody = Static<typeof MoveOutBody>;

/** One resident's personal data in clear, for a stated reason (audited). */
export const ResidentReveal = Type.Object({
  name: Type.String(),
  document: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  birthDate: Type.String(),
  healthNote: Type.Union([Type.String(), Type.Null()]),
  emergencyContact: Type.Union([EmergencyContact, Type.Null()]),
});
export type ResidentReveal = Static<typeof ResidentReveal>;

/** At most this many people on one page of a call list (each one an audited reveal). */
export const CALL_LIST_MAX = 200;
/**
 * The call list of a care group (独居老人, 高龄老人, …) in an area: committee staff reveal, for
 * one stated reason, the name, phone, room and emergency contact of everyone on a page of it;
 * each person revealed is one audit entry.
 */
export const CallListBody = Type.Object(
  {
    area: AreaCodeParam,
    /** a care group: a tag of the dictionary marked `care` */
    tag: TagCode,
    reason: Type.String({ minLength: 4, maxLength: 200 }),
    /** opaque: the nextCursor of the page before */
    cursor: Type.Optional(Type.String({ maxLength: 600 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: CALL_LIST_MAX })),
  },
  { additionalProperties: false },
);
export type CallListBody = Static<typeof CallListBody>;
export const CallListEntry = Type.Object({
  id: Type.String(),
  name: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  /** 云南中路花园 12号楼 2单元 301 */
  roomLabel: Type.Union([Type.String(), Type.Null()]),
  age: Type.Integer(),
  sex: Sex,
  emergencyContact: Type.Union([EmergencyContact, Type.Null()]),
});
export type CallListEntry = Static<typeof CallListEntry>;
export const CallList = Type.Object({
  tag: Type.String(),
  items: Type.Array(CallListEntry),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type CallList = Static<typeof CallList>;

export const RegistryChange = Type.Object({
  at: Type.String(),
  actor: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  /** field → new value; personal fields say only that they changed */
  changes: Type.Record(Type.String(), Type.Unknown()),
});
export const RegistryHistory = Type.Object({ items: Type.Array(RegistryChange) });
export type RegistryHistory = Static<typeof RegistryHistory>;

// ---- organisations ----

export const Organisation = Type.Object({
  id: Type.String(),
  committeeCode: Type.String(),
  name: Type.String(),
  kind: OrganisationKind,
  contactName: Type.Union([Type.String(), Type.Null()]),
  contactPhone: Type.Union([Type.String(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
});
export type Organisation = Static<typeof Organisation>;
export const OrganisationList = Type.Object({ items: Type.Array(Organisation) });
export type OrganisationList = Static<typeof OrganisationList>;
export const OrganisationBody = Type.Object(
  {
    committeeCode: AreaCodeParam,
    name: Type.String({ minLength: 1, maxLength: 80 }),
    kind: OrganisationKind,
    contactName: Type.Optional(Type.String({ maxLength: 40 })),
    contactPhone: Type.Optional(Type.String({ minLength: 11, maxLength: 20 })),
    address: Type.Optional(Type.String({ maxLength: 120 })),
  },
  { additionalProperties: false },
);
export type OrganisationBody = Static<typeof OrganisationBody>;

// ---- the one screen ----

/** A count of people: null and "<5" when it is fewer than five and the viewer sees only aggregates. */
export const PeopleCount = Type.Object({
  value: Type.Union([Type.Integer(), Type.Null()]),
  display: Type.String(),
});
export type PeopleCount = Static<typeof PeopleCount>;

export const OneScreen = Type.Object({
  area: Area,
  chain: Type.Array(Area),
  /** may this viewer open the lists of people behind the figures? */
  people: Type.Boolean(),
  residents: PeopleCount,
  households: Type.Integer(),
  /** five-year bands, 0–4 … 85+ */
  pyramid: Type.Array(Type.Object({ band: Type.String(), male: PeopleCount, female: PeopleCount })),
  registration: Type.Array(Type.Object({ registration: Registration, count: PeopleCount })),
  nationalities: Type.Array(Type.Object({ code: Type.String(), count: PeopleCount })),
  care: Type.Array(
    Type.Object({
      tag: Type.String(),
      name: Type.String(),
      nameEn: Type.String(),
      count: PeopleCount,
    }),
  ),
  housing: Type.Object({
    buildings: Type.Integer(),
    rooms: Type.Integer(),
    occupancy: Type.Array(Type.Object({ occupancy: Occupancy, rooms: Type.Integer() })),
  }),
  organisations: Type.Array(Type.Object({ kind: OrganisationKind, count: Type.Integer() })),
  openCases: Type.Integer(),
  /** children (streets, committees, or the committee's compounds) with their residents */
  children: Type.Array(Type.Object({ area: Area, residents: PeopleCount })),
});
export type OneScreen = Static<typeof OneScreen>;

// ---- import and export ----

export const IMPORT_KINDS = ['residents', 'housing', 'organisations', 'owners'] as const;
export const ImportKind = StringEnum(IMPORT_KINDS);
export type ImportKind = Static<typeof ImportKind>;

export const IMPORT_STATUSES = ['running', 'failed', 'done', 'interrupted'] as const;

export const RegistryImport = Type.Object({
  id: Type.String(),
  kind: ImportKind,
  committeeCode: Type.String(),
  fileName: Type.String(),
  format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]),
  status: StringEnum(IMPORT_STATUSES),
  totalBytes: Type.Integer(),
  readBytes: Type.Integer(),
  rowsRead: Type.Integer(),
  rowsBad: Type.Integer(),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  message: Type.Union([Type.String(), Type.Null()]),
  startedAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  /** the first bad rows; the whole list is the report (CSV) */
  problems: Type.Array(
    Type.Object({ row: Type.Integer(), field: Type.String(), reason: Type.String() }),
  ),
});
export type RegistryImport = Static<typeof RegistryImport>;
export const RegistryImportList = Type.Object({ items: Type.Array(RegistryImport) });
export type RegistryImportList = Static<typeof RegistryImportList>;

export const ImportQuery = Type.Object(
  { kind: ImportKind, committee: AreaCodeParam },
  { additionalProperties: false },
);
export type ImportQuery = Static<typeof ImportQuery>;

export const ExportQuery = Type.Object(
  {
    kind: ImportKind,
    area: AreaCodeParam,
    format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')])),
    /** personal fields in clear: committee staff only, with a reason (audited) */
    reveal: Type.Optional(Type.Boolean()),
    reason: Type.Optional(Type.String({ minLength: 4, maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type ExportQuery = Static<typeof ExportQuery>;
