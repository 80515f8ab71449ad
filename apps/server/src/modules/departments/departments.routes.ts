import {
  CreateDepartmentBody,
  Department,
  DepartmentKeyAnswer,
  DepartmentList,
  DepartmentParams,
  UpdateDepartmentBody,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import {
  createDepartment,
  listDepartments,
  rotateDepartmentKey,
  updateDepartment,
} from './departments.service.js';

const tags = ['departments'];
const pre = { preHandler: requireSignIn };
const BASE = '/api/departments';

/** 委办局: the city's administrators manage the departments that send data, and their keys. */
export async function departmentRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    BASE,
    {
      ...pre,
      schema: {
        tags,
        summary: 'The departments that send data (administrators of the city)',
        response: { 200: DepartmentList, ...errorResponses },
      },
    },
    (req) => listDepartments(req.ctx),
  );
  r.post(
    BASE,
    {
      ...pre,
      schema: {
        tags,
        summary: 'Add a department; its API key is in the answer, this once (audited)',
        body: CreateDepartmentBody,
        response: { 201: DepartmentKeyAnswer, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createDepartment(req.ctx, req.body)),
  );
  r.patch(
    `${BASE}/:code`,
    {
      ...pre,
      schema: {
        tags,
        summary: "Change a department's names, grants, or disable it (audited)",
        params: DepartmentParams,
        body: UpdateDepartmentBody,
        response: { 200: Department, ...errorResponses },
      },
    },
    (req) => updateDepartment(req.ctx, req.params.code, req.body),
  );
  r.post(
    `${BASE}/:code/key`,
    {
      ...pre,
      schema: {
        tags,
        summary: 'Issue a new API key; the old one stops at once (shown this once, audited)',
        params: DepartmentParams,
        response: { 200: DepartmentKeyAnswer, ...errorResponses },
      },
    },
    (req) => rotateDepartmentKey(req.ctx, req.params.code),
  );
}
