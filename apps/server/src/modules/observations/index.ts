import { rekeyTable } from '../../platform/key-rotation.js';
import type { PlatformModule } from '../../platform/module.js';
import { declarationMarkedDuplicate, keyRegionArrival } from '../declarations/index.js';
import { endObservationOfDeclaration } from './observation-end.js';
import { observationJobHandlers, scheduleObservationJobs } from './observation-daily.js';
import { openObservation } from './observation-open.js';
import { observationRules } from './observation-rules.js';
import { observationRoutes } from './observations.routes.js';
import { phoneHmac } from '../registry/index.js';

/** Under a new data key: name, phone and token encrypted again, their keyed hashes made again. */
const rekeyObservations = rekeyTable(
  'observations',
  ['name_enc', 'phone_enc', 'token_enc'],
  {
    name_enc: 'text',
    phone_enc: 'text',
    phone_hmac: 'text',
    token_enc: 'text',
    token_hmac: 'text',
  },
  (r, from, to) => {
    const phone = from.decrypt(r.phone_enc as string);
    const token = from.decrypt(r.token_enc as string);
    return {
      name_enc: to.encrypt(from.decrypt(r.name_enc as string)),
      phone_enc: to.encrypt(phone),
      phone_hmac: phoneHmac(to, phone),
      token_enc: to.encrypt(token),
      token_hmac: to.lookupHash(token),
    };
  },
);

export type * from './observations.tables.js';

/**
 * Home health observation (居家健康观察): opened in a declaration's transaction when it matches a
 * key region (the `keyRegionArrival` event), for the days the rules give its level
 * (data/epidemic/observation-rules.json); daily check-ins from an SMS link or by staff; a fever,
 * a symptom or a missed check-in files a case (one per observation and day); ended by staff or at
 * the end of its period, or when its declaration is marked a duplicate; purged after EPIDEMIC_RETENTION_DAYS. Feeds the epidemic board.
 */
export const manifest: PlatformModule = {
  name: 'observations',
  routes: observationRoutes,
  jobs: observationJobHandlers,
  subscriptions: (deps) => [
    keyRegionArrival.on(async (trx, p) => {
      await openObservation(trx, deps, p);
    }),
    declarationMarkedDuplicate.on((trx, p) => endObservationOfDeclaration(trx, p)),
  ],
  // the declarations list shows the observation a declaration opened
  sharedReads: { observations: ['declarations'] },
  rekeyers: { observations: rekeyObservations },
  start: async (deps) => {
    // a wrong rules file stops the start, naming what is wrong
    observationRules();
    await scheduleObservationJobs(deps);
  },
};

// for the demo city (demo/seed-observations.ts) and the suites: the daily work by hand
export { expireObservations, purgeObservations, runMissedCheck } from './observation-daily.js';
export { openObservation } from './observation-open.js';
export { recordCheckIn, type CheckInInput } from './observation-check-ins.js';
