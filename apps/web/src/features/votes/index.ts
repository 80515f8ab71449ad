export { VotesPage } from './votes-page';
export { VotePage } from './vote-page';
export { ResidentVotesPage, VotesTogetherLinks } from './resident-votes-page';
export { ResidentVotePage } from './resident-vote-page';
export { MyVisitsPage } from './visits-page';
export { canOpenVotes, canStartVotes } from './vote-roles';
