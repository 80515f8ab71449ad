import { Notice, SmsMessage } from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import {
  listMyNotices,
  listSmsOutbox,
  markAllNoticesRead,
  markNoticeRead,
} from './notifications.service.js';

const tags = ['notifications'];

export async function notificationRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/notices',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'My in-app notices (newest 100)',
        response: {
          200: Type.Object({ items: Type.Array(Notice), unread: Type.Integer() }),
          ...errorResponses,
        },
      },
    },
    (req) => listMyNotices(req.ctx),
  );
  r.post(
    '/api/notices/:id/read',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Mark a notice read',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await markNoticeRead(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );
  r.post(
    '/api/notices/read-all',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Mark all my unread notices read (全部已读); how many were unread',
        response: { 200: Type.Object({ count: Type.Integer() }), ...errorResponses },
      },
    },
    async (req) => ({ count: await markAllNoticesRead(req.ctx) }),
  );
  r.get(
    '/api/sms-outbox',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: '短信发件箱: texts about cases in your scope',
        querystring: Type.Object(
          {
            page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 1 })),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(SmsMessage), total: Type.Integer() }),
          ...errorResponses,
        },
      },
    },
    (req) => listSmsOutbox(req.ctx, req.query.page ?? 1, req.query.pageSize ?? 50),
  );
}
