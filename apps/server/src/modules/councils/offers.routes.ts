import {
  CouncilProject,
  CouncilProjectList,
  CreateOfferBody,
  MatchBody,
  Offer,
  OfferList,
  ProjectStatusBody,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { perAccountLimit } from '../../platform/account-rate-limit.js';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import { listProjects, matchIntoProject, setProjectStatus } from './council-projects.js';
import { closeOffer, createOffer, listOffers } from './offers.js';

const tags = ['councils'];
const pre = { preHandler: requireSignIn };
const IdParams = Type.Object(
  { id: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);
const OfferListQuery = Type.Object(
  { side: Type.Optional(Type.Union([Type.Literal('offer'), Type.Literal('need')])) },
  { additionalProperties: false },
);

/** Offers and needs (资源清单 / 需求清单) and the projects they are matched into. */
export async function offersRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/api/councils/:id/offers',
    {
      ...pre,
      config: { rateLimit: perAccountLimit(60, 60_000, 'offers') },
      schema: {
        tags,
        summary:
          'List an offer or a need of a member (its representatives, or those who run the council)',
        description:
          'A rest area (`side` offer, `category` rest_area) needs `lat`, `lng` and ' +
          '`openingHours` (400 each `required`) and must lie inside the block (400 `lat` ' +
          '`outsideBlock`). Mobile and ID numbers in the title and description are masked.',
        params: IdParams,
        body: CreateOfferBody,
        response: { 201: Offer, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createOffer(req.ctx, req.params.id, req.body)),
  );
  r.get(
    '/api/councils/:id/offers',
    {
      ...pre,
      schema: {
        tags,
        summary: "The council's offers and needs, newest first (its readers)",
        params: IdParams,
        querystring: OfferListQuery,
        response: { 200: OfferList, ...errorResponses },
      },
    },
    (req) => listOffers(req.ctx, req.params.id, req.query.side),
  );
  r.post(
    '/api/council-offers/:id/close',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Close an offer or a need (a rest area leaves the public map)',
        params: IdParams,
        response: { 200: Offer, ...errorResponses },
      },
    },
    (req) => closeOffer(req.ctx, req.params.id),
  );
  r.post(
    '/api/councils/:id/projects',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Match a need with offers into a project (staff, the chair, the secretary)',
        description:
          'The need a `need`, the offers `offer`s, all open and of this council (400 naming ' +
          'the field otherwise; an offer listed twice, in any letter case: 400 `offerIds.N` ' +
          '`duplicate`); they become `matched`.',
        params: IdParams,
        body: MatchBody,
        response: { 201: CouncilProject, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await matchIntoProject(req.ctx, req.params.id, req.body)),
  );
  r.get(
    '/api/councils/:id/projects',
    {
      ...pre,
      schema: {
        tags,
        summary: "The council's projects, newest first (its readers)",
        params: IdParams,
        response: { 200: CouncilProjectList, ...errorResponses },
      },
    },
    (req) => listProjects(req.ctx, req.params.id),
  );
  r.put(
    '/api/council-projects/:id/status',
    {
      ...pre,
      schema: {
        tags,
        summary:
          'Move a project along: planned, in progress, done (staff, the chair, the secretary)',
        params: IdParams,
        body: ProjectStatusBody,
        response: { 200: CouncilProject, ...errorResponses },
      },
    },
    (req) => setProjectStatus(req.ctx, req.params.id, req.body),
  );
}
