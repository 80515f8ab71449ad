import { Type, type Static } from '@sinclair/typebox';
import { AttachmentRef } from './attachments.js';
import { StringEnum } from './errors.js';
import type { Role } from './identity.js';

/**
 * Daily logs (隔离日志 / 志愿者日志 / 工作日志): quarantine staff, volunteers and committee staff
 * post what they did today, with photos, to their committee; its verified residents read,
 * praise and comment (the discussion piece's subject `daily_log`). ID and mobile numbers in
 * the text are masked on publish. Committee staff post any kind and appoint authors per kind.
 */

/** The discussion subject type (and moderation target type) of a log. */
export const DAILY_LOG_SUBJECT_TYPE = 'daily_log';

/** Who posts any kind of log to their committee and appoints its authors. */
export const DAILY_LOG_STAFF_ROLES: readonly Role[] = ['committee_staff'];

export const DAILY_LOG_KINDS = ['quarantine', 'volunteer', 'work'] as const;
export const DailyLogKind = StringEnum(DAILY_LOG_KINDS);
export type DailyLogKind = Static<typeof DailyLogKind>;

export const DAILY_LOG_KIND_LABELS: Record<DailyLogKind, { zh: string; en: string }> = {
  quarantine: { zh: '隔离日志', en: 'Quarantine log' },
  volunteer: { zh: '志愿者日志', en: 'Volunteer log' },
  work: { zh: '工作日志', en: 'Work log' },
};

/** Beside the author's name: committee staff, or the kind they were appointed for. */
export const DAILY_LOG_BADGES = ['committee', 'quarantine', 'volunteer', 'work'] as const;
export const DailyLogBadge = StringEnum(DAILY_LOG_BADGES);
export type DailyLogBadge = Static<typeof DailyLogBadge>;

export const DAILY_LOG_BADGE_LABELS: Record<DailyLogBadge, { zh: string; en: string }> = {
  committee: { zh: '居委', en: 'Committee' },
  quarantine: { zh: '隔离点工作人员', en: 'Quarantine staff' },
  volunteer: { zh: '志愿者', en: 'Volunteer' },
  work: { zh: '工作人员', en: 'Worker' },
};

export const DAILY_LOG_BODY_MAX = 2000;
/** photos on one log */
export const DAILY_LOG_PHOTOS_MAX = 9;

const Uuid = Type.String({ format: 'uuid' });
const CommitteeCode = Type.String({ minLength: 2, maxLength: 64 });
const Cursor = Type.Optional(Type.String({ maxLength: 512 }));
const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 }));

export const PostDailyLogBody = Type.Object(
  {
    committeeCode: CommitteeCode,
    kind: DailyLogKind,
    body: Type.String({ minLength: 1, maxLength: DAILY_LOG_BODY_MAX }),
    attachmentIds: Type.Optional(Type.Array(Uuid, { maxItems: DAILY_LOG_PHOTOS_MAX })),
  },
  { additionalProperties: false },
);
export type PostDailyLogBody = Static<typeof PostDailyLogBody>;

export const DailyLog = Type.Object({
  id: Uuid,
  committee: Type.Object({ code: Type.String(), name: Type.String() }),
  kind: DailyLogKind,
  /** as published: ID and mobile numbers masked */
  body: Type.String(),
  author: Type.Object({
    /** masked (张*) for residents and authors; whole for the committee's staff */
    name: Type.String(),
    badge: DailyLogBadge,
    isMe: Type.Boolean(),
  }),
  /** JPEG / PNG only */
  photos: Type.Array(AttachmentRef),
  praiseCount: Type.Integer(),
  commentCount: Type.Integer(),
  praisedByMe: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  /** hidden by moderation (three reports) or removed by a moderator: only moderators see it */
  hidden: Type.Boolean(),
});
export type DailyLog = Static<typeof DailyLog>;

export const DailyLogList = Type.Object({
  items: Type.Array(DailyLog),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type DailyLogList = Static<typeof DailyLogList>;

export const DailyLogListQuery = Type.Object(
  { committee: CommitteeCode, kind: Type.Optional(DailyLogKind), cursor: Cursor, limit: Limit },
  { additionalProperties: false },
);
export type DailyLogListQuery = Static<typeof DailyLogListQuery>;

export const MyDailyLogListQuery = Type.Object(
  { kind: Type.Optional(DailyLogKind), cursor: Cursor, limit: Limit },
  { additionalProperties: false },
);
export type MyDailyLogListQuery = Static<typeof MyDailyLogListQuery>;

export const DailyLogParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export type DailyLogParams = Static<typeof DailyLogParams>;

/** An appointed author of a committee for one kind. */
export const DailyLogAuthor = Type.Object({
  id: Uuid,
  committeeCode: Type.String(),
  accountId: Uuid,
  /** masked: 张* */
  name: Type.String(),
  kind: DailyLogKind,
  appointedAt: Type.String({ format: 'date-time' }),
});
export type DailyLogAuthor = Static<typeof DailyLogAuthor>;

export const DailyLogAuthorList = Type.Object({ items: Type.Array(DailyLogAuthor) });
export type DailyLogAuthorList = Static<typeof DailyLogAuthorList>;

export const DailyLogAuthorQuery = Type.Object(
  { committee: CommitteeCode },
  { additionalProperties: false },
);
export type DailyLogAuthorQuery = Static<typeof DailyLogAuthorQuery>;

export const AppointDailyLogAuthorBody = Type.Object(
  { committeeCode: CommitteeCode, accountId: Uuid, kind: DailyLogKind },
  { additionalProperties: false },
);
export type AppointDailyLogAuthorBody = Static<typeof AppointDailyLogAuthorBody>;

/** A verified resident (or staff member) of the committee, for picking an author. */
export const DailyLogCandidate = Type.Object({
  accountId: Uuid,
  /** a resident's masked: 张* */
  name: Type.String(),
  kind: StringEnum(['staff', 'resident'] as const),
});
export type DailyLogCandidate = Static<typeof DailyLogCandidate>;

export const DailyLogCandidateList = Type.Object({ items: Type.Array(DailyLogCandidate) });
export type DailyLogCandidateList = Static<typeof DailyLogCandidateList>;

export const DailyLogCandidateQuery = Type.Object(
  {
    committee: CommitteeCode,
    /** the start of a user or display name */
    q: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
);
export type DailyLogCandidateQuery = Static<typeof DailyLogCandidateQuery>;

/** Where the signed-in account may post: a committee and the kinds there. */
export const DailyLogAuthorship = Type.Object({
  committee: Type.Object({ code: Type.String(), name: Type.String() }),
  kinds: Type.Array(DailyLogKind),
  /** committee staff (every kind) rather than an appointed author */
  asStaff: Type.Boolean(),
});
export type DailyLogAuthorship = Static<typeof DailyLogAuthorship>;

export const DailyLogAuthorshipList = Type.Object({ items: Type.Array(DailyLogAuthorship) });
export type DailyLogAuthorshipList = Static<typeof DailyLogAuthorshipList>;
