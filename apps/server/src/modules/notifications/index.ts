import type { PlatformModule } from '../../platform/module.js';
import { rekeyColumns } from '../../platform/key-rotation.js';
import { notificationRoutes } from './notifications.routes.js';
import { notificationJobHandlers } from './notifications.service.js';

export type * from './notifications.tables.js';
export {
  MAX_SEND_ATTEMPTS,
  notificationWrites,
  queueNotifications,
  smsStatusOfCases,
  smsToPhoneWrites,
  type NotifyInput,
} from './notifications.service.js';

/** The outbox: texts and in-app notices, texts sent by jobs with retries; the 短信发件箱. */
export const manifest: PlatformModule = {
  name: 'notifications',
  routes: notificationRoutes,
  jobs: notificationJobHandlers,
  rekeyers: { notifications: rekeyColumns('notifications', ['to_enc']) },
};
