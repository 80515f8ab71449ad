import { manifest as addresses } from './modules/addresses/index.js';
import { manifest as affairs } from './modules/affairs/index.js';
import { manifest as areas } from './modules/areas/index.js';
import { manifest as buildingGroups } from './modules/building-groups/index.js';
import { manifest as audit } from './modules/audit/index.js';
import { manifest as cases } from './modules/cases/index.js';
import { manifest as certificates } from './modules/certificates/index.js';
import { manifest as dailyLogs } from './modules/daily-logs/index.js';
import { manifest as declarations } from './modules/declarations/index.js';
import { manifest as consultations } from './modules/consultations/index.js';
import { manifest as councils } from './modules/councils/index.js';
import { manifest as dashboards } from './modules/dashboards/index.js';
import { manifest as departments } from './modules/departments/index.js';
import { manifest as discussion } from './modules/discussion/index.js';
import { manifest as elevators } from './modules/elevators/index.js';
import { manifest as hotline } from './modules/hotline/index.js';
import { manifest as indicatorFeed } from './modules/indicator-feed/index.js';
import { manifest as identity } from './modules/identity/index.js';
import { manifest as media } from './modules/media/index.js';
import { manifest as moderation } from './modules/moderation/index.js';
import { manifest as meetings } from './modules/meetings/index.js';
import { manifest as notices } from './modules/notices/index.js';
import { manifest as observations } from './modules/observations/index.js';
import { manifest as notifications } from './modules/notifications/index.js';
import { manifest as open311 } from './modules/open311/index.js';
import { manifest as otp } from './modules/otp/index.js';
import { manifest as property } from './modules/property/index.js';
import { manifest as proposals } from './modules/proposals/index.js';
import { manifest as registry } from './modules/registry/index.js';
import { manifest as residents } from './modules/residents/index.js';
import { manifest as volunteers } from './modules/volunteers/index.js';
import { manifest as votes } from './modules/votes/index.js';
import { manifest as webhooks } from './modules/webhooks/index.js';
import { manifest as sensors } from './modules/sensors/index.js';
import { manifest as sso } from './modules/sso/index.js';
import type { PlatformModule } from './platform/module.js';

/**
 * Every domain module of the platform, in the order their routes mount and their start-up work
 * runs (the area tree loads before anything that reads it). A new module is one line here;
 * what it adds is in its index.ts `manifest` (platform/module.ts).
 */
export const MODULES: readonly PlatformModule[] = [
  identity,
  areas,
  audit,
  media,
  cases,
  dashboards,
  notifications,
  otp,
  open311,
  registry,
  residents,
  notices,
  certificates,
  affairs,
  discussion,
  moderation,
  buildingGroups,
  meetings,
  proposals,
  consultations,
  votes,
  elevators,
  property,
  declarations,
  observations,
  dailyLogs,
  volunteers,
  councils,
  webhooks,
  sso,
  // after every module whose rows it indexes (areas, registry, cases)
  addresses,
  departments,
  indicatorFeed,
  hotline,
  sensors,
];
