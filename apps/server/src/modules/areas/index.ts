export { areaRoutes } from './areas.routes.js';
export { normalizeAreaCode } from './area-code.js';
export {
  countAreas,
  findArea,
  findAreaCached,
  findChainCached,
  getAreaDetail,
  importAreas,
  listChildAreas,
  refreshAreaIndex,
  requireArea,
  resolveAreaCode,
  toArea,
  type AreaFile,
  type AreaFileEntry,
} from './areas.service.js';
export { AreaIndex, pointInMultiPolygon, type MultiPolygon } from './spatial-index.js';
