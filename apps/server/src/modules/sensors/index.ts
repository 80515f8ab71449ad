import type { PlatformModule } from '../../platform/module.js';
import { sensorRoutes } from './sensors.routes.js';

export type * from './sensors.tables.js';

/**
 * 物联感知 (decision 028): smoke detectors, manhole-cover tilt sensors, water-level gauges
 * post readings with their own key; an alarm opens a case with source `sensor` at the
 * device's place, and the device's further alarms within its kind's window join it.
 */
export const manifest: PlatformModule = {
  name: 'sensors',
  routes: sensorRoutes,
};
