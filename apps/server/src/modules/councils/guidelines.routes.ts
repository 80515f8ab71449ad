import {
  Application,
  ApplicationList,
  ApplyBody,
  CreateGuidelineBody,
  ExpertReviewBody,
  Guideline,
  GuidelineList,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { perAccountLimit } from '../../platform/account-rate-limit.js';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import {
  applyUnderGuideline,
  completeApplication,
  getApplication,
  listApplications,
  myReviews,
  resubmitApplication,
} from './applications.js';
import { reviewApplication } from './expert-reviews.js';
import { createGuideline, getGuideline, listGuidelines } from './guidelines.js';

const tags = ['councils'];
const pre = { preHandler: requireSignIn };
const IdParams = Type.Object(
  { id: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);

/** Guidelines with expert reviewers, members' applications and the reviewers' decisions. */
export async function guidelinesRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/api/councils/:id/guidelines',
    {
      ...pre,
      config: { rateLimit: perAccountLimit(30, 60_000, 'guidelines') },
      schema: {
        tags,
        summary: 'Publish a guideline with its expert reviewers (staff, the chair, the secretary)',
        description:
          'Reviewers are accounts (400 `reviewers.N.accountId` `unknown` otherwise), names kept ' +
          'masked; `approvalsRequired` at most their number (400 `atMostReviewers`); `closesAt` ' +
          'in the future; `documentIds` the reader’s uploads.',
        params: IdParams,
        body: CreateGuidelineBody,
        response: { 201: Guideline, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createGuideline(req.ctx, req.params.id, req.body)),
  );
  r.get(
    '/api/councils/:id/guidelines',
    {
      ...pre,
      schema: {
        tags,
        summary: "The council's guidelines, newest first (its readers)",
        params: IdParams,
        response: { 200: GuidelineList, ...errorResponses },
      },
    },
    (req) => listGuidelines(req.ctx, req.params.id),
  );
  r.get(
    '/api/guidelines/:id',
    {
      ...pre,
      schema: {
        tags,
        summary: 'One guideline: readers of its council and its reviewers (anyone else: 404)',
        params: IdParams,
        response: { 200: Guideline, ...errorResponses },
      },
    },
    (req) => getGuideline(req.ctx, req.params.id),
  );
  r.post(
    '/api/guidelines/:id/applications',
    {
      ...pre,
      config: { rateLimit: perAccountLimit(30, 60_000, 'applications') },
      schema: {
        tags,
        summary: "Apply under a guideline for a member (one of the member's representatives)",
        description:
          '403 unless the reader represents `memberId`; 409 `closesAt` `closed` after the ' +
          'guideline’s close. Photos (JPEG, PNG) and the design (PDF or image) are the ' +
          'reader’s uploads.',
        params: IdParams,
        body: ApplyBody,
        response: { 201: Application, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await applyUnderGuideline(req.ctx, req.params.id, req.body)),
  );
  r.get(
    '/api/guidelines/:id/applications',
    {
      ...pre,
      schema: {
        tags,
        summary: "A guideline's applications, newest first (readers of the council, its reviewers)",
        params: IdParams,
        response: { 200: ApplicationList, ...errorResponses },
      },
    },
    (req) => listApplications(req.ctx, req.params.id),
  );
  r.get(
    '/api/reviews/mine',
    {
      ...pre,
      schema: {
        tags,
        summary: 'The applications waiting for my review, oldest first',
        response: { 200: ApplicationList, ...errorResponses },
      },
    },
    (req) => myReviews(req.ctx),
  );
  r.get(
    '/api/applications/:id',
    {
      ...pre,
      schema: {
        tags,
        summary: 'One application (readers of the council, the guideline’s reviewers)',
        params: IdParams,
        response: { 200: Application, ...errorResponses },
      },
    },
    (req) => getApplication(req.ctx, req.params.id),
  );
  r.put(
    '/api/applications/:id',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Send an application again after changes were asked for (a new round)',
        description:
          "The applying member's representatives; the member stays the same (400 `memberId` " +
          '`unchanged`); only from `changes_requested` (409 otherwise) and before the ' +
          'guideline’s close (409 `closesAt` `closed`).',
        params: IdParams,
        body: ApplyBody,
        response: { 200: Application, ...errorResponses },
      },
    },
    (req) => resubmitApplication(req.ctx, req.params.id, req.body),
  );
  r.post(
    '/api/applications/:id/reviews',
    {
      ...pre,
      schema: {
        tags,
        summary: 'An expert reviewer approves, asks for changes or refuses (once per round)',
        description:
          'Only the guideline’s reviewers; one who represents the applying member: 403 `own`; ' +
          '`reason` (≥ 2 characters) for changes and refuse; approvals reaching the required ' +
          'number approve it, one refusal refuses it.',
        params: IdParams,
        body: ExpertReviewBody,
        response: { 200: Application, ...errorResponses },
      },
    },
    (req) => reviewApplication(req.ctx, req.params.id, req.body),
  );
  r.post(
    '/api/applications/:id/done',
    {
      ...pre,
      schema: {
        tags,
        summary:
          'Mark an approved project done (its member’s representatives, those who run the council)',
        params: IdParams,
        response: { 200: Application, ...errorResponses },
      },
    },
    (req) => completeApplication(req.ctx, req.params.id),
  );
}
