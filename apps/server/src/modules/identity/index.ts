import type { PlatformModule } from '../../platform/module.js';
import { rekeyColumns } from '../../platform/key-rotation.js';
import { identityRoutes } from './identity.routes.js';

export type * from './identity.tables.js';
export { SESSION_COOKIE, readSessionToken } from './identity.routes.js';
export { authenticate, loadActorByUsername } from './auth.service.js';
export { hashPassword } from './password.js';
export {
  accountNames,
  accountsBoundAt,
  requireActiveAccount,
  smsContacts,
  type SmsContact,
} from './directory.js';

/** Accounts, sessions and area-scoped roles. */
export const manifest: PlatformModule = {
  name: 'identity',
  routes: identityRoutes,
  rekeyers: { accounts: rekeyColumns('accounts', ['phone_enc'], { phone_hmac: 'phone_enc' }) },
};
