import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { StringEnum } from './errors.js';
import { Role } from './identity.js';

/**
 * One sign-on for the city's department systems (一键跳转登录, issue 25): the OpenID Connect
 * provider at `/oidc` (issuer `<PUBLIC_URL>/oidc`), the clients an administrator registers, the
 * catalogue 专业系统 a staff member sees, and our own sign-in / consent interaction.
 */

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const HttpUrl = Type.String({ minLength: 1, maxLength: 500 });

/**
 * The claims a client may be given (besides `sub`): `name` (display name), `roles` (the
 * account's roles with their area codes and names, only the roles the client allows),
 * `phone_number` (the account's mobile, unmasked: personal data, audited on release).
 */
export const SSO_CLAIMS = ['name', 'roles', 'phone_number'] as const;
export const SsoClaim = StringEnum(SSO_CLAIMS);
export type SsoClaim = Static<typeof SsoClaim>;
export const SSO_CLAIM_LABELS: Readonly<Record<SsoClaim, { zh: string; en: string }>> = {
  name: { zh: '姓名', en: 'Name' },
  roles: { zh: '角色与辖区', en: 'Roles and areas' },
  phone_number: { zh: '手机号码', en: 'Mobile number' },
};

/** The `roles` claim: one entry per role binding the client allows. */
export const SsoRoleClaim = Type.Object({
  role: Role,
  areaCode: Type.String(),
  areaName: Type.String(),
});
export type SsoRoleClaim = Static<typeof SsoRoleClaim>;

const ClientFields = {
  name: Type.String({ minLength: 1, maxLength: 60 }),
  /** the department that runs it: 民政局, 公安局, … */
  department: Type.String({ minLength: 1, maxLength: 60 }),
  logoUrl: Type.Optional(Nullable(HttpUrl)),
  /** exact https (or http on localhost) URIs the code may be sent to */
  redirectUris: Type.Array(HttpUrl, { minItems: 1, maxItems: 10 }),
  postLogoutRedirectUris: Type.Optional(Type.Array(HttpUrl, { maxItems: 10 })),
  /** where 专业系统's click lands: the client's third-party-initiated login URI */
  initiateLoginUri: HttpUrl,
  /** told when the user's session ends (OpenID Connect Back-Channel Logout) */
  backchannelLogoutUri: Type.Optional(Nullable(HttpUrl)),
  /** the roles whose holders see it in 专业系统 and may sign in to it */
  allowedRoles: Type.Array(Role, { minItems: 1, maxItems: 20 }),
  allowedClaims: Type.Array(SsoClaim, { maxItems: SSO_CLAIMS.length }),
};

export const CreateSsoClientBody = Type.Object(ClientFields, { additionalProperties: false });
export type CreateSsoClientBody = Static<typeof CreateSsoClientBody>;
export const UpdateSsoClientBody = Type.Partial(Type.Object(ClientFields), {
  additionalProperties: false,
});
export type UpdateSsoClientBody = Static<typeof UpdateSsoClientBody>;

/** A registered department system, as an administrator sees it (never its secret). */
export const SsoClient = Type.Object({
  id: Uuid,
  /** the OAuth client_id */
  clientId: Type.String(),
  name: Type.String(),
  department: Type.String(),
  logoUrl: Nullable(Type.String()),
  redirectUris: Type.Array(Type.String()),
  postLogoutRedirectUris: Type.Array(Type.String()),
  initiateLoginUri: Type.String(),
  backchannelLogoutUri: Nullable(Type.String()),
  allowedRoles: Type.Array(Role),
  allowedClaims: Type.Array(SsoClaim),
  disabled: Type.Boolean(),
  secretRotatedAt: DateTime,
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type SsoClient = Static<typeof SsoClient>;
export const SsoClientList = Type.Object({ items: Type.Array(SsoClient) });
export type SsoClientList = Static<typeof SsoClientList>;
/** POST /api/sso/clients and …/:id/secret: the client with its secret, shown this once. */
export const SsoClientWithSecret = Type.Intersect([
  SsoClient,
  Type.Object({ clientSecret: Type.String() }),
]);
export type SsoClientWithSecret = Static<typeof SsoClientWithSecret>;

/** 专业系统: a system the signed-in staff member's roles may use, and where one click lands. */
export const SsoSystem = Type.Object({
  id: Uuid,
  name: Type.String(),
  department: Type.String(),
  logoUrl: Nullable(Type.String()),
  /** initiateLoginUri with `iss` (and `target_link_uri`) added: open it, and it signs in */
  launchUrl: Type.String(),
});
export type SsoSystem = Static<typeof SsoSystem>;
export const SsoSystemList = Type.Object({ items: Type.Array(SsoSystem) });
export type SsoSystemList = Static<typeof SsoSystemList>;

/**
 * GET /api/sso/interactions/:uid — what our sign-in / consent page shows while a department
 * system waits: the client, the claims it asks for, whether the reader is signed in here and
 * holds a role the client allows.
 */
export const SsoInteraction = Type.Object({
  uid: Type.String(),
  prompt: StringEnum(['login', 'consent'] as const),
  client: Type.Object({
    name: Type.String(),
    department: Type.String(),
    logoUrl: Nullable(Type.String()),
  }),
  claims: Type.Array(SsoClaim),
  signedIn: Type.Boolean(),
  /** signed in and holding one of the client's allowed roles */
  allowed: Type.Boolean(),
});
export type SsoInteraction = Static<typeof SsoInteraction>;
/** POST …/:uid/confirm (sign in as the reader and grant the claims) or …/:uid/abort. */
export const SsoInteractionResult = Type.Object({ redirectTo: Type.String() });
export type SsoInteractionResult = Static<typeof SsoInteractionResult>;
