import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from './errors.js';
import type { Role } from './identity.js';

/**
 * Residents' accounts linked to the registry (社区互动): a resident asks to be verified as
 * living in a room, committee staff (or the household head) approve or refuse, and the account
 * is linked to the registry resident, room and household.
 */

/** How the account holder says they live in the room. */
export const RESIDENT_LINK_RELATIONS = ['owner', 'co_owner', 'tenant', 'family'] as const;
export const ResidentLinkRelation = StringEnum(RESIDENT_LINK_RELATIONS);
export type ResidentLinkRelation = Static<typeof ResidentLinkRelation>;
export const RESIDENT_LINK_RELATION_LABELS: Record<
  ResidentLinkRelation,
  { zh: string; en: string }
> = {
  owner: { zh: '产权人', en: 'Owner' },
  co_owner: { zh: '共有人', en: 'Co-owner' },
  tenant: { zh: '租户', en: 'Tenant' },
  family: { zh: '家庭成员', en: 'Family member' },
};

export const VERIFICATION_STATES = ['pending', 'approved', 'refused'] as const;
export const VerificationState = StringEnum(VERIFICATION_STATES);
export type VerificationState = Static<typeof VerificationState>;
export const VERIFICATION_STATE_LABELS: Record<VerificationState, { zh: string; en: string }> = {
  pending: { zh: '待审核', en: 'Pending' },
  approved: { zh: '已通过', en: 'Approved' },
  refused: { zh: '未通过', en: 'Refused' },
};

/**
 * Staff who see and decide verification requests in their area (住户认证). Requests name
 * people, so district and city roles, which get aggregates only (ENGINEERING.md §6), are not
 * among them.
 */
export const VERIFIER_ROLES: readonly Role[] = ['committee_staff', 'street_operator'];

/** The longest name a request may give. */
export const RESIDENT_NAME_MAX = 40;

export const VerificationRequestBody = Type.Object(
  {
    roomId: Type.String({ format: 'uuid' }),
    relation: ResidentLinkRelation,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    idNumber: Type.String({ minLength: 1, maxLength: 40, description: 'GB 11643 resident ID' }),
  },
  { additionalProperties: false },
);
export type VerificationRequestBody = Static<typeof VerificationRequestBody>;

/** The registry resident the platform suggests for a request: masked, never the ID number. */
export const VerificationMatch = Type.Object({
  residentId: Type.String(),
  /** masked: 张* */
  name: Type.String(),
  /** does the name given equal the registry's */
  nameMatches: Type.Boolean(),
  /** the registry's household relation: head, spouse, child, … tenant */
  registryRelation: Type.Union([Type.String(), Type.Null()]),
  isHead: Type.Boolean(),
  householdId: Type.Union([Type.String(), Type.Null()]),
  householdNumber: Type.Union([Type.String(), Type.Null()]),
  /** the head of that household, masked (null when it has none) */
  headName: Type.Union([Type.String(), Type.Null()]),
  /** building, unit, room of the registry resident */
  roomLabel: Type.Union([Type.String(), Type.Null()]),
  /** the registry resident lives in the requested room */
  sameRoom: Type.Boolean(),
});
export type VerificationMatch = Static<typeof VerificationMatch>;

export const VerificationRequest = Type.Object({
  id: Type.String(),
  state: VerificationState,
  roomId: Type.String(),
  /** compound, building, unit, room */
  roomLabel: Type.String(),
  committeeCode: Type.String(),
  committeeName: Type.String(),
  relation: ResidentLinkRelation,
  /** masked */
  name: Type.String(),
  /** masked: 3101**********1234 */
  idNumber: Type.String(),
  /** the account that asked: its display name and masked phone (staff views only) */
  account: Type.Optional(
    Type.Object({
      id: Type.String(),
      displayName: Type.String(),
      phone: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  /** approved, and the account is still verified as that resident (staff views only) */
  linked: Type.Optional(Type.Boolean()),
  /** the suggested registry resident (staff and household-head views only) */
  match: Type.Optional(Type.Union([VerificationMatch, Type.Null()])),
  createdAt: Type.String({ format: 'date-time' }),
  decidedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** 'staff' or 'head' */
  decidedAs: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
});
export type VerificationRequest = Static<typeof VerificationRequest>;

export const VerificationRequestList = Type.Object({
  items: Type.Array(VerificationRequest),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type VerificationRequestList = Static<typeof VerificationRequestList>;

export const VerificationQuery = Type.Object(
  {
    state: Type.Optional(VerificationState),
    /** an area code: only requests below it */
    area: Type.Optional(Type.String({ pattern: '^\\d{2,12}(-[A-Za-z0-9-]{1,40})?$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
  },
  { additionalProperties: false },
);
export type VerificationQuery = Static<typeof VerificationQuery>;

export const ApproveVerificationBody = Type.Object(
  {
    /** the registry resident to link: by default the suggested one */
    residentId: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false },
);
export type ApproveVerificationBody = Static<typeof ApproveVerificationBody>;

export const RefuseVerificationBody = Type.Object(
  { reason: Type.String({ maxLength: 500 }) },
  { additionalProperties: false },
);
export type RefuseVerificationBody = Static<typeof RefuseVerificationBody>;

export const RevokeLinkBody = RefuseVerificationBody;
export type RevokeLinkBody = RefuseVerificationBody;

/** An account's verified home, masked. */
export const ResidentLink = Type.Object({
  accountId: Type.String(),
  residentId: Type.String(),
  roomId: Type.String(),
  roomLabel: Type.String(),
  committeeCode: Type.String(),
  committeeName: Type.String(),
  compoundCode: Type.String(),
  householdId: Type.Union([Type.String(), Type.Null()]),
  householdNumber: Type.Union([Type.String(), Type.Null()]),
  relation: ResidentLinkRelation,
  isHead: Type.Boolean(),
  status: Type.Union([Type.Literal('verified'), Type.Literal('revoked')]),
  verifiedAt: Type.String({ format: 'date-time' }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedReason: Type.Union([Type.String(), Type.Null()]),
});
export type ResidentLink = Static<typeof ResidentLink>;

/** GET /api/residents/me: the account's link and its newest request (either may be null). */
export const ResidentMe = Type.Object({
  link: Type.Union([ResidentLink, Type.Null()]),
  request: Type.Union([VerificationRequest, Type.Null()]),
});
export type ResidentMe = Static<typeof ResidentMe>;

export const HouseholdMember = Type.Object({
  /** masked */
  name: Type.String(),
  /** the registry's relation to the head: head, spouse, child, … */
  relation: Type.Union([Type.String(), Type.Null()]),
  /** this member is the signed-in account's own registry record */
  isMe: Type.Boolean(),
  /** has a verified account on the platform */
  isVerified: Type.Boolean(),
});
export type HouseholdMember = Static<typeof HouseholdMember>;

export const Household = Type.Object({
  link: ResidentLink,
  householdNumber: Type.Union([Type.String(), Type.Null()]),
  members: Type.Array(HouseholdMember),
});
export type Household = Static<typeof Household>;

/** The resident picker: compounds, buildings, rooms. Nothing personal. */
export const PickerCompound = Type.Object({
  code: Type.String(),
  name: Type.String(),
  committeeCode: Type.String(),
  committeeName: Type.String(),
  streetName: Type.String(),
});
export const PickerCompoundList = Type.Object({ items: Type.Array(PickerCompound) });
export type PickerCompound = Static<typeof PickerCompound>;
export type PickerCompoundList = Static<typeof PickerCompoundList>;
export const PickerCompoundQuery = Type.Object(
  {
    /** a committee's code: its compounds */
    committee: Type.Optional(Type.String({ pattern: '^\\d{2,12}$' })),
    /** part of a compound's or committee's name */
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  },
  { additionalProperties: false },
);
export type PickerCompoundQuery = Static<typeof PickerCompoundQuery>;

export const PickerBuilding = Type.Object({ id: Type.String(), name: Type.String() });
export const PickerBuildingList = Type.Object({ items: Type.Array(PickerBuilding) });
export type PickerBuilding = Static<typeof PickerBuilding>;
export type PickerBuildingList = Static<typeof PickerBuildingList>;
export const PickerBuildingQuery = Type.Object(
  { compound: Type.String({ pattern: '^\\d{2,12}(-[A-Za-z0-9-]{1,40})?$' }) },
  { additionalProperties: false },
);
export type PickerBuildingQuery = Static<typeof PickerBuildingQuery>;

export const PickerRoom = Type.Object({
  id: Type.String(),
  buildingId: Type.String(),
  building: Type.String(),
  unit: Type.String(),
  number: Type.String(),
});
export const PickerRoomList = Type.Object({
  items: Type.Array(PickerRoom),
  /** more rooms match than were returned: narrow the search */
  more: Type.Boolean(),
});
export type PickerRoom = Static<typeof PickerRoom>;
export type PickerRoomList = Static<typeof PickerRoomList>;
export const PickerRoomQuery = Type.Object(
  {
    compound: Type.String({ pattern: '^\\d{2,12}(-[A-Za-z0-9-]{1,40})?$' }),
    building: Type.Optional(Type.String({ format: 'uuid' })),
    /** the start of a room number (or unit) */
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
  },
  { additionalProperties: false },
);
export type PickerRoomQuery = Static<typeof PickerRoomQuery>;

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

/**
 * A hint for a resident ID as it is typed (GB 11643, ISO 7064 MOD 11-2 check character):
 * 'incomplete' until 18 characters, 'format' when they are not 17 digits and a digit or X,
 * the expected check character when the last one is wrong, or 'ok'. The server checks fully.
 */
export function residentIdHint(
  value: string,
): 'incomplete' | 'format' | 'ok' | { expected: string } {
  const id = value.trim().toUpperCase();
  if (id.length < 18) return /^\d*$/.test(id) || /^\d{17}X$/.test(id) ? 'incomplete' : 'format';
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  const sum = ID_WEIGHTS.reduce((s, w, i) => s + w * Number(id[i]), 0);
  const expected = ID_CHECK_CHARS[sum % 11]!;
  return id[17] === expected ? 'ok' : { expected };
}
