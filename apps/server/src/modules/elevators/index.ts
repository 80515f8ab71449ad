import type { PlatformModule } from '../../platform/module.js';
import { setAttachmentAccessPolicy } from '../media/index.js';
import { registerVoteSubject, votePublished } from '../votes/index.js';
import { costPresets } from './cost-arithmetic.js';
import { STAGE_DOCUMENTS } from './elevator-detail.js';
import { canSeeStageDocument } from './elevator-residents.js';
import { elevatorVoteSubject, recordVoteOutcome, VOTE_SUBJECT } from './elevator-votes.js';
import { elevatorRoutes } from './elevators.routes.js';

export type * from './elevators.tables.js';

/**
 * Adding elevators to existing housing (加装电梯): one project per staircase, from the
 * owners' consultation to the elevator in service, stage by stage (one step at a time; leaving
 * the owners' vote needs a published vote about it that passed — subject 'elevator' of the
 * votes module); dates, notes and documents per stage; the cost shared by floor by a preset of
 * data/elevators/cost-shares.json, exactly in fen; volunteers; the streets' yearly targets and
 * the street and district board; the staircase's residents read their project (方案公示), reduced.
 */
export const manifest: PlatformModule = {
  name: 'elevators',
  routes: elevatorRoutes,
  subscriptions: () => [
    votePublished.on(async (trx, p) => {
      if (p.subjectType !== VOTE_SUBJECT || !p.subjectId) return;
      await recordVoteOutcome(trx, { ...p, subjectId: p.subjectId });
    }),
  ],
  start: async () => {
    // a wrong presets file stops the start, naming what is wrong
    costPresets();
    registerVoteSubject(VOTE_SUBJECT, elevatorVoteSubject);
    setAttachmentAccessPolicy(STAGE_DOCUMENTS, canSeeStageDocument);
  },
};

export { shareCost } from './cost-arithmetic.js';
// for the demo city (demo/seed-elevators.ts): projects made through the same use cases
export { createProject, updateProject } from './elevator-projects.js';
export { advanceProject, updateStage } from './elevator-stages.js';
export { setCost } from './elevator-costs.js';
export { setVolunteers } from './elevator-volunteers.js';
export { setTarget } from './elevator-board.js';
export { getProject } from './elevator-detail.js';
