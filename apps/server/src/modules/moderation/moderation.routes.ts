import {
  DecisionBody,
  ModerationItem,
  ModerationList,
  ModerationListQuery,
  ModerationParams,
  ReportBody,
  ReportResult,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { perAccountLimit } from '../../platform/account-rate-limit.js';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import { listModerationItems } from './moderation-queue.js';
import { decideModeration, reportContent } from './moderation.service.js';

const tags = ['moderation'];

export async function moderationRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/api/reports',
    {
      preHandler: requireSignIn,
      config: { rateLimit: perAccountLimit(60, 60_000, 'reports') },
      schema: {
        tags,
        summary: 'Report a post or comment (one report per account; the third hides it)',
        body: ReportBody,
        response: { 200: ReportResult, ...errorResponses },
      },
    },
    (req) => reportContent(req.ctx, req.body),
  );
  r.get(
    '/api/moderation/items',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary:
          'The moderation queue of the reader’s areas (committee staff, street operators) or buildings (楼组长)',
        querystring: ModerationListQuery,
        response: { 200: ModerationList, ...errorResponses },
      },
    },
    (req) => listModerationItems(req.ctx, req.query),
  );
  r.post(
    '/api/moderation/:targetType/:targetId/decision',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'A moderator restores or removes a post or comment, with the reason (audited)',
        params: ModerationParams,
        body: DecisionBody,
        response: { 200: ModerationItem, ...errorResponses },
      },
    },
    (req) => decideModeration(req.ctx, req.params.targetType, req.params.targetId, req.body),
  );
}
