import {
  BuildingGroupList,
  BuildingGroupListQuery,
  BuildingGroupParams,
  BuildingLeaderBody,
  BuildingLeaderView,
  BuildingMemberList,
  MyBuildingGroup,
  type RemoveBuildingLeaderBody,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../platform/errors.js';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import {
  getMyBuildingGroup,
  listBuildingGroups,
  listBuildingMembers,
} from './building-groups.service.js';
import { appointBuildingLeader, removeBuildingLeader } from './building-leaders.js';

const tags = ['building-groups'];
const pre = { preHandler: requireSignIn };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The optional body of a DELETE: nothing, or `{ accountId }` naming whom to remove. */
function removalBody(body: unknown): string | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  const b = body as RemoveBuildingLeaderBody;
  if (typeof body !== 'object' || Object.keys(body).some((k) => k !== 'accountId'))
    throw AppError.invalid(
      'body',
      'shape',
      'body: it may hold accountId only / 请求体只能包含 accountId',
    );
  if (b.accountId === undefined) return undefined;
  if (typeof b.accountId !== 'string' || !UUID.test(b.accountId))
    throw AppError.invalid(
      'accountId',
      'format',
      'accountId: must be an account id (a UUID) / accountId 须为账号编号',
    );
  return b.accountId.toLowerCase();
}

export async function buildingGroupRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/building-groups/mine',
    {
      ...pre,
      schema: {
        tags,
        summary: "The resident's building group (楼组): building, leader, members, posts",
        response: { 200: MyBuildingGroup, ...errorResponses },
      },
    },
    (req) => getMyBuildingGroup(req.ctx),
  );
  r.get(
    '/api/building-groups',
    {
      ...pre,
      schema: {
        tags,
        summary: "A committee's building groups with members, leader and post counts (staff)",
        querystring: BuildingGroupListQuery,
        response: { 200: BuildingGroupList, ...errorResponses },
      },
    },
    (req) => listBuildingGroups(req.ctx, req.query),
  );
  r.get(
    '/api/building-groups/:buildingId/members',
    {
      ...pre,
      schema: {
        tags,
        summary: "A building's verified residents, masked, for picking its leader (staff)",
        params: BuildingGroupParams,
        response: { 200: BuildingMemberList, ...errorResponses },
      },
    },
    (req) => listBuildingMembers(req.ctx, req.params.buildingId),
  );
  r.put(
    '/api/building-groups/:buildingId/leader',
    {
      ...pre,
      schema: {
        tags,
        summary: "Appoint the building's leader (楼组长) from its verified residents (staff)",
        params: BuildingGroupParams,
        body: BuildingLeaderBody,
        response: { 200: BuildingLeaderView, ...errorResponses },
      },
    },
    (req) =>
      appointBuildingLeader(req.ctx, req.params.buildingId, req.body.accountId.toLowerCase()),
  );
  r.delete(
    '/api/building-groups/:buildingId/leader',
    {
      ...pre,
      schema: {
        tags,
        summary: "Remove the building's leader (staff); { accountId } optionally names whom",
        params: BuildingGroupParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await removeBuildingLeader(req.ctx, req.params.buildingId, removalBody(req.body));
      return reply.status(204).send(null);
    },
  );
}
