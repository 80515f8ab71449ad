import type { PlatformModule } from '../../platform/module.js';
import { rekeyColumns } from '../../platform/key-rotation.js';
import { identityRoutes } from './identity.routes.js';
import { purgeAddressFailures } from './sign-in-throttle.js';

export type * from './identity.tables.js';
export { SESSION_COOKIE, readSessionToken } from './identity.routes.js';
export { authenticate, checkSession, loadActorByUsername } from './auth.service.js';
export { hashPassword } from './password.js';
export { addressKey } from './address-key.js';
export { checkPasswordPolicy, isCommonPassword, MIN_PASSWORD_LENGTH } from './password-policy.js';
export {
  checkUsername,
  createAdministrator,
  disableAccountsWithPassword,
  enabledAccountsWithPassword,
  type NewAdministrator,
} from './accounts.service.js';
export {
  accountByPhone,
  accountNames,
  accountsBoundAt,
  accountsWithin,
  committeeAccounts,
  holdsRoleWithin,
  requireActiveAccount,
  smsContacts,
  type AreaAccount,
  type CommitteeAccount,
  type PhoneHolder,
  type SmsContact,
} from './directory.js';
export { bindResidentRole, forgetResidentSessions, unbindResidentRoles } from './resident-roles.js';

/** Accounts, sessions, sign-in limits, TOTP and area-scoped roles. */
export const manifest: PlatformModule = {
  name: 'identity',
  routes: identityRoutes,
  // the TOTP secrets are under the data key like the phones
  rekeyers: {
    accounts: rekeyColumns('accounts', ['phone_enc', 'totp_secret_enc'], {
      phone_hmac: 'phone_enc',
    }),
  },
  start: (deps) => purgeAddressFailures(deps.db),
};
