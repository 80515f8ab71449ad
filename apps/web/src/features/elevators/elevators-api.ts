import type {
  AdvanceElevatorBody,
  CostSharePreset,
  CreateElevatorBody,
  ElevatorBoard,
  ElevatorDetail,
  ElevatorList,
  ElevatorStage,
  ElevatorTarget,
  ElevatorVolunteerCandidate,
  PickerBuildingList,
  PickerCompoundList,
  PickerRoomList,
  SetElevatorCostBody,
  SetElevatorTargetBody,
  UpdateElevatorBody,
  UpdateElevatorStageBody,
} from '@cc/contracts';
import { api, apiRequest } from '../../lib/api';

const base = (id: string) => `/api/elevators/${encodeURIComponent(id)}`;

export const listElevators = (
  query: { stage?: ElevatorStage; cursor?: string },
  signal?: AbortSignal,
) => api.get<ElevatorList>('/api/elevators', { ...query, limit: 50 }, signal);
export const myElevators = (signal?: AbortSignal) =>
  api.get<ElevatorList>('/api/elevators/mine', undefined, signal);
export const getElevator = (id: string, signal?: AbortSignal) =>
  api.get<ElevatorDetail>(base(id), undefined, signal);
export const createElevator = (body: CreateElevatorBody) =>
  api.post<ElevatorDetail>('/api/elevators', body);
export const updateElevator = (id: string, body: UpdateElevatorBody) =>
  apiRequest<ElevatorDetail>(base(id), { method: 'PATCH', body });
export const advanceElevator = (id: string, body: AdvanceElevatorBody) =>
  api.post<ElevatorDetail>(`${base(id)}/advance`, body);
export const updateStage = (id: string, stage: ElevatorStage, body: UpdateElevatorStageBody) =>
  api.put<ElevatorDetail>(`${base(id)}/stages/${stage}`, body);
export const setCost = (id: string, body: SetElevatorCostBody) =>
  api.put<ElevatorDetail>(`${base(id)}/cost`, body);
export const setVolunteers = (id: string, accountIds: string[]) =>
  api.put<ElevatorDetail>(`${base(id)}/volunteers`, { accountIds });
export const volunteerCandidates = (id: string, q: string, signal?: AbortSignal) =>
  api.get<{ items: ElevatorVolunteerCandidate[] }>(
    `${base(id)}/volunteer-candidates`,
    { q: q || undefined },
    signal,
  );
export const listCostPresets = (signal?: AbortSignal) =>
  api.get<CostSharePreset[]>('/api/elevators/cost-presets', undefined, signal);
export const getBoard = (area: string, year: number, signal?: AbortSignal) =>
  api.get<ElevatorBoard>('/api/elevators/board', { area, year }, signal);
export const setTarget = (body: SetElevatorTargetBody) =>
  api.put<ElevatorTarget>('/api/elevators/targets', body);

// the registry's picker (the one residents verify with): compounds, buildings, a building's rooms
export const committeeCompounds = (committee: string, signal?: AbortSignal) =>
  api.get<PickerCompoundList>('/api/residents/compounds', { committee }, signal);
export const compoundBuildings = (compound: string, signal?: AbortSignal) =>
  api.get<PickerBuildingList>('/api/residents/buildings', { compound }, signal);
export const buildingRooms = (compound: string, building: string, signal?: AbortSignal) =>
  api.get<PickerRoomList>('/api/residents/rooms', { compound, building }, signal);
