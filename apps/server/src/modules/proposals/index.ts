import type { PlatformModule } from '../../platform/module.js';
import { registerDiscussionSubject } from '../discussion/index.js';
import { setAttachmentAccessPolicy } from '../media/index.js';
import { meetingCancelled, meetingItemDecided } from '../meetings/index.js';
import { registerModerationTarget } from '../moderation/index.js';
import { recordMeetingCancelled, recordMeetingOutcome } from './proposal-meetings.js';
import { proposalSubject, proposalTarget, SUBJECT } from './proposal-discussion.js';
import { proposalsJobHandlers } from './proposals.jobs.js';
import { proposalsRoutes } from './proposals.routes.js';
import { canSeeProposalFile } from './proposal-detail.js';
import { PHOTO_OWNER } from './proposals.repo.js';

export type * from './proposals.tables.js';

/**
 * Residents' proposals (众议院): a verified resident proposes to the committee, neighbours
 * support, follow and discuss; at the committee's threshold the committee owes a public answer
 * by a deadline (a warning before, escalation to the street after, on the public timeline);
 * answers, progress updates and meeting outcomes are told to supporters and followers.
 */
export const manifest: PlatformModule = {
  name: 'proposals',
  routes: proposalsRoutes,
  jobs: proposalsJobHandlers,
  subscriptions: () => [
    meetingItemDecided.on(async (trx, p) => {
      if (p.sourceType !== 'proposal' || !p.sourceId) return;
      await recordMeetingOutcome(trx, { ...p, sourceId: p.sourceId });
    }),
    meetingCancelled.on((trx, p) => recordMeetingCancelled(trx, p)),
  ],
  start: async () => {
    registerDiscussionSubject(SUBJECT, proposalSubject);
    registerModerationTarget(SUBJECT, proposalTarget);
    setAttachmentAccessPolicy(PHOTO_OWNER, canSeeProposalFile);
  },
};

// for the demo city (demo/seed-proposals.ts): proposals made through the same use cases
export { submitProposal } from './proposal-submit.js';
export { supportProposal, takeBackSupport, followProposal } from './proposal-support.js';
export { answerProposal, addProposalUpdate } from './proposal-answers.js';
export { setCommitteeThreshold, setStreetBounds } from './proposal-settings.js';
