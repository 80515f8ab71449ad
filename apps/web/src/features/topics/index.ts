export { TopicIndex, TopicPage } from './topic-page';
export { OpsBoardPage } from './ops-board-page';
