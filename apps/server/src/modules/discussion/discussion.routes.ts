import {
  Comment,
  CommentList,
  CommentListQuery,
  DiscussionParams,
  DiscussionSummary,
  PostCommentBody,
  PraiseState,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { perAccountLimit } from '../../platform/account-rate-limit.js';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import { deleteComment, postComment } from './comment-writes.js';
import { getDiscussion, listComments, listReplies } from './discussion.service.js';
import { praiseComment, praiseSubject } from './praise.service.js';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const tags = ['discussion'];
const praise = { 200: PraiseState, ...errorResponses };

export async function discussionRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/discussions/:type/:id',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'A subject’s comment and praise counts and what the reader may do',
        params: DiscussionParams,
        response: { 200: DiscussionSummary, ...errorResponses },
      },
    },
    (req) => getDiscussion(req.ctx, req.params.type, req.params.id),
  );
  r.get(
    '/api/discussions/:type/:id/comments',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Top-level comments, newest first, each with its first three replies',
        params: DiscussionParams,
        querystring: CommentListQuery,
        response: { 200: CommentList, ...errorResponses },
      },
    },
    (req) => listComments(req.ctx, req.params.type, req.params.id, req.query),
  );
  r.post(
    '/api/discussions/:type/:id/comments',
    {
      preHandler: requireSignIn,
      config: { rateLimit: perAccountLimit(60, 60_000, 'comments') },
      schema: {
        tags,
        summary: 'Comment, or reply to a top-level comment (one level), with photos',
        description:
          'The body is plain text (1–2000 characters); ID and mobile numbers in it are masked ' +
          'before it is stored. Photos are the author’s own JPEG/PNG uploads (POST /api/attachments).',
        params: DiscussionParams,
        body: PostCommentBody,
        response: { 201: Comment, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await postComment(req.ctx, req.params.type, req.params.id, req.body)),
  );
  r.get(
    '/api/comments/:id/replies',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'A comment’s replies, oldest first',
        params: IdParams,
        querystring: CommentListQuery,
        response: { 200: CommentList, ...errorResponses },
      },
    },
    (req) => listReplies(req.ctx, req.params.id, req.query),
  );
  r.delete(
    '/api/comments/:id',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary:
          'The author deletes their comment (moderators remove through /api/moderation/…/decision)',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await deleteComment(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );
  for (const [method, on] of [
    ['put', true],
    ['delete', false],
  ] as const) {
    r[method](
      '/api/comments/:id/praise',
      {
        preHandler: requireSignIn,
        schema: {
          tags,
          summary: on ? 'Praise a comment (点赞; idempotent)' : 'Take back the praise',
          params: IdParams,
          response: praise,
        },
      },
      (req) => praiseComment(req.ctx, req.params.id, on),
    );
    r[method](
      '/api/discussions/:type/:id/praise',
      {
        preHandler: requireSignIn,
        schema: {
          tags,
          summary: on ? 'Praise the subject (点赞; idempotent)' : 'Take back the praise',
          params: DiscussionParams,
          response: praise,
        },
      },
      (req) => praiseSubject(req.ctx, req.params.type, req.params.id, on),
    );
  }
}
