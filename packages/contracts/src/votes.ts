import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { AttachmentRef } from './attachments.js';
import type { Label } from './cases.js';
import { StringEnum } from './errors.js';
import type { Role } from './identity.js';

/**
 * Owners' votes and consents (业主表决): committee staff open a vote over an electorate of rooms
 * (a staircase 单元, a building, a compound or a list) under a rule from `data/votes/rules.json`;
 * the electorate is frozen when the vote opens; owners vote on a phone (one ballot per owner —
 * one buyer of several units once, the developer once), staff enter paper ballots; the result
 * counts participation and consent by head count AND by registered area, exactly, and is
 * published with every ballot in a hash chain.
 */

/** Who opens and runs a committee's votes; the street's operators read them. */
export const VOTE_STAFF_ROLES: readonly Role[] = ['committee_staff'];
export const VOTE_VIEWER_ROLES: readonly Role[] = ['committee_staff', 'street_operator'];

export const VOTE_STATES = ['draft', 'open', 'closed', 'published', 'cancelled'] as const;
export const VoteState = StringEnum(VOTE_STATES);
export type VoteState = Static<typeof VoteState>;
export const VOTE_STATE_LABELS: Readonly<Record<VoteState, Label>> = {
  draft: { zh: '草稿', en: 'Draft' },
  open: { zh: '表决中', en: 'Open' },
  closed: { zh: '已截止', en: 'Closed' },
  published: { zh: '已公布', en: 'Published' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};
/** Every state change a vote may make; the server guards each with it. */
export const VOTE_TRANSITIONS: Readonly<Record<VoteState, readonly VoteState[]>> = {
  draft: ['open', 'cancelled'],
  open: ['closed', 'cancelled'],
  closed: ['published'],
  published: [],
  cancelled: [],
};

export const VOTE_CHOICES = ['agree', 'disagree', 'abstain'] as const;
export const VoteChoice = StringEnum(VOTE_CHOICES);
export type VoteChoice = Static<typeof VoteChoice>;
export const VOTE_CHOICE_LABELS: Readonly<Record<VoteChoice, Label>> = {
  agree: { zh: '同意', en: 'Agree' },
  disagree: { zh: '不同意', en: 'Disagree' },
  abstain: { zh: '弃权', en: 'Abstain' },
};

export const BALLOT_CHANNELS = ['online', 'paper'] as const;
export const BallotChannel = StringEnum(BALLOT_CHANNELS);
export type BallotChannel = Static<typeof BallotChannel>;
export const BALLOT_CHANNEL_LABELS: Readonly<Record<BallotChannel, Label>> = {
  online: { zh: '网上表决', en: 'Online' },
  paper: { zh: '书面表决', en: 'Paper' },
};

export const ELECTORATE_KINDS = ['unit', 'building', 'compound', 'list'] as const;
export const ElectorateKind = StringEnum(ELECTORATE_KINDS);
export type ElectorateKind = Static<typeof ElectorateKind>;
export const ELECTORATE_KIND_LABELS: Readonly<Record<ElectorateKind, Label>> = {
  unit: { zh: '单元（楼道）', en: 'Staircase' },
  building: { zh: '楼栋', en: 'Building' },
  compound: { zh: '小区', en: 'Compound' },
  list: { zh: '指定房屋', en: 'Listed rooms' },
};

/** The outcome of a visit by a campaign volunteer (楼道志愿者 "爬楼志愿者"). */
export const VISIT_OUTCOMES = [
  'will_vote',
  'voted_paper',
  'still_against',
  'not_home',
  'refused',
] as const;
export const VisitOutcome = StringEnum(VISIT_OUTCOMES);
export type VisitOutcome = Static<typeof VisitOutcome>;
export const VISIT_OUTCOME_LABELS: Readonly<Record<VisitOutcome, Label>> = {
  will_vote: { zh: '答应表决', en: 'Will vote' },
  voted_paper: { zh: '已交书面表决票', en: 'Handed in a paper ballot' },
  still_against: { zh: '仍不同意', en: 'Still against' },
  not_home: { zh: '不在家', en: 'Not at home' },
  refused: { zh: '拒绝沟通', en: 'Refused to talk' },
};

export const VOTE_TITLE_MAX = 80;
export const VOTE_BODY_MAX = 5000;
export const VOTE_LIST_ROOMS_MAX = 20_000;
export const VOTE_MAX_DOCUMENTS = 10;

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

// ---------------------------------------------------------------------------------------------
// Rules (data/votes/rules.json)

export const VOTE_MEASURES = ['area', 'count'] as const;
export const VoteMeasure = StringEnum(VOTE_MEASURES);
export type VoteMeasure = Static<typeof VoteMeasure>;
export const VOTE_MEASURE_LABELS: Readonly<Record<VoteMeasure, Label>> = {
  area: { zh: '面积', en: 'area' },
  count: { zh: '人数', en: 'head count' },
};

export const THRESHOLD_OPS = ['gte', 'gt'] as const;
export const ThresholdOp = StringEnum(THRESHOLD_OPS);
export type ThresholdOp = Static<typeof ThresholdOp>;

/** A fraction as "n/d" (integers) or a decimal such as "0.75"; the server checks 0 < share ≤ 1. */
export const ThresholdShare = Type.String({
  pattern: '^(\\d{1,7}/\\d{1,7}|\\d(\\.\\d{1,6})?)$',
  description: '"n/d" or a decimal, above 0 and at most 1',
});

export const VoteThreshold = Type.Object(
  { share: ThresholdShare, op: ThresholdOp },
  { additionalProperties: false },
);
export type VoteThreshold = Static<typeof VoteThreshold>;

export const ConsentThreshold = Type.Object(
  {
    share: ThresholdShare,
    op: ThresholdOp,
    /** counted against those who took part, or against the whole electorate */
    basis: StringEnum(['participants', 'all'] as const),
  },
  { additionalProperties: false },
);
export type ConsentThreshold = Static<typeof ConsentThreshold>;

/** A rule as staff may write one (a preset is the same plus its names and source). */
export const VoteRuleBody = Type.Object(
  {
    measures: Type.Array(VoteMeasure, { minItems: 1, maxItems: 2, uniqueItems: true }),
    /** counted against the whole electorate; null: none */
    participation: Nullable(VoteThreshold),
    consent: ConsentThreshold,
  },
  { additionalProperties: false },
);
export type VoteRuleBody = Static<typeof VoteRuleBody>;

export const VoteRulePreset = Type.Object({
  code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' }),
  name: Type.String({ minLength: 1 }),
  nameEn: Type.String({ minLength: 1 }),
  source: Type.String({ minLength: 1 }),
  sourceEn: Type.String({ minLength: 1 }),
  note: Type.Optional(Type.String()),
  /** owners: an electorate of rooms; members: one member one vote (meetings, councils) */
  weighing: StringEnum(['owners', 'members'] as const),
  measures: VoteRuleBody.properties.measures,
  participation: VoteRuleBody.properties.participation,
  consent: ConsentThreshold,
  /** subject types (e.g. "elevator") this rule may decide; a subject type that lists rules accepts only these */
  subjects: Type.Optional(Type.Array(Type.String())),
});
export type VoteRulePreset = Static<typeof VoteRulePreset>;

export const VoteRulesFile = Type.Object({ presets: Type.Array(VoteRulePreset, { minItems: 1 }) });
export type VoteRulesFile = Static<typeof VoteRulesFile>;

/** The rule a vote counts by, frozen on the vote: a preset's code, or 'custom'. */
export const VoteRuleView = Type.Composite([
  VoteRuleBody,
  Type.Object({
    code: Type.String(),
    name: Type.String(),
    nameEn: Type.String(),
    source: Nullable(Type.String()),
    /** the preset's subject types, frozen with the rule (none: a custom rule) */
    subjects: Type.Optional(Type.Array(Type.String())),
  }),
]);
export type VoteRuleView = Static<typeof VoteRuleView>;

// ---------------------------------------------------------------------------------------------
// Opening a vote

export const ElectorateInput = Type.Object(
  {
    kind: ElectorateKind,
    /** unit, building: the building */
    buildingId: Type.Optional(Uuid),
    /** unit: the staircase's name as the registry spells it, e.g. "1单元" */
    unit: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    /** compound */
    compoundCode: Type.Optional(Type.String({ minLength: 2, maxLength: 64 })),
    /** list */
    roomIds: Type.Optional(
      Type.Array(Uuid, { minItems: 1, maxItems: VOTE_LIST_ROOMS_MAX, uniqueItems: true }),
    ),
  },
  { additionalProperties: false },
);
export type ElectorateInput = Static<typeof ElectorateInput>;

/** What a vote decides, when another module owns it (an elevator project, a fee change). */
export const VoteSubjectRef = Type.Object(
  { type: Type.String({ pattern: '^[a-z][a-z_]{1,30}$' }), id: Uuid },
  { additionalProperties: false },
);
export type VoteSubjectRef = Static<typeof VoteSubjectRef>;

export const CreateVoteBody = Type.Object(
  {
    /** the committee (optional for staff of one committee) */
    committeeCode: Type.Optional(Type.String({ minLength: 2, maxLength: 64 })),
    title: Type.String({ minLength: 2, maxLength: VOTE_TITLE_MAX }),
    body: Type.String({ maxLength: VOTE_BODY_MAX }),
    electorate: ElectorateInput,
    /** a preset's code, or a rule written out */
    rule: Type.Union([
      Type.Object(
        { preset: Type.String({ minLength: 1, maxLength: 40 }) },
        { additionalProperties: false },
      ),
      Type.Object({ custom: VoteRuleBody }, { additionalProperties: false }),
    ]),
    opensAt: Type.String({ format: 'date-time' }),
    closesAt: Type.String({ format: 'date-time' }),
    /** owners may replace their ballot until the close */
    allowChange: Type.Boolean(),
    subject: Type.Optional(VoteSubjectRef),
    /** documents shown with the question (uploaded attachments) */
    attachmentIds: Type.Optional(
      Type.Array(Uuid, { maxItems: VOTE_MAX_DOCUMENTS, uniqueItems: true }),
    ),
  },
  { additionalProperties: false },
);
export type CreateVoteBody = Static<typeof CreateVoteBody>;

export const CancelVoteBody = Type.Object(
  { reason: Type.String({ minLength: 2, maxLength: 500 }) },
  { additionalProperties: false },
);
export type CancelVoteBody = Static<typeof CancelVoteBody>;

// ---------------------------------------------------------------------------------------------
// The tally

/** One threshold on one measure, as the rule asks and as the figures stand. */
export const VoteCheck = Type.Object({
  stage: StringEnum(['participation', 'consent'] as const),
  measure: VoteMeasure,
  /** count: heads; area: hundredths of a m² */
  value: Type.Integer(),
  base: Type.Integer(),
  share: Type.String(),
  op: ThresholdOp,
  basis: StringEnum(['participants', 'all'] as const),
  met: Type.Boolean(),
  /** value / base as a percent, truncated to one decimal ("71.2") */
  percent: Type.String(),
});
export type VoteCheck = Static<typeof VoteCheck>;

/** Heads and hundredths of a m² in one group of the electorate. */
export const HeadsAndArea = Type.Object({
  heads: Type.Integer(),
  units: Type.Integer(),
  /** hundredths of a m² */
  area: Type.Integer(),
});
export type HeadsAndArea = Static<typeof HeadsAndArea>;

export const VoteTally = Type.Object({
  electorate: HeadsAndArea,
  participating: HeadsAndArea,
  agree: HeadsAndArea,
  disagree: HeadsAndArea,
  abstain: HeadsAndArea,
  checks: Type.Array(VoteCheck),
  /** would pass with these figures (final once closed) */
  passed: Type.Boolean(),
  /** why, in words: "passed by head count, not by area: 71.2 % < 75 %" */
  summary: Type.Object({ zh: Type.String(), en: Type.String() }),
  /** ballots cast so far, and the head of their hash chain */
  ballots: Type.Integer(),
  chainHead: Nullable(Type.String()),
});
export type VoteTally = Static<typeof VoteTally>;

// ---------------------------------------------------------------------------------------------
// Reading votes

export const VoteSummary = Type.Object({
  id: Uuid,
  committeeCode: Type.String(),
  title: Type.String(),
  state: VoteState,
  electorateKind: ElectorateKind,
  electorateLabel: Type.String(),
  ruleCode: Type.String(),
  ruleName: Type.String(),
  opensAt: Type.String(),
  closesAt: Type.String(),
  /** frozen at open (null in a draft) */
  electorate: Nullable(HeadsAndArea),
  ballots: Type.Integer(),
  /** once published */
  passed: Nullable(Type.Boolean()),
  subject: Nullable(VoteSubjectRef),
});
export type VoteSummary = Static<typeof VoteSummary>;

export const VoteListQuery = Type.Object(
  {
    committee: Type.Optional(Type.String({ minLength: 2, maxLength: 64 })),
    state: Type.Optional(VoteState),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);
export type VoteListQuery = Static<typeof VoteListQuery>;

export const VoteList = Type.Object({
  items: Type.Array(VoteSummary),
  nextCursor: Nullable(Type.String()),
});
export type VoteList = Static<typeof VoteList>;

/** A unit of the electorate the signed-in owner may vote for. */
export const MyVoteUnit = Type.Object({
  roomId: Uuid,
  label: Type.String(),
  /** hundredths of a m² */
  area: Type.Integer(),
});

/**
 * One owner group the signed-in owner votes for: usually one; two when, say, they own one
 * unit alone and another with a spouse. One ballot covers all the group's units.
 */
export const MyVoteGroup = Type.Object({
  headNo: Type.Integer(),
  units: Type.Array(MyVoteUnit),
  /** the ballot that stands for the group, if any */
  ballot: Nullable(
    Type.Object({
      choice: VoteChoice,
      channel: BallotChannel,
      castAt: Type.String(),
      receipt: Type.Object({ seq: Type.Integer(), hash: Type.String() }),
    }),
  ),
  /** may cast (or replace) this group's ballot now */
  mayCast: Type.Boolean(),
});
export type MyVoteGroup = Static<typeof MyVoteGroup>;

/** The signed-in person's standing in a vote. */
export const MyVoteStanding = Type.Object({
  /** an owner on record of a unit in the electorate */
  canVote: Type.Boolean(),
  /** why not, when not (zh / en in one string) */
  reason: Nullable(Type.String()),
  /** the owner groups they vote for (a ballot names one by any of its units' roomId) */
  groups: Type.Array(MyVoteGroup),
});
export type MyVoteStanding = Static<typeof MyVoteStanding>;

export const VoteDetail = Type.Composite([
  VoteSummary,
  Type.Object({
    body: Type.String(),
    rule: VoteRuleView,
    allowChange: Type.Boolean(),
    documents: Type.Array(AttachmentRef),
    createdAt: Type.String(),
    openedAt: Nullable(Type.String()),
    closedAt: Nullable(Type.String()),
    publishedAt: Nullable(Type.String()),
    cancelledAt: Nullable(Type.String()),
    cancelReason: Nullable(Type.String()),
    /** live figures for staff; for owners only once published */
    tally: Nullable(VoteTally),
    /** for a signed-in resident */
    me: Nullable(MyVoteStanding),
    /** what the signed-in staff member may do */
    can: Type.Object({
      open: Type.Boolean(),
      cancel: Type.Boolean(),
      publish: Type.Boolean(),
      enterPaper: Type.Boolean(),
      campaign: Type.Boolean(),
    }),
  }),
]);
export type VoteDetail = Static<typeof VoteDetail>;

/** A draft's electorate before it opens: what would be frozen, and what must be fixed first. */
export const ElectoratePreview = Type.Object({
  electorate: HeadsAndArea,
  /** rooms that stop the vote from opening: no owners on record, or no registered area */
  problems: Type.Array(
    Type.Object({
      roomId: Uuid,
      label: Type.String(),
      problem: StringEnum(['no_owners', 'no_area'] as const),
    }),
  ),
});
export type ElectoratePreview = Static<typeof ElectoratePreview>;

// ---------------------------------------------------------------------------------------------
// Ballots

export const CastBallotBody = Type.Object(
  {
    choice: VoteChoice,
    /** when an owner holds units of more than one owner group (e.g. one alone, one with a
     * spouse), the unit whose group this ballot is for; otherwise left out */
    roomId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type CastBallotBody = Static<typeof CastBallotBody>;

export const BallotReceipt = Type.Object({
  voteId: Uuid,
  /** the units the ballot covers */
  units: Type.Array(Type.String()),
  choice: VoteChoice,
  channel: BallotChannel,
  castAt: Type.String(),
  /** the ballot's place in the vote's hash chain and its hash */
  seq: Type.Integer(),
  hash: Type.String(),
  /** a replacement of an earlier ballot */
  replaces: Nullable(Type.Integer()),
});
export type BallotReceipt = Static<typeof BallotReceipt>;

export const PaperBallotBody = Type.Object(
  {
    /** a unit of the owner group the paper ballot is signed for */
    roomId: Uuid,
    choice: VoteChoice,
    /** the photo of the signed sheet (an uploaded attachment, jpeg or png or pdf) */
    attachmentId: Uuid,
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type PaperBallotBody = Static<typeof PaperBallotBody>;

/** One entry of a vote's hash chain, as published. */
export const BallotChainEntry = Type.Object({
  seq: Type.Integer(),
  /** the owner group the ballot stands for (part of the hash) */
  headNo: Type.Integer(),
  units: Type.Array(Type.String()),
  choice: VoteChoice,
  channel: BallotChannel,
  castAt: Type.String(),
  prevHash: Type.String(),
  hash: Type.String(),
});
export type BallotChainEntry = Static<typeof BallotChainEntry>;

/** The published result: the figures, every unit and its choice, and the chain. */
export const VoteResult = Type.Object({
  voteId: Uuid,
  tally: VoteTally,
  units: Type.Array(
    Type.Object({
      label: Type.String(),
      area: Type.Integer(),
      choice: Nullable(VoteChoice),
      channel: Nullable(BallotChannel),
    }),
  ),
  chain: Type.Array(BallotChainEntry),
  publishedAt: Type.String(),
});
export type VoteResult = Static<typeof VoteResult>;

// ---------------------------------------------------------------------------------------------
// The campaign (动员): who is left, and visits

export const CAMPAIGN_FILTERS = ['not_voted', 'disagree', 'all'] as const;
export const CampaignQuery = Type.Object(
  {
    filter: Type.Optional(StringEnum(CAMPAIGN_FILTERS)),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
export type CampaignQuery = Static<typeof CampaignQuery>;

export const CampaignEntry = Type.Object({
  headNo: Type.Integer(),
  units: Type.Array(Type.String()),
  /** a unit of the group (for paper entry and visits) */
  roomId: Uuid,
  area: Type.Integer(),
  choice: Nullable(VoteChoice),
  /** the latest visit assigned for this group */
  visit: Nullable(
    Type.Object({
      id: Uuid,
      assigneeName: Type.String(),
      outcome: Nullable(VisitOutcome),
      note: Nullable(Type.String()),
      at: Type.String(),
    }),
  ),
});
export type CampaignEntry = Static<typeof CampaignEntry>;

export const CampaignList = Type.Object({
  items: Type.Array(CampaignEntry),
  nextCursor: Nullable(Type.String()),
  counts: Type.Object({ notVoted: Type.Integer(), disagree: Type.Integer() }),
});
export type CampaignList = Static<typeof CampaignList>;

export const AssignVisitsBody = Type.Object(
  {
    /** a staff member or a verified resident of the committee (a volunteer) */
    assigneeId: Uuid,
    headNos: Type.Array(Type.Integer({ minimum: 1 }), {
      minItems: 1,
      maxItems: 200,
      uniqueItems: true,
    }),
  },
  { additionalProperties: false },
);
export type AssignVisitsBody = Static<typeof AssignVisitsBody>;

export const VisitOutcomeBody = Type.Object(
  { outcome: VisitOutcome, note: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export type VisitOutcomeBody = Static<typeof VisitOutcomeBody>;

/** A visit as the volunteer sees it on a phone: the vote, the units, no names. */
export const MyVisit = Type.Object({
  id: Uuid,
  voteId: Uuid,
  voteTitle: Type.String(),
  closesAt: Type.String(),
  units: Type.Array(Type.String()),
  /** whether the group has a standing ballot */
  voted: Type.Boolean(),
  /** its choice: for a staff assignee, or once the result is published; null else */
  choice: Nullable(VoteChoice),
  outcome: Nullable(VisitOutcome),
  note: Nullable(Type.String()),
  assignedAt: Type.String(),
});
export type MyVisit = Static<typeof MyVisit>;

/** Someone a visit may be handed to: the committee's staff, or a verified resident of it. */
export const VoteAssignee = Type.Object({
  id: Uuid,
  /** the account's display name (a resident's masked) */
  name: Type.String(),
  kind: StringEnum(['staff', 'resident'] as const),
});
export type VoteAssignee = Static<typeof VoteAssignee>;

export const VoteAssigneeQuery = Type.Object(
  { q: Type.Optional(Type.String({ maxLength: 40 })) },
  { additionalProperties: false },
);
export type VoteAssigneeQuery = Static<typeof VoteAssigneeQuery>;
