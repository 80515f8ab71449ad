import type { PlatformModule } from '../../platform/module.js';
import { nameAuditObjects } from '../audit/index.js';
import { residentAuditNamer } from './audit-names.js';
import { cleanUpImports } from './imports.js';
import { registryRekeyers } from './rekey.js';
import { registryRoutes } from './registry.routes.js';

export type * from './registry.tables.js';

/**
 * 社区一屏: housing, households, residents and organisations, sealed at the edge; imports,
 * exports and the one screen. At start, imports cut off by a crash are cleaned up.
 */
export const manifest: PlatformModule = {
  name: 'registry',
  routes: registryRoutes,
  rekeyers: registryRekeyers,
  start: async (deps) => {
    nameAuditObjects('resident', residentAuditNamer);
    await cleanUpImports(deps);
  },
};

export {
  refreshCommitteeStats,
  residentsByChild,
  residentsByCommittee,
  tagCountsByCommittee,
  collectStats,
} from './stats.repo.js';
// for the volunteers' figures and the dashboards: residents present within an area
export { residentsWithin } from './stats.repo.js';
// for notices: building names and places (no people)
export { buildingRefs, type BuildingRef } from './building-refs.js';
// for elevator projects: a staircase (building + unit), where it stands and its size
export {
  residentRooms,
  staircaseRef,
  type ResidentRoomRef,
  type StaircaseRef,
} from './staircase-refs.js';
// for the address index: buildings' names and places, a page at a time
export { buildingPlaces, type BuildingPlace } from './building-places.js';
// for building groups: a committee's buildings in natural order, a page at a time
export { buildingsPage, type BuildingPosition } from './building-refs.js';
// for the residents module: verifying an account as living in a room
export {
  findRegistryMatch,
  householdMembersMasked,
  householdNumbers,
  pickerBuildings,
  pickerRooms,
  registryResidentName,
  registryResidentPlace,
  registryResidentPlaces,
  residentIdHmac,
  residentsChanged,
  residentsMovedOut,
  roomPlaces,
  type RegistryMatch,
  type RegistryResidentPlace,
  type RoomPlaceRow,
} from './verification-reads.js';
// for the synthetic city (demo/), benchmarks and tests: documents and rows as the registry
// makes them
export { checkResidentId, FAKE_SEQUENCE_PAIRS, fakeResidentId } from './documents.js';
// owners on record (产权人): the register owners' votes count from, and its rows for the
// synthetic city
export {
  electorateRooms,
  ownerKeyOfResident,
  type ElectorateRoomRow,
  type ElectorateScope,
  type OwnerKind,
} from './owners.repo.js';
export { fakeUscc, OWNER_COLUMNS, ownerRow, type OwnerPlain } from './owner-records.js';
// for the property module: a company's credit code (GB 32100), and households per compound
export { checkUscc } from './owner-records.js';
export { householdsByCompound } from './households.repo.js';
// for tests: a workbook as the export writes it
export { xlsxFile } from './xlsx-writer.js';
// the keyed hashes a document or a mobile is matched by (declarations, observations)
export { documentHmac, phoneHmac } from './records.js';
export {
  columnNames,
  columnValues,
  contactColumns,
  type ContactPlain,
  ORGANISATION_COLUMNS,
  organisationRow,
  RESIDENT_COLUMNS,
  residentRow,
  ROOM_COLUMNS,
  roomRow,
  type OrganisationPlain,
  type ResidentPlain,
  type RoomPlain,
  type StoredColumns,
} from './records.js';
