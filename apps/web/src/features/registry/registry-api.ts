import type {
  Building,
  BuildingBody,
  BuildingList,
  CallList,
  CallListBody,
  EmergencyContactBody,
  ImportKind,
  MoveOutBody,
  MoveResidentBody,
  OneScreen,
  Organisation,
  OrganisationBody,
  OrganisationList,
  RegistryHistory,
  RegistryImport,
  RegistryImportList,
  RegistryTag,
  RegistryTagBody,
  RegistryTagList,
  Resident,
  ResidentBody,
  ResidentList,
  ResidentLookupBody,
  ResidentPatch,
  ResidentQuery,
  ResidentReveal,
  Room,
  RoomBody,
  RoomList,
  RoomPatch,
  RoomQuery,
} from '@cc/contracts';
import { api, apiRequest, apiUpload, buildUrl, type QueryValue } from '../../lib/api';

/** The community registry's API (社区一屏): apps/server/src/modules/registry. */
const BASE = '/api/registry';
const enc = encodeURIComponent;

export const getTags = (signal?: AbortSignal) =>
  api.get<RegistryTagList>(`${BASE}/tags`, undefined, signal);
export const createTag = (body: RegistryTagBody) => api.post<RegistryTag>(`${BASE}/tags`, body);

export const getOneScreen = (code: string, signal?: AbortSignal) =>
  api.get<OneScreen>(`${BASE}/screen/${enc(code)}`, undefined, signal);

// ---- residents ----

export const listResidents = (query: ResidentQuery, signal?: AbortSignal) =>
  api.get<ResidentList>(`${BASE}/residents`, { ...query }, signal);
/** One person by exact document number, phone or full name, for a reason (in the body). */
export const lookupResidents = (body: ResidentLookupBody) =>
  api.post<ResidentList>(`${BASE}/residents/lookup`, body);
export const createResident = (body: ResidentBody) => api.post<Resident>(`${BASE}/residents`, body);
export const getResident = (id: string, signal?: AbortSignal) =>
  api.get<Resident>(`${BASE}/residents/${enc(id)}`, undefined, signal);
export const patchResident = (id: string, body: ResidentPatch) =>
  apiRequest<Resident>(`${BASE}/residents/${enc(id)}`, { method: 'PATCH', body });
export const moveResident = (id: string, body: MoveResidentBody) =>
  api.post<Resident>(`${BASE}/residents/${enc(id)}/move`, body);
export const moveOutResident = (id: string, body: MoveOutBody) =>
  api.post<Resident>(`${BASE}/residents/${enc(id)}/move-out`, body);
/** The personal fields in clear, for a stated reason: the server writes it to the audit log. */
export const revealResident = (id: string, reason: string) =>
  api.post<ResidentReveal>(`${BASE}/residents/${enc(id)}/reveal`, { reason });
/** Set or remove a resident's emergency contact (sealed like the phone; shown masked). */
export const putEmergencyContact = (id: string, body: EmergencyContactBody) =>
  apiRequest<Resident>(`${BASE}/residents/${enc(id)}/emergency-contact`, { method: 'PUT', body });
export const deleteEmergencyContact = (id: string) =>
  apiRequest<Resident>(`${BASE}/residents/${enc(id)}/emergency-contact`, { method: 'DELETE' });
/** A care group's call list in clear, for a reason: the server audits each person on the page. */
export const revealCallList = (body: CallListBody) => api.post<CallList>(`${BASE}/call-list`, body);
export const getResidentHistory = (id: string, signal?: AbortSignal) =>
  api.get<RegistryHistory>(`${BASE}/residents/${enc(id)}/history`, undefined, signal);

// ---- housing ----

export const listBuildings = (area: string, signal?: AbortSignal) =>
  api.get<BuildingList>(`${BASE}/buildings`, { area }, signal);
export const createBuilding = (body: BuildingBody) => api.post<Building>(`${BASE}/buildings`, body);
export const listRooms = (query: RoomQuery, signal?: AbortSignal) =>
  api.get<RoomList>(`${BASE}/rooms`, { ...query }, signal);
export const createRoom = (body: RoomBody) => api.post<Room>(`${BASE}/rooms`, body);
export const patchRoom = (id: string, body: RoomPatch) =>
  apiRequest<Room>(`${BASE}/rooms/${enc(id)}`, { method: 'PATCH', body });

// ---- organisations ----

export const listOrganisations = (area: string, signal?: AbortSignal) =>
  api.get<OrganisationList>(`${BASE}/organisations`, { area }, signal);
export const createOrganisation = (body: OrganisationBody) =>
  api.post<Organisation>(`${BASE}/organisations`, body);

// ---- import and export ----

/** Sends the file (CSV or XLSX) as multipart; the server answers 202 and reads it on its own. */
export function startImport(
  kind: ImportKind,
  committee: string,
  file: File,
  options: { signal?: AbortSignal; onProgress?: (fraction: number) => void } = {},
) {
  const form = new FormData();
  form.append('file', file, file.name);
  return apiUpload<RegistryImport>(buildUrl(`${BASE}/imports`, { kind, committee }), form, options);
}
export const getImport = (id: string, signal?: AbortSignal) =>
  api.get<RegistryImport>(`${BASE}/imports/${enc(id)}`, undefined, signal);
export const listImports = (committee: string, signal?: AbortSignal) =>
  api.get<RegistryImportList>(`${BASE}/imports`, { committee }, signal);
/** Every bad row of a failed import (row, field, reason) as CSV. */
export const importReportUrl = (id: string) => `${BASE}/imports/${enc(id)}/report.csv`;

export interface ExportOptions {
  kind: ImportKind;
  area: string;
  format: 'csv' | 'xlsx';
  /** personal fields in clear: committee staff only, with a reason (audited) */
  reason?: string;
}

/** The export as a link: the browser downloads it with the session cookie. */
export const exportUrl = ({ kind, area, format, reason }: ExportOptions) =>
  buildUrl(`${BASE}/export`, {
    kind,
    area,
    format,
    ...(reason ? { reveal: true, reason } : {}),
  } as Record<string, QueryValue>);
