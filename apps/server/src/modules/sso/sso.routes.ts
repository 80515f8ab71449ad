import {
  CreateSsoClientBody,
  SsoClient,
  SsoClientList,
  SsoClientWithSecret,
  SsoInteraction,
  SsoInteractionResult,
  SsoSystemList,
  UpdateSsoClientBody,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import { listSystems } from './catalogue.js';
import {
  listClients,
  registerClient,
  rotateClientSecret,
  setClientDisabled,
  updateClient,
} from './clients.js';
import { abortInteraction, confirmInteraction, describeInteraction } from './interactions.js';
import { issuerOf, OIDC_PREFIX, providersOf, serveOidc } from './providers.js';

const tags = ['sso'];
const pre = { preHandler: requireSignIn };
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const UidParams = Type.Object({ uid: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) });

/**
 * One sign-on (decision 024): the OpenID Connect provider at /oidc, handed the raw requests
 * (Fastify parses no body there), and our API — the department systems an administrator
 * registers, 专业系统, and the sign-in / consent interaction our web page drives.
 */
export async function ssoRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { config } = app.deps;
  const providers = providersOf(app.deps);
  const providerOf = async (req: FastifyRequest) =>
    (await providers.providerFor(issuerOf(config, req))).provider;
  const browser = (req: FastifyRequest, reply: FastifyReply) => ({ req: req.raw, res: reply.raw });

  // before the body is read: the provider reads its own (forms, Basic auth, no CSRF header)
  const mount = async (req: FastifyRequest, reply: FastifyReply) => {
    reply.hijack();
    await serveOidc(providers, config, req, reply.raw);
  };
  const never = async () => undefined;
  app.all(OIDC_PREFIX, { onRequest: mount, schema: { hide: true } }, never);
  app.all(`${OIDC_PREFIX}/*`, { onRequest: mount, schema: { hide: true } }, never);

  r.get(
    '/api/sso/clients',
    {
      ...pre,
      schema: {
        tags,
        summary: 'The registered department systems (a city-wide administrator)',
        response: { 200: SsoClientList, ...errorResponses },
      },
    },
    (req) => listClients(req.ctx),
  );
  r.post(
    '/api/sso/clients',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Register a department system: its client_id and secret (shown once; audited)',
        description:
          'Redirect, logout and login-initiation URIs are https, or http on localhost / ' +
          '127.0.0.1 (400 `redirectUris.N` `scheme`), without a fragment.',
        body: CreateSsoClientBody,
        response: { 201: SsoClientWithSecret, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await registerClient(req.ctx, req.body)),
  );
  r.put(
    '/api/sso/clients/:id',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Change a department system (the fields given; audited)',
        params: IdParams,
        body: UpdateSsoClientBody,
        response: { 200: SsoClient, ...errorResponses },
      },
    },
    (req) => updateClient(req.ctx, req.params.id, req.body),
  );
  r.post(
    '/api/sso/clients/:id/secret',
    {
      ...pre,
      schema: {
        tags,
        summary: 'A new client secret (shown once); the old one stops working at once (audited)',
        params: IdParams,
        response: { 200: SsoClientWithSecret, ...errorResponses },
      },
    },
    (req) => rotateClientSecret(req.ctx, req.params.id),
  );
  for (const [verb, isDisabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    r.post(
      `/api/sso/clients/:id/${verb}`,
      {
        ...pre,
        schema: {
          tags,
          summary: isDisabled
            ? 'Disable a department system: its sign-ins stop, its grants and tokens end (audited)'
            : 'Enable a disabled department system (audited)',
          params: IdParams,
          response: { 200: SsoClient, ...errorResponses },
        },
      },
      (req) => setClientDisabled(req.ctx, req.params.id, isDisabled),
    );
  }

  r.get(
    '/api/sso/systems',
    {
      ...pre,
      schema: {
        tags,
        summary: '专业系统: the department systems your roles may use, and where a click lands',
        response: { 200: SsoSystemList, ...errorResponses },
      },
    },
    (req) => listSystems(req.ctx, issuerOf(config, req)),
  );

  r.get(
    '/api/sso/interactions/:uid',
    {
      schema: {
        tags,
        summary: 'A sign-in a department system waits for: the system, the claims, who you are',
        description:
          'Needs the interaction cookie the provider set in this browser; signed in or not. ' +
          '404 when it has expired or belongs to another browser.',
        params: UidParams,
        response: { 200: SsoInteraction, ...errorResponses },
      },
    },
    async (req, reply) =>
      describeInteraction(req.ctx, await providerOf(req), browser(req, reply), req.params.uid),
  );
  r.post(
    '/api/sso/interactions/:uid/confirm',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Sign in to the department system as yourself and grant its claims',
        description:
          'A full session (not an enrolment-only one) holding a role the system allows ' +
          '(else 403, audited). Answers where the browser goes next (the provider, which ' +
          'sends it on to the system with a code).',
        params: UidParams,
        response: { 200: SsoInteractionResult, ...errorResponses },
      },
    },
    async (req, reply) =>
      confirmInteraction(req.ctx, await providerOf(req), browser(req, reply), req.params.uid),
  );
  r.post(
    '/api/sso/interactions/:uid/abort',
    {
      schema: {
        tags,
        summary: 'Decline: the department system is told access_denied',
        params: UidParams,
        response: { 200: SsoInteractionResult, ...errorResponses },
      },
    },
    async (req, reply) =>
      abortInteraction(await providerOf(req), browser(req, reply), req.params.uid),
  );
}
