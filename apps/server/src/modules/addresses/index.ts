import type { PlatformModule } from '../../platform/module.js';
import { addressRoutes } from './addresses.routes.js';
import { syncPlatformAddresses } from './platform-addresses.js';

export type * from './addresses.tables.js';
// for the CLI and the demo city: an address file, and the platform's own rows brought in step
export { importAddressFile } from './import-file.js';
export { syncPlatformAddresses, type SyncReport } from './platform-addresses.js';
export { normaliseAddress } from './normalise.js';
// for the hotline's work orders: an address given as text, placed
export { placeAddress, type Placed } from './place.js';

/**
 * 地址搜索: one index of the addresses a person can type — compounds (areas), buildings
 * (registry), fixed points (cases) and imported door numbers — searched by normalised text
 * (decision 025). At start the platform-derived rows are brought in step with their owners.
 */
export const manifest: PlatformModule = {
  name: 'addresses',
  routes: addressRoutes,
  start: async (deps) => {
    await syncPlatformAddresses(deps.db);
  },
};
