import { Type, type Static } from '@sinclair/typebox';
import type { Role } from './identity.js';

/**
 * Building groups (楼组): a board per building for its verified residents (the posts are the
 * discussion piece's comments, subject type `building`), led by a 楼组长 whom the committee's
 * staff appoint from the building's verified residents.
 */

/** The discussion subject type of a building's board (subject id: the building's id). */
export const BUILDING_SUBJECT_TYPE = 'building';

/** Staff who read and moderate the boards of their area and appoint leaders. */
export const BUILDING_GROUP_STAFF_ROLES: readonly Role[] = ['committee_staff'];

/** The author badges beside masked names on a board. */
export const BUILDING_LEADER_BADGE = '楼组长';
export const BUILDING_STAFF_BADGE = '居委';

const Uuid = Type.String({ format: 'uuid' });

export const BuildingGroupParams = Type.Object({ buildingId: Uuid });
export type BuildingGroupParams = Static<typeof BuildingGroupParams>;

/** A leader as others see them: the account and its masked name. */
export const BuildingLeaderRef = Type.Object({
  accountId: Uuid,
  name: Type.String({ description: 'masked: 张*' }),
});
export type BuildingLeaderRef = Static<typeof BuildingLeaderRef>;

/** The resident's own building group. */
export const MyBuildingGroup = Type.Object({
  buildingId: Uuid,
  buildingName: Type.String(),
  compoundName: Type.String(),
  /** the leader's masked name, or null while the building has none */
  leaderName: Type.Union([Type.String(), Type.Null()]),
  memberCount: Type.Integer({ description: 'verified residents of the building' }),
  postCount: Type.Integer(),
  isLeader: Type.Boolean(),
});
export type MyBuildingGroup = Static<typeof MyBuildingGroup>;

export const BuildingGroupListQuery = Type.Object(
  {
    committee: Type.Optional(
      Type.String({
        minLength: 2,
        maxLength: 64,
        description: "the committee's area code (default: the staff member's committee)",
      }),
    ),
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  },
  { additionalProperties: false },
);
export type BuildingGroupListQuery = Static<typeof BuildingGroupListQuery>;

/** A building's group as the committee's staff see it in the list. */
export const BuildingGroupSummary = Type.Object({
  buildingId: Uuid,
  buildingName: Type.String(),
  compoundCode: Type.String(),
  compoundName: Type.String(),
  memberCount: Type.Integer(),
  leader: Type.Union([BuildingLeaderRef, Type.Null()]),
  postCount: Type.Integer(),
  praiseCount: Type.Integer(),
});
export type BuildingGroupSummary = Static<typeof BuildingGroupSummary>;

export const BuildingGroupList = Type.Object({
  committeeCode: Type.String(),
  committeeName: Type.String(),
  items: Type.Array(BuildingGroupSummary),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type BuildingGroupList = Static<typeof BuildingGroupList>;

/** A verified resident of the building, for picking a leader (masked; no phone, no ID). */
export const BuildingMember = Type.Object({
  accountId: Uuid,
  name: Type.String({ description: 'masked: 张*' }),
  room: Type.String({ description: '1单元 101' }),
  isLeader: Type.Boolean(),
});
export type BuildingMember = Static<typeof BuildingMember>;

export const BuildingMemberList = Type.Object({
  buildingId: Uuid,
  buildingName: Type.String(),
  items: Type.Array(BuildingMember),
});
export type BuildingMemberList = Static<typeof BuildingMemberList>;

export const BuildingLeaderBody = Type.Object({ accountId: Uuid }, { additionalProperties: false });
export type BuildingLeaderBody = Static<typeof BuildingLeaderBody>;

/** Removing the leader: optionally naming whom (a 409 when that is no longer the leader). */
export const RemoveBuildingLeaderBody = Type.Object(
  { accountId: Type.Optional(Uuid) },
  { additionalProperties: false },
);
export type RemoveBuildingLeaderBody = Static<typeof RemoveBuildingLeaderBody>;

export const BuildingLeaderView = Type.Object({
  buildingId: Uuid,
  leader: Type.Union([BuildingLeaderRef, Type.Null()]),
});
export type BuildingLeaderView = Static<typeof BuildingLeaderView>;
