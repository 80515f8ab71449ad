import { Type, type Static } from '@sinclair/typebox';
import { AttachmentRef } from './attachments.js';
import { StringEnum } from './errors.js';
import type { Role } from './identity.js';

/**
 * Residents' proposals (众议院): a verified resident proposes, neighbours of the same committee
 * support and follow; at the committee's threshold the committee owes a public answer by a
 * deadline (a warning before, escalation to the street after).
 */

export const PROPOSAL_TITLE_MIN = 2;
export const PROPOSAL_TITLE_MAX = 80;
export const PROPOSAL_BODY_MAX = 5000;
export const PROPOSAL_TEXT_MAX = 2000;
export const PROPOSAL_MAX_PHOTOS = 9;

/**
 * Staff who read a committee's proposals (names masked) and answer them: the committee's staff
 * and the street's operators above it. District and city operators do not read residents'
 * proposals (a district operator reads one only once it is escalated to the district).
 */
export const PROPOSAL_VIEWER_ROLES: readonly Role[] = ['committee_staff', 'street_operator'];
export const PROPOSAL_ANSWER_ROLES: readonly Role[] = ['committee_staff', 'street_operator'];

export const PROPOSAL_CATEGORIES = [
  'sanitation',
  'repairs',
  'traffic',
  'safety',
  'neighbours',
  'greenery',
  'activities',
  'other',
] as const;
export const ProposalCategory = StringEnum(PROPOSAL_CATEGORIES);
export type ProposalCategory = Static<typeof ProposalCategory>;
export const PROPOSAL_CATEGORY_LABELS: Record<ProposalCategory, { zh: string; en: string }> = {
  sanitation: { zh: '环境卫生', en: 'Sanitation' },
  repairs: { zh: '设施维修', en: 'Repairs' },
  traffic: { zh: '停车交通', en: 'Parking & traffic' },
  safety: { zh: '安全', en: 'Safety' },
  neighbours: { zh: '邻里', en: 'Neighbours' },
  greenery: { zh: '绿化', en: 'Greenery' },
  activities: { zh: '文体活动', en: 'Activities' },
  other: { zh: '其他', en: 'Other' },
};

/**
 * open → awaiting_answer (threshold reached) → accepted (→ done by progress updates) | meeting
 * | case | declined; open → withdrawn (the author); meeting → accepted (adopted) | declined
 * (rejected) | awaiting_answer (deferred, or the meeting cancelled: a new deadline).
 */
export const PROPOSAL_STATES = [
  'open',
  'awaiting_answer',
  'accepted',
  'meeting',
  'case',
  'declined',
  'done',
  'withdrawn',
] as const;
export const ProposalState = StringEnum(PROPOSAL_STATES);
export type ProposalState = Static<typeof ProposalState>;
export const PROPOSAL_STATE_LABELS: Record<ProposalState, { zh: string; en: string }> = {
  open: { zh: '征集支持中', en: 'Gathering support' },
  awaiting_answer: { zh: '待居委答复', en: 'Awaiting the answer' },
  accepted: { zh: '已采纳', en: 'Accepted' },
  meeting: { zh: '提交议事会', en: 'Put to a meeting' },
  case: { zh: '转为工单', en: 'Referred to a case' },
  declined: { zh: '未采纳', en: 'Declined' },
  done: { zh: '已完成', en: 'Done' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
};

/** Every transition a proposal may make: the server guards each state change with it. */
export const PROPOSAL_TRANSITIONS: Readonly<Record<ProposalState, readonly ProposalState[]>> = {
  open: ['awaiting_answer', 'withdrawn'],
  awaiting_answer: ['accepted', 'meeting', 'case', 'declined'],
  accepted: ['done'],
  meeting: ['accepted', 'declined', 'awaiting_answer'],
  case: [],
  declined: [],
  done: [],
  withdrawn: [],
};

export const PROPOSAL_ANSWER_KINDS = ['accepted', 'meeting', 'case', 'declined'] as const;
export const ProposalAnswerKind = StringEnum(PROPOSAL_ANSWER_KINDS);
export type ProposalAnswerKind = Static<typeof ProposalAnswerKind>;

export const PROPOSAL_EVENT_ACTIONS = [
  'submit',
  'edit',
  'withdraw',
  'threshold',
  'warn',
  'escalate',
  'answer',
  'update',
  'meeting_decided',
] as const;
export type ProposalEventAction = (typeof PROPOSAL_EVENT_ACTIONS)[number];

const Uuid = Type.String({ format: 'uuid' });
const DateOnly = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });

export const ProposalPlace = Type.Object(
  {
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
  },
  { additionalProperties: false },
);
export type ProposalPlace = Static<typeof ProposalPlace>;

const titleField = Type.String({
  maxLength: PROPOSAL_TITLE_MAX,
  description: `${PROPOSAL_TITLE_MIN}–${PROPOSAL_TITLE_MAX} characters, plain text`,
});
const bodyField = Type.String({
  maxLength: PROPOSAL_BODY_MAX,
  description: 'plain text (Markdown is shown as typed, never rendered as HTML)',
});

export const SubmitProposalBody = Type.Object(
  {
    title: titleField,
    body: bodyField,
    category: ProposalCategory,
    attachmentIds: Type.Optional(Type.Array(Uuid, { maxItems: PROPOSAL_MAX_PHOTOS })),
    place: Type.Optional(Type.Union([ProposalPlace, Type.Null()])),
  },
  { additionalProperties: false },
);
export type SubmitProposalBody = Static<typeof SubmitProposalBody>;

/** Editing: only what is given changes (the author, while nobody else supports it). */
export const EditProposalBody = Type.Object(
  {
    title: Type.Optional(titleField),
    body: Type.Optional(bodyField),
    category: Type.Optional(ProposalCategory),
    attachmentIds: Type.Optional(Type.Array(Uuid, { maxItems: PROPOSAL_MAX_PHOTOS })),
    place: Type.Optional(Type.Union([ProposalPlace, Type.Null()])),
  },
  { additionalProperties: false },
);
export type EditProposalBody = Static<typeof EditProposalBody>;

export const AnswerProposalBody = Type.Object(
  {
    kind: ProposalAnswerKind,
    text: Type.String({
      maxLength: PROPOSAL_TEXT_MAX,
      description: 'the answer; the reasons when declined',
    }),
    meetingId: Type.Optional(Uuid),
    caseScenario: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    doneBy: Type.Optional(DateOnly),
  },
  { additionalProperties: false },
);
export type AnswerProposalBody = Static<typeof AnswerProposalBody>;

export const ProposalUpdateBody = Type.Object(
  {
    text: Type.String({ maxLength: PROPOSAL_TEXT_MAX }),
    progress: Type.Integer({ minimum: 0, maximum: 100 }),
    done: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ProposalUpdateBody = Static<typeof ProposalUpdateBody>;

export const ProposalListQuery = Type.Object(
  {
    committee: Type.Optional(Type.String({ minLength: 2, maxLength: 64 })),
    state: Type.Optional(ProposalState),
    mine: Type.Optional(Type.Boolean({ description: 'only the proposals I wrote' })),
    cursor: Type.Optional(Type.String({ maxLength: 1000 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
  },
  { additionalProperties: false },
);
export type ProposalListQuery = Static<typeof ProposalListQuery>;

export const ProposalSummary = Type.Object({
  id: Uuid,
  title: Type.String(),
  excerpt: Type.String(),
  category: ProposalCategory,
  state: ProposalState,
  committeeCode: Type.String(),
  committeeName: Type.String(),
  authorName: Type.String({ description: 'masked: 张*' }),
  isMine: Type.Boolean(),
  supportCount: Type.Integer(),
  threshold: Type.Integer(),
  followerCount: Type.Integer(),
  commentCount: Type.Integer(),
  mySupport: Type.Boolean(),
  hasPlace: Type.Boolean(),
  photoCount: Type.Integer(),
  progress: Type.Union([Type.Integer(), Type.Null()]),
  isOverdue: Type.Boolean(),
  isEscalated: Type.Boolean(),
  isHidden: Type.Boolean({ description: 'hidden by moderation (moderators only see it)' }),
  createdAt: Type.String({ format: 'date-time' }),
  lastActivityAt: Type.String({ format: 'date-time' }),
  dueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type ProposalSummary = Static<typeof ProposalSummary>;

export const ProposalList = Type.Object({
  items: Type.Array(ProposalSummary),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type ProposalList = Static<typeof ProposalList>;

export const ProposalEvent = Type.Object({
  at: Type.String({ format: 'date-time' }),
  action: StringEnum(PROPOSAL_EVENT_ACTIONS),
  actorName: Type.String(),
  fromState: Type.Union([ProposalState, Type.Null()]),
  toState: Type.Union([ProposalState, Type.Null()]),
  message: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});
export type ProposalEvent = Static<typeof ProposalEvent>;

export const ProposalAnswer = Type.Object({
  kind: ProposalAnswerKind,
  text: Type.String(),
  at: Type.String({ format: 'date-time' }),
  byName: Type.String({ description: 'the committee (or street) that answered' }),
  doneBy: Type.Union([DateOnly, Type.Null()]),
});
export type ProposalAnswer = Static<typeof ProposalAnswer>;

export const ProposalUpdate = Type.Object({
  id: Uuid,
  at: Type.String({ format: 'date-time' }),
  byName: Type.String(),
  text: Type.String(),
  progress: Type.Integer(),
  done: Type.Boolean(),
});
export type ProposalUpdate = Static<typeof ProposalUpdate>;

export const ProposalLinks = Type.Object({
  meetingId: Type.Union([Uuid, Type.Null()]),
  meetingItemId: Type.Union([Uuid, Type.Null()]),
  caseId: Type.Union([Uuid, Type.Null()]),
  caseNumber: Type.Union([Type.String(), Type.Null()]),
});
export type ProposalLinks = Static<typeof ProposalLinks>;

export const ProposalDetail = Type.Intersect([
  ProposalSummary,
  Type.Object({
    body: Type.String(),
    photos: Type.Array(AttachmentRef),
    place: Type.Union([ProposalPlace, Type.Null()]),
    answer: Type.Union([ProposalAnswer, Type.Null()]),
    updates: Type.Array(ProposalUpdate),
    timeline: Type.Array(ProposalEvent),
    links: ProposalLinks,
    myFollow: Type.Boolean(),
    canSupport: Type.Boolean(),
    cannotSupportReason: Type.Union([Type.String(), Type.Null()]),
    canTakeBack: Type.Boolean(),
    canEdit: Type.Boolean(),
    canWithdraw: Type.Boolean(),
    canAnswer: Type.Boolean(),
    canUpdate: Type.Boolean(),
    doneAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  }),
]);
export type ProposalDetail = Static<typeof ProposalDetail>;

/** The answer to a support, take-back, follow or unfollow (idempotent). */
export const ProposalSupportState = Type.Object({
  supportCount: Type.Integer(),
  threshold: Type.Integer(),
  state: ProposalState,
  mySupport: Type.Boolean(),
  myFollow: Type.Boolean(),
  followerCount: Type.Integer(),
});
export type ProposalSupportState = Static<typeof ProposalSupportState>;

/** A committee's threshold: the larger of `minSupports` and `householdPercent` % of its verified households. */
export const CommitteeProposalSettings = Type.Object(
  {
    minSupports: Type.Integer({ minimum: 1, maximum: 100_000 }),
    householdPercent: Type.Number({ minimum: 0, maximum: 100 }),
  },
  { additionalProperties: false },
);
export type CommitteeProposalSettings = Static<typeof CommitteeProposalSettings>;

export const CommitteeProposalSettingsView = Type.Object({
  committeeCode: Type.String(),
  minSupports: Type.Integer(),
  householdPercent: Type.Number(),
  isDefault: Type.Boolean(),
  verifiedHouseholds: Type.Integer(),
  threshold: Type.Integer({ description: 'what a proposal submitted now would need' }),
  bounds: Type.Object({
    minSupportsFloor: Type.Integer(),
    minSupportsCeiling: Type.Integer(),
    percentFloor: Type.Number(),
    percentCeiling: Type.Number(),
    answerDays: Type.Integer(),
  }),
  canEdit: Type.Boolean(),
});
export type CommitteeProposalSettingsView = Static<typeof CommitteeProposalSettingsView>;

/** The street's bounds on its committees' thresholds, and the days a committee has to answer. */
export const StreetProposalSettings = Type.Object(
  {
    minSupportsFloor: Type.Integer({ minimum: 1, maximum: 100_000 }),
    minSupportsCeiling: Type.Integer({ minimum: 1, maximum: 100_000 }),
    percentFloor: Type.Number({ minimum: 0, maximum: 100 }),
    percentCeiling: Type.Number({ minimum: 0, maximum: 100 }),
    answerDays: Type.Integer({ minimum: 1, maximum: 90 }),
  },
  { additionalProperties: false },
);
export type StreetProposalSettings = Static<typeof StreetProposalSettings>;

export const StreetProposalSettingsView = Type.Intersect([
  StreetProposalSettings,
  Type.Object({ streetCode: Type.String(), isDefault: Type.Boolean(), canEdit: Type.Boolean() }),
]);
export type StreetProposalSettingsView = Static<typeof StreetProposalSettingsView>;

/** When nothing is set: the committee's defaults and the street's bounds. */
export const PROPOSAL_DEFAULTS = {
  minSupports: 10,
  householdPercent: 3,
  minSupportsFloor: 3,
  minSupportsCeiling: 200,
  percentFloor: 0,
  percentCeiling: 20,
  answerDays: 15,
} as const;
