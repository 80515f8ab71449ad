export { TogetherPage } from './together-page';
export { NewProposalPage, EditProposalPage } from './proposal-form-page';
export { ProposalPage } from './proposal-page';
export { ProposalsConsolePage } from './proposals-console-page';
export { canOpenProposals, canAnswerProposals } from './proposal-roles';
