export { notificationRoutes } from './notifications.routes.js';
export {
  MAX_SEND_ATTEMPTS,
  notificationJobHandlers,
  queueNotification,
  queueWebhook,
} from './notifications.service.js';
