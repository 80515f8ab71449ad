import {
  CreateWebhookSubscriberBody,
  RotateWebhookSecretBody,
  UpdateWebhookSubscriberBody,
  WebhookDeliveriesQuery,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookDeliveryParams,
  WebhookSecretAnswer,
  WebhookSubscriber,
  WebhookSubscriberList,
  WebhookSubscriberParams,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import { listDeliveries, redeliver, sendTestPing } from './deliveries.service.js';
import type { SelfAddress } from './subscriber-url.js';
import {
  createSubscriber,
  disableSubscriber,
  enableSubscriber,
  listSubscribers,
  rotateSecret,
  updateSubscriber,
} from './subscribers.service.js';

const tags = ['webhooks'];
const pre = { preHandler: requireSignIn };
const BASE = '/api/webhooks/subscribers';

/** 外部订阅: the city's administrators manage the systems told of events (every change audited). */
export async function webhookRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  /** Where this server answers, so that a subscriber is never the server itself. */
  const self = (req: FastifyRequest): SelfAddress => {
    const listening = app.server.address() as AddressInfo | string | null;
    return {
      ports: [
        app.deps.config.port,
        req.socket.localPort ?? 0,
        typeof listening === 'object' && listening ? listening.port : 0,
      ].filter((p) => p > 0),
      publicUrl: app.deps.config.publicUrl,
      host: app.deps.config.host,
    };
  };

  r.get(
    BASE,
    {
      ...pre,
      schema: {
        tags,
        summary: 'Webhook subscribers, newest first (administrators of the city)',
        response: { 200: WebhookSubscriberList, ...errorResponses },
      },
    },
    (req) => listSubscribers(req.ctx),
  );
  r.post(
    BASE,
    {
      ...pre,
      schema: {
        tags,
        summary: 'Add a subscriber; its secret is in the answer, this once (audited)',
        body: CreateWebhookSubscriberBody,
        response: { 201: WebhookSecretAnswer, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createSubscriber(req.ctx, req.body, self(req))),
  );
  r.put(
    `${BASE}/:id`,
    {
      ...pre,
      schema: {
        tags,
        summary: "Change a subscriber's name, URL and events (audited)",
        params: WebhookSubscriberParams,
        body: UpdateWebhookSubscriberBody,
        response: { 200: WebhookSubscriber, ...errorResponses },
      },
    },
    (req) => updateSubscriber(req.ctx, req.params.id, req.body, self(req)),
  );
  r.post(
    `${BASE}/:id/secret`,
    {
      ...pre,
      schema: {
        tags,
        summary: 'Rotate the signing secret; the new one is in the answer, this once (audited)',
        params: WebhookSubscriberParams,
        body: RotateWebhookSecretBody,
        response: { 200: WebhookSecretAnswer, ...errorResponses },
      },
      // the body is optional: none is `{}` (the old secret stops at once)
      preValidation: async (req: FastifyRequest) => {
        req.body ??= {};
      },
    },
    (req) => rotateSecret(req.ctx, req.params.id, req.body),
  );
  r.post(
    `${BASE}/:id/enable`,
    {
      ...pre,
      schema: {
        tags,
        summary: 'Enable a subscriber; what is pending for it is sent now (audited)',
        params: WebhookSubscriberParams,
        response: { 200: WebhookSubscriber, ...errorResponses },
      },
    },
    (req) => enableSubscriber(req.ctx, req.params.id),
  );
  r.post(
    `${BASE}/:id/disable`,
    {
      ...pre,
      schema: {
        tags,
        summary: 'Disable a subscriber; it gets no new events, pending ones wait (audited)',
        params: WebhookSubscriberParams,
        response: { 200: WebhookSubscriber, ...errorResponses },
      },
    },
    (req) => disableSubscriber(req.ctx, req.params.id),
  );
  r.get(
    `${BASE}/:id/deliveries`,
    {
      ...pre,
      schema: {
        tags,
        summary: "A subscriber's delivery log, newest first (cursor paging)",
        params: WebhookSubscriberParams,
        querystring: WebhookDeliveriesQuery,
        response: { 200: WebhookDeliveryList, ...errorResponses },
      },
    },
    (req) => listDeliveries(req.ctx, req.params.id, req.query),
  );
  r.post(
    `${BASE}/:id/deliveries/:deliveryId/redeliver`,
    {
      ...pre,
      schema: {
        tags,
        summary: 'Send a delivery again, same webhook-id, fresh retries (audited)',
        params: WebhookDeliveryParams,
        response: { 202: WebhookDelivery, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(202).send(await redeliver(req.ctx, req.params.id, req.params.deliveryId)),
  );
  r.post(
    `${BASE}/:id/test`,
    {
      ...pre,
      schema: {
        tags,
        summary: 'Send the subscriber a signed ping event; the result shows in its log (audited)',
        params: WebhookSubscriberParams,
        response: { 202: WebhookDelivery, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(202).send(await sendTestPing(req.ctx, req.params.id)),
  );
}
