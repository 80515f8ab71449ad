import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { Label } from './cases.js';
import { StringEnum } from './errors.js';
import type { Role } from './identity.js';

/**
 * Property management, "1 + 3" (物业): per compound its property company (物业服务企业, one row
 * per unified social credit code, shared by the compounds it manages), its owners' committee
 * (业委会) and its property fee (物业费) with the history of changes, each decided by an owners'
 * vote (vote subject `property_fee`); and complaints about property per 1,000 households from
 * the cases (一网统管), by compound and by company.
 */

/** Who edits a committee's compounds; who reads them (the street, the district, the city). */
export const PROPERTY_STAFF_ROLES: readonly Role[] = ['committee_staff'];
export const PROPERTY_VIEWER_ROLES: readonly Role[] = [
  'committee_staff',
  'street_operator',
  'district_operator',
  'city_operator',
];

/** The vote subject type of a fee change (subject id: the change's id). */
export const PROPERTY_FEE_SUBJECT = 'property_fee';

export const OWNERS_COMMITTEE_ROLES = ['director', 'deputy_director', 'member'] as const;
export const OwnersCommitteeRole = StringEnum(OWNERS_COMMITTEE_ROLES);
export type OwnersCommitteeRole = Static<typeof OwnersCommitteeRole>;
export const OWNERS_COMMITTEE_ROLE_LABELS: Readonly<Record<OwnersCommitteeRole, Label>> = {
  director: { zh: '主任', en: 'Chair' },
  deputy_director: { zh: '副主任', en: 'Vice-chair' },
  member: { zh: '委员', en: 'Member' },
};
export const OWNERS_COMMITTEE_MAX = 21;

export const FEE_USES = ['residential', 'commercial'] as const;
export const FeeUse = StringEnum(FEE_USES);
export type FeeUse = Static<typeof FeeUse>;
export const FEE_USE_LABELS: Readonly<Record<FeeUse, Label>> = {
  residential: { zh: '住宅', en: 'Residential' },
  commercial: { zh: '商业', en: 'Commercial' },
};
/** fen per m² per month: at most ¥100.00 */
export const FEE_MAX_FEN = 10_000;

export const FEE_CHANGE_STATES = ['proposed', 'approved', 'rejected'] as const;
export const FeeChangeState = StringEnum(FEE_CHANGE_STATES);
export type FeeChangeState = Static<typeof FeeChangeState>;
export const FEE_CHANGE_STATE_LABELS: Readonly<Record<FeeChangeState, Label>> = {
  proposed: { zh: '待业主表决', en: "Awaiting the owners' vote" },
  approved: { zh: '表决通过', en: 'Approved by the owners' },
  rejected: { zh: '表决未通过', en: 'Rejected by the owners' },
};

/** The window of complaints, in days (default a year). */
export const COMPLAINT_DAYS_DEFAULT = 365;
export const COMPLAINT_DAYS_MAX = 3 * 365;

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const AreaCode = Type.String({ minLength: 2, maxLength: 64 });

export const CompoundParams = Type.Object({ code: AreaCode });
export type CompoundParams = Static<typeof CompoundParams>;
export const FeeChangeParams = Type.Object({ id: Uuid });
export type FeeChangeParams = Static<typeof FeeChangeParams>;

// ---------------------------------------------------------------------------------------------
// The company

export const PropertyCompanyBody = Type.Object(
  {
    name: Type.String({ minLength: 2, maxLength: 80 }),
    /** 统一社会信用代码: 18 characters, its last the GB 32100 check character */
    uscc: Type.String({ minLength: 1, maxLength: 30 }),
    servicePhone: Type.String({ minLength: 5, maxLength: 20, pattern: '^[0-9+() -]+$' }),
    contractStart: Day,
    contractEnd: Day,
  },
  { additionalProperties: false },
);
export type PropertyCompanyBody = Static<typeof PropertyCompanyBody>;

export const PropertyCompanyView = Type.Object({
  id: Uuid,
  name: Type.String(),
  uscc: Type.String(),
  servicePhone: Type.String(),
  /** of this compound's contract */
  contractStart: Day,
  contractEnd: Day,
});
export type PropertyCompanyView = Static<typeof PropertyCompanyView>;

// ---------------------------------------------------------------------------------------------
// The owners' committee

export const OwnersCommitteeMember = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 40 }),
    role: OwnersCommitteeRole,
    termStart: Day,
    termEnd: Day,
  },
  { additionalProperties: false },
);
export type OwnersCommitteeMember = Static<typeof OwnersCommitteeMember>;

export const OwnersCommitteeBody = Type.Object(
  { members: Type.Array(OwnersCommitteeMember, { maxItems: OWNERS_COMMITTEE_MAX }) },
  { additionalProperties: false },
);
export type OwnersCommitteeBody = Static<typeof OwnersCommitteeBody>;

// ---------------------------------------------------------------------------------------------
// Fees

export const FeeAmount = Type.Object(
  { use: FeeUse, fen: Type.Integer({ minimum: 0, maximum: FEE_MAX_FEN }) },
  { additionalProperties: false },
);
export type FeeAmount = Static<typeof FeeAmount>;

/** The fee of one use from a date: the fee on record, or one a vote decided. */
export const FeeRate = Type.Object({
  use: FeeUse,
  /** fen per m² per month */
  fen: Type.Integer(),
  effectiveFrom: Day,
  changeId: Nullable(Uuid),
  voteId: Nullable(Uuid),
});
export type FeeRate = Static<typeof FeeRate>;

/** The fee on record before the platform (no vote): only where the use has no fee yet. */
export const RecordFeesBody = Type.Object(
  {
    fees: Type.Array(FeeAmount, { minItems: 1, maxItems: 2 }),
    effectiveFrom: Day,
  },
  { additionalProperties: false },
);
export type RecordFeesBody = Static<typeof RecordFeesBody>;

export const CreateFeeChangeBody = Type.Object(
  {
    compoundCode: AreaCode,
    fees: Type.Array(FeeAmount, { minItems: 1, maxItems: 2 }),
    effectiveFrom: Day,
    reason: Type.String({ minLength: 2, maxLength: 1000 }),
  },
  { additionalProperties: false },
);
export type CreateFeeChangeBody = Static<typeof CreateFeeChangeBody>;

export const FeeChangeView = Type.Object({
  id: Uuid,
  compoundCode: Type.String(),
  compoundName: Type.String(),
  committeeCode: Type.String(),
  state: FeeChangeState,
  fees: Type.Array(FeeAmount),
  /** the fees in force when it was proposed */
  previous: Type.Array(FeeAmount),
  effectiveFrom: Day,
  reason: Type.String(),
  voteId: Nullable(Uuid),
  createdAt: Type.String(),
  decidedAt: Nullable(Type.String()),
});
export type FeeChangeView = Static<typeof FeeChangeView>;

// ---------------------------------------------------------------------------------------------
// Complaints about property per 1,000 households

export const ComplaintRate = Type.Object({
  cases: Type.Integer(),
  households: Type.Integer(),
  /** cases ÷ households × 1000, rounded half up to hundredths; null without households */
  per1000: Nullable(Type.Number()),
});
export type ComplaintRate = Static<typeof ComplaintRate>;

export const ComplaintQuery = Type.Object(
  {
    area: Type.Optional(AreaCode),
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: COMPLAINT_DAYS_MAX })),
  },
  { additionalProperties: false },
);
export type ComplaintQuery = Static<typeof ComplaintQuery>;

export const ComplaintRates = Type.Object({
  areaCode: Type.String(),
  areaName: Type.String(),
  days: Type.Integer(),
  since: Type.String(),
  /** the scenarios counted as complaints about property */
  scenarios: Type.Array(
    Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() }),
  ),
  total: ComplaintRate,
  byCompound: Type.Array(
    Type.Composite([
      Type.Object({
        compoundCode: Type.String(),
        compoundName: Type.String(),
        companyId: Nullable(Uuid),
        companyName: Nullable(Type.String()),
      }),
      ComplaintRate,
    ]),
  ),
  byCompany: Type.Array(
    Type.Composite([
      Type.Object({
        companyId: Uuid,
        companyName: Type.String(),
        uscc: Type.String(),
        compounds: Type.Integer(),
      }),
      ComplaintRate,
    ]),
  ),
});
export type ComplaintRates = Static<typeof ComplaintRates>;

// ---------------------------------------------------------------------------------------------
// A compound's "1 + 3"

export const CompoundProperty = Type.Object({
  compoundCode: Type.String(),
  compoundName: Type.String(),
  committeeCode: Type.String(),
  committeeName: Type.String(),
  company: Nullable(PropertyCompanyView),
  ownersCommittee: Type.Array(OwnersCommitteeMember),
  /** the fees in force today, by use */
  fees: Type.Array(FeeRate),
  /** a change awaiting the owners' vote */
  pendingChange: Nullable(FeeChangeView),
  complaints: ComplaintRate,
});
export type CompoundProperty = Static<typeof CompoundProperty>;

export const CompoundPropertyQuery = ComplaintQuery;
export type CompoundPropertyQuery = ComplaintQuery;

export const CompoundPropertyList = Type.Object({
  areaCode: Type.String(),
  areaName: Type.String(),
  days: Type.Integer(),
  items: Type.Array(CompoundProperty),
  /** may edit (committee staff of the area) */
  canEdit: Type.Boolean(),
});
export type CompoundPropertyList = Static<typeof CompoundPropertyList>;

/** One compound in full: the fee history and its changes. */
export const CompoundPropertyDetail = Type.Composite([
  CompoundProperty,
  Type.Object({
    feeHistory: Type.Array(FeeRate),
    changes: Type.Array(FeeChangeView),
    canEdit: Type.Boolean(),
  }),
]);
export type CompoundPropertyDetail = Static<typeof CompoundPropertyDetail>;
