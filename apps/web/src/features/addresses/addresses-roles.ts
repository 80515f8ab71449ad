import type { Me, Role } from '@cc/contracts';

/** 地址库: the city's administrators and operators (the server checks the same). */
export const ADDRESS_BOOK_ROLES: readonly Role[] = ['administrator', 'city_operator'];

/** Bound at the city, the root of the area tree, as the server requires. */
export const canManageAddressBook = (me: Me) =>
  me.roles.some((b) => ADDRESS_BOOK_ROLES.includes(b.role) && b.areaLevel === 'city');
