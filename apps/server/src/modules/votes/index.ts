import type { PlatformModule } from '../../platform/module.js';
import { setAttachmentAccessPolicy } from '../media/index.js';
import { BALLOT_SHEET_OWNER, canSeeBallotSheet } from './vote-ballots.js';
import { canSeeVoteFile } from './vote-read.js';
import { voteJobHandlers } from './votes.jobs.js';
import { voteRoutes } from './votes.routes.js';
import { VOTE_DOCUMENTS } from './votes.repo.js';

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
  start: async () => {
    // a vote's documents: whoever may read the vote (staff who watch it, its electorate)
    setAttachmentAccessPolicy(VOTE_DOCUMENTS, canSeeVoteFile);
    // a paper ballot's signed sheet: staff who watch the vote
    setAttachmentAccessPolicy(BALLOT_SHEET_OWNER, canSeeBallotSheet);
  },
};

export { registerVoteSubject, type VoteSubjectType } from './vote-subjects.js';
export { votePublished, voteCancelled } from './vote-events.js';
export { tallyVote, groupOwners, parseShare, meets } from './vote-arithmetic.js';
export { rulePresets } from './vote-rules.js';
// for the demo city and the modules that put a question to owners: the lifecycle as use cases
export { createVote } from './vote-create.js';
export { openVote } from './vote-open.js';
export { cancelVote, closeVote, publishVote } from './vote-close.js';
export { getVote } from './vote-read.js';
// for the demo city: a paper ballot (书面表决) entered by staff
export { enterPaperBallot } from './vote-ballots.js';
