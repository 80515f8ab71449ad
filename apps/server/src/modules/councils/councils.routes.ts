import {
  AccountPick,
  AccountPickQuery,
  AddCouncilMemberBody,
  Council,
  CouncilList,
  CouncilListQuery,
  CouncilMember,
  CouncilMemberList,
  CreateCouncilBody,
  JoinCouncilBody,
  PutRepresentativeBody,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import {
  addCouncilMember,
  joinCouncil,
  listCouncilMembers,
  pickAccountByPhone,
  putRepresentative,
  removeCouncilMember,
} from './council-members.js';
import { createCouncil, getCouncil, listCouncils } from './councils.js';

const tags = ['councils'];
const pre = { preHandler: requireSignIn };
const Uuid = Type.String({ format: 'uuid' });
const IdParams = Type.Object({ id: Uuid });

/** Councils, their members and representatives, a shop joining an alliance, the account pick. */
export async function councilsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/api/councils',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Set up a council on a block (staff reaching its street; audited)',
        body: CreateCouncilBody,
        response: { 201: Council, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createCouncil(req.ctx, req.body)),
  );
  r.get(
    '/api/councils',
    {
      ...pre,
      schema: {
        tags,
        summary:
          'Councils of a street or block (staff); without either: those I represent a member of',
        querystring: CouncilListQuery,
        response: { 200: CouncilList, ...errorResponses },
      },
    },
    (req) => listCouncils(req.ctx, req.query),
  );
  r.get(
    '/api/councils/:id',
    {
      ...pre,
      schema: {
        tags,
        summary: 'A council, with my place in it and what I may do (staff, representatives)',
        params: IdParams,
        response: { 200: Council, ...errorResponses },
      },
    },
    (req) => getCouncil(req.ctx, req.params.id),
  );
  r.get(
    '/api/councils/:id/members',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Its members and their representatives, in the order they joined',
        params: IdParams,
        response: { 200: CouncilMemberList, ...errorResponses },
      },
    },
    (req) => listCouncilMembers(req.ctx, req.params.id),
  );
  r.post(
    '/api/councils/:id/members',
    {
      ...pre,
      schema: {
        tags,
        summary:
          'Add a member organisation with its representatives (staff, chair, secretary; audited)',
        params: IdParams,
        body: AddCouncilMemberBody,
        response: { 201: CouncilMember, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await addCouncilMember(req.ctx, req.params.id, req.body)),
  );
  r.post(
    '/api/councils/:id/join',
    {
      ...pre,
      schema: {
        tags,
        summary: 'My shop joins a merchant alliance of its block (its own account; audited)',
        params: IdParams,
        body: JoinCouncilBody,
        response: { 201: CouncilMember, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await joinCouncil(req.ctx, req.params.id, req.body.shopId)),
  );
  r.put(
    '/api/councils/:id/representatives/:accountId',
    {
      ...pre,
      schema: {
        tags,
        summary: 'A representative’s council role (staff, chair, secretary; audited)',
        params: Type.Object({ id: Uuid, accountId: Uuid }),
        body: PutRepresentativeBody,
        response: { 200: CouncilMember, ...errorResponses },
      },
    },
    (req) => putRepresentative(req.ctx, req.params.id, req.params.accountId, req.body),
  );
  r.delete(
    '/api/councils/:id/members/:memberId',
    {
      ...pre,
      schema: {
        tags,
        summary: 'A member leaves (its record stays; its representatives go; audited)',
        params: Type.Object({ id: Uuid, memberId: Uuid }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await removeCouncilMember(req.ctx, req.params.id, req.params.memberId);
      return reply.status(204).send(null);
    },
  );
  r.get(
    '/api/councils/:id/account-pick',
    {
      ...pre,
      schema: {
        tags,
        summary: 'The account that holds a mobile, to add as a representative (audited)',
        params: IdParams,
        querystring: AccountPickQuery,
        response: { 200: AccountPick, ...errorResponses },
      },
    },
    (req) => pickAccountByPhone(req.ctx, req.params.id, req.query.phone),
  );
}
