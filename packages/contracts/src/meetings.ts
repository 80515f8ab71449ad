import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { Label } from './cases.js';
import { StringEnum } from './errors.js';
import type { Role } from './identity.js';

/**
 * Meetings (议事会): a host — a residents' committee now, a co-governance council later —
 * schedules a meeting with an agenda; residents register and check in at the door; staff
 * record attendance and publish the minutes with an outcome per agenda item.
 */

/** Who runs a committee's meetings: its staff, and the street's operators above it. */
export const MEETING_STAFF_ROLES: readonly Role[] = ['committee_staff', 'street_operator'];

export const MEETING_HOST_TYPES = ['committee'] as const;
export type MeetingHostType = (typeof MEETING_HOST_TYPES)[number];

export const MEETING_STATES = ['scheduled', 'held', 'cancelled'] as const;
export const MeetingState = StringEnum(MEETING_STATES);
export type MeetingState = Static<typeof MeetingState>;
export const MEETING_STATE_LABELS: Readonly<Record<MeetingState, Label>> = {
  scheduled: { zh: '待召开', en: 'Scheduled' },
  held: { zh: '已召开', en: 'Held' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

export const MEETING_DECISIONS = ['adopted', 'rejected', 'deferred'] as const;
export const MeetingDecisionValue = StringEnum(MEETING_DECISIONS);
export type MeetingDecisionValue = Static<typeof MeetingDecisionValue>;
export const MEETING_DECISION_LABELS: Readonly<Record<MeetingDecisionValue, Label>> = {
  adopted: { zh: '通过', en: 'Adopted' },
  rejected: { zh: '未通过', en: 'Rejected' },
  deferred: { zh: '暂缓', en: 'Deferred' },
};

export const MEETING_TITLE_MAX = 80;
export const MEETING_MINUTES_MAX = 20_000;
export const MEETING_AGENDA_MAX = 30;
/** Check-in at the door opens this long before the start (and closes at the end). */
export const MEETING_CHECK_IN_OPENS_MS = 60 * 60_000;

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const AgendaItemInput = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 120 }),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type AgendaItemInput = Static<typeof AgendaItemInput>;

export const ScheduleMeetingBody = Type.Object(
  {
    /** the committee holding it (optional for staff of one committee) */
    committeeCode: Type.Optional(Type.String({ minLength: 2, maxLength: 64 })),
    title: Type.String({ minLength: 2, maxLength: MEETING_TITLE_MAX }),
    startsAt: Type.String({ format: 'date-time' }),
    endsAt: Type.String({ format: 'date-time' }),
    place: Type.Optional(Type.String({ maxLength: 200 })),
    onlineUrl: Type.Optional(Type.String({ maxLength: 500 })),
    capacity: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    agenda: Type.Optional(Type.Array(AgendaItemInput, { maxItems: MEETING_AGENDA_MAX })),
  },
  { additionalProperties: false },
);
export type ScheduleMeetingBody = Static<typeof ScheduleMeetingBody>;

export const CancelMeetingBody = Type.Object(
  { reason: Type.String({ minLength: 2, maxLength: 500 }) },
  { additionalProperties: false },
);
export type CancelMeetingBody = Static<typeof CancelMeetingBody>;

export const CheckInBody = Type.Object(
  { code: Type.String({ maxLength: 20 }) },
  { additionalProperties: false },
);
export type CheckInBody = Static<typeof CheckInBody>;

export const WalkInBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 40 }) },
  { additionalProperties: false },
);
export type WalkInBody = Static<typeof WalkInBody>;

export const AttendanceBody = Type.Object(
  { attended: Type.Boolean() },
  { additionalProperties: false },
);
export type AttendanceBody = Static<typeof AttendanceBody>;

export const ItemOutcomeInput = Type.Object(
  {
    itemId: Uuid,
    decision: MeetingDecisionValue,
    outcome: Type.String({ minLength: 1, maxLength: 2000 }),
  },
  { additionalProperties: false },
);
export const PublishMinutesBody = Type.Object(
  {
    minutes: Type.String({ minLength: 1, maxLength: MEETING_MINUTES_MAX }),
    outcomes: Type.Array(ItemOutcomeInput, { maxItems: MEETING_AGENDA_MAX }),
  },
  { additionalProperties: false },
);
export type PublishMinutesBody = Static<typeof PublishMinutesBody>;

export const MeetingListQuery = Type.Object(
  {
    /** only meetings still to come (not ended, not held or cancelled), soonest first */
    upcoming: Type.Optional(StringEnum(['1', '0', 'true', 'false'])),
    state: Type.Optional(MeetingState),
    /** staff: one committee in their area */
    committee: Type.Optional(Type.String({ minLength: 2, maxLength: 64 })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);
export type MeetingListQuery = Static<typeof MeetingListQuery>;

export const MeetingSummary = Type.Object({
  id: Uuid,
  hostType: Type.String(),
  hostCode: Type.String(),
  hostName: Type.String(),
  title: Type.String(),
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.String({ format: 'date-time' }),
  place: Nullable(Type.String()),
  onlineUrl: Nullable(Type.String()),
  capacity: Nullable(Type.Integer()),
  state: MeetingState,
  registeredCount: Type.Integer(),
  attendedCount: Type.Integer(),
  agendaCount: Type.Integer(),
  /** the reader's registration: null (none), 'registered' or 'attended' */
  myRegistration: Nullable(StringEnum(['registered', 'attended'])),
});
export type MeetingSummary = Static<typeof MeetingSummary>;

export const MeetingList = Type.Object({
  items: Type.Array(MeetingSummary),
  nextCursor: Nullable(Type.String()),
});
export type MeetingList = Static<typeof MeetingList>;

export const AgendaItem = Type.Object({
  id: Uuid,
  position: Type.Integer(),
  title: Type.String(),
  note: Nullable(Type.String()),
  sourceType: Nullable(Type.String()),
  sourceId: Nullable(Type.String()),
  decision: Nullable(MeetingDecisionValue),
  outcome: Nullable(Type.String()),
});
export type AgendaItem = Static<typeof AgendaItem>;

export const MeetingDetail = Type.Intersect([
  MeetingSummary,
  Type.Object({
    agenda: Type.Array(AgendaItem),
    /** plain text (shown as text, never as HTML) once published */
    minutes: Nullable(Type.String()),
    minutesPublishedAt: Nullable(Type.String({ format: 'date-time' })),
    cancelReason: Nullable(Type.String()),
    /** the 6 digits for the door: staff only */
    doorCode: Nullable(Type.String()),
    isStaff: Type.Boolean(),
    canRegister: Type.Boolean(),
    /** why the reader may not register now (zh + en), or null */
    cannotRegisterReason: Nullable(Type.String()),
    /** the door is open for check-in now */
    isCheckInOpen: Type.Boolean(),
    /** staff: attendance may be taken now (from an hour before the start, until held) */
    canTakeAttendance: Type.Boolean(),
    /** staff: the minutes may be published now (the meeting has begun, not yet held) */
    canPublishMinutes: Type.Boolean(),
  }),
]);
export type MeetingDetail = Static<typeof MeetingDetail>;

export const MeetingAttendee = Type.Object({
  id: Uuid,
  kind: StringEnum(['registered', 'walk_in']),
  /** the name, masked (张*): the clear name only through the reveal, for a reason (audited) */
  name: Type.String(),
  registeredAt: Type.String({ format: 'date-time' }),
  attendedAt: Nullable(Type.String({ format: 'date-time' })),
  attendedBy: Nullable(StringEnum(['code', 'staff'])),
});
export type MeetingAttendee = Static<typeof MeetingAttendee>;

export const MeetingAttendeeList = Type.Object({
  items: Type.Array(MeetingAttendee),
  nextCursor: Nullable(Type.String()),
});
export type MeetingAttendeeList = Static<typeof MeetingAttendeeList>;

/** Committee staff see an attendee's name in clear for a reason (2–200 characters, audited). */
export const RevealAttendeeBody = Type.Object(
  { reason: Type.String({ minLength: 2, maxLength: 200 }) },
  { additionalProperties: false },
);
export type RevealAttendeeBody = Static<typeof RevealAttendeeBody>;

export const AttendeeReveal = Type.Object({ id: Uuid, name: Type.String() });
export type AttendeeReveal = Static<typeof AttendeeReveal>;

export const AttendeeListQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type AttendeeListQuery = Static<typeof AttendeeListQuery>;
