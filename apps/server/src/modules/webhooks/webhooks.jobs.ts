import type { AppDeps } from '../../platform/context.js';
import type { JobHandler } from '../../platform/jobs.js';
import { DeliverySender } from './delivery-sender.js';
import { DELIVER_JOB } from './webhooks.repo.js';

/** one sender per platform (per database): its sends still running are its own to stop */
const senders = new WeakMap<object, DeliverySender>();

function senderOf(deps: AppDeps): DeliverySender {
  let sender = senders.get(deps.db);
  if (!sender) senders.set(deps.db, (sender = new DeliverySender(deps)));
  return sender;
}

/** The webhooks module's job kinds: `webhook.deliver`, many due deliveries at once. */
export function webhookJobHandlers(deps: AppDeps): (readonly [string, JobHandler])[] {
  const sender = senderOf(deps);
  return [DELIVER_JOB.batchHandler((payloads) => sender.runBatch(payloads))];
}

/** At start: queue again what a crash left claimed, and look again every minute. */
export const startWebhookSender = (deps: AppDeps) => senderOf(deps).startSweeping();

/** At close: cut off the sends still running (the sweep queues them again after a restart). */
export async function stopWebhookSender(deps: AppDeps): Promise<void> {
  await senders.get(deps.db)?.stop();
}
