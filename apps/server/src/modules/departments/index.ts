import type { PlatformModule } from '../../platform/module.js';
import { departmentRoutes } from './departments.routes.js';
import { addShippedDepartments } from './departments.service.js';

export type * from './departments.tables.js';
// for the modules that take data from departments (the hotline, sensors' owners): who is
// sending, with what grant
export {
  departmentExists,
  departmentForRequest,
  departmentNames,
  type SendingDepartment,
} from './departments.service.js';

/**
 * 委办局 (decision 028): the city's departments as systems that send data — each with an API
 * key (its hash stored, shown once) and grants for what it may send. The city's 22 units are
 * shipped in data/departments/ and added at start.
 */
export const manifest: PlatformModule = {
  name: 'departments',
  routes: departmentRoutes,
  start: (deps) => addShippedDepartments(deps.db),
};
