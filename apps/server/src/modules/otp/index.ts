import type { PlatformModule } from '../../platform/module.js';
import { dropCodesForRekey, purgeCodes } from './codes.service.js';
import { otpRoutes } from './otp.routes.js';

export type * from './otp.tables.js';
export {
  ACCOUNT_PHONE_CAP,
  ADDRESS_CAP,
  ADDRESS_WINDOW_MS,
  consumeCode,
  issueCode,
  PHONE_DAILY_CAP,
  PHONE_INTERVAL_MS,
  requireMobile,
  type ConsumeInput,
  wrongCode,
  type IssueInput,
} from './codes.service.js';

/** One-time SMS codes: issued with limits per phone and per address, used once (decision 013). */
export const manifest: PlatformModule = {
  name: 'otp',
  routes: otpRoutes,
  // the codes and per-phone counters are keyed by the data key: a new key drops them
  rekeyers: { one_time_codes: dropCodesForRekey },
  start: (deps) => purgeCodes(deps.db),
};
