import { Type, type Static, type TLiteral } from '@sinclair/typebox';
import type { Label } from './cases.js';
import { ATTACHMENT_KINDS, AttachmentRef } from './attachments.js';
import { StringEnum } from './errors.js';
import type { Role } from './identity.js';

/**
 * Online affairs (办事): the committee's services (a catalogue shipped as data,
 * data/affairs/services.json), the requests residents file and their states.
 */

/** The kinds of a service's form field. */
export const AFFAIR_FIELD_TYPES = ['text', 'textarea', 'date', 'select', 'number'] as const;
export type AffairFieldType = (typeof AFFAIR_FIELD_TYPES)[number];

/** Literal unions, not StringEnum: the catalogue is checked with Value.Check at start-up. */
const Literals = <T extends readonly string[]>(values: T) =>
  Type.Union(values.map((v) => Type.Literal(v)) as unknown as [TLiteral<T[number]>]);

const Code = Type.String({ pattern: '^[a-z][a-z0-9-]{1,47}$' });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });

export const AffairFieldOption = Type.Object(
  { value: Type.String({ pattern: '^[a-z0-9_]{1,40}$' }), name: Text(60), nameEn: Text(100) },
  { additionalProperties: false },
);

/** One field of a service's form. `maxLength` applies to text kinds, `min`/`max` to numbers. */
export const AffairField = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z][a-zA-Z0-9]{0,39}$' }),
    type: Literals(AFFAIR_FIELD_TYPES),
    name: Text(40),
    nameEn: Text(80),
    help: Type.Optional(Text(200)),
    helpEn: Type.Optional(Text(300)),
    required: Type.Boolean(),
    maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
    options: Type.Optional(Type.Array(AffairFieldOption, { minItems: 1, maxItems: 40 })),
  },
  { additionalProperties: false },
);
export type AffairField = Static<typeof AffairField>;

/** A document the resident must (or may) attach. */
export const AffairAttachmentSpec = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z][a-zA-Z0-9]{0,39}$' }),
    name: Text(40),
    nameEn: Text(80),
    required: Type.Boolean(),
    types: Type.Array(Literals(ATTACHMENT_KINDS), { minItems: 1 }),
    maxFiles: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
  },
  { additionalProperties: false },
);
export type AffairAttachmentSpec = Static<typeof AffairAttachmentSpec>;

/**
 * What completing a service gives: a certificate (its title and lines, templates over
 * `{{holder}}`, `{{home}}` (the verified room), `{{compound}}`, `{{committee}}`, `{{today}}`, `{{answers.<code>}}`), or a case
 * filed at once (the scenario, or a select field whose options name scenarios), or a reply.
 */
export const AffairOutcome = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('certificate'),
      certificateKind: Code,
      title: Text(40),
      titleEn: Text(80),
      lines: Type.Array(Type.Object({ label: Text(20), value: Text(300) }), {
        minItems: 1,
        maxItems: 20,
      }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('case'),
      /** the scenario of every request, unless `scenarioField` picks it */
      scenario: Type.Optional(Code),
      /** a select field whose chosen option names the scenario, through `scenarios` */
      scenarioField: Type.Optional(Type.String()),
      scenarios: Type.Optional(Type.Record(Type.String(), Code)),
      /** the field whose answer is the case's description */
      descriptionField: Type.String(),
      /** the field whose answer is the case's address (where in the compound) */
      addressField: Type.Optional(Type.String()),
    },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('reply') }, { additionalProperties: false }),
]);
export type AffairOutcome = Static<typeof AffairOutcome>;

export const AffairTimeLimit = Type.Object(
  {
    days: Type.Integer({ minimum: 1, maximum: 90 }),
    /** working days (Monday to Friday, Shanghai) or calendar days */
    working: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const AffairService = Type.Object(
  {
    code: Code,
    name: Text(30),
    nameEn: Text(80),
    description: Text(500),
    descriptionEn: Text(800),
    fields: Type.Array(AffairField, { maxItems: 30 }),
    attachments: Type.Array(AffairAttachmentSpec, { maxItems: 10 }),
    timeLimit: AffairTimeLimit,
    outcome: AffairOutcome,
  },
  { additionalProperties: false },
);
export type AffairService = Static<typeof AffairService>;

/** The shape of data/affairs/services.json (checked at start-up). */
export const AffairCatalogueFile = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    source: Type.String(),
    services: Type.Array(AffairService, { minItems: 1, maxItems: 100 }),
  },
  { additionalProperties: false },
);
export type AffairCatalogueFile = Static<typeof AffairCatalogueFile>;

export const AffairServiceList = Type.Object({ services: Type.Array(AffairService) });
export type AffairServiceList = Static<typeof AffairServiceList>;

export const AFFAIR_STATES = [
  'submitted',
  'accepted',
  'needs_more',
  'completed',
  'refused',
  'forwarded',
] as const;
export const AffairState = StringEnum(AFFAIR_STATES);
export type AffairState = Static<typeof AffairState>;
/** States a request leaves no more (a forwarded one lives on as its case). */
export const AFFAIR_FINAL_STATES: readonly AffairState[] = ['completed', 'refused', 'forwarded'];

export const AFFAIR_STATE_LABELS: Readonly<Record<AffairState, Label>> = {
  submitted: { zh: '待受理', en: 'Submitted' },
  accepted: { zh: '办理中', en: 'Accepted' },
  needs_more: { zh: '待补正', en: 'More needed' },
  completed: { zh: '已办结', en: 'Completed' },
  refused: { zh: '不予办理', en: 'Refused' },
  forwarded: { zh: '已转工单', en: 'Filed as a case' },
};

export const AFFAIR_ACTIONS = [
  'file',
  'accept',
  'ask',
  'supplement',
  'refuse',
  'complete',
  'forward',
  'warn',
  'escalate',
  'certificate_revoked',
] as const;
export type AffairAction = (typeof AFFAIR_ACTIONS)[number];
export const AFFAIR_ACTION_LABELS: Readonly<Record<AffairAction, Label>> = {
  file: { zh: '提交申请', en: 'Filed' },
  accept: { zh: '受理', en: 'Accepted' },
  ask: { zh: '要求补正', en: 'Asked for more' },
  supplement: { zh: '补正材料', en: 'Supplemented' },
  refuse: { zh: '不予办理', en: 'Refused' },
  complete: { zh: '办结', en: 'Completed' },
  forward: { zh: '转为工单', en: 'Filed as a case' },
  warn: { zh: '临期提醒', en: 'Deadline warning' },
  escalate: { zh: '超期上报街道', en: 'Escalated to the street' },
  certificate_revoked: { zh: '证明已撤销', en: 'Certificate revoked' },
};

/** Who handles requests (accept, ask, refuse, complete): staff of the request's committee. */
export const AFFAIRS_HANDLER_ROLES: readonly Role[] = ['committee_staff'];
/**
 * Who reads requests person by person (names, answers, files): the handlers and the street's
 * operators (overdue requests escalate to them). District, city and administrator roles get
 * no person-level reads (ENGINEERING.md §6: aggregates, not people).
 */
export const AFFAIRS_VIEWER_ROLES: readonly Role[] = ['street_operator', 'committee_staff'];

const Uuid = Type.String({ format: 'uuid' });
/** Answers by field code: text kinds and dates as strings, numbers as numbers. */
const Answers = Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), { maxProperties: 40 });
/** Attachment ids by the service's attachment code. */
const Attachments = Type.Record(
  Type.String({ maxLength: 64 }),
  Type.Array(Uuid, { maxItems: 10 }),
  { maxProperties: 10 },
);

export const FileAffairBody = Type.Object(
  {
    service: Type.String({ minLength: 1, maxLength: 64 }),
    answers: Answers,
    attachments: Type.Optional(Attachments),
  },
  { additionalProperties: false },
);
export type FileAffairBody = Static<typeof FileAffairBody>;

export const AskAffairBody = Type.Object(
  { message: Type.String({ minLength: 1, maxLength: 1000 }) },
  { additionalProperties: false },
);
export const RefuseAffairBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 1000 }) },
  { additionalProperties: false },
);
export const CompleteAffairBody = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
);
export const SupplementAffairBody = Type.Object(
  {
    message: Type.String({ minLength: 1, maxLength: 1000 }),
    answers: Type.Optional(Answers),
    attachments: Type.Optional(Attachments),
  },
  { additionalProperties: false },
);
export type SupplementAffairBody = Static<typeof SupplementAffairBody>;

/** An attachment of a request, under the service's attachment code (`slot`). */
export const AffairAttachment = Type.Intersect([
  AttachmentRef,
  Type.Object({ slot: Type.String() }),
]);

export const AffairEvent = Type.Object({
  at: Type.String({ format: 'date-time' }),
  action: StringEnum(AFFAIR_ACTIONS),
  actorName: Type.String(),
  fromState: Type.Union([AffairState, Type.Null()]),
  toState: Type.Union([AffairState, Type.Null()]),
  message: Type.Union([Type.String(), Type.Null()]),
});
export type AffairEvent = Static<typeof AffairEvent>;

export const AffairSummary = Type.Object({
  id: Uuid,
  number: Type.String(),
  service: Type.String(),
  serviceName: Type.String(),
  serviceNameEn: Type.String(),
  state: AffairState,
  applicantName: Type.String(),
  committeeCode: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  dueAt: Type.String({ format: 'date-time' }),
  isOverdue: Type.Boolean(),
  isEscalated: Type.Boolean(),
  caseId: Type.Union([Uuid, Type.Null()]),
  caseNumber: Type.Union([Type.String(), Type.Null()]),
  certificateId: Type.Union([Uuid, Type.Null()]),
});
export type AffairSummary = Static<typeof AffairSummary>;

export const AffairDetail = Type.Intersect([
  AffairSummary,
  Type.Object({
    answers: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
    attachments: Type.Array(AffairAttachment),
    events: Type.Array(AffairEvent),
    /** what staff asked last, while the request waits for the resident */
    pendingQuestion: Type.Union([Type.String(), Type.Null()]),
    certificateCode: Type.Union([Type.String(), Type.Null()]),
    /** when the certificate was revoked (it is then no longer valid), or null */
    certificateRevokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    /** the actions the reader may take now */
    actions: Type.Array(StringEnum(['accept', 'ask', 'refuse', 'complete', 'supplement'])),
  }),
]);
export type AffairDetail = Static<typeof AffairDetail>;

export const AffairListQuery = Type.Object(
  {
    state: Type.Optional(AffairState),
    /** only the reader's own requests (residents always get only theirs) */
    mine: Type.Optional(Type.Boolean()),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);
export type AffairListQuery = Static<typeof AffairListQuery>;

export const AffairList = Type.Object({
  total: Type.Integer(),
  items: Type.Array(AffairSummary),
});
export type AffairList = Static<typeof AffairList>;
