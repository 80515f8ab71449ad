import type { PlatformModule } from '../../platform/module.js';
import { voteJobHandlers } from './votes.jobs.js';
import { voteRoutes } from './votes.routes.js';

export type * from './votes.tables.js';

/**
 * Owners' votes and consents (业主表决, decision 019): an electorate of rooms frozen at open,
 * counted by head count AND registered area under a rule from data/votes/rules.json, exactly;
 * online and paper ballots in one hash chain; the campaign list and visits; the published
 * result. The vote engine other modules reuse (elevator projects, fee changes; councils'
 * one-member-one-vote presets).
 */
export const manifest: PlatformModule = {
  name: 'votes',
  routes: voteRoutes,
  jobs: voteJobHandlers,
};

export { registerVoteSubject, type VoteSubjectType } from './vote-subjects.js';
export { votePublished, voteCancelled } from './vote-events.js';
export { tallyVote, groupOwners, parseShare, meets } from './vote-arithmetic.js';
export { rulePresets } from './vote-rules.js';
