import type {
  CreateSensorDeviceBody,
  DepartmentList,
  PutSensorRuleBody,
  SensorDevice,
  SensorDeviceKeyAnswer,
  SensorDeviceList,
  SensorRule,
  SensorRuleList,
  UpdateSensorDeviceBody,
} from '@cc/contracts';
import { api, apiRequest } from '../../lib/api';

const DEVICES = '/api/sensors/devices';
const device = (id: string) => `${DEVICES}/${encodeURIComponent(id)}`;

/** The kinds of sensor and their rules. */
export const listRules = (signal?: AbortSignal) =>
  api.get<SensorRuleList>('/api/sensors/rules', undefined, signal);
/** A kind's rule as it should be (administrators of the city). */
export const putRule = (kind: string, body: PutSensorRuleBody) =>
  api.put<SensorRule>(`/api/sensors/rules/${encodeURIComponent(kind)}`, body);

/** The devices of the reader's areas, newest first. */
export const listDevices = (signal?: AbortSignal) =>
  api.get<SensorDeviceList>(DEVICES, undefined, signal);
// a device's key is in the answers of a registration and a rotation, shown once
export const createDevice = (body: CreateSensorDeviceBody) =>
  api.post<SensorDeviceKeyAnswer>(DEVICES, body);
export const updateDevice = (id: string, body: UpdateSensorDeviceBody) =>
  apiRequest<SensorDevice>(device(id), { method: 'PATCH', body });
/** A new key; the old one stops at once. */
export const rotateDeviceKey = (id: string) => api.post<SensorDeviceKeyAnswer>(`${device(id)}/key`);

/** The departments a device may belong to (the city's administrators read them). */
export const listOwners = (signal?: AbortSignal) =>
  api.get<DepartmentList>('/api/departments', undefined, signal);
