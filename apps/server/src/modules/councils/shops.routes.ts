import {
  AccountPick,
  AccountPickQuery,
  RegisterShopBody,
  Shop,
  ShopList,
  ShopListQuery,
  VerifyShopBody,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import { getShop, listShops, pickShopAccount, registerShop, verifyShop } from './shops.js';

const tags = ['councils'];
const pre = { preHandler: requireSignIn };
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** Shops (商户) and their unified social credit codes. */
export async function shopsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/api/shops',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Register my shop, or (staff of its area) a shop for someone else (audited)',
        description:
          'The code’s GB 32100 check character is checked (400 uscc checkCharacter); a code ' +
          'registered already is a 409; the point resolves to the committee it lies in.',
        body: RegisterShopBody,
        response: { 201: Shop, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await registerShop(req.ctx, req.body)),
  );
  r.get(
    '/api/shops',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Shops of an area (staff reaching it), newest first; without area: my shops',
        querystring: ShopListQuery,
        response: { 200: ShopList, ...errorResponses },
      },
    },
    (req) => listShops(req.ctx, req.query),
  );
  r.get(
    '/api/shops/:id',
    {
      ...pre,
      schema: {
        tags,
        summary: 'A shop (its account, staff reaching it, representatives of its councils)',
        params: IdParams,
        response: { 200: Shop, ...errorResponses },
      },
    },
    (req) => getShop(req.ctx, req.params.id),
  );
  r.post(
    '/api/shops/:id/verify',
    {
      ...pre,
      schema: {
        tags,
        summary:
          'Verify a shop, and give it to another account if need be (staff reaching it; audited)',
        description:
          'A shop its owner registered joins no council until verified. With `accountId` the ' +
          'shop goes to that account (null: none), refused while it is a council member (409 ' +
          '`accountId` `member`).',
        params: IdParams,
        body: VerifyShopBody,
        response: { 200: Shop, ...errorResponses },
      },
    },
    (req) => verifyShop(req.ctx, req.params.id, req.body),
  );
  r.get(
    '/api/shops/:id/account-pick',
    {
      ...pre,
      schema: {
        tags,
        summary:
          'The account that holds a mobile, to give the shop to (staff reaching it; audited)',
        params: IdParams,
        querystring: AccountPickQuery,
        response: { 200: AccountPick, ...errorResponses },
      },
    },
    (req) => pickShopAccount(req.ctx, req.params.id, req.query.phone),
  );
}
