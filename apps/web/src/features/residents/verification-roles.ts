import { VERIFIER_ROLES, type Me } from '@cc/contracts';
import { hasAnyRole } from '../../lib/session';

/**
 * Who opens 住户认证 (the verification queue): committee staff and street operators. Apart from
 * the page so the menu and the router read it without loading the page; the server checks.
 */
export const canVerifyResidents = (me: Me) => hasAnyRole(me, VERIFIER_ROLES);
