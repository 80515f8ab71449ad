import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { AttachmentRef } from './attachments.js';
import type { Label } from './cases.js';
import { StringEnum } from './errors.js';
import type { Role } from './identity.js';

/**
 * Adding elevators to existing multi-storey housing (加装电梯): one project per staircase
 * (单元), stage by stage from the first consultation of the owners to the elevator in service;
 * the owners' vote is a vote of the votes module about the project (subject 'elevator'); the
 * cost shared by floor by a preset of data/elevators/cost-shares.json; volunteers; the street's
 * and district's board against the year's target.
 */

/** Who runs a committee's projects (create, advance, dates and documents, cost, volunteers). */
export const ELEVATOR_STAFF_ROLES: readonly Role[] = ['committee_staff'];
/** Who reads the projects of their area (street and district operators read only). */
export const ELEVATOR_VIEWER_ROLES: readonly Role[] = [
  'committee_staff',
  'street_operator',
  'district_operator',
];
/** Who sees the street and district board. */
export const ELEVATOR_BOARD_ROLES: readonly Role[] = ['street_operator', 'district_operator'];
/** Who sets a street's target for a year. */
export const ELEVATOR_TARGET_ROLES: readonly Role[] = ['street_operator'];

export const ELEVATOR_STAGES = [
  'consultation',
  'owners_vote',
  'design_notice',
  'approval',
  'construction',
  'acceptance',
  'in_service',
] as const;
export const ElevatorStage = StringEnum(ELEVATOR_STAGES);
export type ElevatorStage = Static<typeof ElevatorStage>;
export const ELEVATOR_STAGE_LABELS: Readonly<Record<ElevatorStage, Label>> = {
  consultation: { zh: '意愿征询', en: 'Consultation' },
  owners_vote: { zh: '业主表决', en: "Owners' vote" },
  design_notice: { zh: '方案公示', en: 'Design on notice' },
  approval: { zh: '审批', en: 'Approval' },
  construction: { zh: '施工', en: 'Construction' },
  acceptance: { zh: '竣工验收', en: 'Acceptance' },
  in_service: { zh: '投入使用', en: 'In service' },
};
/** Every stage change a project may make: one step forward at a time. The server guards each. */
export const ELEVATOR_TRANSITIONS: Readonly<Record<ElevatorStage, readonly ElevatorStage[]>> = {
  consultation: ['owners_vote'],
  owners_vote: ['design_notice'],
  design_notice: ['approval'],
  approval: ['construction'],
  construction: ['acceptance'],
  acceptance: ['in_service'],
  in_service: [],
};
/** The stages during which an owners' vote about the project may be opened. */
export const ELEVATOR_VOTE_STAGES: readonly ElevatorStage[] = ['consultation', 'owners_vote'];

export const ELEVATOR_TITLE_MAX = 80;
export const ELEVATOR_NOTE_MAX = 2000;
export const ELEVATOR_STAGE_DOCUMENTS_MAX = 10;
export const ELEVATOR_VOLUNTEERS_MAX = 50;
/** The largest total cost, in fen (¥ 99,999,999.99). */
export const ELEVATOR_COST_MAX_FEN = 9_999_999_999;

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
const AreaCode = Type.String({ minLength: 2, maxLength: 64 });

// ---------------------------------------------------------------------------------------------
// Cost sharing (data/elevators/cost-shares.json)

/** A formula: integer weights per floor (index 0 = the ground floor) by the building's floors. */
export const CostSharePreset = Type.Object({
  code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' }),
  name: Type.String({ minLength: 1 }),
  nameEn: Type.String({ minLength: 1 }),
  note: Type.String(),
  noteEn: Type.String(),
  /** by the number of floors ("6"): one integer weight per floor, ground floor first */
  weights: Type.Record(
    Type.String({ pattern: '^[1-9][0-9]?$' }),
    Type.Array(Type.Integer({ minimum: 0, maximum: 1000 }), { minItems: 1, maxItems: 40 }),
  ),
});
export type CostSharePreset = Static<typeof CostSharePreset>;

export const CostSharesFile = Type.Object({
  presets: Type.Array(CostSharePreset, { minItems: 1 }),
});
export type CostSharesFile = Static<typeof CostSharesFile>;

export const SetElevatorCostBody = Type.Object(
  {
    preset: Type.String({ minLength: 1, maxLength: 40 }),
    /** the total in yuan, at most two decimals: "856000" or "856000.50" */
    total: Type.String({ minLength: 1, maxLength: 16 }),
  },
  { additionalProperties: false },
);
export type SetElevatorCostBody = Static<typeof SetElevatorCostBody>;

/** The cost shared over the staircase's rooms: each room's share in fen; they add up to the total. */
export const ElevatorCostShares = Type.Object({
  preset: Type.String(),
  presetName: Type.String(),
  presetNameEn: Type.String(),
  floors: Type.Integer(),
  totalFen: Type.Integer(),
  setAt: Type.String(),
  /** one row per floor, top floor first */
  byFloor: Type.Array(
    Type.Object({
      floor: Type.Integer(),
      weight: Type.Integer(),
      rooms: Type.Integer(),
      /** a room's share; rooms of one floor differ by at most one fen (largest remainder) */
      minFen: Type.Integer(),
      maxFen: Type.Integer(),
      totalFen: Type.Integer(),
    }),
  ),
  rooms: Type.Array(
    Type.Object({
      roomId: Uuid,
      label: Type.String(),
      floor: Type.Integer(),
      weight: Type.Integer(),
      shareFen: Type.Integer(),
    }),
  ),
});
export type ElevatorCostShares = Static<typeof ElevatorCostShares>;

// ---------------------------------------------------------------------------------------------
// Projects

export const CreateElevatorBody = Type.Object(
  {
    /** the committee (optional for staff of one committee) */
    committeeCode: Type.Optional(AreaCode),
    buildingId: Uuid,
    /** the staircase as the registry spells it, e.g. "1单元" */
    unit: Type.String({ minLength: 1, maxLength: 20 }),
    title: Type.String({ minLength: 2, maxLength: ELEVATOR_TITLE_MAX }),
    /** the year it should be in service (counted against that year's target) */
    targetYear: Type.Optional(Year),
  },
  { additionalProperties: false },
);
export type CreateElevatorBody = Static<typeof CreateElevatorBody>;

export const UpdateElevatorBody = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 2, maxLength: ELEVATOR_TITLE_MAX })),
    targetYear: Type.Optional(Nullable(Year)),
  },
  { additionalProperties: false },
);
export type UpdateElevatorBody = Static<typeof UpdateElevatorBody>;

export const AdvanceElevatorBody = Type.Object(
  { to: ElevatorStage, note: Type.Optional(Type.String({ maxLength: ELEVATOR_NOTE_MAX })) },
  { additionalProperties: false },
);
export type AdvanceElevatorBody = Static<typeof AdvanceElevatorBody>;

/** A stage's dates, note and documents; what is left out stays as it is. */
export const UpdateElevatorStageBody = Type.Object(
  {
    plannedOn: Type.Optional(Nullable(Day)),
    actualOn: Type.Optional(Nullable(Day)),
    note: Type.Optional(Nullable(Type.String({ maxLength: ELEVATOR_NOTE_MAX }))),
    /** the stage's documents, exactly these (uploaded attachments) */
    attachmentIds: Type.Optional(
      Type.Array(Uuid, { maxItems: ELEVATOR_STAGE_DOCUMENTS_MAX, uniqueItems: true }),
    ),
  },
  { additionalProperties: false },
);
export type UpdateElevatorStageBody = Static<typeof UpdateElevatorStageBody>;

export const ElevatorStageParams = Type.Object(
  { id: Uuid, stage: ElevatorStage },
  { additionalProperties: false },
);

export const SetElevatorVolunteersBody = Type.Object(
  {
    /** staff of the committee or verified residents of it ("stair-climbing volunteers") */
    accountIds: Type.Array(Uuid, { maxItems: ELEVATOR_VOLUNTEERS_MAX, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type SetElevatorVolunteersBody = Static<typeof SetElevatorVolunteersBody>;

export const ElevatorVolunteer = Type.Object({
  accountId: Uuid,
  /** display name (a resident's masked) */
  name: Type.String(),
  kind: StringEnum(['staff', 'resident'] as const),
  addedAt: Type.String(),
});
export type ElevatorVolunteer = Static<typeof ElevatorVolunteer>;

/** Someone staff may pick as a volunteer: the committee's staff or a verified resident of it. */
export const ElevatorVolunteerCandidate = Type.Object({
  accountId: Uuid,
  name: Type.String(),
  kind: StringEnum(['staff', 'resident'] as const),
});
export type ElevatorVolunteerCandidate = Static<typeof ElevatorVolunteerCandidate>;

export const ElevatorVolunteerCandidateQuery = Type.Object(
  { q: Type.Optional(Type.String({ maxLength: 40 })) },
  { additionalProperties: false },
);

export const ElevatorSummary = Type.Object({
  id: Uuid,
  title: Type.String(),
  committeeCode: Type.String(),
  committeeName: Type.String(),
  streetCode: Type.String(),
  /** the building's compound (the electorate picker's first step) */
  compoundCode: Type.String(),
  buildingId: Uuid,
  buildingName: Type.String(),
  unit: Type.String(),
  stage: ElevatorStage,
  targetYear: Nullable(Type.Integer()),
  /** the latest published owners' vote about it */
  voteId: Nullable(Uuid),
  votePassed: Nullable(Type.Boolean()),
  inServiceOn: Nullable(Type.String()),
  lng: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type ElevatorSummary = Static<typeof ElevatorSummary>;

export const ElevatorStageView = Type.Object({
  stage: ElevatorStage,
  plannedOn: Nullable(Type.String()),
  actualOn: Nullable(Type.String()),
  note: Nullable(Type.String()),
  /** when the project reached this stage (null: not yet) */
  enteredAt: Nullable(Type.String()),
  documents: Type.Array(AttachmentRef),
});
export type ElevatorStageView = Static<typeof ElevatorStageView>;

export const ElevatorDetail = Type.Composite([
  ElevatorSummary,
  Type.Object({
    stages: Type.Array(ElevatorStageView),
    votePublishedAt: Nullable(Type.String()),
    cost: Nullable(ElevatorCostShares),
    volunteers: Type.Array(ElevatorVolunteer),
    /** rooms in the staircase (registry) */
    rooms: Type.Integer(),
    can: Type.Object({
      edit: Type.Boolean(),
      /** the next stage, when the reader may move it there now */
      advanceTo: Nullable(ElevatorStage),
      /** why not, when there is a next stage the reader may not reach yet */
      advanceBlocked: Nullable(Type.String()),
      /** an owners' vote about it may be opened now */
      openVote: Type.Boolean(),
    }),
  }),
]);
export type ElevatorDetail = Static<typeof ElevatorDetail>;

export const ElevatorListQuery = Type.Object(
  {
    committee: Type.Optional(AreaCode),
    street: Type.Optional(AreaCode),
    stage: Type.Optional(ElevatorStage),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);
export type ElevatorListQuery = Static<typeof ElevatorListQuery>;

export const ElevatorList = Type.Object({
  items: Type.Array(ElevatorSummary),
  nextCursor: Nullable(Type.String()),
});
export type ElevatorList = Static<typeof ElevatorList>;

// ---------------------------------------------------------------------------------------------
// The board and the targets

export const ElevatorBoardQuery = Type.Object(
  {
    /** a street or a district */
    area: AreaCode,
    year: Type.Optional(Year),
  },
  { additionalProperties: false },
);
export type ElevatorBoardQuery = Static<typeof ElevatorBoardQuery>;

export const ElevatorStageCounts = Type.Record(Type.String(), Type.Integer());

export const ElevatorBoardRow = Type.Object({
  code: Type.String(),
  name: Type.String(),
  /** projects in each stage (every stage present, 0 when none) */
  counts: ElevatorStageCounts,
  projects: Type.Integer(),
  /** put in service in the year */
  inServiceThisYear: Type.Integer(),
  /** projects aiming at the year */
  plannedThisYear: Type.Integer(),
  /** the street's target for the year (null: none set) */
  target: Nullable(Type.Integer()),
});
export type ElevatorBoardRow = Static<typeof ElevatorBoardRow>;

export const ElevatorBoard = Type.Object({
  area: Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() }),
  year: Type.Integer(),
  streets: Type.Array(ElevatorBoardRow),
  totals: Type.Omit(ElevatorBoardRow, ['code', 'name']),
  points: Type.Array(
    Type.Object({
      id: Uuid,
      title: Type.String(),
      stage: ElevatorStage,
      streetCode: Type.String(),
      buildingName: Type.String(),
      unit: Type.String(),
      lng: Type.Number(),
      lat: Type.Number(),
    }),
  ),
});
export type ElevatorBoard = Static<typeof ElevatorBoard>;

export const SetElevatorTargetBody = Type.Object(
  {
    streetCode: AreaCode,
    year: Year,
    /** elevators to put in service in the year */
    target: Type.Integer({ minimum: 0, maximum: 10_000 }),
  },
  { additionalProperties: false },
);
export type SetElevatorTargetBody = Static<typeof SetElevatorTargetBody>;

export const ElevatorTarget = Type.Object({
  streetCode: Type.String(),
  year: Type.Integer(),
  target: Type.Integer(),
  setAt: Type.String(),
});
export type ElevatorTarget = Static<typeof ElevatorTarget>;
