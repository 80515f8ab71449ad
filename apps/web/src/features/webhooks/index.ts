/**
 * 外部订阅 (/webhooks) on the web: the city's administrators add the systems told of case events,
 * rotate their secrets, and read each one's delivery log. The menu entry is in webhooks-nav, the
 * role check in webhooks-roles.
 */
export { WebhooksPage } from './webhooks-page';
