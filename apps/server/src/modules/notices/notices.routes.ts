import {
  CreateNoticeBody,
  NoticeDetail,
  NoticeFeed,
  NoticeFeedQuery,
  NoticeIdParams,
  NoticeList,
  NoticeListQuery,
  NoticeReads,
  UpdateNoticeBody,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import { markNoticeRead, noticeFeed, readNotice } from './feed.service.js';
import {
  createNotice,
  listNotices,
  publishNotice,
  updateNotice,
  withdrawNotice,
} from './notices.service.js';
import { noticeReads } from './reads.service.js';

const tags = ['notices'];
const pre = { preHandler: requireSignIn };
/** A body of 20,000 characters of Chinese is 60 KB of UTF-8, more with JSON escapes. */
const NOTICE_BODY_LIMIT = 256 * 1024;

export async function noticeRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/api/announcements',
    {
      ...pre,
      bodyLimit: NOTICE_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Write a notice (通知公告): a draft, scheduled, or published now',
        body: CreateNoticeBody,
        response: { 201: NoticeDetail, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createNotice(req.ctx, req.body)),
  );
  r.get(
    '/api/announcements',
    {
      ...pre,
      schema: {
        tags,
        summary:
          "The notices of the reader's areas (any status; ?status narrows), with read shares",
        querystring: NoticeListQuery,
        response: { 200: NoticeList, ...errorResponses },
      },
    },
    (req) => listNotices(req.ctx, req.query),
  );
  r.get(
    '/api/announcements/feed',
    {
      ...pre,
      schema: {
        tags,
        summary: "A resident's home feed: pinned first, newest first, unread marked",
        querystring: NoticeFeedQuery,
        response: { 200: NoticeFeed, ...errorResponses },
      },
    },
    (req) => noticeFeed(req.ctx, req.query),
  );
  r.get(
    '/api/announcements/:id',
    {
      ...pre,
      schema: {
        tags,
        summary: 'One notice (its staff, or a recipient; marks nothing)',
        params: NoticeIdParams,
        response: { 200: NoticeDetail, ...errorResponses },
      },
    },
    (req) => readNotice(req.ctx, req.params.id),
  );
  r.patch(
    '/api/announcements/:id',
    {
      ...pre,
      bodyLimit: NOTICE_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Change a draft or scheduled notice',
        params: NoticeIdParams,
        body: UpdateNoticeBody,
        response: { 200: NoticeDetail, ...errorResponses },
      },
    },
    (req) => updateNotice(req.ctx, req.params.id, req.body),
  );
  r.post(
    '/api/announcements/:id/publish',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Publish a draft (now, or at its publishAt)',
        params: NoticeIdParams,
        response: { 200: NoticeDetail, ...errorResponses },
      },
    },
    (req) => publishNotice(req.ctx, req.params.id),
  );
  r.post(
    '/api/announcements/:id/withdraw',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Withdraw a notice: residents no longer see it',
        params: NoticeIdParams,
        response: { 200: NoticeDetail, ...errorResponses },
      },
    },
    (req) => withdrawNotice(req.ctx, req.params.id),
  );
  r.post(
    '/api/announcements/:id/read',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Mark a notice read (once; a recipient only)',
        params: NoticeIdParams,
        response: { 200: Type.Object({ read: Type.Literal(true) }), ...errorResponses },
      },
    },
    (req) => markNoticeRead(req.ctx, req.params.id),
  );
  r.get(
    '/api/announcements/:id/reads',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Read counts: the share of the target that has read, per building',
        params: NoticeIdParams,
        response: { 200: NoticeReads, ...errorResponses },
      },
    },
    (req) => noticeReads(req.ctx, req.params.id),
  );
}
