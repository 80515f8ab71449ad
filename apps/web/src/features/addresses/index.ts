/**
 * 地址库 (/addresses) on the web: the city's administrators and operators see the address
 * book's counts by source, import an address file and read the last import's problems. The
 * address search box itself is components/address-search.tsx, used by the report page and
 * the case centre. The menu entry is in addresses-nav, the role check in addresses-roles.
 */
export { AddressBookPage } from './addresses-page';
