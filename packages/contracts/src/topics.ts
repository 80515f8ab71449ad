import { Type, type Static } from '@sinclair/typebox';
import { Area } from './areas.js';
import { DashboardQuery } from './dashboards.js';

export const TopicSummary = Type.Object({
  id: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  description: Type.String(),
  descriptionEn: Type.String(),
});
export type TopicSummary = Static<typeof TopicSummary>;

export const TopicList = Type.Object({ items: Type.Array(TopicSummary) });
export type TopicList = Static<typeof TopicList>;

export const TopicQuery = DashboardQuery;
export type TopicQuery = Static<typeof TopicQuery>;

const FigureValue = {
  /** null when hidden: a count of fewer than five people */
  value: Type.Union([Type.Number(), Type.Null()]),
  display: Type.String(),
};

/** One metric of a topic board for an area: its figure, every child's, and the daily trend. */
export const TopicMetric = Type.Object({
  id: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  unit: Type.String(),
  unitEn: Type.String(),
  aggregate: Type.Union([Type.Literal('latest'), Type.Literal('sum')]),
  /** imported CSV (other departments' figures) or fed live by the platform's own work (社区通) */
  feed: Type.Union([Type.Literal('csv'), Type.Literal('platform')]),
  ...FigureValue,
  /** every child area, highest first (交叉比对) */
  byChild: Type.Array(Type.Object({ area: Area, ...FigureValue })),
  /** codes of the children with the highest figures: the key areas */
  keyAreas: Type.Array(Type.String()),
  trend: Type.Array(Type.Object({ day: Type.String(), ...FigureValue })),
});
export type TopicMetric = Static<typeof TopicMetric>;

export const TopicBoard = Type.Object({
  topic: TopicSummary,
  area: Area,
  chain: Type.Array(Area),
  range: Type.Object({ from: Type.String(), to: Type.String() }),
  /** the latest day with figures in the range, or null when none were imported */
  lastDay: Type.Union([Type.String(), Type.Null()]),
  metrics: Type.Array(TopicMetric),
  /**
   * fed metrics split by facet over the range (arrivals by origin: `CN-42` a province, `US` a
   * country), the largest first, at most ten; small counts of people hidden as in `metrics`
   */
  breakdowns: Type.Array(
    Type.Object({
      metric: Type.String(),
      items: Type.Array(Type.Object({ facet: Type.String(), ...FigureValue })),
    }),
  ),
  /** the topic's cases (its case domain) from the case rollups */
  cases: Type.Object({
    reported: Type.Integer(),
    open: Type.Integer(),
    byScenario: Type.Array(
      Type.Object({
        scenarioCode: Type.String(),
        name: Type.String(),
        nameEn: Type.String(),
        reported: Type.Integer(),
        open: Type.Integer(),
      }),
    ),
  }),
});
export type TopicBoard = Static<typeof TopicBoard>;

/** The answer to a daily-figures import (a bad file is a 400 listing every bad row in `rows`). */
export const FigureImportResult = Type.Object({
  rows: Type.Integer(),
  stored: Type.Integer({ description: 'figures new or changed' }),
  unchanged: Type.Integer(),
});
export type FigureImportResult = Static<typeof FigureImportResult>;
