import type { FastifyInstance } from 'fastify';
import { voteBallotRoutes } from './vote-ballots.routes.js';
import { voteLifecycleRoutes } from './vote-lifecycle.routes.js';

/** The votes module's HTTP routes: votes and their results; ballots, paper entry, campaign. */
export async function voteRoutes(app: FastifyInstance): Promise<void> {
  await voteLifecycleRoutes(app);
  await voteBallotRoutes(app);
}
