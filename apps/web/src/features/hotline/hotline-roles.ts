import { ADMINISTRATOR_ROLES, type Me, type Role } from '@cc/contracts';

/** Changing the category mapping and uploading a file by hand: the city's administrators. */
export const HOTLINE_MANAGER_ROLES: readonly Role[] = ADMINISTRATOR_ROLES;
/** Reading the mapping and the imports' reports: they, the city's hotline desk and operators. */
export const HOTLINE_READER_ROLES: readonly Role[] = [
  ...ADMINISTRATOR_ROLES,
  'hotline_operator',
  'city_operator',
];

/** Bound at the city, the root of the area tree, as the server requires (the hotline is the city's). */
const isAtCity = (me: Me, roles: readonly Role[]) =>
  me.roles.some((b) => roles.includes(b.role) && b.areaLevel === 'city');

export const canManageHotline = (me: Me) => isAtCity(me, HOTLINE_MANAGER_ROLES);
export const canReadHotline = (me: Me) => isAtCity(me, HOTLINE_READER_ROLES);
