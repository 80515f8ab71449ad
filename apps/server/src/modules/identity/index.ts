import type { PlatformModule } from '../../platform/module.js';
import { rekeyColumns } from '../../platform/key-rotation.js';
import { identityRoutes } from './identity.routes.js';
import { rekeyRecoveryCodes } from './recovery-codes.js';
import { nameAuditObjects } from '../audit/index.js';
import { accountAuditNamer } from './audit-names.js';
import { shareSessionCache } from './session-cache.js';
// how long another process may trust a session it read, at most, had it missed a forget
export { CACHE_TTL_MS as SESSION_CACHE_TTL_MS } from './session-cache.js';
import { purgeAddressFailures } from './sign-in-throttle.js';

export type * from './identity.tables.js';
export { SESSION_COOKIE, readSessionToken } from './identity.routes.js';
export { authenticate, checkSession, loadActorByUsername } from './auth.service.js';
export { hashPassword } from './password.js';
export { addressKey } from './address-key.js';
// whether an account's roles need a second factor (TOTP_REQUIRED_ROLES; in production always
// administrators and committee staff): what any other way of signing in must respect
export { needsSecondFactor } from './second-factor.js';
export { totpCode } from './totp.js';
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
// one sign-on (sso): the account behind a sign-in and its claims, whether it is still signed in
// here, and the event that ends its sign-on when its sessions here end
export { accountProfile, hasLiveSession, type AccountProfile } from './account-profile.js';
export { sessionsEnded, type SessionsEnded } from './identity.events.js';

/** Accounts, sessions, sign-in limits, TOTP with recovery codes, and area-scoped roles. */
export const manifest: PlatformModule = {
  name: 'identity',
  routes: identityRoutes,
  // the TOTP secrets are under the data key like the phones; so are the recovery codes' HMAC keys
  rekeyers: {
    accounts: rekeyColumns('accounts', ['phone_enc', 'totp_secret_enc'], {
      phone_hmac: 'phone_enc',
    }),
    totp_recovery_codes: rekeyRecoveryCodes,
  },
  start: (deps) => {
    nameAuditObjects('account', accountAuditNamer);
    shareSessionCache(deps.db, deps.live);
    return purgeAddressFailures(deps.db);
  },
};
