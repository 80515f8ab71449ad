import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from './errors.js';
import type { Role } from './identity.js';

// ---- taxonomy (data/taxonomy/scenarios.json) ----

export const FIELD_TYPES = [
  'string',
  'number',
  'datetime',
  'text',
  'singlevaluelist',
  'multivaluelist',
] as const;

export const ScenarioField = Type.Object({
  code: Type.String(),
  type: StringEnum(FIELD_TYPES),
  name: Type.String(),
  nameEn: Type.String(),
  required: Type.Boolean(),
  maxLength: Type.Optional(Type.Integer()),
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
  values: Type.Optional(
    Type.Array(Type.Object({ key: Type.String(), name: Type.String(), nameEn: Type.String() })),
  ),
});
export type ScenarioField = Static<typeof ScenarioField>;

export const URGENCIES = ['urgent', 'high', 'normal', 'low'] as const;

export const Scenario = Type.Object({
  code: Type.String(),
  domain: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  description: Type.String(),
  keywords: Type.Array(Type.String()),
  urgency: StringEnum(URGENCIES),
  acceptMinutes: Type.Integer(),
  resolveMinutes: Type.Integer(),
  duplicateRadiusMeters: Type.Integer(),
  duplicateWindowMinutes: Type.Integer(),
  fields: Type.Array(ScenarioField),
});
export type Scenario = Static<typeof Scenario>;

export const Domain = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
});
export type Domain = Static<typeof Domain>;

export const Taxonomy = Type.Object({
  version: Type.Integer(),
  source: Type.String(),
  domains: Type.Array(Domain),
  scenarios: Type.Array(Scenario),
});
export type Taxonomy = Static<typeof Taxonomy>;

// ---- the closed loop ----

export const CASE_STATUSES = [
  'reported',
  'dispatched',
  'accepted',
  'in_progress',
  'resolved',
  'closed',
  'returned',
  'escalated',
  'reopened',
  'merged',
  'rejected',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const TERMINAL_STATUSES: readonly CaseStatus[] = ['closed', 'merged', 'rejected'];
/** Statuses in which someone still owes work: the resolve deadline runs. */
export const OPEN_STATUSES: readonly CaseStatus[] = [
  'reported',
  'dispatched',
  'accepted',
  'in_progress',
  'returned',
  'escalated',
  'reopened',
];
/** Statuses in which somebody must still pick the case up: the accept deadline runs. */
export const AWAITING_PICKUP_STATUSES: readonly CaseStatus[] = [
  'reported',
  'dispatched',
  'reopened',
  'escalated',
];

export const CASE_SOURCES = [
  'inspector',
  'resident',
  'hotline',
  'open311',
  'staff',
  'sensor',
] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

/** A label in both languages of the platform: zh-CN first, English second. */
export interface Label {
  zh: string;
  en: string;
}

/**
 * What each status is called, everywhere: the web app, the CSV export, Open311's
 * status_notes and the webhooks. `resolved` is the handler's 办结 (awaiting verification);
 * `closed` is 结案 after verification.
 */
export const CASE_STATUS_LABELS: Readonly<Record<CaseStatus, Label>> = {
  reported: { zh: '已上报', en: 'Reported' },
  dispatched: { zh: '已派单', en: 'Dispatched' },
  accepted: { zh: '已接单', en: 'Accepted' },
  in_progress: { zh: '处置中', en: 'In progress' },
  resolved: { zh: '已办结', en: 'Resolved' },
  closed: { zh: '已结案', en: 'Closed' },
  returned: { zh: '已退回', en: 'Returned' },
  escalated: { zh: '已升级', en: 'Escalated' },
  reopened: { zh: '重新打开', en: 'Reopened' },
  merged: { zh: '已合并', en: 'Merged' },
  rejected: { zh: '已驳回', en: 'Rejected' },
};

/** Why an operator rejects a case: the category published (Open311); the note stays internal. */
export const CASE_REJECT_REASONS = [
  'duplicate',
  'out_of_scope',
  'not_actionable',
  'other',
] as const;
export type CaseRejectReason = (typeof CASE_REJECT_REASONS)[number];
export const CASE_REJECT_REASON_LABELS: Readonly<Record<CaseRejectReason, Label>> = {
  duplicate: { zh: '重复上报', en: 'Duplicate' },
  out_of_scope: { zh: '不属受理范围', en: 'Out of scope' },
  not_actionable: { zh: '无法处置', en: 'Not actionable' },
  other: { zh: '其他原因', en: 'Other' },
};

/** Where a case came from, named the same way everywhere. */
export const CASE_SOURCE_LABELS: Readonly<Record<CaseSource, Label>> = {
  inspector: { zh: '巡查上报', en: 'Inspector' },
  resident: { zh: '居民上报', en: 'Resident' },
  hotline: { zh: '12345 热线', en: '12345 hotline' },
  open311: { zh: 'Open311', en: 'Open311' },
  staff: { zh: '工作人员', en: 'Staff' },
  sensor: { zh: '感知设备', en: 'Sensor' },
};

/** One language's side of a table of labels, for a locale file or a CSV. */
export function labelsIn<K extends string>(
  labels: Readonly<Record<K, Label>>,
  lang: keyof Label,
): Record<K, string> {
  return Object.fromEntries(Object.entries<Label>(labels).map(([k, l]) => [k, l[lang]])) as Record<
    K,
    string
  >;
}

// ---- who may do what with cases (the server's policies and the web's menus read these) ----

/** The operation centres: dispatch, reassign, merge, reject, dispatch rules and fixed points. */
export const CASE_OPERATOR_ROLES: readonly Role[] = [
  'administrator',
  'city_operator',
  'district_operator',
  'street_operator',
];
/** Roles that see every case in their area (and below). */
export const CASE_VIEWER_ROLES: readonly Role[] = [
  ...CASE_OPERATOR_ROLES,
  'committee_staff',
  'grid_leader',
  'patrol_inspector',
  'hotline_operator',
];
/** Who may verify (close) or reopen a resolved case besides its reporter. */
export const CASE_VERIFIER_ROLES: readonly Role[] = [...CASE_OPERATOR_ROLES, 'patrol_inspector'];
/** Who may see a hotline caller's contact in clear, giving a reason (audited). */
export const CASE_CONTACT_REVEALER_ROLES: readonly Role[] = [
  ...CASE_OPERATOR_ROLES,
  'hotline_operator',
];
/** Staff whose reports count as the staff source (an inspector's as the inspector source). */
export const CASE_STAFF_REPORTER_ROLES: readonly Role[] = [
  ...CASE_OPERATOR_ROLES,
  'committee_staff',
  'grid_leader',
];
/** Report (上报): inspectors, residents, the 12345 desk and staff. Handlers fix, not report. */
export const CASE_REPORTER_ROLES: readonly Role[] = [
  'patrol_inspector',
  'resident',
  'hotline_operator',
  ...CASE_STAFF_REPORTER_ROLES,
];
/** My tasks (我的任务): whoever may be assigned a case, and reporters following theirs. */
export const CASE_TASK_ROLES: readonly Role[] = [
  'handler',
  'patrol_inspector',
  'grid_leader',
  'committee_staff',
  'resident',
];
/** Cases (工单中心): the viewers who work at a desk (inspectors follow theirs in 我的任务). */
export const CASE_CENTRE_ROLES: readonly Role[] = CASE_VIEWER_ROLES.filter(
  (r) => r !== 'patrol_inspector',
);

export const CASE_ACTIONS = [
  'dispatch',
  'accept',
  'progress',
  'resolve',
  'return',
  'close',
  'reopen',
  'reject',
  'merge',
  'rate',
  'supplement',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

const PhotoIds = Type.Array(Type.String({ format: 'uuid' }), { maxItems: 9, uniqueItems: true });
const Note = Type.String({ minLength: 1, maxLength: 2000 });

/** A case's answers to its scenario's own form fields. */
export const CaseAttributes = Type.Record(
  Type.String({ pattern: '^[a-z][a-z0-9_]{0,40}$' }),
  Type.Union([
    Type.String({ maxLength: 2000 }),
    Type.Number(),
    Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20 }),
  ]),
  { maxProperties: 30 },
);
export type CaseAttributes = Static<typeof CaseAttributes>;

export const CreateCaseBody = Type.Object(
  {
    scenarioCode: Type.String({ pattern: '^[a-z0-9-]{2,60}$' }),
    description: Type.String({ minLength: 1, maxLength: 2000 }),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    /** When there is no point: an area picked by hand. */
    areaCode: Type.Optional(Type.String({ pattern: '^\\d{2,12}(-[A-Za-z0-9-]{1,40})?$' })),
    address: Type.Optional(Type.String({ maxLength: 200 })),
    attributes: Type.Optional(CaseAttributes),
    photoIds: Type.Optional(PhotoIds),
    /** 12345 hotline: the caller, stored encrypted and shown masked. */
    contact: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
          phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9-]{5,20}$' })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type CreateCaseBody = Static<typeof CreateCaseBody>;

export const CaseActionBody = Type.Object(
  {
    action: StringEnum(CASE_ACTIONS),
    note: Type.Optional(Note),
    photoIds: Type.Optional(PhotoIds),
    /** dispatch: the responsible person (an account) and/or unit. */
    assigneeId: Type.Optional(Type.String({ format: 'uuid' })),
    unitName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    /** merge: the case this one duplicates. */
    targetCaseId: Type.Optional(Type.String({ format: 'uuid' })),
    /** reject: the category of reason, published (default other); the note is not. */
    rejectReason: Type.Optional(StringEnum(CASE_REJECT_REASONS)),
    /** rate: 1–5. */
    rating: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
    /** the version the actor saw; a stale one is a 409 */
    expectedVersion: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type CaseActionBody = Static<typeof CaseActionBody>;

export const CaseEvent = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorName: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  fromStatus: Type.Union([Type.String(), Type.Null()]),
  toStatus: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  photoIds: Type.Array(Type.String()),
  /** seconds since the previous step */
  sincePreviousSeconds: Type.Union([Type.Integer(), Type.Null()]),
  detail: Type.Unknown(),
});
export type CaseEvent = Static<typeof CaseEvent>;

export const CaseSummary = Type.Object({
  id: Type.String(),
  number: Type.String(),
  scenarioCode: Type.String(),
  scenarioName: Type.String(),
  status: StringEnum(CASE_STATUSES),
  source: StringEnum(CASE_SOURCES),
  description: Type.String(),
  lat: Type.Union([Type.Number(), Type.Null()]),
  lng: Type.Union([Type.Number(), Type.Null()]),
  areaCode: Type.String(),
  areaName: Type.String(),
  address: Type.Union([Type.String(), Type.Null()]),
  assigneeName: Type.Union([Type.String(), Type.Null()]),
  unitName: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  acceptDueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  resolveDueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  overdue: Type.Boolean(),
  escalationLevel: Type.Integer(),
  version: Type.Integer(),
});
export type CaseSummary = Static<typeof CaseSummary>;

export const CaseDetail = Type.Composite([
  CaseSummary,
  Type.Object({
    attributes: Type.Unknown(),
    photoIds: Type.Array(Type.String()),
    reporterName: Type.Union([Type.String(), Type.Null()]),
    /** the hotline caller, masked: 张*, 138****5678 */
    contact: Type.Union([
      Type.Object({
        name: Type.Union([Type.String(), Type.Null()]),
        phone: Type.Union([Type.String(), Type.Null()]),
      }),
      Type.Null(),
    ]),
    chain: Type.Array(
      Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() }),
    ),
    mergedInto: Type.Union([Type.String(), Type.Null()]),
    rating: Type.Union([Type.Integer(), Type.Null()]),
    smsStatus: Type.Union([Type.String(), Type.Null()]),
    timeline: Type.Array(CaseEvent),
    allowedActions: Type.Array(StringEnum(CASE_ACTIONS)),
  }),
]);
export type CaseDetail = Static<typeof CaseDetail>;

export const CaseListQuery = Type.Object(
  {
    status: Type.Optional(StringEnum(CASE_STATUSES)),
    scenarioCode: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{2,60}$' })),
    areaCode: Type.Optional(Type.String({ pattern: '^\\d{2,12}(-[A-Za-z0-9-]{1,40})?$' })),
    source: Type.Optional(StringEnum(CASE_SOURCES)),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    overdue: Type.Optional(Type.Boolean()),
    mine: Type.Optional(
      Type.Boolean({ description: 'only cases assigned to me or reported by me' }),
    ),
    q: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 60,
        description:
          'a case number (14 digits, or a letter and 9 digits: exactly that case), else a keyword in the description, the address or the scenario (among the newest 20,000 cases that match the other filters)',
      }),
    ),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  },
  { additionalProperties: false },
);
export type CaseListQuery = Static<typeof CaseListQuery>;

export const CaseList = Type.Object({ items: Type.Array(CaseSummary), total: Type.Integer() });
export type CaseList = Static<typeof CaseList>;

export const NearbyQuery = Type.Object(
  {
    scenarioCode: Type.String({ pattern: '^[a-z0-9-]{2,60}$' }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
  },
  { additionalProperties: false },
);
export type NearbyQuery = Static<typeof NearbyQuery>;

export const RevealBody = Type.Object(
  { reason: Type.String({ minLength: 4, maxLength: 200 }) },
  { additionalProperties: false },
);

// ---- dispatch rules and fixed points (点位) ----

export const POINT_KINDS = [
  'shop',
  'school_gate',
  'construction_site',
  'market',
  'transit',
  // 积水点: a place that floods in heavy rain, watched by the typhoon and flood board
  'flood_point',
  'other',
] as const;

export const DispatchRuleBody = Type.Object(
  {
    scenarioCode: Type.Union([Type.String({ pattern: '^[a-z0-9-]{2,60}$' }), Type.Null()], {
      description: 'null: every scenario',
    }),
    areaCode: Type.String({ pattern: '^\\d{2,12}(-[A-Za-z0-9-]{1,40})?$' }),
    unitName: Type.String({ minLength: 1, maxLength: 100 }),
    assigneeId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  },
  { additionalProperties: false },
);
export type DispatchRuleBody = Static<typeof DispatchRuleBody>;

export const DispatchRule = Type.Object({
  id: Type.String(),
  scenarioCode: Type.Union([Type.String(), Type.Null()]),
  areaCode: Type.String(),
  areaName: Type.String(),
  unitName: Type.String(),
  assigneeId: Type.Union([Type.String(), Type.Null()]),
  assigneeName: Type.Union([Type.String(), Type.Null()]),
});
export type DispatchRule = Static<typeof DispatchRule>;

export const PointBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    kind: StringEnum(POINT_KINDS),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    radiusMeters: Type.Integer({ minimum: 5, maximum: 1000 }),
    scenarioCodes: Type.Union([
      Type.Array(Type.String({ pattern: '^[a-z0-9-]{2,60}$' }), { maxItems: 100 }),
      Type.Null(),
    ]),
    leaderId: Type.String({ format: 'uuid', description: 'the point leader 点位长' }),
    unitName: Type.String({ minLength: 1, maxLength: 100 }),
  },
  { additionalProperties: false },
);
export type PointBody = Static<typeof PointBody>;

export const Point = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  lat: Type.Number(),
  lng: Type.Number(),
  radiusMeters: Type.Integer(),
  scenarioCodes: Type.Union([Type.Array(Type.String()), Type.Null()]),
  leaderId: Type.String(),
  leaderName: Type.String(),
  unitName: Type.String(),
  areaCode: Type.String(),
  areaName: Type.String(),
});
export type Point = Static<typeof Point>;

// ---- notifications ----

export const Notice = Type.Object({
  id: Type.String(),
  channel: Type.String(),
  caseId: Type.Union([Type.String(), Type.Null()]),
  body: Type.String(),
  status: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type Notice = Static<typeof Notice>;

export const SmsMessage = Type.Object({
  id: Type.String(),
  caseId: Type.Union([Type.String(), Type.Null()]),
  to: Type.String({ description: 'masked' }),
  recipientName: Type.Union([Type.String(), Type.Null()]),
  body: Type.String(),
  status: Type.String(),
  provider: Type.Union([Type.String(), Type.Null()]),
  attempts: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  sentAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
});
export type SmsMessage = Static<typeof SmsMessage>;

export const NearbyCase = Type.Object({
  id: Type.String(),
  number: Type.String(),
  status: StringEnum(CASE_STATUSES),
  scenarioName: Type.String(),
  distanceMeters: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  /** only when the asker may open the case */
  description: Type.Union([Type.String(), Type.Null()]),
});
export type NearbyCase = Static<typeof NearbyCase>;

export const CaseContact = Type.Object({
  name: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
});
