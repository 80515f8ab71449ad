import {
  AffairDetail,
  AffairList,
  AffairListQuery,
  AffairServiceList,
  AskAffairBody,
  CompleteAffairBody,
  FileAffairBody,
  RefuseAffairBody,
  SupplementAffairBody,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { perAccountLimit } from '../../platform/account-rate-limit.js';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import { actOnRequest, supplementRequest } from './affair-actions.js';
import { fileRequest, getRequest, getServices, listRequests } from './affairs.service.js';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const tags = ['affairs'];
const detail = { 200: AffairDetail, ...errorResponses };

export async function affairsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/affairs/services',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'The catalogue of committee services (办事): forms, attachments, time limits',
        response: { 200: AffairServiceList, ...errorResponses },
      },
    },
    () => getServices(),
  );
  r.post(
    '/api/affairs/requests',
    {
      preHandler: requireSignIn,
      config: {
        rateLimit: perAccountLimit(
          app.deps.config.caseReportsPerMinute,
          60_000,
          'affairs requests',
        ),
      },
      schema: {
        tags,
        summary: 'A verified resident files a request with their committee',
        description:
          'Answers are checked against the service’s fields (unknown ones refused); attachments ' +
          'are uploaded first (POST /api/attachments) and given by the service’s attachment code. ' +
          'A repair or complaint becomes a case at once (state `forwarded`); should the case ' +
          'intake fail, the request stays `submitted` and a durable job forwards it.',
        body: FileAffairBody,
        response: { 201: AffairDetail, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await fileRequest(req.ctx, req.body)),
  );
  r.get(
    '/api/affairs/requests',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Requests: a resident’s own; staff’s queue in their area, nearest deadline first',
        querystring: AffairListQuery,
        response: { 200: AffairList, ...errorResponses },
      },
    },
    (req) => listRequests(req.ctx, req.query),
  );
  r.get(
    '/api/affairs/requests/:id',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'One request with its answers, files and timeline',
        params: IdParams,
        response: detail,
      },
    },
    (req) => getRequest(req.ctx, req.params.id),
  );
  r.post(
    '/api/affairs/requests/:id/accept',
    {
      preHandler: requireSignIn,
      schema: { tags, summary: 'Accept (受理)', params: IdParams, response: detail },
    },
    (req) => actOnRequest(req.ctx, req.params.id, { step: 'accept' }),
  );
  r.post(
    '/api/affairs/requests/:id/ask',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Ask the resident for more (补正)',
        params: IdParams,
        body: AskAffairBody,
        response: detail,
      },
    },
    (req) => actOnRequest(req.ctx, req.params.id, { step: 'ask', message: req.body.message }),
  );
  r.post(
    '/api/affairs/requests/:id/refuse',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Refuse, with the reason',
        params: IdParams,
        body: RefuseAffairBody,
        response: detail,
      },
    },
    (req) => actOnRequest(req.ctx, req.params.id, { step: 'refuse', reason: req.body.reason }),
  );
  r.post(
    '/api/affairs/requests/:id/complete',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Complete (办结); a certificate service issues its certificate',
        params: IdParams,
        body: Type.Optional(CompleteAffairBody),
        response: detail,
      },
    },
    (req) => actOnRequest(req.ctx, req.params.id, { step: 'complete', note: req.body?.note }),
  );
  r.post(
    '/api/affairs/requests/:id/supplement',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'The applicant answers what staff asked',
        params: IdParams,
        body: SupplementAffairBody,
        response: detail,
      },
    },
    (req) => supplementRequest(req.ctx, req.params.id, req.body),
  );
}
