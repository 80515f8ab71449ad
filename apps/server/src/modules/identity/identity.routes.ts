import {
  Account,
  AccountList,
  AccountListQuery,
  CreateAccountBody,
  LoginBody,
  Me,
  RoleBindingInput,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import {
  createAccount,
  getAccount,
  grantRole,
  listAccounts,
  revokeRole,
} from './accounts.service.js';
import { logIn, logOut, SESSION_MAX_MS, toMe } from './auth.service.js';

/** `__Host-` needs Secure, so it is used whenever the request came over TLS. */
export const SESSION_COOKIE = {
  secure: '__Host-cc_session',
  plain: 'cc_session',
} as const;

function isTls(req: FastifyRequest): boolean {
  return req.protocol === 'https';
}

export function readSessionToken(req: FastifyRequest): string | null {
  const token = req.cookies[SESSION_COOKIE.secure] ?? req.cookies[SESSION_COOKIE.plain];
  return token && /^[A-Za-z0-9_-]{43}$/.test(token) ? token : null;
}

function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string): void {
  const secure = isTls(req);
  void reply.setCookie(secure ? SESSION_COOKIE.secure : SESSION_COOKIE.plain, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure,
    maxAge: SESSION_MAX_MS / 1000,
  });
}

function clearSessionCookies(reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE.plain, { path: '/' });
  void reply.clearCookie(SESSION_COOKIE.secure, { path: '/', secure: true });
}

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const BindingParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  bindingId: Type.String({ format: 'uuid' }),
});

export async function identityRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/api/auth/login',
    {
      config: { rateLimit: { max: app.deps.config.loginsPerMinutePerIp, timeWindow: 60_000 } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets the session cookie',
        body: LoginBody,
        response: { 200: Me, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { token, me } = await logIn(req.ctx, {
        username: req.body.username,
        password: req.body.password,
        userAgent: req.headers['user-agent'] ?? null,
        previousToken: readSessionToken(req),
      });
      setSessionCookie(req, reply, token);
      return me;
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
      await logOut(req.ctx, readSessionToken(req));
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
}
