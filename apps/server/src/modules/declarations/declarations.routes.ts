import {
  DeclarationDetail,
  DeclarationLinkParams,
  DeclarationLinkView,
  DeclarationPage,
  DeclarationParams,
  DeclarationRevealAnswer,
  DeclarationRevealBody,
  DeclarationReviewBody,
  DeclarationsQuery,
  DeclareAnswer,
  DeclareBody,
  DeclareForm,
  DeclareRoomList,
  DeclareRoomsQuery,
  DeclareTokenParams,
  ErrorBody,
  GuestDeclarationBody,
  MyDeclarationList,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { perAccountLimit } from '../../platform/account-rate-limit.js';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import {
  declareForm,
  declareRooms,
  getDeclarationLink,
  rotateDeclarationLink,
} from './declaration-links.js';
import {
  getDeclaration,
  listDeclarations,
  myDeclarations,
  revealDeclaration,
  reviewDeclaration,
} from './declarations.service.js';
import { declareForGuest, declarePublic } from './declare.service.js';

const tags = ['declarations'];
const pre = { preHandler: requireSignIn };
/** the public form's reads (the form, its rooms): generous, still per address */
const FORM_READS_PER_MINUTE = 120;
const publicErrors = { 400: ErrorBody, 404: ErrorBody, 429: ErrorBody } as const;

export async function declarationRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { config } = app.deps;
  /** PUBLIC_URL, or (outside production) where the request came from */
  const originOf = (req: FastifyRequest) => config.publicUrl ?? `${req.protocol}://${req.host}`;

  // ---- the compound's QR poster (committee staff) ----
  r.get(
    '/api/declaration-links/:compoundCode',
    {
      ...pre,
      schema: {
        tags,
        summary:
          "The compound's declaration link and its QR code (committee staff; made on the first call)",
        params: DeclarationLinkParams,
        response: { 200: DeclarationLinkView, ...errorResponses },
      },
    },
    (req) => getDeclarationLink(req.ctx, req.params.compoundCode, originOf(req)),
  );
  r.post(
    '/api/declaration-links/:compoundCode/rotate',
    {
      ...pre,
      schema: {
        tags,
        summary: 'A new token for the poster; the old one stops (404). Audited',
        params: DeclarationLinkParams,
        response: { 200: DeclarationLinkView, ...errorResponses },
      },
    },
    (req) => rotateDeclarationLink(req.ctx, req.params.compoundCode, originOf(req)),
  );

  // ---- declaring (public, no session) ----
  const formReads = { rateLimit: perAccountLimit(FORM_READS_PER_MINUTE, 60_000, 'form requests') };
  r.get(
    '/api/declare/:token',
    {
      config: formReads,
      schema: {
        tags,
        summary: 'The declaration form of a QR token: compound, committee, buildings (public)',
        security: [],
        params: DeclareTokenParams,
        response: { 200: DeclareForm, ...publicErrors },
      },
    },
    (req) => declareForm(req.ctx, req.params.token),
  );
  r.get(
    '/api/declare/:token/rooms',
    {
      config: formReads,
      schema: {
        tags,
        summary: "The rooms of one building of the token's compound (public)",
        security: [],
        params: DeclareTokenParams,
        querystring: DeclareRoomsQuery,
        response: { 200: DeclareRoomList, ...publicErrors },
      },
    },
    (req) => declareRooms(req.ctx, req.params.token, req.query.building),
  );
  r.post(
    '/api/declare/:token',
    {
      config: {
        rateLimit: perAccountLimit(config.declarationsPerHour, 3_600_000, 'declarations'),
      },
      schema: {
        tags,
        summary:
          'Declare an arrival from the QR code, with an SMS code of purpose declare (public; limited per address)',
        security: [],
        params: DeclareTokenParams,
        body: DeclareBody,
        response: { 201: DeclareAnswer, ...publicErrors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await declarePublic(req.ctx, req.params.token, req.body)),
  );

  // ---- a verified resident for a guest ----
  r.post(
    '/api/my/declarations',
    {
      ...pre,
      config: {
        rateLimit: perAccountLimit(config.declarationsPerHour, 3_600_000, 'declarations'),
      },
      schema: {
        tags,
        summary: 'A verified resident declares a guest staying in one of their rooms',
        body: GuestDeclarationBody,
        response: { 201: DeclareAnswer, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await declareForGuest(req.ctx, req.body)),
  );
  r.get(
    '/api/my/declarations',
    {
      ...pre,
      schema: {
        tags,
        summary: 'The declarations the signed-in resident made for guests, newest first (masked)',
        response: { 200: MyDeclarationList, ...errorResponses },
      },
    },
    (req) => myDeclarations(req.ctx),
  );

  // ---- committee staff ----
  r.get(
    '/api/declarations',
    {
      ...pre,
      schema: {
        tags,
        summary: "A committee's declarations, newest first, with counts (committee staff)",
        querystring: DeclarationsQuery,
        response: { 200: DeclarationPage, ...errorResponses },
      },
    },
    (req) => listDeclarations(req.ctx, req.query),
  );
  r.get(
    '/api/declarations/:id',
    {
      ...pre,
      schema: {
        tags,
        summary: 'One declaration with its reviews (committee staff)',
        params: DeclarationParams,
        response: { 200: DeclarationDetail, ...errorResponses },
      },
    },
    (req) => getDeclaration(req.ctx, req.params.id),
  );
  r.post(
    '/api/declarations/:id/review',
    {
      ...pre,
      schema: {
        tags,
        summary:
          'Accept, ask for more, or mark as a duplicate of another (committee staff). Audited',
        params: DeclarationParams,
        body: DeclarationReviewBody,
        response: { 200: DeclarationDetail, ...errorResponses },
      },
    },
    (req) => reviewDeclaration(req.ctx, req.params.id, req.body),
  );
  r.post(
    '/api/declarations/:id/reveal',
    {
      ...pre,
      schema: {
        tags,
        summary: 'One personal field in clear, for a reason written to the audit log',
        params: DeclarationParams,
        body: DeclarationRevealBody,
        response: { 200: DeclarationRevealAnswer, ...errorResponses },
      },
    },
    (req) => revealDeclaration(req.ctx, req.params.id, req.body),
  );
}
