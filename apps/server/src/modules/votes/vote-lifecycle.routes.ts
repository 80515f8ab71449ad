import type { FastifyInstance } from 'fastify';

export async function voteLifecycleRoutes(_app: FastifyInstance): Promise<void> {}
