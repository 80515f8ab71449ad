import type { FastifyInstance } from 'fastify';

// TODO(helper): the routes of this part (see /work/notes/common.md)
export async function blocksRoutes(_app: FastifyInstance): Promise<void> {}
