import { Type, type Static } from '@sinclair/typebox';
import type { AreaLevel } from './areas.js';
import { StringEnum } from './errors.js';

export const ROLES = [
  'administrator',
  'city_operator',
  'district_operator',
  'street_operator',
  'committee_staff',
  'grid_leader',
  'patrol_inspector',
  'handler',
  'hotline_operator',
  'community_planner',
  'resident',
] as const;
export const Role = StringEnum(ROLES);
export type Role = Static<typeof Role>;

/** Every role but `resident`: an account holding one of these is staff (the console is its home). */
export const STAFF_ROLES: readonly Role[] = ROLES.filter((role) => role !== 'resident');

/** A mainland China mobile number (11 digits, 13x–19x): sign-up, codes, sign-in by phone. */
export const MAINLAND_MOBILE_PATTERN = '^1[3-9]\\d{9}$';
export const isMainlandMobile = (value: string): boolean => /^1[3-9]\d{9}$/.test(value);
/**
 * A mainland mobile number as typed (spaces, dashes, a +86 / 86 prefix) → its 11 digits,
 * or null when it is not one (a landline, 12 digits, letters).
 */
export function normalizeMainlandMobile(value: string): string | null {
  const m = /^(?:\+?86)?(1[3-9]\d{9})$/.exec(value.replace(/[\s-]/g, ''));
  return m ? m[1]! : null;
}

/** Roles that may create accounts and bind roles inside their own scope. */
export const ACCOUNT_MANAGER_ROLES: readonly Role[] = [
  'administrator',
  'city_operator',
  'district_operator',
  'street_operator',
  'committee_staff',
];
/** The audit log, the API documents and administrators' grants: the administrator alone. */
export const ADMINISTRATOR_ROLES: readonly Role[] = ['administrator'];

/** Where each role may be bound: an operator role belongs to its own level of the tree. */
export const ROLE_LEVELS: Record<Role, readonly AreaLevel[]> = {
  administrator: ['city', 'district', 'street', 'committee'],
  city_operator: ['city'],
  district_operator: ['district'],
  street_operator: ['street'],
  committee_staff: ['committee'],
  grid_leader: ['committee', 'grid'],
  patrol_inspector: ['district', 'street', 'committee', 'grid'],
  handler: ['city', 'district', 'street', 'committee', 'grid', 'compound'],
  hotline_operator: ['city', 'district'],
  // 社区规划师: consults residents of the street or committee it is bound to
  community_planner: ['street', 'committee'],
  resident: ['committee', 'grid', 'compound', 'building', 'unit', 'room'],
};

/**
 * A recovery code of the second factor as handed out: 10 characters of Crockford's base32 in two
 * groups (`7k3qm-x9d2p`). As typed in, letter case, a dash or space between the groups and the
 * look-alikes (`o` for 0, `i` or `l` for 1) do not matter.
 */
export const RECOVERY_CODE_PATTERN = '^[0-9A-Za-z]{5}[- ]?[0-9A-Za-z]{5}$';
/** How many recovery codes confirming TOTP (or making a new set) hands out. */
export const RECOVERY_CODE_COUNT = 10;
const TotpCode = Type.String({
  pattern: '^\\d{6}$',
  description: 'the 6-digit code the authenticator app shows now',
});

/**
 * Sign-in: the TOTP code too when the account has TOTP on (a 401 naming `totp` says so), or in
 * its place one of the account's recovery codes in `recoveryCode` (never both). A recovery code
 * works once: used again, a 401 names `recoveryCode`.
 */
export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
    totp: Type.Optional(
      Type.String({ pattern: '^\\d{6}$', description: 'the 6-digit code, when TOTP is on' }),
    ),
    recoveryCode: Type.Optional(
      Type.String({
        pattern: RECOVERY_CODE_PATTERN,
        description:
          'instead of `totp`: a one-time recovery code (`7k3qm-x9d2p`), when the authenticator app is lost',
      }),
    ),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

/** TOTP enrolment: the secret, shown this once, as text, as a URI and as a QR code of the URI. */
export const TotpSetup = Type.Object({
  secret: Type.String({ description: 'base32, shown this once' }),
  otpauthUri: Type.String({ description: 'otpauth://totp/… for an authenticator app' }),
  qrDataUrl: Type.String({
    description: 'the otpauth:// URI as a QR code: a data:image/svg+xml URL, drawn by the server',
  }),
});
export type TotpSetup = Static<typeof TotpSetup>;
export const TotpConfirmBody = Type.Object({ code: TotpCode }, { additionalProperties: false });
export type TotpConfirmBody = Static<typeof TotpConfirmBody>;

/** A new set of recovery codes: shown this once, stored only as keyed hashes. */
export const RecoveryCodes = Type.Object({
  codes: Type.Array(Type.String({ pattern: RECOVERY_CODE_PATTERN }), {
    minItems: RECOVERY_CODE_COUNT,
    maxItems: RECOVERY_CODE_COUNT,
  }),
});
export type RecoveryCodes = Static<typeof RecoveryCodes>;
/** A new set of recovery codes (the old set stops working), proved by a current TOTP code. */
export const RecoveryCodesBody = Type.Object({ code: TotpCode }, { additionalProperties: false });
export type RecoveryCodesBody = Static<typeof RecoveryCodesBody>;

/** The signed-in account's second factor. */
export const TotpStatus = Type.Object({
  isEnabled: Type.Boolean(),
  enabledAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** recovery codes not used yet */
  recoveryCodesLeft: Type.Integer({ minimum: 0 }),
  /** the account's roles need a second factor (TOTP_REQUIRED_ROLES; in production administrators and committee staff) */
  isRequired: Type.Boolean(),
  /** the account may turn TOTP on (staff, or anyone whose roles need it) */
  canEnrol: Type.Boolean(),
});
export type TotpStatus = Static<typeof TotpStatus>;

export const RoleBinding = Type.Object({
  id: Type.String(),
  role: Role,
  areaCode: Type.String(),
  areaName: Type.String(),
  areaLevel: Type.String(),
});
export type RoleBinding = Static<typeof RoleBinding>;

export const Me = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(RoleBinding),
});
export type Me = Static<typeof Me>;

/** TOTP confirmed: the account, and its first recovery codes (shown this once). */
export const TotpConfirmAnswer = Type.Composite([
  Me,
  Type.Object({
    recoveryCodes: RecoveryCodes.properties.codes,
  }),
]);
export type TotpConfirmAnswer = Static<typeof TotpConfirmAnswer>;

export const Account = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()], {
    description: 'masked: 138****5678',
  }),
  disabled: Type.Boolean(),
  /** the account signs in with a second factor (TOTP); an administrator can reset it */
  totpEnabled: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  roles: Type.Array(RoleBinding),
});
export type Account = Static<typeof Account>;

export const AccountList = Type.Object({
  items: Type.Array(Account),
  total: Type.Integer(),
});
export type AccountList = Static<typeof AccountList>;

export const USERNAME_PATTERN = '^[a-z][a-z0-9._-]{2,31}$';

export const RoleBindingInput = Type.Object(
  {
    role: Role,
    areaCode: Type.String({ pattern: '^\\d{2,12}(-[A-Za-z0-9-]{1,40})?$' }),
  },
  { additionalProperties: false },
);
export type RoleBindingInput = Static<typeof RoleBindingInput>;

export const CreateAccountBody = Type.Object(
  {
    username: Type.String({
      pattern: USERNAME_PATTERN,
      description: '3–32 characters: lower-case letters, digits, dot, dash, underscore',
    }),
    displayName: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 10, maxLength: 256 }),
    phone: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 32,
        description:
          'mainland mobile number as typed (spaces, dashes, +86 allowed), checked and normalised like the SMS codes (400 naming phone)',
      }),
    ),
    roles: Type.Array(RoleBindingInput, { minItems: 1, maxItems: 20 }),
  },
  { additionalProperties: false },
);
export type CreateAccountBody = Static<typeof CreateAccountBody>;

export const AccountListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 64 })),
    areaCode: Type.Optional(Type.String({ pattern: '^\\d{2,12}(-[A-Za-z0-9-]{1,40})?$' })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type AccountListQuery = Static<typeof AccountListQuery>;
