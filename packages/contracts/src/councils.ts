import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { AttachmentRef } from './attachments.js';
import type { Label } from './cases.js';
import { StringEnum } from './errors.js';
import type { Role } from './identity.js';
import { ScheduleMeetingBody } from './meetings.js';
import { VoteChoice } from './votes.js';

/**
 * Block co-governance (街区共治, "1 + 3 + X"): street staff draw a block (街区) over committees
 * and compounds of their street and set up councils (共管委员会, 商户联盟, 联建平台) whose
 * members are organisations — the party organisation (1), the residents' committee, owners'
 * committee and property company (3), merchants, enterprises, lawyers, planners (X) — each
 * with representatives (accounts) in council roles. Shops are registered with their unified
 * social credit code; a shop's account joins an alliance. A council elects directors (each
 * member approves up to k candidates) and decides motions, one member one vote, ballots in a
 * hash chain; keeps a shared fund whose every entry members see (fen, append-only,
 * hash-chained, expenses approved by N directors); publishes guidelines that expert reviewers
 * apply to members' applications; and lists what each party offers and needs, the rest areas
 * (爱心休息区) on a public map anyone may open without signing in.
 */

/** Who draws blocks and sets up councils: operators whose area reaches the street. */
export const COUNCIL_STAFF_ROLES: readonly Role[] = [
  'street_operator',
  'district_operator',
  'city_operator',
];
/** Who registers shops for others (their area reaches the shop's point). */
export const SHOP_STAFF_ROLES: readonly Role[] = ['committee_staff', ...COUNCIL_STAFF_ROLES];

const Uuid = Type.String({ format: 'uuid' });
const AreaCode = Type.String({ minLength: 2, maxLength: 64 });
const Cursor = Type.Optional(Type.String({ maxLength: 512 }));
const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 }));
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Lat = Type.Number({ minimum: -90, maximum: 90 });
const Lng = Type.Number({ minimum: -180, maximum: 180 });
const Named = Type.Object({ code: Type.String(), name: Type.String() });

// ---------------------------------------------------------------------------------------------
// Blocks (街区)

/** A GeoJSON Polygon of one ring, [lng, lat] pairs, closed (the last point repeats the first). */
export const BlockBoundary = Type.Object(
  {
    type: Type.Literal('Polygon'),
    coordinates: Type.Array(Type.Array(Type.Tuple([Lng, Lat]), { minItems: 4, maxItems: 500 }), {
      minItems: 1,
      maxItems: 1,
    }),
  },
  { additionalProperties: false },
);
export type BlockBoundary = Static<typeof BlockBoundary>;

export const BLOCK_NAME_MAX = 40;
export const CreateBlockBody = Type.Object(
  {
    streetCode: AreaCode,
    name: Type.String({ minLength: 1, maxLength: BLOCK_NAME_MAX }),
    /** the street frontage it covers, in words: "黄金城道 1–200 号" */
    frontage: Type.Optional(Type.String({ maxLength: 200 })),
    /** committees and compounds of the street the block covers */
    areaCodes: Type.Array(AreaCode, { minItems: 1, maxItems: 100, uniqueItems: true }),
    /** a simple polygon inside the street */
    boundary: BlockBoundary,
  },
  { additionalProperties: false },
);
export type CreateBlockBody = Static<typeof CreateBlockBody>;
export const UpdateBlockBody = Type.Omit(CreateBlockBody, ['streetCode']);
export type UpdateBlockBody = Static<typeof UpdateBlockBody>;

export const Block = Type.Object({
  id: Uuid,
  name: Type.String(),
  street: Named,
  frontage: Type.String(),
  areas: Type.Array(Named),
  boundary: BlockBoundary,
  councils: Type.Array(Type.Object({ id: Uuid, name: Type.String(), kind: Type.String() })),
  createdAt: DateTime,
});
export type Block = Static<typeof Block>;
export const BlockList = Type.Object({ items: Type.Array(Block) });
export type BlockList = Static<typeof BlockList>;
export const BlockListQuery = Type.Object(
  { street: Type.Optional(AreaCode) },
  { additionalProperties: false },
);
export type BlockListQuery = Static<typeof BlockListQuery>;

// ---------------------------------------------------------------------------------------------
// Shops (商户) and their unified social credit code (统一社会信用代码, GB 32100-2015)

export const SHOP_CATEGORIES = [
  'catering',
  'retail',
  'services',
  'culture',
  'lodging',
  'other',
] as const;
export const ShopCategory = StringEnum(SHOP_CATEGORIES);
export type ShopCategory = Static<typeof ShopCategory>;
export const SHOP_CATEGORY_LABELS: Readonly<Record<ShopCategory, Label>> = {
  catering: { zh: '餐饮', en: 'Catering' },
  retail: { zh: '零售', en: 'Retail' },
  services: { zh: '生活服务', en: 'Services' },
  culture: { zh: '文化旅游', en: 'Culture & tourism' },
  lodging: { zh: '住宿', en: 'Lodging' },
  other: { zh: '其他', en: 'Other' },
};

/** 18 characters of 0-9 and A-Z without I, O, S, V, Z; the last is the GB 32100 check character. */
export const USCC_PATTERN = '^[0-9A-HJ-NP-RTUWXY]{18}$';
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The GB 32100 check character of the first 17 characters, or null when one is not allowed. */
export function usccCheckCharacter(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARS.indexOf(first17[i] ?? '');
    if (v < 0) return null;
    sum += v * USCC_WEIGHTS[i]!;
  }
  return USCC_CHARS[(31 - (sum % 31)) % 31]!;
}

/** Is this a unified social credit code whose check character is right? */
export function isValidUscc(code: string): boolean {
  return new RegExp(USCC_PATTERN).test(code) && usccCheckCharacter(code.slice(0, 17)) === code[17];
}

export const RegisterShopBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 60 }),
    /** upper case; the server refuses a wrong check character (400 `uscc` `checkCharacter`) */
    uscc: Type.String({ pattern: USCC_PATTERN }),
    address: Type.String({ minLength: 1, maxLength: 120 }),
    lat: Lat,
    lng: Lng,
    category: ShopCategory,
    contactName: Type.String({ minLength: 1, maxLength: 40 }),
    contactPhone: Type.String({ minLength: 1, maxLength: 20 }),
    /** staff registering for a shop: its account, when it has one; a shop's own account: omitted */
    accountId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type RegisterShopBody = Static<typeof RegisterShopBody>;

export const Shop = Type.Object({
  id: Uuid,
  name: Type.String(),
  uscc: Type.String(),
  address: Type.String(),
  lat: Type.Number(),
  lng: Type.Number(),
  category: ShopCategory,
  /** masked: 张* */
  contactName: Type.String(),
  /** masked: 138****0000 */
  contactPhone: Type.String(),
  committee: Nullable(Named),
  /** is the signed-in account this shop's own */
  mine: Type.Boolean(),
  /** the councils it is a member of */
  councils: Type.Array(Type.Object({ id: Uuid, name: Type.String() })),
  /**
   * its own account only (`mine`): the merchant alliances of blocks whose polygon holds the
   * shop's point and that it is not a member of — what `POST /api/councils/:id/join` accepts
   */
  joinable: Type.Optional(Type.Array(Type.Object({ id: Uuid, name: Type.String() }))),
  /**
   * when staff of its area checked the shop (its licence, that the account is its owner's);
   * null until then — an unverified shop joins no council (409 `shopId` `unverified`)
   */
  verifiedAt: Nullable(DateTime),
  createdAt: DateTime,
});
export type Shop = Static<typeof Shop>;

/**
 * POST /api/shops/:id/verify (staff reaching the shop): the shop is verified; with `accountId`
 * it is given to that account (null: none) — how a disputed credit code goes to its real owner.
 */
export const VerifyShopBody = Type.Object(
  { accountId: Type.Optional(Nullable(Uuid)) },
  { additionalProperties: false },
);
export type VerifyShopBody = Static<typeof VerifyShopBody>;
export const ShopList = Type.Object({
  items: Type.Array(Shop),
  nextCursor: Nullable(Type.String()),
});
export type ShopList = Static<typeof ShopList>;
export const ShopListQuery = Type.Object(
  {
    /** a street or committee code (staff); omitted: the signed-in account's own shops */
    area: Type.Optional(AreaCode),
    q: Type.Optional(Type.String({ maxLength: 60 })),
    /** only the shops staff have not verified yet */
    unverified: Type.Optional(Type.Boolean()),
    cursor: Cursor,
    limit: Limit,
  },
  { additionalProperties: false },
);
export type ShopListQuery = Static<typeof ShopListQuery>;

// ---------------------------------------------------------------------------------------------
// Councils, members ("1 + 3 + X") and representatives

export const COUNCIL_KINDS = ['co_management', 'merchant_alliance', 'joint_building'] as const;
export const CouncilKind = StringEnum(COUNCIL_KINDS);
export type CouncilKind = Static<typeof CouncilKind>;
export const COUNCIL_KIND_LABELS: Readonly<Record<CouncilKind, Label>> = {
  co_management: { zh: '共管委员会', en: 'Co-management committee' },
  merchant_alliance: { zh: '商户联盟', en: 'Merchant alliance' },
  joint_building: { zh: '联建平台', en: 'Joint-building platform' },
};

export const MEMBER_KINDS = [
  'party',
  'residents_committee',
  'owners_committee',
  'property_company',
  'merchant',
  'enterprise',
  'lawyer',
  'planner',
  'other',
] as const;
export const MemberKind = StringEnum(MEMBER_KINDS);
export type MemberKind = Static<typeof MemberKind>;
export const MEMBER_KIND_LABELS: Readonly<Record<MemberKind, Label>> = {
  party: { zh: '党组织', en: 'Party organisation' },
  residents_committee: { zh: '居委会', en: "Residents' committee" },
  owners_committee: { zh: '业委会', en: "Owners' committee" },
  property_company: { zh: '物业公司', en: 'Property company' },
  merchant: { zh: '商户', en: 'Merchant' },
  enterprise: { zh: '企业', en: 'Enterprise' },
  lawyer: { zh: '律师', en: 'Lawyer' },
  planner: { zh: '规划师', en: 'Planner' },
  other: { zh: '其他', en: 'Other' },
};
/** "1 + 3 + X": the group a member kind belongs to. */
export const MEMBER_GROUP: Readonly<Record<MemberKind, '1' | '3' | 'X'>> = {
  party: '1',
  residents_committee: '3',
  owners_committee: '3',
  property_company: '3',
  merchant: 'X',
  enterprise: 'X',
  lawyer: 'X',
  planner: 'X',
  other: 'X',
};

export const COUNCIL_ROLES = ['chair', 'director', 'secretary', 'member'] as const;
export const CouncilRole = StringEnum(COUNCIL_ROLES);
export type CouncilRole = Static<typeof CouncilRole>;
export const COUNCIL_ROLE_LABELS: Readonly<Record<CouncilRole, Label>> = {
  chair: { zh: '主任', en: 'Chair' },
  director: { zh: '理事', en: 'Director' },
  secretary: { zh: '秘书', en: 'Secretary' },
  member: { zh: '成员', en: 'Member' },
};

/** The council's own rules, set when it is created (staff may change them). */
export const CouncilRules = Type.Object(
  {
    /** how many directors (or the chair) must approve an expense before it counts */
    expenseApprovals: Type.Integer({ minimum: 1, maximum: 20 }),
  },
  { additionalProperties: false },
);
export type CouncilRules = Static<typeof CouncilRules>;

export const CreateCouncilBody = Type.Object(
  {
    blockId: Uuid,
    kind: CouncilKind,
    name: Type.String({ minLength: 1, maxLength: 40 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    rules: CouncilRules,
  },
  { additionalProperties: false },
);
export type CreateCouncilBody = Static<typeof CreateCouncilBody>;

export const Representative = Type.Object({
  accountId: Uuid,
  /** masked unless it is the reader */
  name: Type.String(),
  role: CouncilRole,
});
export type Representative = Static<typeof Representative>;

export const CouncilMember = Type.Object({
  id: Uuid,
  kind: MemberKind,
  group: StringEnum(['1', '3', 'X'] as const),
  name: Type.String(),
  shopId: Nullable(Uuid),
  representatives: Type.Array(Representative),
  joinedAt: DateTime,
});
export type CouncilMember = Static<typeof CouncilMember>;

export const Council = Type.Object({
  id: Uuid,
  kind: CouncilKind,
  name: Type.String(),
  description: Type.String(),
  block: Type.Object({ id: Uuid, name: Type.String() }),
  street: Named,
  rules: CouncilRules,
  memberCount: Type.Integer(),
  /** 1 / 3 / X counts */
  groups: Type.Object({ '1': Type.Integer(), '3': Type.Integer(), X: Type.Integer() }),
  /** the reader's place: their member and role, or null (staff, a reviewer) */
  me: Nullable(Type.Object({ memberId: Uuid, role: CouncilRole })),
  /** what the reader may do */
  can: Type.Object({
    manage: Type.Boolean(),
    recordFund: Type.Boolean(),
    approveExpenses: Type.Boolean(),
    runVotes: Type.Boolean(),
  }),
  createdAt: DateTime,
});
export type Council = Static<typeof Council>;
export const CouncilList = Type.Object({ items: Type.Array(Council) });
export type CouncilList = Static<typeof CouncilList>;
export const CouncilListQuery = Type.Object(
  {
    /** staff: the councils of a street or block; omitted: the councils the reader belongs to */
    street: Type.Optional(AreaCode),
    block: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type CouncilListQuery = Static<typeof CouncilListQuery>;
export const CouncilMemberList = Type.Object({ items: Type.Array(CouncilMember) });
export type CouncilMemberList = Static<typeof CouncilMemberList>;

/** Staff add a member organisation with its representatives (accounts by phone or id). */
export const AddCouncilMemberBody = Type.Object(
  {
    kind: MemberKind,
    name: Type.String({ minLength: 1, maxLength: 60 }),
    /** a merchant: its registered shop (the name is the shop's) */
    shopId: Type.Optional(Uuid),
    representatives: Type.Array(
      Type.Object({ accountId: Uuid, role: CouncilRole }, { additionalProperties: false }),
      { minItems: 1, maxItems: 10 },
    ),
  },
  { additionalProperties: false },
);
export type AddCouncilMemberBody = Static<typeof AddCouncilMemberBody>;
/** A shop's account joins an alliance of its block (the shop becomes a merchant member). */
export const JoinCouncilBody = Type.Object({ shopId: Uuid }, { additionalProperties: false });
export type JoinCouncilBody = Static<typeof JoinCouncilBody>;
export const PutRepresentativeBody = Type.Object(
  { role: CouncilRole },
  { additionalProperties: false },
);
export type PutRepresentativeBody = Static<typeof PutRepresentativeBody>;

/** Accounts staff can pick as representatives: by phone (exact) or name (masked in the answer). */
export const AccountPickQuery = Type.Object(
  { phone: Type.String({ minLength: 11, maxLength: 20 }) },
  { additionalProperties: false },
);
export type AccountPickQuery = Static<typeof AccountPickQuery>;
export const AccountPick = Type.Object({
  accountId: Uuid,
  name: Type.String(),
  phone: Type.String(),
});
export type AccountPick = Static<typeof AccountPick>;

// ---------------------------------------------------------------------------------------------
// Elections and motions: one member one vote, ballots in a hash chain

export const COUNCIL_VOTE_KINDS = ['election', 'motion'] as const;
export const CouncilVoteKind = StringEnum(COUNCIL_VOTE_KINDS);
export type CouncilVoteKind = Static<typeof CouncilVoteKind>;
export const COUNCIL_VOTE_KIND_LABELS: Readonly<Record<CouncilVoteKind, Label>> = {
  election: { zh: '选举', en: 'Election' },
  motion: { zh: '议案表决', en: 'Motion' },
};

/** How a tie at the last seat is broken, set before the vote opens. */
export const TIE_RULES = ['seniority', 'lot', 'runoff'] as const;
export const TieRule = StringEnum(TIE_RULES);
export type TieRule = Static<typeof TieRule>;
export const TIE_RULE_LABELS: Readonly<Record<TieRule, Label>> = {
  seniority: { zh: '入会时间早者当选', en: 'The member who joined first' },
  lot: { zh: '公开抽签（以选票哈希链为种子）', en: 'A public lot seeded by the ballot chain' },
  runoff: { zh: '并列者另行选举', en: 'A runoff among the tied' },
};

export const COUNCIL_VOTE_STATES = ['draft', 'open', 'closed', 'published', 'cancelled'] as const;
export const CouncilVoteState = StringEnum(COUNCIL_VOTE_STATES);
export type CouncilVoteState = Static<typeof CouncilVoteState>;

export const CreateCouncilVoteBody = Type.Object(
  {
    kind: CouncilVoteKind,
    title: Type.String({ minLength: 1, maxLength: 80 }),
    body: Type.Optional(Type.String({ maxLength: 5000 })),
    /** a council meeting (meetings module) this is put to */
    meetingId: Type.Optional(Uuid),
    closesAt: DateTime,
    /** election: members (ids) standing for the seats */
    candidates: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: 500, uniqueItems: true })),
    /** election: seats to fill = the most approvals a ballot may carry (17 of 91) */
    seats: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    tieRule: Type.Optional(TieRule),
    /** motion: a `weighing: members` preset of data/votes/rules.json */
    rule: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  },
  { additionalProperties: false },
);
export type CreateCouncilVoteBody = Static<typeof CreateCouncilVoteBody>;

/** One member's ballot: a motion's choice, or an election's approvals (candidate numbers). */
export const CouncilBallotBody = Type.Object(
  {
    choice: Type.Optional(VoteChoice),
    approve: Type.Optional(
      Type.Array(Type.Integer({ minimum: 1, maximum: 2147483647 }), {
        maxItems: 500,
        uniqueItems: true,
      }),
    ),
  },
  { additionalProperties: false },
);
export type CouncilBallotBody = Static<typeof CouncilBallotBody>;
export const CouncilBallotReceipt = Type.Object({ seq: Type.Integer(), hash: Type.String() });
export type CouncilBallotReceipt = Static<typeof CouncilBallotReceipt>;

export const CouncilCandidate = Type.Object({
  no: Type.Integer(),
  memberId: Uuid,
  name: Type.String(),
  /** counts: shown once the vote is closed, to everyone alike (hidden while it is open) */
  approvals: Nullable(Type.Integer()),
  elected: Nullable(Type.Boolean()),
  /** elected by the tie rule */
  byTieRule: Type.Boolean(),
});
export type CouncilCandidate = Static<typeof CouncilCandidate>;

export const CouncilVote = Type.Object({
  id: Uuid,
  councilId: Uuid,
  kind: CouncilVoteKind,
  title: Type.String(),
  body: Type.String(),
  meetingId: Nullable(Uuid),
  state: CouncilVoteState,
  closesAt: DateTime,
  /** members in the electorate (frozen at open) and ballots cast */
  electorate: Nullable(Type.Integer()),
  ballots: Type.Integer(),
  seats: Nullable(Type.Integer()),
  tieRule: Nullable(TieRule),
  candidates: Type.Array(CouncilCandidate),
  rule: Nullable(Type.Object({ code: Type.String(), name: Type.String(), source: Type.String() })),
  /** motion counts (once closed; hidden from everyone while it is open) */
  counts: Nullable(
    Type.Object({ agree: Type.Integer(), disagree: Type.Integer(), abstain: Type.Integer() }),
  ),
  /** motion: did it pass; election: were all seats filled (false: a runoff is needed) */
  passed: Nullable(Type.Boolean()),
  /** the tied candidates' numbers when the runoff rule left seats open */
  runoff: Type.Array(Type.Integer()),
  /** the ballot chain's head once closed (it seeds the lot); null while open */
  chainHead: Nullable(Type.String()),
  /** the reader's member's ballot, if cast */
  myBallot: Nullable(CouncilBallotReceipt),
  canVote: Type.Boolean(),
  canRun: Type.Boolean(),
  createdAt: DateTime,
});
export type CouncilVote = Static<typeof CouncilVote>;
export const CouncilVoteList = Type.Object({ items: Type.Array(CouncilVote) });
export type CouncilVoteList = Static<typeof CouncilVoteList>;

// ---------------------------------------------------------------------------------------------
// The shared fund: entries in fen, append-only, hash-chained

export const FUND_ENTRY_KINDS = [
  'pledge',
  'contribution',
  'expense',
  'approval',
  'refusal',
  'correction',
] as const;
export const FundEntryKind = StringEnum(FUND_ENTRY_KINDS);
export type FundEntryKind = Static<typeof FundEntryKind>;
export const FUND_ENTRY_KIND_LABELS: Readonly<Record<FundEntryKind, Label>> = {
  pledge: { zh: '认捐', en: 'Pledge' },
  contribution: { zh: '实缴', en: 'Contribution' },
  expense: { zh: '支出申请', en: 'Expense' },
  approval: { zh: '批准', en: 'Approval' },
  refusal: { zh: '驳回', en: 'Refusal' },
  correction: { zh: '更正', en: 'Correction' },
};
export const EXPENSE_STATES = ['pending', 'approved', 'refused'] as const;
export const ExpenseState = StringEnum(EXPENSE_STATES);
export type ExpenseState = Static<typeof ExpenseState>;

/** An amount in fen: a whole number, at least 1, at most 10 billion yuan. */
export const Fen = Type.Integer({ minimum: 1, maximum: 1_000_000_000_000 });

export const RecordFundEntryBody = Type.Object(
  {
    kind: StringEnum(['pledge', 'contribution', 'expense'] as const),
    /** pledge, contribution: the member who gives; expense: the member it is paid to (optional) */
    memberId: Type.Optional(Uuid),
    amountFen: Fen,
    note: Type.String({ minLength: 1, maxLength: 200 }),
    /** expense: receipts (photos, PDFs) uploaded first as attachments */
    receiptIds: Type.Optional(Type.Array(Uuid, { maxItems: 10, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type RecordFundEntryBody = Static<typeof RecordFundEntryBody>;
export const DecideExpenseBody = Type.Object(
  {
    decision: StringEnum(['approve', 'refuse'] as const),
    note: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type DecideExpenseBody = Static<typeof DecideExpenseBody>;
/** A correction: the entry (a pledge, a contribution, an approved expense) and its right amount. */
export const CorrectFundEntryBody = Type.Object(
  {
    corrects: Type.Integer({ minimum: 1, maximum: 2147483647 }),
    /** the right amount; 0 voids it */
    amountFen: Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 }),
    note: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type CorrectFundEntryBody = Static<typeof CorrectFundEntryBody>;

export const FundTotals = Type.Object({
  /** contributions − approved expenses, in fen */
  balanceFen: Type.Integer(),
  pledgedFen: Type.Integer(),
  contributedFen: Type.Integer(),
  spentFen: Type.Integer(),
  /** expenses waiting for approvals */
  pendingFen: Type.Integer(),
  entries: Type.Integer(),
  chainHead: Nullable(Type.String()),
});
export type FundTotals = Static<typeof FundTotals>;

export const FundEntry = Type.Object({
  seq: Type.Integer(),
  kind: FundEntryKind,
  member: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
  /** the entry's own amount (a correction: the change it makes, may be negative) */
  amountFen: Type.Integer(),
  note: Type.String(),
  /** approval, refusal, correction: the entry it is about */
  refersTo: Nullable(Type.Integer()),
  /** expense: where it stands, with approvals so far */
  expense: Nullable(
    Type.Object({ state: ExpenseState, approvals: Type.Integer(), required: Type.Integer() }),
  ),
  receipts: Type.Array(AttachmentRef),
  recordedBy: Type.String(),
  recordedAt: DateTime,
  /** the running balance after this entry */
  balanceFen: Type.Integer(),
  hash: Type.String(),
});
export type FundEntry = Static<typeof FundEntry>;
export const FundEntryList = Type.Object({
  totals: FundTotals,
  items: Type.Array(FundEntry),
  nextCursor: Nullable(Type.String()),
});
export type FundEntryList = Static<typeof FundEntryList>;
export const FundEntryQuery = Type.Object(
  {
    /** one member's statement */
    member: Type.Optional(Uuid),
    kind: Type.Optional(FundEntryKind),
    cursor: Cursor,
    limit: Limit,
  },
  { additionalProperties: false },
);
export type FundEntryQuery = Static<typeof FundEntryQuery>;
export const FundChainCheck = Type.Object({
  ok: Type.Boolean(),
  length: Type.Integer(),
  head: Nullable(Type.String()),
  brokenAt: Nullable(Type.Integer()),
  reason: Nullable(Type.String()),
});
export type FundChainCheck = Static<typeof FundChainCheck>;

// ---------------------------------------------------------------------------------------------
// Guidelines, expert reviewers and members' applications (项目清单)

export const CreateGuidelineBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 80 }),
    body: Type.String({ minLength: 1, maxLength: 5000 }),
    documentIds: Type.Optional(Type.Array(Uuid, { maxItems: 10, uniqueItems: true })),
    /** expert reviewers (守门人): accounts, each with the body they speak for */
    reviewers: Type.Array(
      Type.Object(
        { accountId: Uuid, organisation: Type.String({ minLength: 1, maxLength: 60 }) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 20 },
    ),
    /** how many reviewers must approve an application */
    approvalsRequired: Type.Integer({ minimum: 1, maximum: 20 }),
    closesAt: DateTime,
  },
  { additionalProperties: false },
);
export type CreateGuidelineBody = Static<typeof CreateGuidelineBody>;

export const APPLICATION_STATES = [
  'submitted',
  'changes_requested',
  'approved',
  'refused',
  'done',
] as const;
export const ApplicationState = StringEnum(APPLICATION_STATES);
export type ApplicationState = Static<typeof ApplicationState>;
export const APPLICATION_STATE_LABELS: Readonly<Record<ApplicationState, Label>> = {
  submitted: { zh: '待评审', en: 'Under review' },
  changes_requested: { zh: '需修改', en: 'Changes requested' },
  approved: { zh: '已通过', en: 'Approved' },
  refused: { zh: '未通过', en: 'Refused' },
  done: { zh: '已完成', en: 'Done' },
};
export const EXPERT_REVIEW_DECISIONS = ['approve', 'changes', 'refuse'] as const;
export const ExpertReviewDecision = StringEnum(EXPERT_REVIEW_DECISIONS);
export type ExpertReviewDecision = Static<typeof ExpertReviewDecision>;
export const EXPERT_REVIEW_DECISION_LABELS: Readonly<Record<ExpertReviewDecision, Label>> = {
  approve: { zh: '同意', en: 'Approve' },
  changes: { zh: '需修改', en: 'Ask for changes' },
  refuse: { zh: '不同意', en: 'Refuse' },
};

export const Guideline = Type.Object({
  id: Uuid,
  councilId: Uuid,
  title: Type.String(),
  body: Type.String(),
  documents: Type.Array(AttachmentRef),
  reviewers: Type.Array(
    Type.Object({ accountId: Uuid, name: Type.String(), organisation: Type.String() }),
  ),
  approvalsRequired: Type.Integer(),
  closesAt: DateTime,
  open: Type.Boolean(),
  /** applications, approved, done */
  progress: Type.Object({
    applications: Type.Integer(),
    approved: Type.Integer(),
    done: Type.Integer(),
  }),
  /** is the reader one of its reviewers */
  iReview: Type.Boolean(),
  createdAt: DateTime,
});
export type Guideline = Static<typeof Guideline>;
export const GuidelineList = Type.Object({ items: Type.Array(Guideline) });
export type GuidelineList = Static<typeof GuidelineList>;

export const ApplyBody = Type.Object(
  {
    /** the applying member (the reader must represent it) */
    memberId: Uuid,
    title: Type.String({ minLength: 1, maxLength: 80 }),
    description: Type.String({ minLength: 1, maxLength: 2000 }),
    lat: Lat,
    lng: Lng,
    /** photos of the place now (JPEG, PNG attachments), and the design (PDF or image) */
    photoIds: Type.Array(Uuid, { minItems: 1, maxItems: 9, uniqueItems: true }),
    designId: Uuid,
  },
  { additionalProperties: false },
);
export type ApplyBody = Static<typeof ApplyBody>;
export const ExpertReviewBody = Type.Object(
  {
    decision: ExpertReviewDecision,
    /** required for changes and refuse (≥ 2 characters) */
    reason: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type ExpertReviewBody = Static<typeof ExpertReviewBody>;

export const Application = Type.Object({
  id: Uuid,
  guidelineId: Uuid,
  guidelineTitle: Type.String(),
  member: Type.Object({ id: Uuid, name: Type.String() }),
  title: Type.String(),
  description: Type.String(),
  lat: Type.Number(),
  lng: Type.Number(),
  photos: Type.Array(AttachmentRef),
  design: AttachmentRef,
  state: ApplicationState,
  approvals: Type.Integer(),
  approvalsRequired: Type.Integer(),
  reviews: Type.Array(
    Type.Object({
      reviewer: Type.String(),
      organisation: Type.String(),
      decision: ExpertReviewDecision,
      reason: Type.String(),
      at: DateTime,
    }),
  ),
  /** may the reader review it / resubmit it / mark it done */
  canReview: Type.Boolean(),
  canResubmit: Type.Boolean(),
  canComplete: Type.Boolean(),
  submittedAt: DateTime,
});
export type Application = Static<typeof Application>;
export const ApplicationList = Type.Object({ items: Type.Array(Application) });
export type ApplicationList = Static<typeof ApplicationList>;

// ---------------------------------------------------------------------------------------------
// Offers and needs (资源清单 / 需求清单), matched into projects; the public map of rest areas

export const OFFER_CATEGORIES = [
  'rest_area',
  'meeting_room',
  'protective_gear',
  'legal_hour',
  'greenery',
  'guards',
  'repair',
  'money',
  'other',
] as const;
export const OfferCategory = StringEnum(OFFER_CATEGORIES);
export type OfferCategory = Static<typeof OfferCategory>;
export const OFFER_CATEGORY_LABELS: Readonly<Record<OfferCategory, Label>> = {
  rest_area: { zh: '爱心休息区', en: 'Rest area for outdoor workers' },
  meeting_room: { zh: '会议室', en: 'Meeting room' },
  protective_gear: { zh: '防护用品', en: 'Protective gear' },
  legal_hour: { zh: '法律咨询', en: "A lawyer's hour" },
  greenery: { zh: '绿化', en: 'Greenery' },
  guards: { zh: '安保', en: 'Guards' },
  repair: { zh: '维修', en: 'Repair' },
  money: { zh: '资金', en: 'Money' },
  other: { zh: '其他', en: 'Other' },
};

export const CreateOfferBody = Type.Object(
  {
    side: StringEnum(['offer', 'need'] as const),
    memberId: Uuid,
    category: OfferCategory,
    title: Type.String({ minLength: 1, maxLength: 60 }),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    /** a rest area must have a place and opening hours */
    lat: Type.Optional(Lat),
    lng: Type.Optional(Lng),
    /** "07:00-19:00" or "07:00-11:30,13:00-19:00" */
    openingHours: Type.Optional(
      Type.String({ pattern: '^\\d{2}:\\d{2}-\\d{2}:\\d{2}(,\\d{2}:\\d{2}-\\d{2}:\\d{2}){0,3}$' }),
    ),
  },
  { additionalProperties: false },
);
export type CreateOfferBody = Static<typeof CreateOfferBody>;

export const Offer = Type.Object({
  id: Uuid,
  councilId: Uuid,
  side: StringEnum(['offer', 'need'] as const),
  member: Type.Object({ id: Uuid, name: Type.String() }),
  category: OfferCategory,
  title: Type.String(),
  description: Type.String(),
  lat: Nullable(Type.Number()),
  lng: Nullable(Type.Number()),
  openingHours: Nullable(Type.String()),
  status: StringEnum(['open', 'matched', 'closed'] as const),
  projectId: Nullable(Uuid),
  createdAt: DateTime,
});
export type Offer = Static<typeof Offer>;
export const OfferList = Type.Object({ items: Type.Array(Offer) });
export type OfferList = Static<typeof OfferList>;

/** A need met by one or more offers: a project of the council's 项目清单. */
export const MatchBody = Type.Object(
  {
    needId: Uuid,
    offerIds: Type.Array(Uuid, { minItems: 1, maxItems: 10, uniqueItems: true }),
    title: Type.String({ minLength: 1, maxLength: 80 }),
  },
  { additionalProperties: false },
);
export type MatchBody = Static<typeof MatchBody>;
export const CouncilProject = Type.Object({
  id: Uuid,
  councilId: Uuid,
  title: Type.String(),
  need: Offer,
  offers: Type.Array(Offer),
  status: StringEnum(['planned', 'in_progress', 'done'] as const),
  createdAt: DateTime,
});
export type CouncilProject = Static<typeof CouncilProject>;
export const CouncilProjectList = Type.Object({ items: Type.Array(CouncilProject) });
export type CouncilProjectList = Static<typeof CouncilProjectList>;
export const ProjectStatusBody = Type.Object(
  { status: StringEnum(['planned', 'in_progress', 'done'] as const) },
  { additionalProperties: false },
);
export type ProjectStatusBody = Static<typeof ProjectStatusBody>;

/** Anyone, without signing in: the rest areas (and approved projects) of a block, or near a box. */
export const PublicMapQuery = Type.Object(
  {
    block: Type.Optional(Uuid),
    /** minLng,minLat,maxLng,maxLat — at most 0.2° a side */
    bbox: Type.Optional(Type.String({ pattern: '^-?[\\d.]+(,-?[\\d.]+){3}$' })),
  },
  { additionalProperties: false },
);
export type PublicMapQuery = Static<typeof PublicMapQuery>;
export const PublicMap = Type.Object({
  blocks: Type.Array(Type.Object({ id: Uuid, name: Type.String(), boundary: BlockBoundary })),
  restAreas: Type.Array(
    Type.Object({
      id: Uuid,
      title: Type.String(),
      /** the member offering it (an organisation, never a person) */
      offeredBy: Type.String(),
      lat: Type.Number(),
      lng: Type.Number(),
      openingHours: Type.String(),
      openNow: Type.Boolean(),
    }),
  ),
  /** guideline projects: approved and done applications, where they are */
  projects: Type.Array(
    Type.Object({
      id: Uuid,
      title: Type.String(),
      guideline: Type.String(),
      state: StringEnum(['approved', 'done'] as const),
      lat: Type.Number(),
      lng: Type.Number(),
    }),
  ),
  /** per guideline: applications, approved, done */
  progress: Type.Array(
    Type.Object({
      guidelineId: Uuid,
      title: Type.String(),
      applications: Type.Integer(),
      approved: Type.Integer(),
      done: Type.Integer(),
    }),
  ),
});
export type PublicMap = Static<typeof PublicMap>;

// ---------------------------------------------------------------------------------------------
// An election's or a motion's ballot chain, and council meetings

/** One ballot as the chain publishes it (readers, once the vote is closed). */
export const CouncilVoteChainEntry = Type.Object({
  seq: Type.Integer(),
  memberId: Uuid,
  choice: Nullable(VoteChoice),
  approve: Nullable(Type.Array(Type.Integer())),
  castAt: DateTime,
  prevHash: Type.String(),
  hash: Type.String(),
});
export type CouncilVoteChainEntry = Static<typeof CouncilVoteChainEntry>;
export const CouncilVoteChain = Type.Object({
  entries: Type.Array(CouncilVoteChainEntry),
  check: FundChainCheck,
});
export type CouncilVoteChain = Static<typeof CouncilVoteChain>;

/** A council meeting: as a committee's (meetings module), the council being the host. */
export const ScheduleCouncilMeetingBody = Type.Omit(ScheduleMeetingBody, ['committeeCode'], {
  additionalProperties: false,
});
export type ScheduleCouncilMeetingBody = Static<typeof ScheduleCouncilMeetingBody>;
export const CouncilMeetingQuery = Type.Object(
  { cursor: Cursor, limit: Limit },
  { additionalProperties: false },
);
export type CouncilMeetingQuery = Static<typeof CouncilMeetingQuery>;
