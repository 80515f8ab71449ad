import {
  CouncilBallotBody,
  CouncilBallotReceipt,
  CouncilMeetingQuery,
  CouncilVote,
  CouncilVoteChain,
  CouncilVoteList,
  CreateCouncilVoteBody,
  MeetingDetail,
  MeetingList,
  ScheduleCouncilMeetingBody,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import { castCouncilBallot, councilVoteChain } from './council-ballots.js';
import { listCouncilMeetings, scheduleCouncilMeeting } from './council-meetings.js';
import {
  cancelCouncilVote,
  closeCouncilVote,
  createCouncilVote,
  getCouncilVote,
  listCouncilVotes,
  openCouncilVote,
  publishCouncilVote,
} from './council-votes.js';

const tags = ['councils'];
const pre = { preHandler: requireSignIn };
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const vote = { 200: CouncilVote, ...errorResponses };

/** Elections and motions (one member one vote, ballots in a hash chain) and council meetings. */
export async function councilVotesRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/api/councils/:id/votes',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Draft an election or a motion (staff, the chair, the secretary; audited)',
        description:
          'An election: `candidates` (active members), `seats` (1…candidates), `tieRule`. A ' +
          "motion: `rule`, a one-member-one-vote preset of the votes module's rules. " +
          '`closesAt` in the future; `meetingId` a meeting of this council.',
        params: IdParams,
        body: CreateCouncilVoteBody,
        response: { 201: CouncilVote, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createCouncilVote(req.ctx, req.params.id, req.body)),
  );
  r.get(
    '/api/councils/:id/votes',
    {
      ...pre,
      schema: {
        tags,
        summary: "A council's elections and motions, the newest first (its readers)",
        params: IdParams,
        response: { 200: CouncilVoteList, ...errorResponses },
      },
    },
    (req) => listCouncilVotes(req.ctx, req.params.id),
  );
  r.get(
    '/api/council-votes/:id',
    {
      ...pre,
      schema: {
        tags,
        summary: 'One election or motion: counts and the chain head once closed, to all alike',
        params: IdParams,
        response: vote,
      },
    },
    (req) => getCouncilVote(req.ctx, req.params.id),
  );
  r.post(
    '/api/council-votes/:id/open',
    {
      ...pre,
      schema: {
        tags,
        summary: "Open a draft: the council's members now are its electorate (audited)",
        params: IdParams,
        response: vote,
      },
    },
    (req) => openCouncilVote(req.ctx, req.params.id),
  );
  r.post(
    '/api/council-votes/:id/ballot',
    {
      ...pre,
      schema: {
        tags,
        summary: "A representative casts their member's ballot (once; never replaced)",
        description:
          'An election: `approve`, at most `seats` candidate numbers. A motion: `choice`. ' +
          'The receipt is its place in the ballot chain and its hash.',
        params: IdParams,
        body: CouncilBallotBody,
        response: { 201: CouncilBallotReceipt, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await castCouncilBallot(req.ctx, req.params.id, req.body)),
  );
  r.post(
    '/api/council-votes/:id/close',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Close an open vote now and count it (also done at its closing time; audited)',
        description:
          'Before `closesAt` only once every member of the electorate has voted (409 `closesAt` ' +
          'naming how many have not).',
        params: IdParams,
        response: vote,
      },
    },
    (req) => closeCouncilVote(req.ctx, req.params.id),
  );
  r.post(
    '/api/council-votes/:id/publish',
    {
      ...pre,
      schema: {
        tags,
        summary: "Publish the result; an election's winners become directors (audited)",
        params: IdParams,
        response: vote,
      },
    },
    (req) => publishCouncilVote(req.ctx, req.params.id),
  );
  r.post(
    '/api/council-votes/:id/cancel',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Cancel a draft or an open vote (audited)',
        params: IdParams,
        response: vote,
      },
    },
    (req) => cancelCouncilVote(req.ctx, req.params.id),
  );
  r.get(
    '/api/council-votes/:id/chain',
    {
      ...pre,
      schema: {
        tags,
        summary: 'The ballot chain and its check (readers, once the vote is closed)',
        params: IdParams,
        response: { 200: CouncilVoteChain, ...errorResponses },
      },
    },
    (req) => councilVoteChain(req.ctx, req.params.id),
  );
  r.post(
    '/api/councils/:id/meetings',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Schedule a council meeting (staff, the chair, the secretary; audited)',
        description:
          "The meetings module's meeting, hosted by the council: its representatives are the " +
          'audience; motions are put to it by `meetingId`.',
        params: IdParams,
        body: ScheduleCouncilMeetingBody,
        response: { 201: MeetingDetail, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await scheduleCouncilMeeting(req.ctx, req.params.id, req.body)),
  );
  r.get(
    '/api/councils/:id/meetings',
    {
      ...pre,
      schema: {
        tags,
        summary: "A council's meetings, the newest first (its readers)",
        params: IdParams,
        querystring: CouncilMeetingQuery,
        response: { 200: MeetingList, ...errorResponses },
      },
    },
    (req) => listCouncilMeetings(req.ctx, req.params.id, req.query),
  );
}
