import {
  BoardList,
  BoardParams,
  BoardQuery,
  OpsBoard,
  FedSeries,
  FedSeriesQuery,
  AreaCodeParam,
  Comparison,
  CompareQuery,
  Dashboard,
  DashboardEvents,
  DashboardEventsQuery,
  DashboardPoints,
  DashboardQuery,
  FigureImportResult,
  TopicBoard,
  TopicList,
  TopicQuery,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import { isWithin } from '../../platform/policy.js';
import { checkSession, readSessionToken } from '../identity/index.js';
import {
  compareChildren,
  getDashboard,
  getFedHistory,
  listDashboardEvents,
  listDashboardPoints,
  openDashboardStream,
} from './dashboards.service.js';
import { getOpsBoard, listBoards } from './ops-boards.js';
import { TOPIC_FIGURES_EVENT } from './topic-feed.js';
import { getTopicBoard, importTopicFigures, listTopics } from './topics.js';

const CodeParams = Type.Object({ code: AreaCodeParam });
const TopicParams = Type.Object({ topic: Type.String({ pattern: '^[a-z0-9-]{2,40}$' }) });
/** a day's figures for a whole city fit well within this */
const FIGURES_MAX_BYTES = 5 * 1024 * 1024;
const tags = ['dashboards'];

export async function dashboardRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/dashboards/:code',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'The dashboard of an area: indicators, cases by scenario and status, trend',
        params: CodeParams,
        querystring: DashboardQuery,
        response: { 200: Dashboard, ...errorResponses },
      },
    },
    (req) => getDashboard(req.ctx, req.params.code, req.query),
  );
  r.get(
    '/api/dashboards/:code/compare',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: '交叉比对: one indicator for every child area, best first',
        params: CodeParams,
        querystring: CompareQuery,
        response: { 200: Comparison, ...errorResponses },
      },
    },
    (req) => compareChildren(req.ctx, req.params.code, req.query),
  );
  r.get(
    '/api/boards',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'The 2.0 boards (typhoon and flood, outage repair)',
        response: { 200: BoardList, ...errorResponses },
      },
    },
    async () => listBoards(),
  );
  r.get(
    '/api/boards/:board/:code',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary:
          "A 2.0 board for an area: the departments' live indicators beside ours, its cases, fixed points and who is affected",
        params: BoardParams,
        querystring: BoardQuery,
        response: { 200: OpsBoard, ...errorResponses },
      },
    },
    (req) => getOpsBoard(req.ctx, req.params.board, req.params.code, req.query),
  );
  r.get(
    '/api/dashboards/:code/indicators/:indicator/history',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: "A department's indicator at the area over the range, per hour or day (its chart)",
        params: Type.Composite([
          CodeParams,
          Type.Object({ indicator: Type.String({ pattern: '^[a-z0-9_.-]{2,60}$' }) }),
        ]),
        querystring: FedSeriesQuery,
        response: { 200: FedSeries, ...errorResponses },
      },
    },
    (req) => getFedHistory(req.ctx, req.params.code, req.params.indicator, req.query),
  );
  r.get(
    '/api/dashboards/:code/points',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: "The range's cases in the area as map points",
        params: CodeParams,
        querystring: DashboardQuery,
        response: { 200: DashboardPoints, ...errorResponses },
      },
    },
    (req) => listDashboardPoints(req.ctx, req.params.code, req.query),
  );
  r.get(
    '/api/dashboards/:code/events',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary:
          "The area's latest case events, newest first (as the stream sends them): a big screen's live panel opens with these",
        params: CodeParams,
        querystring: DashboardEventsQuery,
        response: { 200: DashboardEvents, ...errorResponses },
      },
    },
    (req) => listDashboardEvents(req.ctx, req.params.code, req.query),
  );
  r.get(
    '/api/topics',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'The topic boards (专题)',
        response: { 200: TopicList, ...errorResponses },
      },
    },
    () => listTopics(),
  );
  r.get(
    '/api/topics/:topic/:code',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary:
          "A topic board for an area: its metrics, each child's, the trend, the topic's cases",
        params: Type.Composite([TopicParams, CodeParams]),
        querystring: TopicQuery,
        response: { 200: TopicBoard, ...errorResponses },
      },
    },
    (req) => getTopicBoard(req.ctx, req.params.topic, req.params.code, req.query),
  );
  // daily figures arrive as CSV (data/topics/README.md)
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'string', bodyLimit: FIGURES_MAX_BYTES },
    (_req, body, done) => done(null, body),
  );
  r.post(
    '/api/topics/:topic/figures',
    {
      preHandler: requireSignIn,
      bodyLimit: FIGURES_MAX_BYTES,
      schema: {
        tags,
        summary: 'Import daily figures (CSV: date,area_code,metric,value); all rows or none',
        params: TopicParams,
        body: Type.String({ description: 'text/csv' }),
        response: { 200: FigureImportResult, ...errorResponses },
      },
    },
    (req) => importTopicFigures(req.ctx, req.params.topic, req.body),
  );
  r.get(
    '/api/dashboards/:code/stream',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary:
          'Server-sent events: `event: case` when a case in the area is filed or moves; `event: figures` when fed topic figures under it change',
        params: CodeParams,
        response: errorResponses,
      },
    },
    async (req, reply) => {
      const { path, canStillWatch } = await openDashboardStream(req.ctx, req.params.code);
      const token = readSessionToken(req)!; // requireSignIn: there is a session
      const stream = app.eventStreams.open(req, reply, {
        session: token,
        // signed out, idle, expired, or the role that reaches the area removed: it closes
        isStillAllowed: async () => {
          const actor = await checkSession(req.ctx.db, token);
          return actor !== null && canStillWatch(actor);
        },
      });
      stream.onClose(
        req.ctx.live.subscribe('case', (e) => {
          if (isWithin(e.areaPath, path)) stream.send('case', e.data);
        }),
      );
      // a topic board's fed figures moved under the area (a declaration, an observation)
      stream.onClose(
        req.ctx.live.subscribe(TOPIC_FIGURES_EVENT, (e) => {
          if (isWithin(e.areaPath, path)) stream.send(TOPIC_FIGURES_EVENT, e.data);
        }),
      );
    },
  );
}
