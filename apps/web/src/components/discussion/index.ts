/** Comments, praise, reports and moderators' decisions: shared by proposals, building boards and later pieces. */
export { CommentThread, type CommentThreadProps } from './comment-thread';
export { PraiseButton, type PraiseButtonProps } from './praise-button';
export { ReportButton, type ReportButtonProps } from './report-button';
export { DecisionButton, type DecisionButtonProps } from './decision-button';
