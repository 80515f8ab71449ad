import { CERTIFICATE_STAFF_ROLES, type Me } from '@cc/contracts';
import { hasAnyRole } from '../../lib/session';

/**
 * Who opens 证明管理 (list, download, revoke): the contracts' role list, apart from the page so
 * the menu and the router read it without loading the page. The server checks every call.
 */
export const canManageCertificates = (me: Me) => hasAnyRole(me, CERTIFICATE_STAFF_ROLES);
