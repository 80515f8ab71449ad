import type { PlatformModule } from '../../platform/module.js';
import { areaRoutes } from './areas.routes.js';
import { loadAreas } from './areas.service.js';

export type * from './areas.tables.js';
export { normalizeAreaCode } from './area-code.js';
// an area as the services read it (code, path, level, names, centre)
export type { AreaSummaryRow } from './areas.repo.js';
// for modules whose staff make something for their committee (meetings, votes, elevator projects)
export { staffCommittee } from './staff-committee.js';
export {
  cityBounds,
  countAreas,
  findArea,
  findAreaCached,
  findChainCached,
  getAreaDetail,
  importAreas,
  listChildAreas,
  loadAreas,
  refreshAreaIndex,
  requireArea,
  resolveAreaCode,
  SHANGHAI_AREAS,
  toArea,
  type AreaFile,
  type AreaFileEntry,
} from './areas.service.js';
export {
  AreaIndex,
  pointInMultiPolygon,
  type AreaBounds,
  type MultiPolygon,
} from './spatial-index.js';

/** The area tree, its boundaries and point → area resolution; loads the shipped city at first start. */
export const manifest: PlatformModule = {
  name: 'areas',
  routes: areaRoutes,
  // the area tree is the platform's reference data: names and paths in any module's joins
  sharedReads: { areas: '*' },
  start: (deps) => loadAreas(deps.db),
};
