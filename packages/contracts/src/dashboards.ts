import { Type, type Static } from '@sinclair/typebox';
import { Area } from './areas.js';
import { CASE_SOURCES, CASE_STATUSES } from './cases.js';
import { StringEnum } from './errors.js';
import type { Role } from './identity.js';

/** Who opens the operation centres' dashboards and topic boards: aggregates of their area and below. */
export const DASHBOARD_ROLES: readonly Role[] = [
  'administrator',
  'city_operator',
  'district_operator',
  'street_operator',
  'committee_staff',
];

const CaseStatusSchema = StringEnum(CASE_STATUSES);

/** green / amber / red against the indicator's thresholds; null when it has none or no value. */
export const INDICATOR_STATES = ['green', 'amber', 'red'] as const;
export const IndicatorState = StringEnum(INDICATOR_STATES);
export type IndicatorState = Static<typeof IndicatorState>;

export const INDICATOR_DIRECTIONS = ['higher', 'lower', 'neutral'] as const;

/** One indicator (指标) as defined in data/indicators, with its value for an area and range. */
export const IndicatorValue = Type.Object({
  id: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  group: Type.String({ description: 'id of its first-level group' }),
  unit: Type.String({ description: 'zh-CN unit, e.g. 件, %, 小时, 分' }),
  unitEn: Type.String(),
  /** decimals its values are shown with (counts 0), for every place that formats it */
  decimals: Type.Integer({ minimum: 0, maximum: 3 }),
  definition: Type.String({ description: 'how it is computed, zh-CN' }),
  definitionEn: Type.String(),
  direction: StringEnum(INDICATOR_DIRECTIONS),
  target: Type.Union([Type.Number(), Type.Null()]),
  /** higher: ≥ green is green, < red is red; lower: ≤ green is green, > red is red */
  thresholds: Type.Union([Type.Object({ green: Type.Number(), red: Type.Number() }), Type.Null()]),
  /** per 10,000 residents is fair for this indicator (when the area's population is known) */
  perResidents: Type.Boolean(),
  /** where its data comes from: the platform's own cases and work, or a department's feed */
  source: StringEnum(['platform', 'department'] as const),
  /** the department that feeds it (code and names), for a fed indicator */
  department: Type.Union([
    Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() }),
    Type.Null(),
  ]),
  /** true for a fed indicator its department has never sent a figure for: shown "no feed" */
  noFeed: Type.Boolean(),
  value: Type.Union([Type.Number(), Type.Null()], {
    description: 'null when there is nothing to compute it from (e.g. a rate with no cases)',
  }),
  /** the value as shown: rounded, or "<5" for counts of fewer than five people */
  display: Type.String(),
  state: Type.Union([IndicatorState, Type.Null()]),
});
export type IndicatorValue = Static<typeof IndicatorValue>;

/**
 * An indicator's number as shown, to its decimals: "67.7", "451"; "—" for none. The server's
 * `display`, the map legend and every other place format it here.
 */
export function formatIndicatorNumber(value: number | null, decimals: number): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const fixed = value.toFixed(decimals);
  // no "-0" for a value that rounds to zero
  return /^-0(\.0+)?$/.test(fixed) ? fixed.slice(1) : fixed;
}

export const IndicatorGroup = Type.Object({
  id: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
});
export type IndicatorGroup = Static<typeof IndicatorGroup>;

export const DashboardQuery = Type.Object(
  {
    from: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'start of the range; default: today 00:00 in Shanghai',
      }),
    ),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'end; default: now' })),
  },
  { additionalProperties: false },
);
export type DashboardQuery = Static<typeof DashboardQuery>;

export const TrendPoint = Type.Object({
  t: Type.String({ description: 'start of the hour or of the Shanghai day (ISO)' }),
  reported: Type.Integer(),
  resolved: Type.Integer(),
  closed: Type.Integer(),
});

/** The dashboard of one area (city, district, street or committee) for a time range. */
export const Dashboard = Type.Object({
  area: Area,
  /** ancestors the reader may open, from the top of their scope down to the parent */
  chain: Type.Array(Area),
  children: Type.Array(Area),
  range: Type.Object({ from: Type.String(), to: Type.String() }),
  groups: Type.Array(IndicatorGroup),
  indicators: Type.Array(IndicatorValue),
  /** the top strip's figures: ids of indicators above, in order (from the indicator file) */
  summary: Type.Array(Type.String()),
  byScenario: Type.Array(
    Type.Object({
      scenarioCode: Type.String(),
      name: Type.String(),
      nameEn: Type.String(),
      domain: Type.String(),
      reported: Type.Integer({ description: 'in the range' }),
      open: Type.Integer({ description: 'now' }),
    }),
  ),
  byStatus: Type.Array(Type.Object({ status: CaseStatusSchema, n: Type.Integer() }), {
    description: 'cases in each status now',
  }),
  /** cases reported in the range by where they came from (the hotline, sensors, residents, …) */
  bySource: Type.Array(Type.Object({ source: StringEnum(CASE_SOURCES), reported: Type.Integer() })),
  trend: Type.Object({
    bucket: StringEnum(['hour', 'day'] as const),
    points: Type.Array(TrendPoint),
  }),
});
export type Dashboard = Static<typeof Dashboard>;

/**
 * The top strip's figures: the indicators the dashboard names in `summary`, so a figure in the
 * strip has the name, definition, unit and value of the indicator of the same id.
 */
export function dashboardSummary(dashboard: Pick<Dashboard, 'summary' | 'indicators'>) {
  const byId = new Map(dashboard.indicators.map((i) => [i.id, i]));
  return dashboard.summary.flatMap((id) => {
    const indicator = byId.get(id);
    return indicator ? [indicator] : [];
  });
}

export const CompareQuery = Type.Composite([
  DashboardQuery,
  Type.Object({
    indicator: Type.String({ pattern: '^[a-z0-9_.-]{2,60}$' }),
    /** rank by the value per 10,000 residents (only for indicators where that is fair) */
    perTenThousand: Type.Optional(Type.Boolean()),
    /** only the cases from this source (with `cases.reported`): complaints per 10,000 by source */
    source: Type.Optional(StringEnum(CASE_SOURCES)),
  }),
]);
export type CompareQuery = Static<typeof CompareQuery>;

/** 交叉比对: one indicator for every child area, best first; `worst` names the worst. */
export const Comparison = Type.Object({
  area: Area,
  /** the source the cases were counted from, when the comparison was split by one */
  source: Type.Union([StringEnum(CASE_SOURCES), Type.Null()]),
  indicator: Type.Omit(IndicatorValue, ['value', 'display', 'state']),
  range: Type.Object({ from: Type.String(), to: Type.String() }),
  items: Type.Array(
    Type.Object({
      area: Area,
      value: Type.Union([Type.Number(), Type.Null()]),
      display: Type.String(),
      state: Type.Union([IndicatorState, Type.Null()]),
      /** residents present, from the registry (null when the indicator is not per head) */
      residents: Type.Union([Type.Integer(), Type.Null()]),
      /** the value per 10,000 residents; null when not fair or no one is registered */
      perTenThousand: Type.Union([Type.Number(), Type.Null()]),
    }),
  ),
  /** ranked by the value per 10,000 residents */
  perTenThousand: Type.Boolean(),
  worst: Type.Union([Type.String(), Type.Null()], { description: 'code of the worst child' }),
});
export type Comparison = Static<typeof Comparison>;

/** A live event on a dashboard's stream (server-sent events, `event: case`). */
export const DashboardCaseEvent = Type.Object({
  id: Type.String(),
  number: Type.String(),
  areaCode: Type.String(),
  scenarioCode: Type.String(),
  status: CaseStatusSchema,
  lat: Type.Union([Type.Number(), Type.Null()]),
  lng: Type.Union([Type.Number(), Type.Null()]),
  at: Type.String(),
});
export type DashboardCaseEvent = Static<typeof DashboardCaseEvent>;

/** The area's latest case events, newest first: what a big screen's live panel opens with. */
export const DashboardEvents = Type.Object({ items: Type.Array(DashboardCaseEvent) });
export type DashboardEvents = Static<typeof DashboardEvents>;

export const DashboardEventsQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 30 })) },
  { additionalProperties: false },
);
export type DashboardEventsQuery = Static<typeof DashboardEventsQuery>;

/** Case points for the dashboard map: the range's cases in the area (at most `limit`). */
export const DashboardPoints = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      lat: Type.Number(),
      lng: Type.Number(),
      scenarioCode: Type.String(),
      domain: Type.String(),
      status: CaseStatusSchema,
    }),
  ),
  truncated: Type.Boolean(),
});
export type DashboardPoints = Static<typeof DashboardPoints>;
