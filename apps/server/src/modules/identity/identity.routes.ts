import {
  Account,
  AccountList,
  AccountListQuery,
  CodeLoginBody,
  CodeRequestAnswer,
  CreateAccountBody,
  LoginBody,
  Me,
  MyProfile,
  PasswordResetBody,
  PasswordSetBody,
  PhoneChangeBody,
  RecoveryCodes,
  RecoveryCodesBody,
  SignUpBody,
  RoleBindingInput,
  TotpConfirmAnswer,
  TotpConfirmBody,
  TotpSetup,
  TotpStatus,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import {
  createAccount,
  getAccount,
  grantRole,
  listAccounts,
  resetAccountTotp,
  revokeRole,
  setAccountDisabled,
} from './accounts.service.js';
import { authenticateEnrolment, changePassword, logIn, logOut, toMe } from './auth.service.js';
import { addressKey } from './address-key.js';
import {
  changeMyPhone,
  codeLogIn,
  myProfile,
  resetPassword,
  sendPasswordSetCode,
  setMyPassword,
  signUp,
} from './phone-accounts.service.js';
import {
  confirmTotp,
  getTotpStatus,
  renewRecoveryCodes,
  setupTotp,
  type EnrolmentSession,
} from './totp.service.js';

/** `__Host-` needs Secure, so it is used whenever the cookie is Secure. */
export const SESSION_COOKIE = {
  secure: '__Host-cc_session',
  plain: 'cc_session',
} as const;

/** The request's client as the configured proxies say (identity counts sign-ins by it). */
/** The client as Fastify sees it: X-Forwarded-* believed only from the configured proxies. */
function clientOfRequest(req: FastifyRequest) {
  return { address: req.ip, isTls: req.protocol === 'https' };
}

/** The context of a use case, with the client address the trusted proxies vouch for. */
function ctxOf(req: FastifyRequest): Ctx {
  return { ...req.ctx, ip: clientOfRequest(req).address };
}

/** Sign-in attempts counted per client address (an IPv6 client by its /64). */
function addressOfRequest(req: FastifyRequest): string {
  return addressKey(clientOfRequest(req).address);
}

/**
 * The session token of the request. In production only the `__Host-` cookie counts: a plain
 * one could have been planted by a neighbouring site or over plain HTTP.
 */
export function readSessionToken(req: FastifyRequest): string | null {
  const token = req.server.deps.config.production
    ? req.cookies[SESSION_COOKIE.secure]
    : (req.cookies[SESSION_COOKIE.secure] ?? req.cookies[SESSION_COOKIE.plain]);
  return token && /^[A-Za-z0-9_-]{43}$/.test(token) ? token : null;
}

/** Secure (and `__Host-`) always in production, and whenever the client came over TLS. */
function setSessionCookie(
  req: FastifyRequest,
  reply: FastifyReply,
  token: string,
  maxAgeMs: number,
): void {
  const secure = req.server.deps.config.production || clientOfRequest(req).isTls;
  // a plain cookie left from before would only linger
  if (secure && req.cookies[SESSION_COOKIE.plain])
    void reply.clearCookie(SESSION_COOKIE.plain, { path: '/' });
  void reply.setCookie(secure ? SESSION_COOKIE.secure : SESSION_COOKIE.plain, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure,
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

function clearSessionCookies(reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE.plain, { path: '/' });
  void reply.clearCookie(SESSION_COOKIE.secure, { path: '/', secure: true });
}

/** preHandler of the TOTP enrolment: a full session, or one that may only enrol. */
async function requireEnrolmentSession(req: FastifyRequest): Promise<void> {
  const token = readSessionToken(req);
  const session = token ? await authenticateEnrolment(req.server.deps.db, token) : null;
  if (!session) throw AppError.unauthenticated();
  req.enrolment = session;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** set by requireEnrolmentSession */
    enrolment?: EnrolmentSession;
  }
}

const Password = Type.String({ minLength: 1, maxLength: 256 });
const LoginAnswer = Type.Composite([
  Me,
  Type.Object({
    totpEnrolmentRequired: Type.Optional(
      Type.Boolean({
        description:
          'true: this session may only enrol TOTP (POST /api/auth/totp/setup, then /confirm)',
      }),
    ),
    recoveryCodesLeft: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'signed in with a recovery code: how many unused codes are left',
      }),
    ),
  }),
]);
const PasswordChangeBody = Type.Object(
  { currentPassword: Password, newPassword: Password },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const BindingParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  bindingId: Type.String({ format: 'uuid' }),
});

export async function identityRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const limited = {
    max: app.deps.config.loginsPerMinutePerIp,
    timeWindow: 60_000,
    keyGenerator: addressOfRequest,
  };
  r.post(
    '/api/auth/login',
    {
      config: { rateLimit: limited },
      schema: {
        tags: ['auth'],
        summary: 'Sign in (with the TOTP code when it is on); sets the session cookie',
        body: LoginBody,
        response: { 200: LoginAnswer, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { token, me, isEnrolmentOnly, maxAgeMs, recoveryCodesLeft } = await logIn(ctxOf(req), {
        username: req.body.username,
        password: req.body.password,
        totp: req.body.totp ?? null,
        recoveryCode: req.body.recoveryCode ?? null,
        userAgent: req.headers['user-agent'] ?? null,
        previousToken: readSessionToken(req),
      });
      setSessionCookie(req, reply, token, maxAgeMs);
      return {
        ...me,
        ...(isEnrolmentOnly ? { totpEnrolmentRequired: true } : {}),
        ...(recoveryCodesLeft !== undefined ? { recoveryCodesLeft } : {}),
      };
    },
  );
  r.post(
    '/api/auth/password',
    {
      preHandler: requireSignIn,
      config: { rateLimit: limited },
      schema: {
        tags: ['auth'],
        summary: 'Change your password: ends your other sessions, renews this one',
        body: PasswordChangeBody,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { token, maxAgeMs } = await changePassword(
        ctxOf(req),
        readSessionToken(req)!,
        req.body,
        req.headers['user-agent'] ?? null,
      );
      setSessionCookie(req, reply, token, maxAgeMs);
      return reply.status(204).send(null);
    },
  );
  r.post(
    '/api/auth/totp/setup',
    {
      preHandler: requireEnrolmentSession,
      config: { rateLimit: limited },
      schema: {
        tags: ['auth'],
        summary: 'Start TOTP enrolment: a new secret, shown this once',
        response: { 200: TotpSetup, ...errorResponses },
      },
    },
    async (req, reply) => {
      void reply.header('cache-control', 'no-store');
      return setupTotp(ctxOf(req), req.enrolment!);
    },
  );
  r.post(
    '/api/auth/totp/confirm',
    {
      preHandler: requireEnrolmentSession,
      config: { rateLimit: limited },
      schema: {
        tags: ['auth'],
        summary:
          'Turn TOTP on with a code; renews the session as a full one and hands out 10 recovery codes, shown this once',
        body: TotpConfirmBody,
        response: { 200: TotpConfirmAnswer, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { token, me, recoveryCodes, maxAgeMs } = await confirmTotp(
        ctxOf(req),
        req.enrolment!,
        req.body.code,
        req.headers['user-agent'] ?? null,
      );
      setSessionCookie(req, reply, token, maxAgeMs);
      void reply.header('cache-control', 'no-store');
      return { ...me, recoveryCodes };
    },
  );
  r.get(
    '/api/auth/totp',
    {
      preHandler: requireSignIn,
      schema: {
        tags: ['auth'],
        summary: 'Your second factor: on or off, recovery codes left, whether your roles need it',
        response: { 200: TotpStatus, ...errorResponses },
      },
    },
    (req) => getTotpStatus(ctxOf(req)),
  );
  r.post(
    '/api/auth/totp/recovery-codes',
    {
      preHandler: requireSignIn,
      config: { rateLimit: limited },
      schema: {
        tags: ['auth'],
        summary:
          'A new set of 10 recovery codes, shown this once, with a current TOTP code; the old set stops working',
        body: RecoveryCodesBody,
        response: { 200: RecoveryCodes, ...errorResponses },
      },
    },
    async (req, reply) => {
      void reply.header('cache-control', 'no-store');
      return renewRecoveryCodes(ctxOf(req), req.body.code);
    },
  );
  r.post(
    '/api/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out: ends the session',
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await logOut(ctxOf(req), readSessionToken(req));
      clearSessionCookies(reply);
      return reply.status(204).send(null);
    },
  );
  r.get(
    '/api/auth/me',
    {
      preHandler: requireSignIn,
      schema: {
        tags: ['auth'],
        summary: 'The signed-in account and its role bindings',
        response: { 200: Me, ...errorResponses },
      },
    },
    (req) => toMe(req.ctx.actor!),
  );

  // residents by phone (issue 19): sign-up, sign-in and reset by SMS code, a new phone
  const client = (req: FastifyRequest) => ({
    userAgent: req.headers['user-agent'] ?? null,
    previousToken: readSessionToken(req),
  });
  r.post(
    '/api/auth/sign-up',
    {
      config: { rateLimit: limited },
      schema: {
        tags: ['auth'],
        summary: 'Sign up with a phone and its sign-up code (password optional); signs in',
        body: SignUpBody,
        response: { 201: Me, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { token, me, maxAgeMs } = await signUp(ctxOf(req), req.body, client(req));
      setSessionCookie(req, reply, token, maxAgeMs);
      return reply.status(201).send(me);
    },
  );
  r.post(
    '/api/auth/code-login',
    {
      config: { rateLimit: limited },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with a phone and its sign-in code (residents; never staff)',
        body: CodeLoginBody,
        response: { 200: Me, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { token, me, maxAgeMs } = await codeLogIn(ctxOf(req), req.body, client(req));
      setSessionCookie(req, reply, token, maxAgeMs);
      return me;
    },
  );
  r.post(
    '/api/auth/password-reset',
    {
      config: { rateLimit: limited },
      schema: {
        tags: ['auth'],
        summary: "Set a new password with a reset code: ends all the account's sessions",
        body: PasswordResetBody,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await resetPassword(ctxOf(req), req.body);
      return reply.status(204).send(null);
    },
  );
  r.get(
    '/api/me',
    {
      preHandler: requireSignIn,
      schema: {
        tags: ['auth'],
        summary: 'Your own profile: name, masked phone, whether a password is set',
        response: { 200: MyProfile, ...errorResponses },
      },
    },
    (req) => myProfile(ctxOf(req)),
  );
  r.post(
    '/api/me/password/code',
    {
      preHandler: requireSignIn,
      config: { rateLimit: limited },
      schema: {
        tags: ['auth'],
        summary:
          "Send a 'reset' code to your own phone, to set a first password (an account without one; residents only)",
        response: { 202: CodeRequestAnswer, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(202).send(await sendPasswordSetCode(ctxOf(req))),
  );
  r.post(
    '/api/me/password',
    {
      preHandler: requireSignIn,
      config: { rateLimit: limited },
      schema: {
        tags: ['auth'],
        summary:
          'Set a first password with the code sent to your phone: ends your other sessions, renews this one',
        body: PasswordSetBody,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { token, maxAgeMs } = await setMyPassword(
        ctxOf(req),
        readSessionToken(req)!,
        req.body,
        req.headers['user-agent'] ?? null,
      );
      setSessionCookie(req, reply, token, maxAgeMs);
      return reply.status(204).send(null);
    },
  );
  r.put(
    '/api/me/phone',
    {
      preHandler: requireSignIn,
      config: { rateLimit: limited },
      schema: {
        tags: ['auth'],
        summary: "Change your phone with a code sent to the new number (purpose 'phone')",
        body: PhoneChangeBody,
        response: { 200: MyProfile, ...errorResponses },
      },
    },
    (req) => changeMyPhone(ctxOf(req), req.body),
  );

  const tags = ['accounts'];
  r.get(
    '/api/accounts',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Accounts with a role in your scope',
        querystring: AccountListQuery,
        response: { 200: AccountList, ...errorResponses },
      },
    },
    (req) => listAccounts(req.ctx, req.query),
  );
  r.post(
    '/api/accounts',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Create an account with roles in your scope',
        body: CreateAccountBody,
        response: { 201: Account, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createAccount(req.ctx, req.body)),
  );
  r.get(
    '/api/accounts/:id',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'One account',
        params: IdParams,
        response: { 200: Account, ...errorResponses },
      },
    },
    (req) => getAccount(req.ctx, req.params.id),
  );
  r.post(
    '/api/accounts/:id/roles',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Bind a role at an area',
        params: IdParams,
        body: RoleBindingInput,
        response: { 200: Account, ...errorResponses },
      },
    },
    (req) => grantRole(req.ctx, req.params.id, req.body),
  );
  r.delete(
    '/api/accounts/:id/roles/:bindingId',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Remove a role binding',
        params: BindingParams,
        response: { 200: Account, ...errorResponses },
      },
    },
    (req) => revokeRole(req.ctx, req.params.id, req.params.bindingId),
  );
  r.post(
    '/api/accounts/:id/totp/reset',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary:
          "Reset a lost second factor (administrators): TOTP off, recovery codes deleted, the account's sessions end",
        params: IdParams,
        response: { 200: Account, ...errorResponses },
      },
    },
    (req) => resetAccountTotp(ctxOf(req), req.params.id),
  );
  for (const [verb, isDisabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    r.post(
      `/api/accounts/:id/${verb}`,
      {
        preHandler: requireSignIn,
        schema: {
          tags,
          summary: isDisabled
            ? 'Disable an account: its sessions end at once'
            : 'Enable a disabled account',
          params: IdParams,
          response: { 200: Account, ...errorResponses },
        },
      },
      (req) => setAccountDisabled(req.ctx, req.params.id, isDisabled),
    );
  }
}
