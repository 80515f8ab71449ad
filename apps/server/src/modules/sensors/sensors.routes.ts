import {
  CreateSensorDeviceBody,
  PutSensorRuleBody,
  SensorDevice,
  SensorDeviceKeyAnswer,
  SensorDeviceList,
  SensorDeviceParams,
  SensorEventsAnswer,
  SensorEventsBody,
  SensorKindParams,
  SensorRule,
  SensorRuleList,
  UpdateSensorDeviceBody,
} from '@cc/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { errorResponses, requireSignIn } from '../../platform/http/route-helpers.js';
import { receiveReadings } from './readings.js';
import {
  createSensorDevice,
  listSensorDevices,
  listSensorRules,
  putSensorRule,
  rotateSensorKey,
  updateSensorDevice,
} from './registry.service.js';

const tags = ['sensors'];
const pre = { preHandler: requireSignIn };

/** 物联感知: devices post readings with their own key; the city's staff keep rules and devices. */
export async function sensorRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/api/sensors/devices/:id/events',
    {
      // a gateway's 500 readings are about 40 KB
      bodyLimit: 256 * 1024,
      schema: {
        tags,
        summary: "A device's readings (Authorization: Bearer <device key>)",
        description:
          'Each reading is stored; one at or over its kind\'s threshold is an alarm: the first opens a case (source "sensor") at the device\'s place, later ones within the window join it.',
        params: SensorDeviceParams,
        body: SensorEventsBody,
        response: { 202: SensorEventsAnswer, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply
        .status(202)
        .send(await receiveReadings(req.ctx, req.params.id, req.headers.authorization, req.body)),
  );
  r.get(
    '/api/sensors/rules',
    {
      ...pre,
      schema: {
        tags,
        summary: 'The kinds of sensor and their rules',
        response: { 200: SensorRuleList, ...errorResponses },
      },
    },
    (req) => listSensorRules(req.ctx),
  );
  r.put(
    '/api/sensors/rules/:kind',
    {
      ...pre,
      schema: {
        tags,
        summary: "A kind's rule: threshold, window, the case it opens (administrators of the city)",
        params: SensorKindParams,
        body: PutSensorRuleBody,
        response: { 200: SensorRule, ...errorResponses },
      },
    },
    (req) => putSensorRule(req.ctx, req.params.kind, req.body),
  );
  r.get(
    '/api/sensors/devices',
    {
      ...pre,
      schema: {
        tags,
        summary: "The devices of the reader's areas, newest first",
        response: { 200: SensorDeviceList, ...errorResponses },
      },
    },
    (req) => listSensorDevices(req.ctx),
  );
  r.post(
    '/api/sensors/devices',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Register a device; its key is in the answer, this once (audited)',
        body: CreateSensorDeviceBody,
        response: { 201: SensorDeviceKeyAnswer, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createSensorDevice(req.ctx, req.body)),
  );
  r.patch(
    '/api/sensors/devices/:id',
    {
      ...pre,
      schema: {
        tags,
        summary: 'Rename or disable a device (audited)',
        params: SensorDeviceParams,
        body: UpdateSensorDeviceBody,
        response: { 200: SensorDevice, ...errorResponses },
      },
    },
    (req) => updateSensorDevice(req.ctx, req.params.id, req.body),
  );
  r.post(
    '/api/sensors/devices/:id/key',
    {
      ...pre,
      schema: {
        tags,
        summary: 'A new key for a device; the old one stops at once (shown this once)',
        params: SensorDeviceParams,
        response: { 200: SensorDeviceKeyAnswer, ...errorResponses },
      },
    },
    (req) => rotateSensorKey(req.ctx, req.params.id),
  );
}
