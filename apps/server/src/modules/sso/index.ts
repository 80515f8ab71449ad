import { rekeyColumns } from '../../platform/key-rotation.js';
import type { PlatformModule } from '../../platform/module.js';
import { sessionsEnded } from '../identity/index.js';
import { disablePublishedSecretClients } from './clients.js';
import { purgeExpiredPayloads } from './payload-store.js';
import { ensureSigningKey, rekeySigningKeys } from './signing-keys.js';
import { endAccountSignOn, ssoJobHandlers } from './sso-logout.js';
import { ssoRoutes } from './sso.routes.js';

export type * from './sso.tables.js';
// the CLI's `rotate-oidc-keys`
export { rotateSigningKeys, RETIRED_KEY_KEPT_MS, type KeyRotation } from './signing-keys.js';
// the demo city's department systems (demo/seed-sso.ts)
export { seedClients, type SeededClient } from './clients.js';
export { OIDC_PREFIX, PROVIDER_COOKIES, issuerOf } from './providers.js';

/** Expired sessions, codes and tokens are deleted this often while the server runs. */
const PURGE_EVERY_MS = 10 * 60 * 1000;
const purgeTimers = new WeakMap<object, NodeJS.Timeout>();

/**
 * One sign-on for the city's department systems (一键跳转登录, decision 024): the OpenID
 * Connect provider at /oidc (oidc-provider) storing in our database, its signing keys under
 * the data key (rotated by `npm run cli -- rotate-oidc-keys`), the clients an administrator
 * registers, 专业系统, our own sign-in / consent interaction, and back-channel logout when
 * an account's sessions here end.
 */
export const manifest: PlatformModule = {
  name: 'sso',
  routes: ssoRoutes,
  jobs: ssoJobHandlers,
  subscriptions: () => [sessionsEnded.on((trx, event) => endAccountSignOn(trx, event))],
  rekeyers: {
    sso_clients: rekeyColumns('sso_clients', ['secret_enc']),
    sso_keys: rekeySigningKeys,
  },
  start: async (deps) => {
    await ensureSigningKey(deps.db, deps.cipher);
    // a database seeded in development: the demo department system's secret is public
    if (deps.config.production) {
      const off = await disablePublishedSecretClients(deps);
      if (off.length > 0)
        console.warn(
          `one sign-on: disabled ${off.join(', ')}, whose secret the demo data publishes`,
        );
    }
    await purgeExpiredPayloads(deps.db);
    const timer = setInterval(
      () => void purgeExpiredPayloads(deps.db).catch(() => 0),
      PURGE_EVERY_MS,
    );
    timer.unref();
    purgeTimers.set(deps.db, timer);
  },
  stop: async (deps) => {
    clearInterval(purgeTimers.get(deps.db));
    purgeTimers.delete(deps.db);
  },
};
