import type { AreaDetail, AreaFeatureCollection, AreaList, ResolvedArea } from '@cc/contracts';
import { api } from './api-client';

/** Area look-ups used by more than one feature (the area pages and the area pickers). */
const base = (code: string) => `/api/areas/${encodeURIComponent(code)}`;

export const getArea = (code: string, signal?: AbortSignal) =>
  api.get<AreaDetail>(base(code), undefined, signal);

export const listChildren = (code: string, signal?: AbortSignal) =>
  api.get<AreaList>(`${base(code)}/children`, undefined, signal);

export const getBoundaries = (code: string, signal?: AbortSignal) =>
  api.get<AreaFeatureCollection>(`${base(code)}/boundaries`, undefined, signal);

export const resolvePoint = (lat: number, lng: number, signal?: AbortSignal) =>
  api.get<ResolvedArea>('/api/areas/resolve', { lat, lng }, signal);
