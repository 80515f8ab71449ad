import {
  CancelVoteBody,
  CreateVoteBody,
  ElectorateInput,
  ElectoratePreview,
  VoteDetail,
  VoteList,
  VoteListQuery,
  VoteResult,
  VoteRulePreset,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import { cancelVote, publishVote } from './vote-close.js';
import { createVote } from './vote-create.js';
import { previewElectorate } from './vote-electorate.js';
import { openVote } from './vote-open.js';
import { getVote, listVotes } from './vote-read.js';
import { getVoteResult } from './vote-result.js';
import { rulePresets } from './vote-rules.js';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const PreviewBody = Type.Object(
  {
    committeeCode: Type.Optional(Type.String({ minLength: 2, maxLength: 64 })),
    electorate: ElectorateInput,
  },
  { additionalProperties: false },
);
const tags = ['votes'];
const detail = { 200: VoteDetail, ...errorResponses };

/** Owners' votes from draft to published result (decision 019); ballots are in vote-ballots.routes.ts. */
export async function voteLifecycleRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/votes/rules',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'The rule presets (data/votes/rules.json), with their legal sources',
        description:
          "`weighing: 'owners'` presets serve owners' votes; 'members' ones meetings and councils.",
        response: { 200: Type.Array(VoteRulePreset), ...errorResponses },
      },
    },
    async () => [...rulePresets()],
  );
  r.post(
    '/api/votes/electorate-preview',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary:
          "Committee staff: what a vote's electorate would freeze to, and the rooms to fix first",
        body: PreviewBody,
        response: { 200: ElectoratePreview, ...errorResponses },
      },
    },
    (req) => previewElectorate(req.ctx, req.body),
  );
  r.post(
    '/api/votes',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: "Committee staff draft an owners' vote",
        description:
          'The electorate must lie within the committee; closesAt after opensAt and in the future; ' +
          'a rule written out has shares in (0, 1]; a subject must be one its module lets be put to the owners.',
        body: CreateVoteBody,
        response: { 201: VoteDetail, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createVote(req.ctx, req.body)),
  );
  r.get(
    '/api/votes',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary:
          "Votes: staff's in their area; a verified resident's — those they are an owner on record in, and those over their home room (no drafts)",
        querystring: VoteListQuery,
        response: { 200: VoteList, ...errorResponses },
      },
    },
    (req) => listVotes(req.ctx, req.query),
  );
  r.get(
    '/api/votes/:id',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'One vote: live figures for staff, the result once published, my standing',
        params: IdParams,
        response: detail,
      },
    },
    (req) => getVote(req.ctx, req.params.id),
  );
  r.post(
    '/api/votes/:id/open',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Committee staff open a draft: the electorate is frozen from the owners register',
        description:
          'A room without owners on record or a registered area stops it: 400 naming `electorate` ' +
          '(rule `registered`) lists the rooms to fix; nothing is stored.',
        params: IdParams,
        response: detail,
      },
    },
    (req) => openVote(req.ctx, req.params.id),
  );
  r.post(
    '/api/votes/:id/cancel',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Committee staff cancel a draft or an open vote, with the reason',
        params: IdParams,
        body: CancelVoteBody,
        response: detail,
      },
    },
    (req) => cancelVote(req.ctx, req.params.id, req.body),
  );
  r.post(
    '/api/votes/:id/publish',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Committee staff publish the result after the close (409 before closesAt)',
        params: IdParams,
        response: detail,
      },
    },
    (req) => publishVote(req.ctx, req.params.id),
  );
  r.get(
    '/api/votes/:id/result',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary:
          'The published result: figures, every unit and its choice, the hash chain (staff and owners on record of the vote)',
        params: IdParams,
        response: { 200: VoteResult, ...errorResponses },
      },
    },
    (req) => getVoteResult(req.ctx, req.params.id),
  );
}
