import { Block, BlockList, BlockListQuery, CreateBlockBody, UpdateBlockBody } from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import { createBlock, getBlock, listBlocks, updateBlock } from './blocks.js';

const tags = ['councils'];
const pre = { preHandler: requireSignIn };
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** Blocks (街区): drawn by the staff of a street. */
export async function blocksRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/api/blocks',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Draw a block in a street (staff reaching the street; audited)',
        description:
          'The outline is one closed ring, a simple polygon whose every vertex lies inside the ' +
          'street; areaCodes are committees or compounds of the street; a name in use is a 409.',
        body: CreateBlockBody,
        response: { 201: Block, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createBlock(req.ctx, req.body)),
  );
  r.get(
    '/api/blocks',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Blocks of a street (staff), or of the councils I represent a member of',
        querystring: BlockListQuery,
        response: { 200: BlockList, ...errorResponses },
      },
    },
    (req) => listBlocks(req.ctx, req.query),
  );
  r.get(
    '/api/blocks/:id',
    {
      ...pre,
      schema: {
        tags,
        summary: 'A block (staff of its street, representatives of its councils)',
        params: IdParams,
        response: { 200: Block, ...errorResponses },
      },
    },
    (req) => getBlock(req.ctx, req.params.id),
  );
  r.put(
    '/api/blocks/:id',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Change a block’s name, frontage, areas and outline (staff; audited)',
        params: IdParams,
        body: UpdateBlockBody,
        response: { 200: Block, ...errorResponses },
      },
    },
    (req) => updateBlock(req.ctx, req.params.id, req.body),
  );
}
