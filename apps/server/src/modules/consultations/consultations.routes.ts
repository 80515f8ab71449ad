import {
  AreaFeatureCollection,
  ConsultationBody,
  ConsultationDetail,
  ConsultationList,
  ConsultationListQuery,
  ConsultationResponseAck,
  ConsultationResponseBody,
  ConsultationResults,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { perAccountLimit } from '../../platform/account-rate-limit.js';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import { exportResultsCsv, getResults } from './consultation-results.js';
import { answerConsultation } from './consultation-answering.js';
import {
  closeConsultation,
  createConsultation,
  publishConsultation,
  updateConsultation,
} from './consultation-authoring.js';
import {
  getConsultation,
  getConsultationBoundary,
  listConsultations,
  listConsultationsForMe,
} from './consultations.service.js';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const tags = ['consultations'];
const detail = { 200: ConsultationDetail, ...errorResponses };

export async function consultationsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/consultations',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Staff: consultations put to areas in their scope, newest first',
        querystring: ConsultationListQuery,
        response: { 200: ConsultationList, ...errorResponses },
      },
    },
    (req) => listConsultations(req.ctx, req.query),
  );
  r.get(
    '/api/consultations/for-me',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: "A verified resident: the published consultations put to their home's areas",
        querystring: ConsultationListQuery,
        response: { 200: ConsultationList, ...errorResponses },
      },
    },
    (req) => listConsultationsForMe(req.ctx, req.query),
  );
  r.post(
    '/api/consultations',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Write a questionnaire for a committee, grid or compound (kept as a draft)',
        body: ConsultationBody,
        response: { 201: ConsultationDetail, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createConsultation(req.ctx, req.body)),
  );
  r.get(
    '/api/consultations/:id',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'One consultation with its questions',
        params: IdParams,
        response: detail,
      },
    },
    (req) => getConsultation(req.ctx, req.params.id),
  );
  r.put(
    '/api/consultations/:id',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: "A draft's new content",
        params: IdParams,
        body: ConsultationBody,
        response: detail,
      },
    },
    (req) => updateConsultation(req.ctx, req.params.id, req.body),
  );
  r.post(
    '/api/consultations/:id/publish',
    {
      preHandler: requireSignIn,
      schema: { tags, summary: 'Publish a draft', params: IdParams, response: detail },
    },
    (req) => publishConsultation(req.ctx, req.params.id),
  );
  r.post(
    '/api/consultations/:id/close',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Close an open consultation now',
        params: IdParams,
        response: detail,
      },
    },
    (req) => closeConsultation(req.ctx, req.params.id),
  );
  r.get(
    '/api/consultations/:id/boundary',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: "The outline pins must fall in: the target's boundary or the nearest above it",
        params: IdParams,
        response: { 200: AreaFeatureCollection, ...errorResponses },
      },
    },
    (req) => getConsultationBoundary(req.ctx, req.params.id),
  );
  r.post(
    '/api/consultations/:id/responses',
    {
      preHandler: requireSignIn,
      config: {
        rateLimit: perAccountLimit(
          app.deps.config.caseReportsPerMinute,
          60_000,
          'consultation answers',
        ),
      },
      schema: {
        tags,
        summary: 'A verified resident of the area answers, once (a second answer is a 409)',
        params: IdParams,
        body: ConsultationResponseBody,
        response: { 201: ConsultationResponseAck, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await answerConsultation(req.ctx, req.params.id, req.body)),
  );
  r.get(
    '/api/consultations/:id/results',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Counts per option and value, latest texts, pins gathered for the heat map',
        params: IdParams,
        response: { 200: ConsultationResults, ...errorResponses },
      },
    },
    (req) => getResults(req.ctx, req.params.id),
  );
  r.get(
    '/api/consultations/:id/export.csv',
    {
      preHandler: requireSignIn,
      config: {
        rateLimit: perAccountLimit(app.deps.config.exportsPerHour, 3_600_000, 'exports'),
      },
      schema: {
        tags,
        summary: 'The answers as CSV: names masked, none at all when anonymous',
        params: IdParams,
      },
    },
    async (req, reply) => {
      const { filename, csv } = await exportResultsCsv(req.ctx, req.params.id);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .send(csv);
    },
  );
}
