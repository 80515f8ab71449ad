import {
  ApproveVerificationBody,
  Household,
  PickerBuildingList,
  PickerBuildingQuery,
  PickerCompoundList,
  PickerCompoundQuery,
  PickerRoomList,
  PickerRoomQuery,
  RefuseVerificationBody,
  ResidentLink,
  ResidentMe,
  RevokeLinkBody,
  VerificationQuery,
  VerificationRequest,
  VerificationRequestBody,
  VerificationRequestList,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import { getHousehold, revokeLinkByStaff } from './links.service.js';
import { listPickerBuildings, listPickerCompounds, listPickerRooms } from './picker.service.js';
import {
  approveRequest,
  getRequest,
  listHouseholdRequests,
  listRequests,
  refuseRequest,
} from './decisions.service.js';
import { getResidentMe, requestVerification, withdrawRequest } from './requests.service.js';

const tags = ['residents'];
const pre = { preHandler: requireSignIn };
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const AccountParams = Type.Object({ accountId: Type.String({ format: 'uuid' }) });

export async function residentRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  // ---- the room picker: nothing personal ----
  r.get(
    '/api/residents/compounds',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Compounds by name (or a committee’s), for the resident’s room picker',
        querystring: PickerCompoundQuery,
        response: { 200: PickerCompoundList, ...errorResponses },
      },
    },
    (req) => listPickerCompounds(req.ctx, req.query),
  );
  r.get(
    '/api/residents/buildings',
    {
      ...pre,
      schema: {
        tags,
        summary: 'The buildings of a compound, for the room picker',
        querystring: PickerBuildingQuery,
        response: { 200: PickerBuildingList, ...errorResponses },
      },
    },
    (req) => listPickerBuildings(req.ctx, req.query),
  );
  r.get(
    '/api/residents/rooms',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Rooms of a compound or building (units and numbers only), for the room picker',
        querystring: PickerRoomQuery,
        response: { 200: PickerRoomList, ...errorResponses },
      },
    },
    (req) => listPickerRooms(req.ctx, req.query),
  );

  // ---- the resident ----
  r.post(
    '/api/residents/verification-requests',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Ask to be verified as living in a room (住户认证)',
        description:
          'The ID number is checked (GB 11643), stored encrypted and shown masked; one pending request per account (409).',
        body: VerificationRequestBody,
        response: { 201: VerificationRequest, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await requestVerification(req.ctx, req.body)),
  );
  r.delete(
    '/api/residents/verification-requests/:id',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Withdraw my request while it waits for a decision',
        description: 'Only the requester, only a pending request (409 once decided).',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await withdrawRequest(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );
  r.get(
    '/api/residents/me',
    {
      ...pre,
      schema: {
        tags,
        summary: 'My verified home (masked) and my newest request; 404 when neither',
        response: { 200: ResidentMe, ...errorResponses },
      },
    },
    (req) => getResidentMe(req.ctx),
  );
  r.get(
    '/api/residents/household',
    {
      ...pre,
      schema: {
        tags,
        summary: 'The members of my household, masked (我的家庭)',
        response: { 200: Household, ...errorResponses },
      },
    },
    (req) => getHousehold(req.ctx),
  );
  r.get(
    '/api/residents/household/requests',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Pending requests matched to my household (for its verified head)',
        response: { 200: VerificationRequestList, ...errorResponses },
      },
    },
    (req) => listHouseholdRequests(req.ctx),
  );

  // ---- staff (and the household head for their own household) ----
  r.get(
    '/api/residents/verification-requests',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Verification requests of rooms in my area, newest first',
        querystring: VerificationQuery,
        response: { 200: VerificationRequestList, ...errorResponses },
      },
    },
    (req) => listRequests(req.ctx, req.query),
  );
  r.get(
    '/api/residents/verification-requests/:id',
    {
      ...pre,
      schema: {
        tags,
        summary: 'One verification request with the suggested registry resident (masked)',
        params: IdParams,
        response: { 200: VerificationRequest, ...errorResponses },
      },
    },
    (req) => getRequest(req.ctx, req.params.id),
  );
  r.post(
    '/api/residents/verification-requests/:id/approve',
    {
      ...pre,
      schema: {
        tags,
        summary:
          'Approve: link the account to the registry resident (the suggested one by default)',
        params: IdParams,
        body: Type.Optional(ApproveVerificationBody),
        response: { 200: VerificationRequest, ...errorResponses },
      },
    },
    (req) => approveRequest(req.ctx, req.params.id, req.body ?? {}),
  );
  r.post(
    '/api/residents/verification-requests/:id/refuse',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Refuse with a reason (the resident is told)',
        params: IdParams,
        body: RefuseVerificationBody,
        response: { 200: VerificationRequest, ...errorResponses },
      },
    },
    (req) => refuseRequest(req.ctx, req.params.id, req.body),
  );
  r.post(
    '/api/residents/links/:accountId/revoke',
    {
      ...pre,
      schema: {
        tags,
        summary: "End an account's verified link, with a reason",
        params: AccountParams,
        body: RevokeLinkBody,
        response: { 200: ResidentLink, ...errorResponses },
      },
    },
    (req) => revokeLinkByStaff(req.ctx, req.params.accountId, req.body),
  );
}
