import type { OwnersSummary, RoomOwners, RoomOwnersBody } from '@cc/contracts';
import { api } from '../../lib/api';

/** Owners on record (产权人): apps/server/src/modules/registry/owners.service.ts. */
const BASE = '/api/registry';
const enc = encodeURIComponent;

export const getRoomOwners = (roomId: string, signal?: AbortSignal) =>
  api.get<RoomOwners>(`${BASE}/rooms/${enc(roomId)}/owners`, undefined, signal);
/** Replaces the room's owners in one go (shares add up to 100 %; none clears the record). */
export const putRoomOwners = (roomId: string, body: RoomOwnersBody) =>
  api.put<RoomOwners>(`${BASE}/rooms/${enc(roomId)}/owners`, body);
export const getOwnersSummary = (area: string, signal?: AbortSignal) =>
  api.get<OwnersSummary>(`${BASE}/owners/summary`, { area }, signal);
