import { defineEvent } from '../../platform/events.js';

/**
 * A vote's result was published (inside the publishing transaction). A module that opened the
 * vote about something it owns (`subject`: an elevator project, a fee change) subscribes and
 * moves that on.
 */
export const votePublished = defineEvent<{
  voteId: string;
  committeeCode: string;
  subjectType: string | null;
  subjectId: string | null;
  passed: boolean;
}>('votes.published');

/** A vote was cancelled before its result (its subject may go back a step). */
export const voteCancelled = defineEvent<{
  voteId: string;
  subjectType: string | null;
  subjectId: string | null;
}>('votes.cancelled');
