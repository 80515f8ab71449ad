import { Type, type Static, type TSchema } from '@sinclair/typebox';
import {
  CASE_REJECT_REASON_LABELS,
  CASE_STATUS_LABELS,
  CASE_STATUSES,
  TERMINAL_STATUSES,
  type CaseRejectReason,
  type CaseStatus,
  type Label,
} from './cases.js';
import { StringEnum } from './errors.js';

/**
 * Webhooks per subscriber (外部订阅, issue 25, decision 023): another system names a URL and the
 * events it wants; each event reaches it as a POST signed the Standard Webhooks way
 * (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256>`).
 */

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

// ---- how a case's status reads outside (Open311's GET requests and the webhooks) ----

export const PUBLIC_CASE_STATUSES = ['open', 'closed'] as const;
export type PublicCaseStatus = (typeof PUBLIC_CASE_STATUSES)[number];

/**
 * The one mapping of our statuses to what other systems read: Open311's `status` of a request
 * and the `status` of a webhook's case. A case is closed once it is closed (结案), merged or
 * rejected; every other status is open.
 */
export const PUBLIC_CASE_STATUS: Readonly<Record<CaseStatus, PublicCaseStatus>> =
  Object.fromEntries(
    CASE_STATUSES.map((s) => [s, TERMINAL_STATUSES.includes(s) ? 'closed' : 'open']),
  ) as Record<CaseStatus, PublicCaseStatus>;

/**
 * The status in the words the web app uses (Open311's `status_notes`, a webhook's
 * `statusNotes`), with a merge's target and a rejection's category — never a staff note, which
 * may name people or places.
 */
export function publicCaseStatusNotes(
  status: CaseStatus,
  extra: { mergedIntoNumber?: string | null; rejectReason?: CaseRejectReason | null } = {},
): string {
  const { zh, en } = CASE_STATUS_LABELS[status];
  if (status === 'merged' && extra.mergedIntoNumber) {
    return `${zh}至工单 ${extra.mergedIntoNumber} / ${en} into ${extra.mergedIntoNumber}`;
  }
  if (status === 'rejected' && extra.rejectReason) {
    const reason = CASE_REJECT_REASON_LABELS[extra.rejectReason];
    return `${zh}：${reason.zh} / ${en}: ${reason.en}`;
  }
  return `${zh} / ${en}`;
}

// ---- the event catalogue ----

/**
 * Every kind of event a subscriber can be sent, in one place: its label in both languages, what
 * it means, and whether a subscriber may ask for it (`ping` is only sent by 发送测试). A later
 * kind is one entry here, and one call where its module writes it (`webhookWrites`).
 */
export const WEBHOOK_EVENT_CATALOGUE = {
  'case.filed': {
    zh: '工单上报',
    en: 'Case filed',
    about: {
      zh: '新工单进入系统（任何来源：巡查、居民、12345 热线、Open311…）',
      en: 'A new case entered the system, from any source',
    },
    subscribable: true,
  },
  'case.dispatched': {
    zh: '工单派单',
    en: 'Case dispatched',
    about: {
      zh: '工单派给处置人或单位（自动派单或人工派单）',
      en: 'The case was dispatched to a handler or unit (by a rule or by staff)',
    },
    subscribable: true,
  },
  'case.resolved': {
    zh: '工单办结',
    en: 'Case resolved',
    about: {
      zh: '处置人办结，等待核实',
      en: 'The handler resolved it; it awaits verification',
    },
    subscribable: true,
  },
  'case.closed': {
    zh: '工单结案',
    en: 'Case closed',
    about: {
      zh: '工单关闭：核实结案、驳回或合并（与 Open311 的 closed 一致）',
      en: "The case closed: verified, rejected or merged (Open311's closed)",
    },
    subscribable: true,
  },
  'case.escalated': {
    zh: '工单超时升级',
    en: 'Case escalated',
    about: {
      zh: '超过时限无人处理，工单升级到上一级',
      en: 'A deadline passed and the case went up a level',
    },
    subscribable: true,
  },
  ping: {
    zh: '测试',
    en: 'Test',
    about: {
      zh: '“发送测试”发出的检验消息',
      en: 'The check that "Send test" sends',
    },
    subscribable: false,
  },
} as const satisfies Record<string, Label & { about: Label; subscribable: boolean }>;

export type WebhookEventType = keyof typeof WEBHOOK_EVENT_CATALOGUE;
export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENT_CATALOGUE) as WebhookEventType[];
/** the kinds a subscriber may ask for, in catalogue order */
export const SUBSCRIBABLE_WEBHOOK_EVENTS = WEBHOOK_EVENT_TYPES.filter(
  (t) => WEBHOOK_EVENT_CATALOGUE[t].subscribable,
) as Exclude<WebhookEventType, 'ping'>[];
export type SubscribableWebhookEvent = (typeof SUBSCRIBABLE_WEBHOOK_EVENTS)[number];
/** the case events, as the cases module writes them */
export type CaseWebhookEvent = Extract<WebhookEventType, `case.${string}`>;
export const WEBHOOK_EVENT_LABELS: Readonly<Record<WebhookEventType, Label>> = Object.fromEntries(
  WEBHOOK_EVENT_TYPES.map((t) => [
    t,
    { zh: WEBHOOK_EVENT_CATALOGUE[t].zh, en: WEBHOOK_EVENT_CATALOGUE[t].en },
  ]),
) as Record<WebhookEventType, Label>;

/** A case event's `data`: thin, no personal data (no description, reporter or contact). */
export const CaseWebhookData = Type.Object({
  caseId: Uuid,
  /** the case number, also Open311's service_request_id */
  number: Type.String(),
  scenario: Type.String(),
  /** as Open311's GET requests says it (PUBLIC_CASE_STATUS) */
  status: StringEnum(PUBLIC_CASE_STATUSES),
  statusNotes: Type.String(),
  /** our own status, finer than open / closed */
  caseStatus: StringEnum(CASE_STATUSES),
  /** the area (committee or grid) the case is in */
  areaCode: Type.String(),
});
export type CaseWebhookData = Static<typeof CaseWebhookData>;

/** The body of every POST: the Standard Webhooks payload shape. */
export const WebhookPayload = Type.Object({
  type: StringEnum(WEBHOOK_EVENT_TYPES),
  /** when the event happened (the attempt's time is the `webhook-timestamp` header) */
  timestamp: DateTime,
  data: Type.Record(Type.String(), Type.Unknown()),
});
export type WebhookPayload = Static<typeof WebhookPayload>;

// ---- subscribers ----

/** Why a subscriber stopped: an administrator, a 410 Gone, N failed deliveries in a row, a day failing. */
export const WEBHOOK_DISABLED_REASONS = ['manual', 'gone', 'failures', 'failing'] as const;
export type WebhookDisabledReason = (typeof WEBHOOK_DISABLED_REASONS)[number];
export const WEBHOOK_DISABLED_REASON_LABELS: Readonly<Record<WebhookDisabledReason, Label>> = {
  manual: { zh: '管理员停用', en: 'Disabled by an administrator' },
  gone: { zh: '接收方回复 410 Gone（不再接收）', en: 'The receiver answered 410 Gone' },
  failures: { zh: '连续投递失败次数达到上限', en: 'Too many failed deliveries in a row' },
  failing: { zh: '持续失败超过时限（默认 24 小时）', en: 'Failing for too long (24 h by default)' },
};

export const WEBHOOK_NAME_MAX = 60;
export const WEBHOOK_URL_MAX = 500;

const SubscriberFields = {
  name: Type.String({ minLength: 1, maxLength: WEBHOOK_NAME_MAX }),
  /** http(s), not this server itself */
  url: Type.String({ minLength: 1, maxLength: WEBHOOK_URL_MAX }),
  events: Type.Array(StringEnum(SUBSCRIBABLE_WEBHOOK_EVENTS), {
    minItems: 1,
    maxItems: SUBSCRIBABLE_WEBHOOK_EVENTS.length,
    uniqueItems: true,
  }),
};

export const CreateWebhookSubscriberBody = Type.Object(
  { ...SubscriberFields, enabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type CreateWebhookSubscriberBody = Static<typeof CreateWebhookSubscriberBody>;

/** PUT: the subscriber's name, URL and events as they should be (enabling has its own calls). */
export const UpdateWebhookSubscriberBody = Type.Object(SubscriberFields, {
  additionalProperties: false,
});
export type UpdateWebhookSubscriberBody = Static<typeof UpdateWebhookSubscriberBody>;

export const RotateWebhookSecretBody = Type.Object(
  {
    /**
     * Hours the old secret still signs beside the new one (both signatures in the header, as
     * the Standard Webhooks rotation does), so the receiver can switch without losing a
     * delivery; 0 (the default): the old secret stops at once (a leaked secret).
     */
    keepPreviousHours: Type.Optional(Type.Integer({ minimum: 0, maximum: 72 })),
  },
  { additionalProperties: false },
);
export type RotateWebhookSecretBody = Static<typeof RotateWebhookSecretBody>;

export const WebhookSubscriber = Type.Object({
  id: Uuid,
  name: Type.String(),
  url: Type.String(),
  events: Type.Array(StringEnum(SUBSCRIBABLE_WEBHOOK_EVENTS)),
  enabled: Type.Boolean(),
  /** deliveries given up in a row since the last one that arrived */
  failureCount: Type.Integer(),
  /** the first failed attempt since the last delivery that arrived */
  failingSince: Nullable(DateTime),
  lastSuccessAt: Nullable(DateTime),
  disabledReason: Nullable(StringEnum(WEBHOOK_DISABLED_REASONS)),
  disabledAt: Nullable(DateTime),
  /** the old secret signs too until then (a rotation with an overlap) */
  previousSecretUntil: Nullable(DateTime),
  /** deliveries still to go (waiting for an attempt or a retry) */
  pendingCount: Type.Integer(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type WebhookSubscriber = Static<typeof WebhookSubscriber>;

export const WebhookSubscriberList = Type.Object({ items: Type.Array(WebhookSubscriber) });
export type WebhookSubscriberList = Static<typeof WebhookSubscriberList>;

/** A new subscriber or a new secret: the secret (`whsec_…`) is shown this once. */
export const WebhookSecretAnswer = Type.Object({
  subscriber: WebhookSubscriber,
  secret: Type.String({ description: 'whsec_ + base64 of 32 random bytes; shown once' }),
});
export type WebhookSecretAnswer = Static<typeof WebhookSecretAnswer>;

export const WebhookSubscriberParams = Type.Object({ id: Uuid });
export const WebhookDeliveryParams = Type.Object({ id: Uuid, deliveryId: Uuid });

// ---- deliveries ----

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];
export const WEBHOOK_DELIVERY_STATUS_LABELS: Readonly<Record<WebhookDeliveryStatus, Label>> = {
  pending: { zh: '待投递', en: 'Pending' },
  delivered: { zh: '已送达', en: 'Delivered' },
  failed: { zh: '投递失败', en: 'Failed' },
};

export const WebhookDelivery = Type.Object({
  /** the `webhook-id` header: the receiver's idempotency key, the same on every retry */
  id: Uuid,
  eventType: StringEnum(WEBHOOK_EVENT_TYPES),
  status: StringEnum(WEBHOOK_DELIVERY_STATUSES),
  attempts: Type.Integer(),
  lastStatusCode: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  /** the case number of a case event */
  caseNumber: Nullable(Type.String()),
  /** the body POSTed, as signed */
  body: Type.String(),
  createdAt: DateTime,
  lastAttemptAt: Nullable(DateTime),
  nextAttemptAt: Nullable(DateTime),
  deliveredAt: Nullable(DateTime),
});
export type WebhookDelivery = Static<typeof WebhookDelivery>;

export const WebhookDeliveryList = Type.Object({
  items: Type.Array(WebhookDelivery),
  nextCursor: Nullable(Type.String()),
});
export type WebhookDeliveryList = Static<typeof WebhookDeliveryList>;

export const WebhookDeliveriesQuery = Type.Object(
  { cursor: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export type WebhookDeliveriesQuery = Static<typeof WebhookDeliveriesQuery>;
