import type { PlatformModule } from '../../platform/module.js';
import { rekeyColumns } from '../../platform/key-rotation.js';
import { startWebhookSender, stopWebhookSender, webhookJobHandlers } from './webhooks.jobs.js';
import { webhookRoutes } from './webhooks.routes.js';
import { adoptConfiguredWebhook } from './subscribers.service.js';

export type * from './webhooks.tables.js';
// for the modules whose events go to subscribers (cases): the statements, in their transaction
export { webhookWrites, type WebhookEventInput } from './webhook-writes.js';

/**
 * 外部订阅 (decision 023): subscribers, their events and secrets; deliveries signed the Standard
 * Webhooks way, retried with backoff, logged; a subscriber that keeps failing is disabled and
 * the city's administrators told. CASE_WEBHOOK_URL becomes a subscriber at start.
 */
export const manifest: PlatformModule = {
  name: 'webhooks',
  routes: webhookRoutes,
  jobs: webhookJobHandlers,
  // the signing secrets are under the data key
  rekeyers: {
    webhook_subscribers: rekeyColumns('webhook_subscribers', ['secret_enc', 'previous_secret_enc']),
  },
  start: async (deps) => {
    await adoptConfiguredWebhook(deps);
    await startWebhookSender(deps);
  },
  stop: stopWebhookSender,
};
