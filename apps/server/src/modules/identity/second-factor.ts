import type { Role } from '@cc/contracts';
import type { Config } from '../../platform/config.js';

/**
 * The roles that sign in with a second factor in production whatever TOTP_REQUIRED_ROLES says:
 * an administrator administers everything, committee staff reveal residents' personal data.
 */
export const ALWAYS_IN_PRODUCTION: readonly Role[] = ['administrator', 'committee_staff'];

type SecondFactorConfig = Pick<Config, 'production' | 'totpRequiredRoles'>;

/** The roles whose holders need a second factor: the setting's, plus in production the fixed ones. */
export function secondFactorRoles(config: SecondFactorConfig): ReadonlySet<Role> {
  return new Set([...config.totpRequiredRoles, ...(config.production ? ALWAYS_IN_PRODUCTION : [])]);
}

/**
 * The one answer to "does this account need a second factor": it holds at least one role that
 * needs it. Such an account without TOTP signs in only to enrol it.
 */
export function needsSecondFactor(config: SecondFactorConfig, roles: readonly Role[]): boolean {
  const required = secondFactorRoles(config);
  return roles.some((role) => required.has(role));
}
