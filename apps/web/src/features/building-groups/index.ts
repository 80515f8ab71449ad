export { BuildingBoardPage } from './building-board-page';
export { BuildingGroupsPage } from './building-groups-page';
export { canManageBuildingGroups } from './building-group-roles';
