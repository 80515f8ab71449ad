export { TopicIndex, TopicPage } from './topic-page';
