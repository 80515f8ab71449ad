import type {
  Comparison,
  Dashboard,
  DashboardCaseEvent,
  Domain,
  FedSeries,
  IndicatorValue,
} from '@cc/contracts';
import type { TFunction } from 'i18next';
import { rankedRows, type CsvCell } from '../../lib/csv';
import { inLanguage } from '../../lib/format';
import { shanghaiDateTime } from '../../lib/shanghai-time';
import { fillTrend } from './chart-options';
import { trendNames } from './figures';
import type { DashboardPoint } from './use-dashboard-data';

/** Each panel's data as CSV rows, a header row first, in the reader's language. */

type Rows = CsvCell[][];

export function indicatorRows(dashboard: Dashboard, t: TFunction, language: string): Rows {
  const groups = new Map(
    dashboard.groups.map((g) => [g.id, inLanguage(g.name, g.nameEn, language)]),
  );
  return [
    [
      t('dashboards.csv.group'),
      t('dashboards.csv.indicatorId'),
      t('dashboards.csv.indicator'),
      t('dashboards.csv.value'),
      t('dashboards.csv.display'),
      t('dashboards.csv.unit'),
      t('dashboards.csv.target'),
      t('dashboards.csv.state'),
      t('dashboards.csv.definition'),
    ],
    ...dashboard.indicators.map((i) => [
      groups.get(i.group) ?? i.group,
      i.id,
      inLanguage(i.name, i.nameEn, language),
      i.value,
      i.display,
      inLanguage(i.unit, i.unitEn, language),
      i.target,
      i.state ? t(`dashboards.state.${i.state}`) : '',
      inLanguage(i.definition, i.definitionEn, language),
    ]),
  ];
}

/** The strip's figures: each named, valued and defined as its indicator. */
export function summaryRows(
  figures: readonly { indicator: IndicatorValue }[],
  t: TFunction,
  language: string,
): Rows {
  return [
    [
      t('dashboards.csv.indicatorId'),
      t('dashboards.csv.measure'),
      t('dashboards.csv.value'),
      t('dashboards.csv.unit'),
      t('dashboards.csv.definition'),
    ],
    ...figures.map(({ indicator: i }) => [
      i.id,
      inLanguage(i.name, i.nameEn, language),
      i.value,
      inLanguage(i.unit, i.unitEn, language),
      inLanguage(i.definition, i.definitionEn, language),
    ]),
  ];
}

export function scenarioRows(dashboard: Dashboard, t: TFunction, language: string): Rows {
  return [
    [
      t('dashboards.csv.scenarioCode'),
      t('dashboards.csv.scenario'),
      t('dashboards.csv.domain'),
      t('dashboards.chart.reported'),
      t('dashboards.chart.open'),
    ],
    ...dashboard.byScenario.map((s) => [
      s.scenarioCode,
      inLanguage(s.name, s.nameEn, language),
      s.domain,
      s.reported,
      s.open,
    ]),
  ];
}

export function statusRows(dashboard: Dashboard, t: TFunction): Rows {
  return [
    [t('dashboards.csv.status'), t('dashboards.csv.statusCode'), t('dashboards.chart.cases')],
    ...dashboard.byStatus.map((s) => [t(`cases.status.${s.status}`), s.status, s.n]),
  ];
}

export function trendRows(dashboard: Dashboard, t: TFunction, language: string): Rows {
  const names = trendNames(dashboard.indicators, language, t);
  return [
    [t('dashboards.csv.time'), names.reported, names.resolved, names.closed],
    ...fillTrend(dashboard).points.map((p) => [p.t, p.reported, p.resolved, p.closed]),
  ];
}

/** 交叉比对 in the server's order; ranked per head, with the residents and the value per 10,000. */
export function compareRows(comparison: Comparison, t: TFunction, language: string): Rows {
  const unit = inLanguage(comparison.indicator.unit, comparison.indicator.unitEn, language);
  const perHead = comparison.perTenThousand;
  return rankedRows(comparison.items, t, language, {
    header: [
      t('dashboards.csv.value'),
      t('dashboards.csv.display'),
      t('dashboards.csv.unit'),
      ...(perHead
        ? [t('dashboards.compare.residents'), t('dashboards.csv.perTenThousand', { unit })]
        : []),
      t('dashboards.csv.state'),
      t('dashboards.compare.worst'),
    ],
    cells: (item) => [
      item.value,
      item.display,
      unit,
      ...(perHead ? [item.residents, item.perTenThousand] : []),
      item.state ? t(`dashboards.state.${item.state}`) : '',
      item.area.code === comparison.worst ? t('dashboards.compare.worst') : '',
    ],
  });
}

export function pointRows(
  points: readonly DashboardPoint[],
  domains: readonly Domain[],
  scenarioName: (code: string) => string,
  t: TFunction,
  language: string,
): Rows {
  const domainName = new Map(domains.map((d) => [d.code, inLanguage(d.name, d.nameEn, language)]));
  return [
    [
      t('dashboards.csv.caseId'),
      t('dashboards.csv.lat'),
      t('dashboards.csv.lng'),
      t('dashboards.csv.scenarioCode'),
      t('dashboards.csv.scenario'),
      t('dashboards.csv.domain'),
      t('dashboards.csv.status'),
    ],
    ...points.map((p) => [
      p.id,
      p.lat,
      p.lng,
      p.scenarioCode,
      scenarioName(p.scenarioCode),
      domainName.get(p.domain) ?? p.domain,
      t(`cases.status.${p.status}`),
    ]),
  ];
}

export function eventRows(
  events: readonly DashboardCaseEvent[],
  scenarioName: (code: string) => string,
  t: TFunction,
): Rows {
  return [
    [
      t('dashboards.csv.time'),
      t('dashboards.csv.caseNumber'),
      t('dashboards.csv.scenario'),
      t('dashboards.csv.status'),
      t('dashboards.csv.areaCode'),
    ],
    ...events.map((e) => [
      e.at,
      e.number,
      scenarioName(e.scenarioCode),
      t(`cases.status.${e.status}`),
      e.areaCode,
    ]),
  ];
}

/** A department indicator's history: a row per hour or day, empty where nothing was fed. */
export function historyRows(
  series: Pick<FedSeries, 'points'>,
  indicator: Pick<IndicatorValue, 'unit' | 'unitEn'>,
  t: TFunction,
  language: string,
): Rows {
  const unit = inLanguage(indicator.unit, indicator.unitEn, language);
  return [
    [t('dashboards.csv.time'), t('dashboards.csv.value'), t('dashboards.csv.unit')],
    ...series.points.map((p) => [shanghaiDateTime(p.t), p.value, unit]),
  ];
}
