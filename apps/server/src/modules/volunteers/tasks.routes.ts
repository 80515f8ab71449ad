import {
  AnswerVolunteerTaskBody,
  ConfirmVolunteerHoursBody,
  CreateVolunteerTaskBody,
  VolunteerTask,
  VolunteerTaskList,
  VolunteerTaskParams,
  VolunteerTaskQuery,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { perAccountLimit } from '../../platform/account-rate-limit.js';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import {
  answerVolunteerTask,
  cancelVolunteerTask,
  confirmVolunteerTask,
  getVolunteerTask,
  listVolunteerTasks,
  myVolunteerTasks,
  sendVolunteerTasks,
} from './tasks.js';

const tags = ['volunteers'];
const pre = { preHandler: requireSignIn };

export async function tasksRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/api/volunteer-tasks',
    {
      ...pre,
      config: { rateLimit: perAccountLimit(60, 60_000, 'volunteer-tasks') },
      schema: {
        tags,
        summary: 'Send volunteers a task, from a case or a board (dispatchers)',
        description:
          'One task per volunteer, each told by SMS and in-app notice. From a case: a case the ' +
          'dispatcher sees; its place and area are the task’s, and its timeline gets a step per ' +
          'volunteer. Every volunteer within the dispatcher’s area (else 404 naming ' +
          '`volunteerIds.N`), active and with an account; nothing is stored unless all are.',
        body: CreateVolunteerTaskBody,
        response: { 201: VolunteerTaskList, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await sendVolunteerTasks(req.ctx, req.body)),
  );
  r.get(
    '/api/volunteer-tasks',
    {
      ...pre,
      schema: {
        tags,
        summary: "A case's or an area's volunteer tasks, newest first (dispatchers)",
        querystring: VolunteerTaskQuery,
        response: { 200: VolunteerTaskList, ...errorResponses },
      },
    },
    (req) => listVolunteerTasks(req.ctx, req.query),
  );
  r.get(
    '/api/volunteer-tasks/mine',
    {
      ...pre,
      schema: {
        tags,
        summary: 'My tasks as a volunteer, newest first',
        response: { 200: VolunteerTaskList, ...errorResponses },
      },
    },
    (req) => myVolunteerTasks(req.ctx),
  );
  r.get(
    '/api/volunteer-tasks/:id',
    {
      ...pre,
      schema: {
        tags,
        summary: 'One task: for its volunteer, or staff who follow it (anyone else: 404)',
        params: VolunteerTaskParams,
        response: { 200: VolunteerTask, ...errorResponses },
      },
    },
    (req) => getVolunteerTask(req.ctx, req.params.id),
  );
  const answers = [
    ['accept', 'Accept a task sent to me'],
    ['decline', 'Decline a task sent to me (a reason is optional)'],
    ['done', 'Report a task I accepted done'],
  ] as const;
  for (const [answer, summary] of answers) {
    r.post(
      `/api/volunteer-tasks/:id/${answer}`,
      {
        ...pre,
        schema: {
          tags,
          summary,
          params: VolunteerTaskParams,
          body: Type.Optional(AnswerVolunteerTaskBody),
          response: { 200: VolunteerTask, ...errorResponses },
        },
      },
      (req) => answerVolunteerTask(req.ctx, req.params.id, answer, req.body ?? {}),
    );
  }
  r.post(
    '/api/volunteer-tasks/:id/cancel',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Withdraw a task not yet done (staff; the volunteer is told)',
        params: VolunteerTaskParams,
        response: { 200: VolunteerTask, ...errorResponses },
      },
    },
    (req) => cancelVolunteerTask(req.ctx, req.params.id),
  );
  r.post(
    '/api/volunteer-tasks/:id/confirm',
    {
      ...pre,
      schema: {
        tags,
        summary: "Confirm a done task's hours into the ledger (staff; from accepting to done)",
        params: VolunteerTaskParams,
        body: Type.Optional(ConfirmVolunteerHoursBody),
        response: { 200: VolunteerTask, ...errorResponses },
      },
    },
    (req) => confirmVolunteerTask(req.ctx, req.params.id, req.body ?? {}),
  );
}
