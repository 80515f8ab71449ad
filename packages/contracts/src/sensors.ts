import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { CaseAttributes } from './cases.js';

/**
 * Sensors (issue 28, decision 028): devices that report readings — a smoke detector, a
 * manhole-cover tilt sensor, a water-level gauge — each registered with its place, its owner
 * department and its own key. A reading at or over its kind's threshold becomes a case with
 * source `sensor` at the device's place, dispatched like any other; further alarms of the same
 * device within the kind's window join that case instead of opening another.
 */

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

export const SENSOR_KIND_PATTERN = '^[a-z][a-z0-9-]{1,39}$';
export const SENSOR_DEVICE_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.:-]{2,63}$';
/** Readings one request carries (a gateway sends its devices' readings together). */
export const SENSOR_EVENTS_MAX = 500;
/** How far ahead of our clock a reading's time may be. */
export const SENSOR_FUTURE_TOLERANCE_SECONDS = 300;
/** How old a reading may be when it arrives (a gateway that was offline sends its backlog). */
export const SENSOR_MAX_AGE_HOURS = 24;

/** A kind of sensor and its rule: the threshold, the window alarms join in, the case it opens. */
export const SensorRule = Type.Object({
  kind: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  unit: Type.String(),
  /** a reading at or over it is an alarm */
  threshold: Type.Number(),
  /** alarms of one device within this many minutes of the last join its open case */
  windowMinutes: Type.Integer(),
  scenarioCode: Type.String(),
  /** the case's answers to the scenario's fields */
  attributes: CaseAttributes,
  /** the scenario's number field the reading itself answers (a water depth), or null */
  valueAttribute: Nullable(Type.String()),
  updatedAt: DateTime,
});
export type SensorRule = Static<typeof SensorRule>;

export const SensorRuleList = Type.Object({ items: Type.Array(SensorRule) });
export type SensorRuleList = Static<typeof SensorRuleList>;

export const SensorKindParams = Type.Object({
  kind: Type.String({ pattern: SENSOR_KIND_PATTERN }),
});

export const PutSensorRuleBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 40 }),
    nameEn: Type.String({ minLength: 1, maxLength: 80 }),
    unit: Type.String({ minLength: 1, maxLength: 20 }),
    threshold: Type.Number({ minimum: -1e9, maximum: 1e9 }),
    windowMinutes: Type.Integer({ minimum: 1, maximum: 7 * 24 * 60 }),
    scenarioCode: Type.String({ minLength: 1, maxLength: 60 }),
    attributes: Type.Optional(CaseAttributes),
    valueAttribute: Type.Optional(Nullable(Type.String({ pattern: '^[a-z][a-z0-9_]{0,40}$' }))),
  },
  { additionalProperties: false },
);
export type PutSensorRuleBody = Static<typeof PutSensorRuleBody>;

export const SensorDevice = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  lat: Type.Number(),
  lng: Type.Number(),
  areaCode: Type.String(),
  ownerDepartment: Type.String(),
  keyHint: Type.String(),
  disabled: Type.Boolean(),
  lastValue: Nullable(Type.Number()),
  lastEventAt: Nullable(DateTime),
  lastAlertAt: Nullable(DateTime),
  /** the case its alarms join while its window lasts */
  openCaseId: Nullable(Type.String()),
  createdAt: DateTime,
});
export type SensorDevice = Static<typeof SensorDevice>;

export const SensorDeviceList = Type.Object({ items: Type.Array(SensorDevice) });
export type SensorDeviceList = Static<typeof SensorDeviceList>;

export const SensorDeviceParams = Type.Object({
  id: Type.String({ pattern: SENSOR_DEVICE_ID_PATTERN }),
});

export const CreateSensorDeviceBody = Type.Object(
  {
    id: Type.String({ pattern: SENSOR_DEVICE_ID_PATTERN }),
    kind: Type.String({ pattern: SENSOR_KIND_PATTERN }),
    name: Type.String({ minLength: 1, maxLength: 60 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    ownerDepartment: Type.String({ minLength: 2, maxLength: 40 }),
  },
  { additionalProperties: false },
);
export type CreateSensorDeviceBody = Static<typeof CreateSensorDeviceBody>;

export const UpdateSensorDeviceBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateSensorDeviceBody = Static<typeof UpdateSensorDeviceBody>;

/** A device with its new key: the key is shown this once. */
export const SensorDeviceKeyAnswer = Type.Object({ device: SensorDevice, key: Type.String() });
export type SensorDeviceKeyAnswer = Static<typeof SensorDeviceKeyAnswer>;

export const SensorReading = Type.Object(
  {
    value: Type.Number({ minimum: -1e9, maximum: 1e9 }),
    /** when it was read; now when left out */
    at: Type.Optional(DateTime),
  },
  { additionalProperties: false },
);

/** What a device (or its gateway) posts: `Authorization: Bearer <device key>`. */
export const SensorEventsBody = Type.Object(
  { events: Type.Array(SensorReading, { minItems: 1, maxItems: SENSOR_EVENTS_MAX }) },
  { additionalProperties: false },
);
export type SensorEventsBody = Static<typeof SensorEventsBody>;

export const SensorEventsAnswer = Type.Object({
  accepted: Type.Integer(),
  /** the readings that were alarms, with the case each opened or joined */
  alarms: Type.Array(
    Type.Object({
      at: DateTime,
      value: Type.Number(),
      caseId: Nullable(Type.String()),
      /** false: this alarm opened the case; true: it joined the device's open one */
      joined: Type.Boolean(),
    }),
  ),
});
export type SensorEventsAnswer = Static<typeof SensorEventsAnswer>;
