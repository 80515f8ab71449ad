import {
  AssignVisitsBody,
  BallotReceipt,
  CampaignList,
  CampaignQuery,
  CastBallotBody,
  MyVisit,
  PaperBallotBody,
  VisitOutcomeBody,
  VoteAssignee,
  VoteAssigneeQuery,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { perAccountLimit } from '../../platform/account-rate-limit.js';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import { castBallot, enterPaperBallot } from './vote-ballots.js';
import { campaignList } from './vote-campaign.js';
import { assignVisits, listAssignees, myVisits, recordVisitOutcome } from './vote-visits.js';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const tags = ['votes'];
/** An owner casts one ballot per group (a few with replacements): this bounds a script. */
const BALLOTS_PER_10_MIN = 30;

/** Ballots (online and paper), the campaign list, visits and their outcomes. */
export async function voteBallotRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const pre = { preHandler: requireSignIn };
  r.post(
    '/api/votes/:id/ballots',
    {
      ...pre,
      config: { rateLimit: perAccountLimit(BALLOTS_PER_10_MIN, 600_000, 'ballots') },
      schema: {
        tags,
        summary:
          "An owner on record votes online for their owner group (one ballot per group; a replacement where the vote allows changes); the receipt is the ballot's place in the hash chain",
        params: IdParams,
        body: CastBallotBody,
        response: { 201: BallotReceipt, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await castBallot(req.ctx, req.params.id, req.body)),
  );
  r.post(
    '/api/votes/:id/paper-ballots',
    {
      ...pre,
      schema: {
        tags,
        summary:
          'Committee staff enter a paper ballot (书面表决) with the photo of the signed sheet (audited); a unit that voted online cannot get one',
        params: IdParams,
        body: PaperBallotBody,
        response: { 201: BallotReceipt, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await enterPaperBallot(req.ctx, req.params.id, req.body)),
  );
  r.get(
    '/api/votes/:id/campaign',
    {
      ...pre,
      schema: {
        tags,
        summary:
          'The campaign list (staff): owner groups that have not voted, disagree, or all, with their latest visit; by head number',
        params: IdParams,
        querystring: CampaignQuery,
        response: { 200: CampaignList, ...errorResponses },
      },
    },
    (req) => campaignList(req.ctx, req.params.id, req.query),
  );
  r.post(
    '/api/votes/:id/visits',
    {
      ...pre,
      schema: {
        tags,
        summary:
          'Hand owner groups to a volunteer (a verified resident of the committee) or a staff member to visit; they are told in the app',
        params: IdParams,
        body: AssignVisitsBody,
        response: { 200: Type.Object({ assigned: Type.Integer() }), ...errorResponses },
      },
    },
    (req) => assignVisits(req.ctx, req.params.id, req.body),
  );
  r.get(
    '/api/votes/:id/assignees',
    {
      ...pre,
      schema: {
        tags,
        summary:
          "Whom visits may go to: up to 20 of the committee's staff and verified residents whose user or display name starts with q (residents' names masked)",
        params: IdParams,
        querystring: VoteAssigneeQuery,
        response: { 200: Type.Object({ items: Type.Array(VoteAssignee) }), ...errorResponses },
      },
    },
    (req) => listAssignees(req.ctx, req.params.id, req.query.q),
  );
  r.get(
    '/api/my/vote-visits',
    {
      ...pre,
      schema: {
        tags,
        summary: "The signed-in volunteer's assigned visits, newest first (100 at most)",
        response: { 200: Type.Object({ items: Type.Array(MyVisit) }), ...errorResponses },
      },
    },
    (req) => myVisits(req.ctx),
  );
  r.post(
    '/api/vote-visits/:id/outcome',
    {
      ...pre,
      schema: {
        tags,
        summary: "The assignee records a visit's outcome while the vote is open",
        params: IdParams,
        body: VisitOutcomeBody,
        response: { 200: MyVisit, ...errorResponses },
      },
    },
    (req) => recordVisitOutcome(req.ctx, req.params.id, req.body),
  );
}
