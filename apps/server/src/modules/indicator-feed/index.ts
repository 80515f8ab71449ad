import type { PlatformModule } from '../../platform/module.js';
import { addShippedIndicators } from './catalogue.js';
import { indicatorFeedRoutes } from './indicator-feed.routes.js';

export type * from './indicator-feed.tables.js';
// for the dashboards: the fed indicators' descriptions and values beside the computed ones
export { fedIndicatorView, type CatalogueRow } from './catalogue.js';
export { FIGURES_EVENT } from './figures.js';
export {
  fedIndicatorSeries,
  fedIndicatorValues,
  type FedValueSet,
  type ResidentsByCommittee,
} from './values.js';

/**
 * 指标汇聚 (decision 028): the indicators the departments feed — rainfall, river levels, power
 * outages, signals out, air quality, beds free … — their catalogue (shipped, then kept by the
 * city's staff), and their figures, pushed with a department's key, corrected with history,
 * rolled up the area tree by each indicator's rule.
 */
export const manifest: PlatformModule = {
  name: 'indicator-feed',
  routes: indicatorFeedRoutes,
  // after the departments module has added the departments the indicators belong to
  start: (deps) => addShippedIndicators(deps.db),
};
