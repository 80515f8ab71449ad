import type { FastifyInstance } from 'fastify';

export async function voteBallotRoutes(_app: FastifyInstance): Promise<void> {}
