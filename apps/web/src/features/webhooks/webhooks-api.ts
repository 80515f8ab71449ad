import type {
  CreateWebhookSubscriberBody,
  UpdateWebhookSubscriberBody,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookSecretAnswer,
  WebhookSubscriber,
  WebhookSubscriberList,
} from '@cc/contracts';
import { api } from '../../lib/api';

const BASE = '/api/webhooks/subscribers';
const path = (id: string) => `${BASE}/${encodeURIComponent(id)}`;

// the subscribers, never their secrets…
export const listSubscribers = (signal?: AbortSignal) =>
  api.get<WebhookSubscriberList>(BASE, undefined, signal);
// …except in the answers of an addition and a rotation, which show it once
export const createSubscriber = (body: CreateWebhookSubscriberBody) =>
  api.post<WebhookSecretAnswer>(BASE, body);
export const updateSubscriber = (id: string, body: UpdateWebhookSubscriberBody) =>
  api.put<WebhookSubscriber>(path(id), body);
export const rotateSecret = (id: string, keepPreviousHours: number) =>
  api.post<WebhookSecretAnswer>(`${path(id)}/secret`, { keepPreviousHours });
export const enableSubscriber = (id: string) =>
  api.post<WebhookSubscriber>(`${path(id)}/enable`, {});
export const disableSubscriber = (id: string) =>
  api.post<WebhookSubscriber>(`${path(id)}/disable`, {});
export const sendTest = (id: string) => api.post<WebhookDelivery>(`${path(id)}/test`, {});

/** A subscriber's delivery log, newest first, a page at a time. */
export const listDeliveries = (id: string, cursor: string | undefined, signal?: AbortSignal) =>
  api.get<WebhookDeliveryList>(`${path(id)}/deliveries`, { cursor }, signal);
export const redeliver = (id: string, deliveryId: string) =>
  api.post<WebhookDelivery>(
    `${path(id)}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`,
    {},
  );
