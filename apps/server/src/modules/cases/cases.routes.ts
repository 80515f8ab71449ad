import {
  CaseActionBody,
  CaseContact,
  CaseDetail,
  CaseList,
  CaseListQuery,
  CreateCaseBody,
  DispatchRule,
  DispatchRuleBody,
  NearbyCase,
  NearbyQuery,
  Point,
  PointBody,
  RevealBody,
  Taxonomy,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { Readable } from 'node:stream';
import { perAccountLimit } from '../../platform/account-rate-limit.js';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import { actOnCase } from './case-actions.js';
import { exportCasesCsv } from './case-export.js';
import { findNearbyCases, getCaseDetail, listCases, revealContact } from './cases.service.js';
import { reportCase } from './intake.js';
import {
  createDispatchRule,
  createPoint,
  deleteDispatchRule,
  deletePoint,
  listDispatchRules,
  listPoints,
} from './dispatch.js';
import { taxonomyBody } from './taxonomy.js';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const tags = ['cases'];

export async function caseRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/scenarios',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'The scenario taxonomy: domains, scenarios, form fields, deadlines',
        response: { 200: Taxonomy, 304: Type.Null(), ...errorResponses },
      },
    },
    // Reference data, the same for everyone and changed only by a deploy, so not the API's
    // no-store: kept 5 minutes, then asked again with its ETag (a 304); sent compressed.
    async (req, reply) => {
      const body = taxonomyBody();
      void reply
        .header('cache-control', 'private, max-age=300')
        .header('etag', body.etag)
        .header('vary', 'accept-encoding');
      const held = String(req.headers['if-none-match'] ?? '')
        .split(',')
        .map((tag) => tag.trim().replace(/^W\//, ''));
      if (held.includes(body.etag)) return reply.code(304).send(null);
      const accepts = String(req.headers['accept-encoding'] ?? '');
      const encoding = /\bbr\b/.test(accepts) ? 'br' : /\bgzip\b/.test(accepts) ? 'gzip' : null;
      void reply.type('application/json; charset=utf-8');
      if (encoding) void reply.header('content-encoding', encoding);
      // already JSON: sent as it is, past the response schema's serializer
      return reply.send((encoding ? body[encoding] : body.identity) as unknown as Taxonomy);
    },
  );
  r.post(
    '/api/cases',
    {
      preHandler: requireSignIn,
      config: {
        rateLimit: perAccountLimit(app.deps.config.caseReportsPerMinute, 60_000, 'case reports'),
      },
      schema: {
        tags,
        summary: 'Report a case (a retry with the same Idempotency-Key returns the first case)',
        body: CreateCaseBody,
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 100 })) }),
        response: { 200: CaseDetail, 201: CaseDetail, ...errorResponses },
      },
    },
    async (req, reply) => {
      const key = req.headers['idempotency-key'];
      const { detail, created } = await reportCase(
        req.ctx,
        req.body,
        typeof key === 'string' ? key : null,
      );
      return reply.status(created ? 201 : 200).send(detail);
    },
  );
  r.get(
    '/api/cases',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Cases in your scope, with filters',
        querystring: CaseListQuery,
        response: { 200: CaseList, ...errorResponses },
      },
    },
    (req) => listCases(req.ctx, req.query),
  );
  r.get(
    '/api/cases/export.csv',
    {
      preHandler: requireSignIn,
      config: {
        rateLimit: perAccountLimit(app.deps.config.exportsPerHour, 3_600_000, 'exports'),
      },
      schema: {
        tags,
        summary: 'The filtered list as CSV',
        querystring: Type.Omit(CaseListQuery, ['page', 'pageSize']),
      },
    },
    async (req, reply) => {
      const rows = exportCasesCsv(req.ctx, req.query);
      const first = await rows.next(); // fail before the headers are sent
      const stream = Readable.from(
        (async function* () {
          if (!first.done) yield first.value;
          yield* rows;
        })(),
      );
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="cases-${new Date().toISOString().slice(0, 10)}.csv"`,
        )
        .send(stream);
    },
  );
  r.get(
    '/api/cases/nearby',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Open cases of the same scenario nearby (likely duplicates)',
        querystring: NearbyQuery,
        response: { 200: Type.Object({ items: Type.Array(NearbyCase) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await findNearbyCases(req.ctx, req.query) }),
  );
  r.get(
    '/api/cases/:id',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'A case with its whole timeline',
        params: IdParams,
        response: { 200: CaseDetail, ...errorResponses },
      },
    },
    (req) => getCaseDetail(req.ctx, req.params.id),
  );
  r.post(
    '/api/cases/:id/actions',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'One step of the closed loop: accept, resolve, close, reassign…',
        params: IdParams,
        body: CaseActionBody,
        response: { 200: CaseDetail, ...errorResponses },
      },
    },
    (req) => actOnCase(req.ctx, req.params.id, req.body),
  );
  r.post(
    '/api/cases/:id/contact',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: "The hotline caller's contact in clear, for a reason (audited)",
        params: IdParams,
        body: RevealBody,
        response: { 200: CaseContact, ...errorResponses },
      },
    },
    (req) => revealContact(req.ctx, req.params.id, req.body.reason),
  );

  const dtags = ['dispatch'];
  r.get(
    '/api/dispatch/rules',
    {
      preHandler: requireSignIn,
      schema: {
        tags: dtags,
        summary: 'Dispatch rules in your scope',
        response: { 200: Type.Object({ items: Type.Array(DispatchRule) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listDispatchRules(req.ctx) }),
  );
  r.post(
    '/api/dispatch/rules',
    {
      preHandler: requireSignIn,
      schema: {
        tags: dtags,
        summary: 'Scenario × area → responsible unit and person',
        body: DispatchRuleBody,
        response: { 201: DispatchRule, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createDispatchRule(req.ctx, req.body)),
  );
  r.delete(
    '/api/dispatch/rules/:id',
    {
      preHandler: requireSignIn,
      schema: {
        tags: dtags,
        summary: 'Delete a rule',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await deleteDispatchRule(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );
  r.get(
    '/api/dispatch/points',
    {
      preHandler: requireSignIn,
      schema: {
        tags: dtags,
        summary: 'Fixed points (点位) in your scope',
        response: { 200: Type.Object({ items: Type.Array(Point) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listPoints(req.ctx) }),
  );
  r.post(
    '/api/dispatch/points',
    {
      preHandler: requireSignIn,
      schema: {
        tags: dtags,
        summary: 'A fixed point with its point leader (点位长)',
        body: PointBody,
        response: { 201: Point, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createPoint(req.ctx, req.body)),
  );
  r.delete(
    '/api/dispatch/points/:id',
    {
      preHandler: requireSignIn,
      schema: {
        tags: dtags,
        summary: 'Delete a point',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await deletePoint(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );
}
