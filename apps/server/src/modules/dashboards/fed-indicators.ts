import type {
  Area,
  CompareQuery,
  Comparison,
  DashboardQuery,
  FedSeries,
  IndicatorGroup,
  IndicatorValue,
} from '@cc/contracts';
import { type Ctx, readerOf } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { listChildAreas, type AreaSummaryRow } from '../areas/index.js';
import {
  fedIndicatorSeries,
  fedIndicatorValues,
  type CatalogueRow,
  type FedValueSet,
} from '../indicator-feed/index.js';
import { residentsByCommittee } from '../registry/index.js';
import { valueOf, type DescribedIndicator } from './indicators.js';

/**
 * The departments' indicators on the dashboards (decision 028): described like the computed
 * ones — name, unit, definition, direction, thresholds — with where their data comes from and
 * "no feed" for one its department has never sent; valued by the indicator-feed module.
 */

function describeFed(r: CatalogueRow, set: FedValueSet): DescribedIndicator {
  const dep = set.catalogue.departments.get(r.department);
  return {
    id: r.id,
    name: r.name,
    nameEn: r.name_en,
    group: r.group_id,
    unit: r.unit,
    unitEn: r.unit_en,
    decimals: r.decimals,
    definition: r.definition,
    definitionEn: r.definition_en,
    direction: r.direction,
    target: r.target,
    thresholds: r.green !== null && r.red !== null ? { green: r.green, red: r.red } : null,
    perResidents: false,
    source: 'department',
    department: {
      code: r.department,
      name: dep?.name ?? r.department,
      nameEn: dep?.nameEn ?? r.department,
    },
    noFeed: r.last_figure_at === null,
  };
}

/** The fed indicators kept for the area's level, valued at the area, and their groups. */
export async function dashboardFedIndicators(
  ctx: Ctx,
  area: AreaSummaryRow,
  range: { from: Date; to: Date },
): Promise<{ groups: IndicatorGroup[]; indicators: IndicatorValue[] }> {
  const set = await fedIndicatorValues(readerOf(ctx), area, [], range, (p) =>
    residentsByCommittee(readerOf(ctx), p),
  );
  const used = new Set(set.indicators.map((r) => r.group_id));
  return {
    groups: set.catalogue.groups.filter((g) => used.has(g.id)),
    indicators: set.indicators.map((r) =>
      valueOf(describeFed(r, set), set.values.get(r.id)!.get(area.path) ?? null),
    ),
  };
}

/** 交叉比对 of a fed indicator: its value in every child; null when no such fed indicator. */
export async function compareFedChildren(
  ctx: Ctx,
  area: AreaSummaryRow,
  q: CompareQuery & DashboardQuery,
  range: { from: Date; to: Date },
): Promise<{ indicator: DescribedIndicator; items: Comparison['items'] } | null> {
  const children: Area[] = (await listChildAreas(ctx, area.code)).items;
  const paths = new Map(children.map((c) => [c.code, `${area.path}/${c.code}`]));
  const set = await fedIndicatorValues(
    readerOf(ctx),
    area,
    [...paths.values()],
    range,
    (p) => residentsByCommittee(readerOf(ctx), p),
    q.indicator,
  );
  const row = set.indicators[0];
  if (!row) return null;
  if (q.perTenThousand) {
    throw AppError.invalid(
      'perTenThousand',
      'fair',
      `indicator: "${row.id}" is not compared per 10,000 residents / 该指标不适合按每万人比较`,
    );
  }
  const described = describeFed(row, set);
  const values = set.values.get(row.id)!;
  return {
    indicator: described,
    items: children.map((child) => {
      const v = valueOf(described, values.get(paths.get(child.code)!) ?? null);
      return {
        area: child,
        value: v.value,
        display: v.display,
        state: v.state,
        residents: null,
        perTenThousand: null,
      };
    }),
  };
}

/** A fed indicator's history at an area, for its chart; null when no such fed indicator. */
export function fedSeriesFor(
  ctx: Ctx,
  area: AreaSummaryRow,
  id: string,
  range: { from: Date; to: Date },
): Promise<FedSeries | null> {
  return fedIndicatorSeries(readerOf(ctx), id, area, range, (p) =>
    residentsByCommittee(readerOf(ctx), p),
  );
}
