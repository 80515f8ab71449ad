import { defineEvent } from '../../platform/events.js';

/** How an agenda item was decided when the minutes were published. */
export type MeetingDecision = 'adopted' | 'rejected' | 'deferred';

/**
 * Published once per agenda item, inside the transaction that publishes a meeting's minutes with
 * an outcome per item. `sourceType`/`sourceId` name where the item came from (e.g. a proposal put
 * to the meeting through `addAgendaItem`), null for an item written by staff.
 */
export const meetingItemDecided = defineEvent<{
  meetingId: string;
  itemId: string;
  sourceType: string | null;
  sourceId: string | null;
  outcome: string;
  decision: MeetingDecision;
}>('meetings.itemDecided');

/**
 * Published inside the transaction that cancels a meeting, with every item on its agenda, so the
 * module an item came from (e.g. proposals) can take it back. `sourceType`/`sourceId` are null
 * for an item written by staff.
 */
export const meetingCancelled = defineEvent<{
  meetingId: string;
  items: { itemId: string; sourceType: string | null; sourceId: string | null }[];
}>('meetings.cancelled');
