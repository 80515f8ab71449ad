import {
  ComplaintQuery,
  ComplaintRates,
  CompoundParams,
  CompoundPropertyDetail,
  CompoundPropertyList,
  CreateFeeChangeBody,
  FeeChangeParams,
  FeeChangeView,
  OwnersCommitteeBody,
  PropertyCompanyBody,
  RecordFeesBody,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import { applyFeeChange, createFeeChange, getFeeChange } from './fee-changes.js';
import { recordFees, setCompany, setOwnersCommittee } from './property-edits.js';
import { complaintRates, getCompound, getMyCompound, listCompounds } from './property.service.js';

const tags = ['property'];
const pre = { preHandler: requireSignIn };

export async function propertyRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/property/compounds',
    {
      ...pre,
      schema: {
        tags,
        summary:
          "The compounds of an area with company, owners' committee, fee and complaints per 1,000 households",
        querystring: ComplaintQuery,
        response: { 200: CompoundPropertyList, ...errorResponses },
      },
    },
    (req) => listCompounds(req.ctx, req.query),
  );
  r.get(
    '/api/property/compounds/:code',
    {
      ...pre,
      schema: {
        tags,
        summary: 'One compound\'s "1 + 3" with its fee history and changes (staff; its residents)',
        params: CompoundParams,
        querystring: ComplaintQuery,
        response: { 200: CompoundPropertyDetail, ...errorResponses },
      },
    },
    (req) => getCompound(req.ctx, req.params.code, req.query),
  );
  r.get(
    '/api/property/my-compound',
    {
      ...pre,
      schema: {
        tags,
        summary: "The verified resident's own compound: 物业, 业委会, 物业费",
        response: { 200: CompoundPropertyDetail, ...errorResponses },
      },
    },
    (req) => getMyCompound(req.ctx),
  );
  r.put(
    '/api/property/compounds/:code/company',
    {
      ...pre,
      schema: {
        tags,
        summary:
          "Set the compound's property company (by its credit code) and contract (committee staff)",
        params: CompoundParams,
        body: PropertyCompanyBody,
        response: { 200: CompoundPropertyDetail, ...errorResponses },
      },
    },
    (req) => setCompany(req.ctx, req.params.code, req.body),
  );
  r.put(
    '/api/property/compounds/:code/owners-committee',
    {
      ...pre,
      schema: {
        tags,
        summary: "Replace the compound's owners' committee members (committee staff)",
        params: CompoundParams,
        body: OwnersCommitteeBody,
        response: { 200: CompoundPropertyDetail, ...errorResponses },
      },
    },
    (req) => setOwnersCommittee(req.ctx, req.params.code, req.body),
  );
  r.put(
    '/api/property/compounds/:code/fees',
    {
      ...pre,
      schema: {
        tags,
        summary:
          'Record the fee on record for a use that has none yet; a change needs a vote (409)',
        params: CompoundParams,
        body: RecordFeesBody,
        response: { 200: CompoundPropertyDetail, ...errorResponses },
      },
    },
    (req) => recordFees(req.ctx, req.params.code, req.body),
  );
  r.post(
    '/api/property/fee-changes',
    {
      ...pre,
      schema: {
        tags,
        summary: "Propose a fee change, to be decided by the owners' vote (subject property_fee)",
        body: CreateFeeChangeBody,
        response: { 201: FeeChangeView, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createFeeChange(req.ctx, req.body)),
  );
  r.get(
    '/api/property/fee-changes/:id',
    {
      ...pre,
      schema: {
        tags,
        summary: 'A fee change and its state (staff; residents of its compound)',
        params: FeeChangeParams,
        response: { 200: FeeChangeView, ...errorResponses },
      },
    },
    (req) => getFeeChange(req.ctx, req.params.id),
  );
  r.post(
    '/api/property/fee-changes/:id/apply',
    {
      ...pre,
      schema: {
        tags,
        summary: "A change applies only through a passed owners' vote: 409 before",
        params: FeeChangeParams,
        response: { 200: FeeChangeView, ...errorResponses },
      },
    },
    (req) => applyFeeChange(req.ctx, req.params.id),
  );
  r.get(
    '/api/property/complaints',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Complaints about property per 1,000 households, by compound and by company',
        querystring: ComplaintQuery,
        response: { 200: ComplaintRates, ...errorResponses },
      },
    },
    (req) => complaintRates(req.ctx, req.query),
  );
}
