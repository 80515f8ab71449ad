import type {
  BuildingGroupList,
  BuildingLeaderView,
  BuildingMemberList,
  MyBuildingGroup,
} from '@cc/contracts';
import { api } from '../../lib/api';

/** The resident's own building group (403 with why when the home is not verified). */
export const getMyBuildingGroup = (signal?: AbortSignal) =>
  api.get<MyBuildingGroup>('/api/building-groups/mine', undefined, signal);

/** A committee's building groups, a page at a time (committee staff). */
export const listBuildingGroups = (
  query: { committee?: string; cursor?: string | null; limit?: number },
  signal?: AbortSignal,
) =>
  api.get<BuildingGroupList>(
    '/api/building-groups',
    { committee: query.committee, cursor: query.cursor ?? undefined, limit: query.limit },
    signal,
  );

export const listBuildingMembers = (buildingId: string, signal?: AbortSignal) =>
  api.get<BuildingMemberList>(`/api/building-groups/${buildingId}/members`, undefined, signal);

export const appointLeader = (buildingId: string, accountId: string) =>
  api.put<BuildingLeaderView>(`/api/building-groups/${buildingId}/leader`, { accountId });

export const removeLeader = (buildingId: string, accountId: string) =>
  api.delete<void>(`/api/building-groups/${buildingId}/leader`, { body: { accountId } });
