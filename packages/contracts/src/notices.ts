import { Type, type Static } from '@sinclair/typebox';
import { AttachmentRef } from './attachments.js';
import { StringEnum } from './errors.js';
import type { Role } from './identity.js';

/** Who writes notices (通知公告): committee, street, district and city staff. */
export const NOTICE_AUTHOR_ROLES: readonly Role[] = [
  'committee_staff',
  'street_operator',
  'district_operator',
  'city_operator',
  'administrator',
];

export const NOTICE_TITLE_MAX = 100;
export const NOTICE_BODY_MAX = 20_000;
/** A publish time this far in the past is still "now" (a clock a little behind, a slow form). */
export const NOTICE_PUBLISH_GRACE_MS = 2 * 60_000;

export const NOTICE_STATUSES = ['draft', 'scheduled', 'published', 'withdrawn'] as const;
export const NoticeStatus = StringEnum(NOTICE_STATUSES);
export type NoticeStatus = Static<typeof NoticeStatus>;

export const NOTICE_STATUS_LABELS: Record<NoticeStatus, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  scheduled: { zh: '定时发布', en: 'Scheduled' },
  published: { zh: '已发布', en: 'Published' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
};

const Uuid = Type.String({ format: 'uuid' });

/** Whom a notice is for: areas (committees, compounds… in the author's area) and buildings. */
export const NoticeTargets = Type.Object(
  {
    areaCodes: Type.Array(Type.String({ minLength: 2, maxLength: 64 }), { maxItems: 200 }),
    buildingIds: Type.Array(Uuid, { maxItems: 500 }),
  },
  { additionalProperties: false },
);
export type NoticeTargets = Static<typeof NoticeTargets>;

const noticeFields = {
  title: Type.String({ minLength: 1, maxLength: NOTICE_TITLE_MAX }),
  body: Type.String({
    maxLength: NOTICE_BODY_MAX,
    description: 'a safe Markdown subset, stored verbatim and never rendered as HTML',
  }),
  photoIds: Type.Optional(Type.Array(Uuid, { maxItems: 9 })),
  attachmentIds: Type.Optional(Type.Array(Uuid, { maxItems: 10 })),
  targets: NoticeTargets,
  publishAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
  expiresAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
  pinned: Type.Optional(Type.Boolean()),
  urgent: Type.Optional(Type.Boolean({ description: 'also sent as SMS to every recipient' })),
};

/** A new notice: published now, at `publishAt`, or kept as a draft. */
export const CreateNoticeBody = Type.Object(
  { ...noticeFields, draft: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type CreateNoticeBody = Static<typeof CreateNoticeBody>;

/** A change to a draft or scheduled notice (every field optional). */
export const UpdateNoticeBody = Type.Partial(Type.Object(noticeFields), {
  additionalProperties: false,
});
export type UpdateNoticeBody = Static<typeof UpdateNoticeBody>;

export const NoticeTargetRef = Type.Object({
  kind: StringEnum(['area', 'building'] as const),
  id: Type.String(),
  name: Type.String(),
});
export type NoticeTargetRef = Static<typeof NoticeTargetRef>;

/** A notice as staff see it (list row and detail). */
export const NoticeSummary = Type.Object({
  id: Uuid,
  title: Type.String(),
  publisher: Type.String(),
  areaCode: Type.String(),
  status: NoticeStatus,
  publishAt: Type.Union([Type.String(), Type.Null()]),
  publishedAt: Type.Union([Type.String(), Type.Null()]),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  pinned: Type.Boolean(),
  urgent: Type.Boolean(),
  authorName: Type.Union([Type.String(), Type.Null()]),
  recipients: Type.Integer(),
  reads: Type.Integer(),
  /** reads ÷ recipients (0 when there are none) */
  readShare: Type.Number(),
  /** recipients are still being written */
  delivering: Type.Boolean(),
  createdAt: Type.String(),
});
export type NoticeSummary = Static<typeof NoticeSummary>;

export const NoticeList = Type.Object({
  items: Type.Array(NoticeSummary),
  total: Type.Integer(),
});
export type NoticeList = Static<typeof NoticeList>;

export const NoticePhoto = Type.Object({
  id: Uuid,
  large: Type.String(),
  thumb: Type.String(),
});

/** One notice: staff (their own area's, with targets) or a recipient (with `read`). */
export const NoticeDetail = Type.Object({
  id: Uuid,
  title: Type.String(),
  /** verbatim; render as the safe Markdown subset (text only) */
  body: Type.String(),
  publisher: Type.String(),
  status: NoticeStatus,
  publishAt: Type.Union([Type.String(), Type.Null()]),
  publishedAt: Type.Union([Type.String(), Type.Null()]),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  pinned: Type.Boolean(),
  urgent: Type.Boolean(),
  photos: Type.Array(NoticePhoto),
  attachments: Type.Array(AttachmentRef),
  /** for staff: what it is aimed at */
  targets: Type.Optional(Type.Array(NoticeTargetRef)),
  /** for a recipient: read already */
  read: Type.Optional(Type.Boolean()),
  /** for staff: may change it (draft or scheduled, in their area) */
  editable: Type.Optional(Type.Boolean()),
  targetInput: Type.Optional(NoticeTargets),
  photoIds: Type.Optional(Type.Array(Uuid)),
  attachmentIds: Type.Optional(Type.Array(Uuid)),
});
export type NoticeDetail = Static<typeof NoticeDetail>;

/** A resident's feed row. */
export const FeedNotice = Type.Object({
  id: Uuid,
  title: Type.String(),
  /** the body's first characters, Markdown marks removed (text) */
  excerpt: Type.String(),
  publisher: Type.String(),
  publishedAt: Type.String(),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  pinned: Type.Boolean(),
  urgent: Type.Boolean(),
  read: Type.Boolean(),
});
export type FeedNotice = Static<typeof FeedNotice>;

export const NoticeFeed = Type.Object({
  items: Type.Array(FeedNotice),
  /** the next page's cursor; null at the end */
  next: Type.Union([Type.String(), Type.Null()]),
  unread: Type.Integer({ description: 'unread notices on this page' }),
});
export type NoticeFeed = Static<typeof NoticeFeed>;

export const NoticeFeedQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  },
  { additionalProperties: false },
);
export type NoticeFeedQuery = Static<typeof NoticeFeedQuery>;

export const NoticeListQuery = Type.Object(
  {
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    status: Type.Optional(NoticeStatus),
  },
  { additionalProperties: false },
);
export type NoticeListQuery = Static<typeof NoticeListQuery>;

export const BuildingReads = Type.Object({
  buildingId: Uuid,
  name: Type.String(),
  compoundName: Type.String(),
  targeted: Type.Integer(),
  read: Type.Integer(),
  share: Type.Number(),
});
export type BuildingReads = Static<typeof BuildingReads>;

/** Who has read a notice: the whole target and each building. */
export const NoticeReads = Type.Object({
  noticeId: Uuid,
  title: Type.String(),
  status: NoticeStatus,
  delivering: Type.Boolean(),
  targeted: Type.Integer(),
  read: Type.Integer(),
  share: Type.Number(),
  buildings: Type.Array(BuildingReads),
});
export type NoticeReads = Static<typeof NoticeReads>;

export const NoticeIdParams = Type.Object(
  { id: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);
