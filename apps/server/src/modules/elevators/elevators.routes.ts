import {
  AdvanceElevatorBody,
  CostSharePreset,
  CreateElevatorBody,
  ElevatorBoard,
  ElevatorBoardQuery,
  ElevatorDetail,
  ElevatorList,
  ElevatorListQuery,
  ElevatorStageParams,
  ElevatorTarget,
  ElevatorVolunteerCandidate,
  ElevatorVolunteerCandidateQuery,
  SetElevatorCostBody,
  SetElevatorTargetBody,
  SetElevatorVolunteersBody,
  UpdateElevatorBody,
  UpdateElevatorStageBody,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import { getBoard, setTarget } from './elevator-board.js';
import { listCostPresets, setCost } from './elevator-costs.js';
import { createProject, listProjects, updateProject } from './elevator-projects.js';
import { myProjects, readProject } from './elevator-residents.js';
import { advanceProject, updateStage } from './elevator-stages.js';
import { setVolunteers, volunteerCandidates } from './elevator-volunteers.js';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const tags = ['elevators'];
const detail = { 200: ElevatorDetail, ...errorResponses };

export async function elevatorRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/elevators',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Elevator projects (加装电梯) of the reader’s area, newest first',
        description:
          'Committee staff see their committee’s, street and district operators their area’s. ' +
          '`committee`, `street`, `stage` narrow it; keyset pages.',
        querystring: ElevatorListQuery,
        response: { 200: ElevatorList, ...errorResponses },
      },
    },
    (req) => listProjects(req.ctx, req.query),
  );
  r.post(
    '/api/elevators',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Committee staff start a project for one staircase (building + unit)',
        description:
          'The staircase must be in the committee’s registry; one project per staircase (409).',
        body: CreateElevatorBody,
        response: { 201: ElevatorDetail, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createProject(req.ctx, req.body)),
  );
  r.get(
    '/api/elevators/mine',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'A resident: the projects of the staircases they live in or own rooms in',
        response: { 200: ElevatorList, ...errorResponses },
      },
    },
    (req) => myProjects(req.ctx),
  );
  r.get(
    '/api/elevators/cost-presets',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'The cost-sharing presets (data/elevators/cost-shares.json)',
        response: { 200: Type.Array(CostSharePreset), ...errorResponses },
      },
    },
    (req) => [...listCostPresets(req.ctx)],
  );
  r.get(
    '/api/elevators/board',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary:
          'Street and district operators: projects per stage against the year’s target, and the map',
        querystring: ElevatorBoardQuery,
        response: { 200: ElevatorBoard, ...errorResponses },
      },
    },
    (req) => getBoard(req.ctx, req.query),
  );
  r.put(
    '/api/elevators/targets',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'A street’s operators set its target for a year',
        body: SetElevatorTargetBody,
        response: { 200: ElevatorTarget, ...errorResponses },
      },
    },
    (req) => setTarget(req.ctx, req.body),
  );
  r.get(
    '/api/elevators/:id',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'One project: stages, vote, cost shares, volunteers',
        description:
          'Staff who read it see it whole; a verified resident of the staircase, or an owner on ' +
          'record of one of its rooms, sees the stages’ dates and documents and their own rooms’ ' +
          'cost shares (方案公示), without volunteers or notes; anyone else 404.',
        params: IdParams,
        response: detail,
      },
    },
    (req) => readProject(req.ctx, req.params.id),
  );
  r.patch(
    '/api/elevators/:id',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Staff rename the project or change its target year',
        params: IdParams,
        body: UpdateElevatorBody,
        response: detail,
      },
    },
    (req) => updateProject(req.ctx, req.params.id, req.body),
  );
  r.post(
    '/api/elevators/:id/advance',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Staff move the project to its next stage (one at a time)',
        description:
          'A skip or a step back is 409; leaving the owners’ vote needs a published owners’ vote ' +
          'about the project that passed (409 saying so).',
        params: IdParams,
        body: AdvanceElevatorBody,
        response: detail,
      },
    },
    (req) => advanceProject(req.ctx, req.params.id, req.body),
  );
  r.put(
    '/api/elevators/:id/stages/:stage',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Staff set a stage’s planned and actual dates, note and documents',
        params: ElevatorStageParams,
        body: UpdateElevatorStageBody,
        response: detail,
      },
    },
    (req) => updateStage(req.ctx, req.params.id, req.params.stage, req.body),
  );
  r.put(
    '/api/elevators/:id/cost',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Staff share the total cost over the staircase’s rooms by a preset',
        description:
          'Each room’s share in fen by the preset’s weight of its floor; shares add up to the ' +
          'total exactly (largest remainder).',
        params: IdParams,
        body: SetElevatorCostBody,
        response: detail,
      },
    },
    (req) => setCost(req.ctx, req.params.id, req.body),
  );
  r.put(
    '/api/elevators/:id/volunteers',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Staff set the project’s volunteers (the committee’s staff or verified residents)',
        params: IdParams,
        body: SetElevatorVolunteersBody,
        response: detail,
      },
    },
    (req) => setVolunteers(req.ctx, req.params.id, req.body),
  );
  r.get(
    '/api/elevators/:id/volunteer-candidates',
    {
      preHandler: requireSignIn,
      schema: {
        tags,
        summary: 'Staff: accounts of the committee to pick volunteers from (by name prefix)',
        params: IdParams,
        querystring: ElevatorVolunteerCandidateQuery,
        response: {
          200: Type.Object({ items: Type.Array(ElevatorVolunteerCandidate) }),
          ...errorResponses,
        },
      },
    },
    (req) => volunteerCandidates(req.ctx, req.params.id, req.query.q),
  );
}
