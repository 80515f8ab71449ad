import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { Label } from './cases.js';
import { StringEnum } from './errors.js';
import type { Role } from './identity.js';

/**
 * Home health observation (居家健康观察): opened when a declaration matches a key region; the
 * person checks in daily from an SMS link (temperature, symptoms) or staff enter it after a call
 * or a visit; a fever or a missed check-in files a case; ending it is a recorded step.
 */

/** Who sees and works a committee's observations. Residents never do. */
export const OBSERVATION_STAFF_ROLES: readonly Role[] = ['committee_staff'];

/** The symptoms a check-in (and a declaration) may name. Any one of them is abnormal. */
export const OBSERVATION_SYMPTOMS = [
  'fever',
  'cough',
  'sore_throat',
  'fatigue',
  'loss_of_taste',
  'diarrhea',
  'other',
] as const;
export type ObservationSymptom = (typeof OBSERVATION_SYMPTOMS)[number];
export const OBSERVATION_SYMPTOM_LABELS: Readonly<Record<ObservationSymptom, Label>> = {
  fever: { zh: '发热', en: 'Fever' },
  cough: { zh: '咳嗽', en: 'Cough' },
  sore_throat: { zh: '咽痛', en: 'Sore throat' },
  fatigue: { zh: '乏力', en: 'Fatigue' },
  loss_of_taste: { zh: '嗅觉味觉减退', en: 'Loss of taste or smell' },
  diarrhea: { zh: '腹泻', en: 'Diarrhoea' },
  other: { zh: '其他不适', en: 'Other' },
};

/** The range of a temperature a check-in accepts, °C (one decimal is kept). */
export const OBSERVATION_TEMPERATURE_MIN = 34.0;
export const OBSERVATION_TEMPERATURE_MAX = 43.0;
export const OBSERVATION_NOTE_MAX = 500;

export const OBSERVATION_STATES = ['active', 'ended'] as const;
export const ObservationState = StringEnum(OBSERVATION_STATES);
export type ObservationState = Static<typeof ObservationState>;
export const OBSERVATION_STATE_LABELS: Readonly<Record<ObservationState, Label>> = {
  active: { zh: '观察中', en: 'Under observation' },
  ended: { zh: '已结束', en: 'Ended' },
};

/** Where an observation stands on a day: checked in (normal), abnormal, or not checked in. */
export const OBSERVATION_TODAY = ['checked_in', 'missing', 'abnormal'] as const;
export const ObservationToday = StringEnum(OBSERVATION_TODAY);
export type ObservationToday = Static<typeof ObservationToday>;
export const OBSERVATION_TODAY_LABELS: Readonly<Record<ObservationToday, Label>> = {
  checked_in: { zh: '已打卡', en: 'Checked in' },
  missing: { zh: '未打卡', en: 'Missing' },
  abnormal: { zh: '异常', en: 'Abnormal' },
};

/** How a check-in came: the person's own (SMS link), or staff after a call or a visit. */
export const CHECK_IN_WAYS = ['self', 'call', 'visit'] as const;
export const CheckInWay = StringEnum(CHECK_IN_WAYS);
export type CheckInWay = Static<typeof CheckInWay>;
export const CHECK_IN_WAY_LABELS: Readonly<Record<CheckInWay, Label>> = {
  self: { zh: '本人打卡', en: 'Self' },
  call: { zh: '电话询问', en: 'Phone call' },
  visit: { zh: '上门查看', en: 'Visit' },
};
export const STAFF_CHECK_IN_WAYS = ['call', 'visit'] as const;

export const OBSERVATION_END_REASONS = ['completed', 'moved', 'hospital', 'other'] as const;
export const ObservationEndReason = StringEnum(OBSERVATION_END_REASONS);
export type ObservationEndReason = Static<typeof ObservationEndReason>;
export const OBSERVATION_END_REASON_LABELS: Readonly<Record<ObservationEndReason, Label>> = {
  completed: { zh: '期满解除', en: 'Completed' },
  moved: { zh: '已离开本社区', en: 'Moved away' },
  hospital: { zh: '转送医院', en: 'Sent to hospital' },
  other: { zh: '其他', en: 'Other' },
};

export const OBSERVATION_STEP_KINDS = ['opened', 'missed', 'case', 'ended'] as const;
export const ObservationStepKind = StringEnum(OBSERVATION_STEP_KINDS);
export type ObservationStepKind = Static<typeof ObservationStepKind>;

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const AreaCode = Type.String({ minLength: 2, maxLength: 64 });
const Temperature = Type.Number({
  minimum: OBSERVATION_TEMPERATURE_MIN,
  maximum: OBSERVATION_TEMPERATURE_MAX,
  description: '°C, 34.0–43.0 (one decimal kept)',
});
/** Checked against OBSERVATION_SYMPTOMS by the server, which names the field `symptoms`. */
const Symptoms = Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10 });

// ---------------------------------------------------------------------------------------------
// The rules (data/epidemic/observation-rules.json)

export const ObservationRulesFile = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  source: Type.String({ minLength: 1 }),
  /** how long an observation lasts by the key region's level, in days (start = arrival date) */
  levels: Type.Object(
    {
      high: Type.Object({ days: Type.Integer({ minimum: 1, maximum: 60 }) }),
      medium: Type.Object({ days: Type.Integer({ minimum: 1, maximum: 60 }) }),
    },
    { additionalProperties: false },
  ),
  /** the daily check-in deadline, Shanghai time, HH:MM */
  checkInBy: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' }),
  /** a temperature at or above this is a fever, °C */
  feverAt: Type.Number({ minimum: 36, maximum: 40 }),
});
export type ObservationRulesFile = Static<typeof ObservationRulesFile>;

// ---------------------------------------------------------------------------------------------
// Staff

export const ObservationCheckInSummary = Type.Object({
  at: Type.String(),
  temperature: Type.Number(),
  symptoms: Type.Array(Type.String()),
  by: StringEnum(['self', 'staff'] as const),
});

/** One observation as staff see it; name and phone masked. */
export const ObservationRow = Type.Object({
  id: Uuid,
  declarationId: Nullable(Type.String()),
  name: Type.String(),
  phone: Type.String(),
  room: Type.Object({ label: Type.String() }),
  compound: Type.Object({ code: Type.String(), name: Type.String() }),
  region: Type.Object({ name: Type.String(), level: StringEnum(['high', 'medium'] as const) }),
  startDate: Day,
  endDate: Day,
  state: ObservationState,
  /** the asked day's standing (default today); null when the day is outside the observation */
  today: Nullable(ObservationToday),
  lastCheckIn: Nullable(ObservationCheckInSummary),
  /** the numbers of the cases filed for it (fever, missed check-in), oldest first */
  caseNumbers: Type.Array(Type.String()),
});
export type ObservationRow = Static<typeof ObservationRow>;

export const ObservationCheckIn = Type.Object({
  /** the Shanghai day it counts for */
  day: Day,
  at: Type.String(),
  temperature: Type.Number(),
  symptoms: Type.Array(Type.String()),
  by: StringEnum(['self', 'staff'] as const),
  way: CheckInWay,
  note: Type.String(),
  abnormal: Type.Boolean(),
});
export type ObservationCheckIn = Static<typeof ObservationCheckIn>;

export const ObservationStep = Type.Object({
  kind: ObservationStepKind,
  at: Type.String(),
  note: Type.String(),
  caseNumber: Type.Optional(Type.String()),
});
export type ObservationStep = Static<typeof ObservationStep>;

export const ObservationDetail = Type.Intersect([
  ObservationRow,
  Type.Object({
    /** newest first */
    checkIns: Type.Array(ObservationCheckIn),
    /** oldest first */
    steps: Type.Array(ObservationStep),
    endReason: Nullable(ObservationEndReason),
    checkInBy: Type.String(),
  }),
]);
export type ObservationDetail = Static<typeof ObservationDetail>;

export const ObservationListQuery = Type.Object(
  {
    /** left out: the reader's only committee (400 `committeeCode` when they have several) */
    committee: Type.Optional(AreaCode),
    /** default: today (Shanghai) */
    day: Type.Optional(Day),
    state: Type.Optional(ObservationState),
    today: Type.Optional(ObservationToday),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);
export type ObservationListQuery = Static<typeof ObservationListQuery>;

export const ObservationCounts = Type.Object({
  /** active on the day */
  active: Type.Integer(),
  checkedIn: Type.Integer(),
  missing: Type.Integer(),
  abnormal: Type.Integer(),
  ended: Type.Integer(),
});
export type ObservationCounts = Static<typeof ObservationCounts>;

export const ObservationList = Type.Object({
  items: Type.Array(ObservationRow),
  nextCursor: Nullable(Type.String()),
  day: Day,
  counts: ObservationCounts,
});
export type ObservationList = Static<typeof ObservationList>;

export const StaffCheckInBody = Type.Object(
  {
    temperature: Temperature,
    symptoms: Symptoms,
    way: StringEnum(STAFF_CHECK_IN_WAYS),
    note: Type.Optional(Type.String({ maxLength: OBSERVATION_NOTE_MAX })),
  },
  { additionalProperties: false },
);
export type StaffCheckInBody = Static<typeof StaffCheckInBody>;

export const EndObservationBody = Type.Object(
  {
    reason: ObservationEndReason,
    note: Type.Optional(Type.String({ maxLength: OBSERVATION_NOTE_MAX })),
  },
  { additionalProperties: false },
);
export type EndObservationBody = Static<typeof EndObservationBody>;

// ---------------------------------------------------------------------------------------------
// Public check-in (no session; the SMS link /c/<token>)

export const PublicCheckInView = Type.Object({
  name: Type.String(),
  startDate: Day,
  endDate: Day,
  state: ObservationState,
  today: Nullable(StringEnum(['checked_in', 'abnormal'] as const)),
  /** the daily deadline, HH:MM Shanghai */
  checkInBy: Type.String(),
  /** a temperature at or above this is a fever */
  feverAt: Type.Number(),
});
export type PublicCheckInView = Static<typeof PublicCheckInView>;

export const PublicCheckInBody = Type.Object(
  { temperature: Temperature, symptoms: Symptoms },
  { additionalProperties: false },
);
export type PublicCheckInBody = Static<typeof PublicCheckInBody>;

export const CheckInResult = Type.Object({
  today: StringEnum(['checked_in', 'abnormal'] as const),
  abnormal: Type.Boolean(),
});
export type CheckInResult = Static<typeof CheckInResult>;
