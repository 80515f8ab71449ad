import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from './errors.js';
import type { Role } from './identity.js';

/**
 * Moderation (内容审核): the verified residents of a post's committee (of its building, on a
 * building board) and staff reaching it may report it (others: 404, or 403 saying why); the
 * third distinct reporter hides it until a moderator (committee staff, the building's 楼组长)
 * restores or removes it, with a reason, audited. Reports after a restore start a new round.
 */

/** distinct reporters that hide a post or comment until a moderator decides */
export const REPORTS_TO_HIDE = 3;

/** Who reads the moderation queue of their area (楼组长 read their buildings' too). */
export const MODERATION_QUEUE_ROLES: readonly Role[] = ['committee_staff', 'street_operator'];

export const REPORT_REASONS = ['spam', 'abuse', 'privacy', 'false', 'other'] as const;
export const ReportReason = StringEnum(REPORT_REASONS);
export type ReportReason = Static<typeof ReportReason>;

export const REPORT_REASON_LABELS: Record<ReportReason, { zh: string; en: string }> = {
  spam: { zh: '垃圾广告', en: 'Spam' },
  abuse: { zh: '辱骂攻击', en: 'Abuse' },
  privacy: { zh: '泄露隐私', en: 'Privacy' },
  false: { zh: '不实信息', en: 'False information' },
  other: { zh: '其他', en: 'Other' },
};

const TargetType = Type.String({ pattern: '^[a-z][a-z0-9_-]{1,31}$' });
const Uuid = Type.String({ format: 'uuid' });

export const ReportBody = Type.Object(
  {
    targetType: TargetType,
    targetId: Uuid,
    reason: ReportReason,
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type ReportBody = Static<typeof ReportBody>;

export const ReportResult = Type.Object({
  reportCount: Type.Integer(),
  hidden: Type.Boolean(),
});
export type ReportResult = Static<typeof ReportResult>;

/** reported: fewer than three reports; hidden: awaiting a moderator; restored / removed: decided */
export const MODERATION_STATES = ['reported', 'hidden', 'restored', 'removed'] as const;
export const ModerationState = StringEnum(MODERATION_STATES);
export type ModerationState = Static<typeof ModerationState>;

export const MODERATION_QUEUES = ['hidden', 'reported', 'decided'] as const;
export const ModerationQueue = StringEnum(MODERATION_QUEUES);
export type ModerationQueue = Static<typeof ModerationQueue>;

export const ModerationListQuery = Type.Object(
  {
    state: Type.Optional(ModerationQueue),
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  },
  { additionalProperties: false },
);
export type ModerationListQuery = Static<typeof ModerationListQuery>;

export const ModerationItem = Type.Object({
  targetType: Type.String(),
  targetId: Uuid,
  state: ModerationState,
  reportCount: Type.Integer(),
  /** reports by reason */
  reasons: Type.Record(Type.String(), Type.Integer()),
  /** the reported text's beginning (already masked when published) */
  excerpt: Type.String(),
  /** where the content is shown, when the target says */
  link: Type.Union([Type.String(), Type.Null()]),
  committeeCode: Type.String(),
  areaName: Type.Union([Type.String(), Type.Null()]),
  firstReportedAt: Type.Union([Type.String(), Type.Null()]),
  lastReportedAt: Type.Union([Type.String(), Type.Null()]),
  hiddenAt: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  decidedBy: Type.Union([Type.String(), Type.Null()]),
  decisionReason: Type.Union([Type.String(), Type.Null()]),
  /** the reader may restore or remove it */
  canDecide: Type.Boolean(),
});
export type ModerationItem = Static<typeof ModerationItem>;

export const ModerationList = Type.Object({
  items: Type.Array(ModerationItem),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type ModerationList = Static<typeof ModerationList>;

export const ModerationParams = Type.Object(
  { targetType: TargetType, targetId: Uuid },
  { additionalProperties: false },
);
export type ModerationParams = Static<typeof ModerationParams>;

export const MODERATION_ACTIONS = ['restore', 'remove'] as const;
export const DecisionBody = Type.Object(
  {
    action: StringEnum(MODERATION_ACTIONS),
    reason: Type.String({ minLength: 2, maxLength: 500 }),
  },
  { additionalProperties: false },
);
export type DecisionBody = Static<typeof DecisionBody>;
