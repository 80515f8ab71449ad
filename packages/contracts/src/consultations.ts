import { Type, type Static } from '@sinclair/typebox';
import { AreaLevel } from './areas.js';
import { StringEnum } from './errors.js';
import type { Role } from './identity.js';

/**
 * Consultations (征询): a questionnaire that committee staff, street operators or community
 * planners put to the verified residents of a committee, grid or compound — choices, a scale,
 * free text and "pin the problem on the map" — named or anonymous, open between two times.
 */

/** Who writes and runs consultations, within the areas they are bound to. */
export const CONSULTATION_AUTHOR_ROLES: readonly Role[] = [
  'committee_staff',
  'street_operator',
  'community_planner',
];
/** Who may read consultations and their (aggregate) results: the authors and the staff above. */
export const CONSULTATION_VIEWER_ROLES: readonly Role[] = [
  ...CONSULTATION_AUTHOR_ROLES,
  'district_operator',
  'city_operator',
  'administrator',
];

/** The levels a consultation may be put to. */
export const CONSULTATION_TARGET_LEVELS = ['committee', 'grid', 'compound'] as const;

export const CONSULTATION_QUESTION_KINDS = ['single', 'multiple', 'scale', 'text', 'pin'] as const;
export const ConsultationQuestionKind = StringEnum(CONSULTATION_QUESTION_KINDS);
export type ConsultationQuestionKind = Static<typeof ConsultationQuestionKind>;

export const CONSULTATION_STATUSES = ['draft', 'scheduled', 'open', 'closed'] as const;
export const ConsultationStatus = StringEnum(CONSULTATION_STATUSES);
export type ConsultationStatus = Static<typeof ConsultationStatus>;

export const CONSULTATION_LIMITS = {
  titleMax: 100,
  descriptionMax: 5000,
  questionsMax: 30,
  questionTitleMax: 200,
  optionsMin: 2,
  optionsMax: 20,
  optionLabelMax: 100,
  scaleMinLow: 0,
  scaleMaxHigh: 10,
  textMax: 1000,
} as const;

/**
 * An anonymous consultation's results, texts and export are withheld until this many residents
 * have answered: with fewer, an answer is too easily put to a name.
 */
export const CONSULTATION_ANONYMOUS_MIN_RESPONSES = 5;

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });

/** A question as the author writes it (ids are given by the server). */
export const ConsultationQuestionInput = Type.Object(
  {
    kind: ConsultationQuestionKind,
    title: Type.String({ maxLength: CONSULTATION_LIMITS.questionTitleMax }),
    required: Type.Optional(Type.Boolean({ default: true })),
    /** single / multiple: the options' labels, 2–20 */
    options: Type.Optional(
      Type.Array(Type.String({ maxLength: CONSULTATION_LIMITS.optionLabelMax }), {
        maxItems: CONSULTATION_LIMITS.optionsMax,
      }),
    ),
    /** multiple: at most this many options may be ticked (default: all) */
    maxChoices: Type.Optional(
      Type.Integer({ minimum: 1, maximum: CONSULTATION_LIMITS.optionsMax }),
    ),
    /** scale: from `scaleMin` to `scaleMax` (e.g. 1–5), with words for the two ends */
    scaleMin: Type.Optional(Type.Integer({ minimum: 0, maximum: 1 })),
    scaleMax: Type.Optional(
      Type.Integer({ minimum: 2, maximum: CONSULTATION_LIMITS.scaleMaxHigh }),
    ),
    scaleMinLabel: Type.Optional(Type.String({ maxLength: 20 })),
    scaleMaxLabel: Type.Optional(Type.String({ maxLength: 20 })),
  },
  { additionalProperties: false },
);
export type ConsultationQuestionInput = Static<typeof ConsultationQuestionInput>;

export const ConsultationOption = Type.Object({ id: Type.String(), label: Type.String() });
export type ConsultationOption = Static<typeof ConsultationOption>;

/** A stored question: ids `q1…`, options `o1…`. */
export const ConsultationQuestion = Type.Object({
  id: Type.String(),
  kind: ConsultationQuestionKind,
  title: Type.String(),
  required: Type.Boolean(),
  options: Type.Array(ConsultationOption),
  maxChoices: Type.Union([Type.Integer(), Type.Null()]),
  scaleMin: Type.Union([Type.Integer(), Type.Null()]),
  scaleMax: Type.Union([Type.Integer(), Type.Null()]),
  scaleMinLabel: Type.Union([Type.String(), Type.Null()]),
  scaleMaxLabel: Type.Union([Type.String(), Type.Null()]),
});
export type ConsultationQuestion = Static<typeof ConsultationQuestion>;

/** A new consultation (a draft until published) or a draft's new content. */
export const ConsultationBody = Type.Object(
  {
    title: Type.String({ maxLength: CONSULTATION_LIMITS.titleMax }),
    description: Type.Optional(Type.String({ maxLength: CONSULTATION_LIMITS.descriptionMax })),
    /** a committee, grid or compound in the author's area */
    areaCode: Type.String({ minLength: 2, maxLength: 64 }),
    isAnonymous: Type.Boolean({
      description: 'anonymous: no stored link between an account and its answers',
    }),
    opensAt: Type.Optional(Type.Union([DateTime, Type.Null()])),
    closesAt: DateTime,
    questions: Type.Array(ConsultationQuestionInput, {
      maxItems: CONSULTATION_LIMITS.questionsMax,
    }),
  },
  { additionalProperties: false },
);
export type ConsultationBody = Static<typeof ConsultationBody>;

export const ConsultationArea = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: AreaLevel,
});

export const ConsultationSummary = Type.Object({
  id: Uuid,
  title: Type.String(),
  area: ConsultationArea,
  isAnonymous: Type.Boolean(),
  status: ConsultationStatus,
  opensAt: Type.Union([DateTime, Type.Null()]),
  closesAt: DateTime,
  questionCount: Type.Integer(),
  hasMapQuestion: Type.Boolean(),
  responseCount: Type.Integer(),
  /** residents: whether they have answered */
  hasAnswered: Type.Boolean(),
  createdAt: DateTime,
});
export type ConsultationSummary = Static<typeof ConsultationSummary>;

export const ConsultationDetail = Type.Composite([
  ConsultationSummary,
  Type.Object({
    description: Type.String(),
    questions: Type.Array(ConsultationQuestion),
    authorName: Type.String(),
    /** staff in the target's area: may edit (drafts), publish, close, see results */
    canManage: Type.Boolean(),
    /** the reader may answer now */
    canAnswer: Type.Boolean(),
    /** why not, when a resident cannot (closed, not yet open, answered) */
    cannotAnswerReason: Type.Union([Type.String(), Type.Null()]),
  }),
]);
export type ConsultationDetail = Static<typeof ConsultationDetail>;

export const ConsultationList = Type.Object({
  items: Type.Array(ConsultationSummary),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type ConsultationList = Static<typeof ConsultationList>;

export const ConsultationListQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  },
  { additionalProperties: false },
);
export type ConsultationListQuery = Static<typeof ConsultationListQuery>;

export const PinLngLat = Type.Object(
  {
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
  },
  { additionalProperties: false },
);
export type PinLngLat = Static<typeof PinLngLat>;

/** One answer: the field that fits the question's kind, and only that. */
export const ConsultationAnswerInput = Type.Object(
  {
    questionId: Type.String({ maxLength: 10 }),
    /** single */
    choice: Type.Optional(Type.String({ maxLength: 10 })),
    /** multiple */
    choices: Type.Optional(
      Type.Array(Type.String({ maxLength: 10 }), { maxItems: CONSULTATION_LIMITS.optionsMax }),
    ),
    /** scale */
    value: Type.Optional(Type.Integer()),
    /** text */
    text: Type.Optional(Type.String({ maxLength: CONSULTATION_LIMITS.textMax })),
    /** pin */
    point: Type.Optional(PinLngLat),
  },
  { additionalProperties: false },
);
export type ConsultationAnswerInput = Static<typeof ConsultationAnswerInput>;

export const ConsultationResponseBody = Type.Object(
  {
    answers: Type.Array(ConsultationAnswerInput, { maxItems: CONSULTATION_LIMITS.questionsMax }),
  },
  { additionalProperties: false },
);
export type ConsultationResponseBody = Static<typeof ConsultationResponseBody>;

export const ConsultationResponseAck = Type.Object({
  consultationId: Uuid,
  hasAnswered: Type.Literal(true),
  responseCount: Type.Integer(),
});
export type ConsultationResponseAck = Static<typeof ConsultationResponseAck>;

/** A heat-map cell: pins gathered to ~10 m, with how many fell there. */
export const ConsultationPin = Type.Object({
  lng: Type.Number(),
  lat: Type.Number(),
  count: Type.Integer(),
});
export type ConsultationPin = Static<typeof ConsultationPin>;

export const ConsultationQuestionResult = Type.Object({
  id: Type.String(),
  kind: ConsultationQuestionKind,
  title: Type.String(),
  /** how many answered it */
  answered: Type.Integer(),
  /** single / multiple: each option with its count */
  options: Type.Array(Type.Composite([ConsultationOption, Type.Object({ count: Type.Integer() })])),
  /** scale: each value with its count, and the mean */
  scale: Type.Array(Type.Object({ value: Type.Integer(), count: Type.Integer() })),
  average: Type.Union([Type.Number(), Type.Null()]),
  /** text: answers (masked), at most 50, in no order of arrival */
  texts: Type.Array(Type.String()),
  /** pin: cells for the heat map (at most 2,000) and the number of pins */
  pins: Type.Array(ConsultationPin),
  pinCount: Type.Integer(),
});
export type ConsultationQuestionResult = Static<typeof ConsultationQuestionResult>;

export const ConsultationResults = Type.Object({
  consultationId: Uuid,
  responseCount: Type.Integer(),
  /**
   * anonymous with fewer than CONSULTATION_ANONYMOUS_MIN_RESPONSES answers: nothing is shown
   * (`questions` empty) until enough residents have answered
   */
  withheld: Type.Boolean(),
  questions: Type.Array(ConsultationQuestionResult),
});
export type ConsultationResults = Static<typeof ConsultationResults>;

/** Status labels for both languages (the web has its own locale file too). */
export const CONSULTATION_STATUS_LABELS: Record<ConsultationStatus, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  scheduled: { zh: '未开始', en: 'Not yet open' },
  open: { zh: '征询中', en: 'Open' },
  closed: { zh: '已结束', en: 'Closed' },
};
