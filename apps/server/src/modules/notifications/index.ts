export { notificationRoutes } from './notifications.routes.js';
export {
  MAX_SEND_ATTEMPTS,
  notificationJobHandlers,
  notificationWrites,
  smsStatusOfCases,
  webhookWrites,
  type NotifyInput,
} from './notifications.service.js';
