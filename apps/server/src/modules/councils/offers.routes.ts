import type { FastifyInstance } from 'fastify';

// TODO(helper): the routes of this part (see /work/notes/common.md)
export async function offersRoutes(_app: FastifyInstance): Promise<void> {}
