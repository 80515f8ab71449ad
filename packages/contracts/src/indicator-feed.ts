import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { IndicatorGroup, INDICATOR_DIRECTIONS } from './dashboards.js';
import { StringEnum } from './errors.js';

/**
 * Indicators fed by the departments (issue 28, decision 028): each belongs to one department,
 * which pushes its figures — a value for an area at a time — with its key. The newest figure
 * for an (indicator, area, time) wins; the one it replaced is kept as history. An area without
 * its own figure takes its children's by the indicator's roll-up rule; a range takes the
 * area's figures by its rule over time.
 */

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

/** How an area's value follows from its children's when it has no figure of its own. */
export const FED_ROLLUPS = ['sum', 'mean_population', 'max', 'latest'] as const;
export type FedRollup = (typeof FED_ROLLUPS)[number];
/** How one area's figures in a range give its value. */
export const FED_OVER_TIME = ['latest', 'sum', 'max', 'mean'] as const;
export type FedOverTime = (typeof FED_OVER_TIME)[number];
export const FED_LEVELS = ['city', 'district', 'street', 'committee'] as const;
export type FedLevel = (typeof FED_LEVELS)[number];

/** Figures one request may carry; a bigger batch is a 413 that names this. */
export const FIGURES_MAX_PER_REQUEST = 10_000;
/** The body that carries them (about 120 bytes a figure). */
export const FIGURES_MAX_BYTES = 4 * 1024 * 1024;
/** How far ahead of our clock a figure's time may be (the departments' clocks drift). */
export const FIGURE_FUTURE_TOLERANCE_MINUTES = 10;

export const FedIndicator = Type.Object({
  id: Type.String(),
  group: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  unit: Type.String(),
  unitEn: Type.String(),
  decimals: Type.Integer(),
  definition: Type.String(),
  definitionEn: Type.String(),
  department: Type.String(),
  departmentName: Type.String(),
  departmentNameEn: Type.String(),
  rollup: StringEnum(FED_ROLLUPS),
  overTime: StringEnum(FED_OVER_TIME),
  direction: StringEnum(INDICATOR_DIRECTIONS),
  target: Nullable(Type.Number()),
  thresholds: Nullable(Type.Object({ green: Type.Number(), red: Type.Number() })),
  /** the levels of the area tree it exists for */
  levels: Type.Array(StringEnum(FED_LEVELS)),
  /** when its department last sent a figure; null: no feed yet */
  lastFigureAt: Nullable(DateTime),
  updatedAt: DateTime,
});
export type FedIndicator = Static<typeof FedIndicator>;

export const FedCatalogue = Type.Object({
  groups: Type.Array(IndicatorGroup),
  indicators: Type.Array(FedIndicator),
});
export type FedCatalogue = Static<typeof FedCatalogue>;

export const FedIndicatorParams = Type.Object({
  id: Type.String({ pattern: '^[a-z0-9_.-]{2,60}$' }),
});

/** What the city's staff change of a fed indicator (its figures stay as sent). */
export const UpdateFedIndicatorBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    nameEn: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    definition: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    definitionEn: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    rollup: Type.Optional(StringEnum(FED_ROLLUPS)),
    overTime: Type.Optional(StringEnum(FED_OVER_TIME)),
    direction: Type.Optional(StringEnum(INDICATOR_DIRECTIONS)),
    target: Type.Optional(Nullable(Type.Number())),
    thresholds: Type.Optional(
      Nullable(
        Type.Object({ green: Type.Number(), red: Type.Number() }, { additionalProperties: false }),
      ),
    ),
    levels: Type.Optional(
      Type.Array(StringEnum(FED_LEVELS), { minItems: 1, uniqueItems: true, maxItems: 4 }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateFedIndicatorBody = Static<typeof UpdateFedIndicatorBody>;

export const FigureIn = Type.Object(
  {
    indicator: Type.String({ minLength: 1, maxLength: 60 }),
    /** the area's code (12 digits, or a local code) */
    area: Type.String({ minLength: 2, maxLength: 60 }),
    at: DateTime,
    value: Type.Number({ minimum: -1e12, maximum: 1e12 }),
    /** must be the indicator's unit (zh or en form), so a figure in the wrong unit is refused */
    unit: Type.String({ minLength: 1, maxLength: 20 }),
  },
  { additionalProperties: false },
);
export type FigureIn = Static<typeof FigureIn>;

/** A department's batch (`Authorization: Bearer <department key>`): stored whole or not at all. */
export const FigureBatchBody = Type.Object(
  { figures: Type.Array(FigureIn, { minItems: 1 }) },
  { additionalProperties: false },
);
export type FigureBatchBody = Static<typeof FigureBatchBody>;

export const FigureBatchAnswer = Type.Object({
  /** figures stored for a time not sent before */
  added: Type.Integer(),
  /** figures that replaced another value for the same time (the old one kept as history) */
  corrected: Type.Integer(),
  /** figures equal to what was stored */
  unchanged: Type.Integer(),
});
export type FigureBatchAnswer = Static<typeof FigureBatchAnswer>;

export const FigureReadQuery = Type.Object(
  {
    indicator: Type.String({ minLength: 1, maxLength: 60 }),
    area: Type.String({ minLength: 2, maxLength: 60 }),
    from: Type.Optional(DateTime),
    to: Type.Optional(DateTime),
  },
  { additionalProperties: false },
);
export type FigureReadQuery = Static<typeof FigureReadQuery>;

export const FigureRead = Type.Object({
  at: DateTime,
  value: Type.Number(),
  receivedAt: DateTime,
  /** the values it replaced, newest first */
  history: Type.Array(
    Type.Object({ value: Type.Number(), receivedAt: DateTime, replacedAt: DateTime }),
  ),
});
export const FigureReadAnswer = Type.Object({
  indicator: Type.String(),
  area: Type.String(),
  items: Type.Array(FigureRead),
});
export type FigureReadAnswer = Static<typeof FigureReadAnswer>;

/** A fed indicator's values over a range for the history chart: one point per bucket. */
export const FedSeriesQuery = Type.Object(
  { from: Type.Optional(DateTime), to: Type.Optional(DateTime) },
  { additionalProperties: false },
);
export const FedSeries = Type.Object({
  indicator: Type.String(),
  area: Type.String(),
  bucket: StringEnum(['hour', 'day'] as const),
  points: Type.Array(Type.Object({ t: DateTime, value: Nullable(Type.Number()) })),
});
export type FedSeries = Static<typeof FedSeries>;
