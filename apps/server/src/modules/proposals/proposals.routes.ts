import {
  AnswerProposalBody,
  CommitteeProposalSettings,
  CommitteeProposalSettingsView,
  EditProposalBody,
  ProposalDetail,
  ProposalList,
  ProposalListQuery,
  ProposalSupportState,
  ProposalUpdateBody,
  StreetProposalSettings,
  StreetProposalSettingsView,
  SubmitProposalBody,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { perAccountLimit } from '../../platform/account-rate-limit.js';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import { addProposalUpdate, answerProposal } from './proposal-answers.js';
import {
  getCommitteeSettings,
  getStreetSettings,
  setCommitteeThreshold,
  setStreetBounds,
} from './proposal-settings.js';
import { followProposal, supportProposal, takeBackSupport } from './proposal-support.js';
import { getProposal } from './proposal-detail.js';
import { listProposals } from './proposal-list.js';
import { editProposal, submitProposal, withdrawProposal } from './proposal-submit.js';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const CodeParams = Type.Object({ code: Type.String({ minLength: 2, maxLength: 64 }) });
const tags = ['proposals'];
const detail = { 200: ProposalDetail, ...errorResponses };
const supportState = { 200: ProposalSupportState, ...errorResponses };

export async function proposalsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const pre = { preHandler: requireSignIn };
  r.get(
    '/api/proposals',
    {
      ...pre,
      schema: {
        tags,
        summary: "A committee's proposals (众议院), newest activity first, by keyset cursor",
        description:
          'A verified resident: their committee (default); an account awaiting verification: the committee it applied to; staff: their area, or one committee in it. Hidden proposals only for moderators.',
        querystring: ProposalListQuery,
        response: { 200: ProposalList, ...errorResponses },
      },
    },
    (req) => listProposals(req.ctx, req.query),
  );
  r.post(
    '/api/proposals',
    {
      ...pre,
      config: {
        rateLimit: perAccountLimit(app.deps.config.proposalsPerHour, 3_600_000, 'proposals'),
      },
      schema: {
        tags,
        summary: 'A verified resident proposes to their committee (they are its first supporter)',
        body: SubmitProposalBody,
        response: { 201: ProposalDetail, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await submitProposal(req.ctx, req.body)),
  );
  r.get(
    '/api/proposals/:id',
    {
      ...pre,
      schema: {
        tags,
        summary: 'One proposal: timeline, answer, updates, links and what I may do',
        params: IdParams,
        response: detail,
      },
    },
    (req) => getProposal(req.ctx, req.params.id),
  );
  r.patch(
    '/api/proposals/:id',
    {
      ...pre,
      schema: {
        tags,
        summary: 'The author edits it, until someone else supports it',
        params: IdParams,
        body: EditProposalBody,
        response: detail,
      },
    },
    (req) => editProposal(req.ctx, req.params.id, req.body),
  );
  r.post(
    '/api/proposals/:id/withdraw',
    {
      ...pre,
      schema: {
        tags,
        summary: 'The author withdraws it while it gathers support',
        params: IdParams,
        response: detail,
      },
    },
    (req) => withdrawProposal(req.ctx, req.params.id),
  );
  r.put(
    '/api/proposals/:id/support',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Support (one per verified resident of the committee; idempotent)',
        params: IdParams,
        response: supportState,
      },
    },
    (req) => supportProposal(req.ctx, req.params.id),
  );
  r.delete(
    '/api/proposals/:id/support',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Take a support back, while the proposal gathers support (idempotent)',
        params: IdParams,
        response: supportState,
      },
    },
    (req) => takeBackSupport(req.ctx, req.params.id),
  );
  r.put(
    '/api/proposals/:id/follow',
    {
      ...pre,
      schema: { tags, summary: 'Follow (idempotent)', params: IdParams, response: supportState },
    },
    (req) => followProposal(req.ctx, req.params.id, true),
  );
  r.delete(
    '/api/proposals/:id/follow',
    {
      ...pre,
      schema: { tags, summary: 'Unfollow (idempotent)', params: IdParams, response: supportState },
    },
    (req) => followProposal(req.ctx, req.params.id, false),
  );
  r.post(
    '/api/proposals/:id/answer',
    {
      ...pre,
      schema: {
        tags,
        summary:
          "The committee's public answer: accepted, put to a meeting, referred to a case, or declined",
        params: IdParams,
        body: AnswerProposalBody,
        response: detail,
      },
    },
    (req) => answerProposal(req.ctx, req.params.id, req.body),
  );
  r.post(
    '/api/proposals/:id/updates',
    {
      ...pre,
      schema: {
        tags,
        summary: 'A progress update on an accepted proposal; `done` closes it',
        params: IdParams,
        body: ProposalUpdateBody,
        response: detail,
      },
    },
    (req) => addProposalUpdate(req.ctx, req.params.id, req.body),
  );
  r.get(
    '/api/proposals/settings/committee/:code',
    {
      ...pre,
      schema: {
        tags,
        summary: "A committee's threshold, its street's bounds and what a new proposal needs now",
        params: CodeParams,
        response: { 200: CommitteeProposalSettingsView, ...errorResponses },
      },
    },
    (req) => getCommitteeSettings(req.ctx, req.params.code),
  );
  r.put(
    '/api/proposals/settings/committee/:code',
    {
      ...pre,
      schema: {
        tags,
        summary: "Set a committee's threshold, within its street's bounds",
        params: CodeParams,
        body: CommitteeProposalSettings,
        response: { 200: CommitteeProposalSettingsView, ...errorResponses },
      },
    },
    (req) => setCommitteeThreshold(req.ctx, req.params.code, req.body),
  );
  r.get(
    '/api/proposals/settings/street/:code',
    {
      ...pre,
      schema: {
        tags,
        summary: "A street's bounds on its committees' thresholds and the days to answer",
        params: CodeParams,
        response: { 200: StreetProposalSettingsView, ...errorResponses },
      },
    },
    (req) => getStreetSettings(req.ctx, req.params.code),
  );
  r.put(
    '/api/proposals/settings/street/:code',
    {
      ...pre,
      schema: {
        tags,
        summary: "Set a street's bounds",
        params: CodeParams,
        body: StreetProposalSettings,
        response: { 200: StreetProposalSettingsView, ...errorResponses },
      },
    },
    (req) => setStreetBounds(req.ctx, req.params.code, req.body),
  );
}
