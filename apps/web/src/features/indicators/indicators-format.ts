import type { FedCatalogue, FedIndicator } from '@cc/contracts';
import type { TFunction } from 'i18next';
import { judgedBound, thresholdBounds } from '../../lib/chart-base';
import { inLanguage } from '../../lib/format';

/**
 * The catalogue as the page lists it: filtered by group and by what is typed, and each
 * indicator's rules and thresholds as read. Pure: no React.
 */

export interface CatalogueFilter {
  /** a group's id; none: every group */
  group?: string;
  /** matched against the names, the code and the department's names */
  q?: string;
}

/** The indicators of the group and matching the text, in the catalogue's groups' order. */
export function filterIndicators(catalogue: FedCatalogue, filter: CatalogueFilter): FedIndicator[] {
  const q = filter.q?.trim().toLowerCase() ?? '';
  const order = new Map(catalogue.groups.map((g, i) => [g.id, i]));
  return catalogue.indicators
    .filter((i) => !filter.group || i.group === filter.group)
    .filter(
      (i) =>
        !q ||
        [i.id, i.name, i.nameEn, i.departmentName, i.departmentNameEn].some((text) =>
          text.toLowerCase().includes(q),
        ),
    )
    .map((indicator, index) => ({ indicator, index }))
    .sort(
      (a, b) =>
        (order.get(a.indicator.group) ?? 99) - (order.get(b.indicator.group) ?? 99) ||
        a.index - b.index,
    )
    .map(({ indicator }) => indicator);
}

/** "上级人口加权平均 · 时段最新": how the areas above and a range take its figures. */
export function rulesText(indicator: FedIndicator, t: TFunction): string {
  return t('indicators.rulesText', {
    rollup: t(`indicators.rollup.${indicator.rollup}`),
    overTime: t(`indicators.overTime.${indicator.overTime}`),
  });
}

/** "绿 ≤ 10 毫米 · 红 > 30", with the target when it has one; or that it has none. */
export function thresholdsText(indicator: FedIndicator, t: TFunction, language: string): string {
  const unit = inLanguage(indicator.unit, indicator.unitEn, language);
  const parts = [
    indicator.thresholds
      ? t(
          'indicators.thresholdsText',
          thresholdBounds(indicator.direction, indicator.thresholds, unit),
        )
      : t('indicators.noThresholds'),
  ];
  if (indicator.target !== null) {
    parts.push(
      t('indicators.target', { value: judgedBound(indicator.direction, indicator.target, unit) }),
    );
  }
  return parts.join(' · ');
}

/**
 * The thresholds make sense for the direction: lower is better, green at most red; higher is
 * better, green at least red (the server judges by them the same way).
 */
export function isThresholdOrder(
  direction: FedIndicator['direction'],
  green: number,
  red: number,
): boolean {
  if (direction === 'lower') return green <= red;
  if (direction === 'higher') return green >= red;
  return true;
}
