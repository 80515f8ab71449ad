import {
  CheckInResult,
  EndObservationBody,
  ErrorBody,
  ObservationDetail,
  ObservationList,
  ObservationListQuery,
  PublicCheckInBody,
  PublicCheckInView,
  StaffCheckInBody,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { perAccountLimit } from '../../platform/account-rate-limit.js';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import { checkInByToken, enterCheckIn, viewCheckIn } from './observation-check-ins.js';
import { endObservation } from './observation-end.js';
import { getObservation, listObservations } from './observation-list.js';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
/** any text: a token that is not one is a 404 like an unknown one */
const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });
const tags = ['observations'];
const publicErrors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody };

/** Public check-ins from one address (no session): a household's few a day, with room to spare. */
const CHECK_INS_PER_10_MIN = 20;
const VIEWS_PER_MINUTE = 60;

export async function observationRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/observations',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: "The committee's home health observations (居家健康观察) as they stand on a day",
        description:
          'Committee staff of the committee; others 404. `day` defaults to today (Shanghai); ' +
          '`state` and `today` (checked_in, missing, abnormal) narrow it; counts for the day.',
        querystring: ObservationListQuery,
        response: { 200: ObservationList, ...errorResponses },
      },
    },
    (req) => listObservations(req.ctx, req.query),
  );
  r.get(
    '/api/observations/:id',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'One observation with its check-ins and recorded steps',
        params: IdParams,
        response: { 200: ObservationDetail, ...errorResponses },
      },
    },
    (req) => getObservation(req.ctx, req.params.id),
  );
  r.post(
    '/api/observations/:id/check-ins',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Staff enter a check-in after a phone call or a visit (audited)',
        description:
          'A fever (≥ the rules’ line) or any symptom files one `home-observation-fever` case a ' +
          'day. An ended observation is a 409.',
        params: IdParams,
        body: StaffCheckInBody,
        response: { 201: CheckInResult, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await enterCheckIn(req.ctx, req.params.id, req.body)),
  );
  r.post(
    '/api/observations/:id/end',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'End an observation (a recorded step, audited)',
        params: IdParams,
        body: EndObservationBody,
        response: { 200: ObservationDetail, ...errorResponses },
      },
    },
    (req) => endObservation(req.ctx, req.params.id, req.body),
  );
  r.get(
    '/api/check-in/:token',
    {
      config: { rateLimit: perAccountLimit(VIEWS_PER_MINUTE, 60_000, 'check-in page views') },
      schema: {
        tags,
        summary: 'The check-in page of the SMS link (public, no sign-in)',
        security: [],
        params: TokenParams,
        response: { 200: PublicCheckInView, ...publicErrors },
      },
    },
    (req) => viewCheckIn(req.ctx, req.params.token),
  );
  r.post(
    '/api/check-in/:token',
    {
      config: {
        rateLimit: perAccountLimit(CHECK_INS_PER_10_MIN, 600_000, 'check-ins'),
      },
      schema: {
        tags,
        summary: "The person's daily check-in from the SMS link (public, no sign-in)",
        description:
          'Temperature 34.0–43.0 °C, symptoms from the list. A fever or any symptom files one ' +
          '`home-observation-fever` case a day. An ended observation is a 409, an unknown link a 404.',
        security: [],
        params: TokenParams,
        body: PublicCheckInBody,
        response: { 201: CheckInResult, ...publicErrors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await checkInByToken(req.ctx, req.params.token, req.body)),
  );
}
