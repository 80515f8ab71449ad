import type { FedCatalogue, FedIndicator, UpdateFedIndicatorBody } from '@cc/contracts';
import { api, apiRequest } from '../../lib/api';

const BASE = '/api/indicators/catalogue';

/** The departments' indicators with their groups: owner, rules, thresholds, last figure. */
export const getCatalogue = (signal?: AbortSignal) =>
  api.get<FedCatalogue>(BASE, undefined, signal);

/** A fed indicator's names, definitions, rules or thresholds (administrators of the city). */
export const updateFedIndicator = (id: string, body: UpdateFedIndicatorBody) =>
  apiRequest<FedIndicator>(`${BASE}/${encodeURIComponent(id)}`, { method: 'PATCH', body });
