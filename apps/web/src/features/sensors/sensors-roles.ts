import { ADMINISTRATOR_ROLES, type Me, type Role } from '@cc/contracts';
import { hasAnyRole } from '../../lib/session';

/** 物联感知: the administrators and the city's, districts' and streets' operators (their areas). */
export const SENSOR_READER_ROLES: readonly Role[] = [
  ...ADMINISTRATOR_ROLES,
  'city_operator',
  'district_operator',
  'street_operator',
];

export const canReadSensors = (me: Me) => hasAnyRole(me, SENSOR_READER_ROLES);

/** Rules and devices are the city's: an administrator bound at the root, as the server requires. */
export const canManageSensors = (me: Me) =>
  me.roles.some((b) => ADMINISTRATOR_ROLES.includes(b.role) && b.areaLevel === 'city');
