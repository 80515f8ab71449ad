export { registryRoutes } from './registry.routes.js';
export { cleanUpImports } from './imports.js';
export { refreshCommitteeStats } from './stats.js';
export { residentsByChild } from './stats.js';
