import {
  AppointDailyLogAuthorBody,
  DailyLog,
  DailyLogAuthor,
  DailyLogAuthorList,
  DailyLogAuthorQuery,
  DailyLogAuthorshipList,
  DailyLogCandidateList,
  DailyLogCandidateQuery,
  DailyLogList,
  DailyLogListQuery,
  DailyLogParams,
  MyDailyLogListQuery,
  PostDailyLogBody,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { perAccountLimit } from '../../platform/account-rate-limit.js';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import {
  appointDailyLogAuthor,
  listDailyLogAuthors,
  listDailyLogCandidates,
  myDailyLogAuthorships,
  removeDailyLogAuthor,
} from './daily-log-authors.js';
import { postDailyLog } from './daily-log-posting.js';
import { getDailyLog, listDailyLogs, listMyDailyLogs } from './daily-log-reads.js';

const tags = ['daily-logs'];
const pre = { preHandler: requireSignIn };

export async function dailyLogRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/api/daily-logs',
    {
      ...pre,
      config: { rateLimit: perAccountLimit(60, 60_000, 'daily-logs') },
      schema: {
        tags,
        summary: 'Post a daily log with photos (committee staff: any kind; appointed authors)',
        description:
          'ID and mobile numbers in the body are masked before it is stored. Photos are the ' +
          'author’s own JPEG/PNG uploads (POST /api/attachments); any other file is a 400.',
        body: PostDailyLogBody,
        response: { 201: DailyLog, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await postDailyLog(req.ctx, req.body)),
  );
  r.get(
    '/api/daily-logs',
    {
      ...pre,
      schema: {
        tags,
        summary: "A committee's logs, newest first (its staff, authors and verified residents)",
        querystring: DailyLogListQuery,
        response: { 200: DailyLogList, ...errorResponses },
      },
    },
    (req) => listDailyLogs(req.ctx, req.query),
  );
  r.get(
    '/api/daily-logs/authors',
    {
      ...pre,
      schema: {
        tags,
        summary: "A committee's appointed log authors (its staff)",
        querystring: DailyLogAuthorQuery,
        response: { 200: DailyLogAuthorList, ...errorResponses },
      },
    },
    (req) => listDailyLogAuthors(req.ctx, req.query.committee),
  );
  r.get(
    '/api/daily-logs/author-candidates',
    {
      ...pre,
      schema: {
        tags,
        summary: "Whom to appoint: the committee's verified residents and staff (names masked)",
        querystring: DailyLogCandidateQuery,
        response: { 200: DailyLogCandidateList, ...errorResponses },
      },
    },
    (req) => listDailyLogCandidates(req.ctx, req.query.committee, req.query.q),
  );
  r.post(
    '/api/daily-logs/authors',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Appoint an account to post one kind of log in the committee (staff; audited)',
        body: AppointDailyLogAuthorBody,
        response: { 200: DailyLogAuthor, 201: DailyLogAuthor, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { author, created } = await appointDailyLogAuthor(req.ctx, req.body);
      return reply.status(created ? 201 : 200).send(author);
    },
  );
  r.delete(
    '/api/daily-logs/authors/:id',
    {
      ...pre,
      schema: {
        tags,
        summary: 'End an author appointment (staff; audited)',
        params: DailyLogParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await removeDailyLogAuthor(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );
  r.get(
    '/api/daily-logs/:id',
    {
      ...pre,
      schema: {
        tags,
        summary: 'One log (whoever reads its committee’s logs)',
        params: DailyLogParams,
        response: { 200: DailyLog, ...errorResponses },
      },
    },
    (req) => getDailyLog(req.ctx, req.params.id),
  );
  r.get(
    '/api/my/daily-logs',
    {
      ...pre,
      schema: {
        tags,
        summary: 'The logs of the committees one lives in or writes for, newest first',
        querystring: MyDailyLogListQuery,
        response: { 200: DailyLogList, ...errorResponses },
      },
    },
    (req) => listMyDailyLogs(req.ctx, req.query),
  );
  r.get(
    '/api/my/daily-log-authorships',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Where the signed-in account may post logs, and which kinds',
        response: { 200: DailyLogAuthorshipList, ...errorResponses },
      },
    },
    (req) => myDailyLogAuthorships(req.ctx),
  );
}
