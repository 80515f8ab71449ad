import type { TopicBoard, TopicMetric } from '@cc/contracts';
import type { TFunction } from 'i18next';
import { rankedRows, type CsvCell } from '../../lib/csv';
import { areaName, inLanguage } from '../../lib/format';
import { metricName, rangeDays } from './topic-charts';

/**
 * Each topic panel's data as CSV rows, a header row first, in the reader's language. Figures
 * are their display text: a count hidden as "<5" stays "<5".
 */

type Rows = CsvCell[][];

export function metricRows(board: TopicBoard, t: TFunction, language: string): Rows {
  const names = new Map(
    board.metrics.flatMap((m) => m.byChild).map((c) => [c.area.code, areaName(c.area, language)]),
  );
  return [
    [
      t('topics.csv.metricId'),
      t('topics.csv.metric'),
      t('topics.csv.aggregate'),
      t('dashboards.csv.display'),
      t('dashboards.csv.unit'),
      t('topics.csv.keyAreas'),
    ],
    ...board.metrics.map((m) => [
      m.id,
      metricName(m, language),
      t(`topics.aggregate.${m.aggregate}`),
      m.display,
      inLanguage(m.unit, m.unitEn, language),
      m.keyAreas.map((code) => names.get(code) ?? code).join(' '),
    ]),
  ];
}

export function compareRows(metric: TopicMetric, t: TFunction, language: string): Rows {
  const keys = new Set(metric.keyAreas);
  const unit = inLanguage(metric.unit, metric.unitEn, language);
  return rankedRows(metric.byChild, t, language, {
    header: [metricName(metric, language), t('dashboards.csv.unit'), t('topics.compare.key')],
    cells: (item) => [item.display, unit, keys.has(item.area.code) ? t('topics.compare.key') : ''],
  });
}

/** One row a day, one column a metric. */
export function trendRows(board: TopicBoard, language: string, t: TFunction): Rows {
  const byDay = board.metrics.map(
    (m) => new Map(m.trend.map((point) => [point.day, point.display])),
  );
  return [
    [t('topics.csv.day'), ...board.metrics.map((m) => metricName(m, language))],
    ...rangeDays(board.range).map((day) => [day, ...byDay.map((m) => m.get(day) ?? '')]),
  ];
}

export function caseRows(board: Pick<TopicBoard, 'cases'>, t: TFunction, language: string): Rows {
  return [
    [
      t('dashboards.csv.scenarioCode'),
      t('dashboards.csv.scenario'),
      t('dashboards.chart.reported'),
      t('dashboards.chart.open'),
    ],
    ...board.cases.byScenario.map((s) => [
      s.scenarioCode,
      inLanguage(s.name, s.nameEn, language),
      s.reported,
      s.open,
    ]),
  ];
}
