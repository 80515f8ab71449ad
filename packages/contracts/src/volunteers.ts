import { Type, type Static } from '@sinclair/typebox';
import type { Label } from './cases.js';
import { StringEnum } from './errors.js';
import type { Role } from './identity.js';

/**
 * Volunteers (志愿者): profiles with skills, weekly availability and the areas they serve;
 * teams with leaders; activities with shifts and roles that volunteers (or residents, for a
 * community event) sign up for, with a waitlist; check-in and check-out at the place by a code
 * that changes every minute or by position; an append-only ledger of service hours with
 * badges, rankings and a verifiable certificate; and tasks an operator sends from a case or a
 * board to volunteers near a place who are available now.
 */

/** Who manages a committee's volunteers, teams and activities (their role's area reaches it). */
export const VOLUNTEER_STAFF_ROLES: readonly Role[] = [
  'committee_staff',
  'street_operator',
  'district_operator',
  'city_operator',
];
/** Who finds volunteers near a place and sends them a task (from a case or a board). */
export const VOLUNTEER_DISPATCH_ROLES: readonly Role[] = [
  'committee_staff',
  'street_operator',
  'district_operator',
  'city_operator',
  'hotline_operator',
];

const Uuid = Type.String({ format: 'uuid' });
const AreaCode = Type.String({ minLength: 2, maxLength: 64 });
const Cursor = Type.Optional(Type.String({ maxLength: 512 }));
const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 }));
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Lat = Type.Number({ minimum: -90, maximum: 90 });
const Lng = Type.Number({ minimum: -180, maximum: 180 });

// ---------------------------------------------------------------------------------------------
// Skills: a dictionary staff extend (data/volunteers/skills.json is loaded at first start)

export const VolunteerSkill = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
});
export type VolunteerSkill = Static<typeof VolunteerSkill>;
export const VolunteerSkillList = Type.Object({ items: Type.Array(VolunteerSkill) });
export type VolunteerSkillList = Static<typeof VolunteerSkillList>;

export const SkillCode = Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' });
export const CreateVolunteerSkillBody = Type.Object(
  {
    code: SkillCode,
    name: Type.String({ minLength: 1, maxLength: 20 }),
    nameEn: Type.String({ minLength: 1, maxLength: 40 }),
  },
  { additionalProperties: false },
);
export type CreateVolunteerSkillBody = Static<typeof CreateVolunteerSkillBody>;

// ---------------------------------------------------------------------------------------------
// Availability: a week of 7 days × 4 periods (Shanghai time)

/** Monday is 1, Sunday 7. Periods: night 00–06, morning 06–12, afternoon 12–18, evening 18–24. */
export const AVAILABILITY_PERIODS = ['night', 'morning', 'afternoon', 'evening'] as const;
export type AvailabilityPeriod = (typeof AVAILABILITY_PERIODS)[number];
export const AVAILABILITY_PERIOD_LABELS: Readonly<Record<AvailabilityPeriod, Label>> = {
  night: { zh: '凌晨 0–6 时', en: 'Night 0–6' },
  morning: { zh: '上午 6–12 时', en: 'Morning 6–12' },
  afternoon: { zh: '下午 12–18 时', en: 'Afternoon 12–18' },
  evening: { zh: '晚上 18–24 时', en: 'Evening 18–24' },
};
export const WEEKDAY_LABELS: readonly Label[] = [
  { zh: '周一', en: 'Mon' },
  { zh: '周二', en: 'Tue' },
  { zh: '周三', en: 'Wed' },
  { zh: '周四', en: 'Thu' },
  { zh: '周五', en: 'Fri' },
  { zh: '周六', en: 'Sat' },
  { zh: '周日', en: 'Sun' },
];
export const AvailabilitySlot = Type.Object(
  {
    day: Type.Integer({ minimum: 1, maximum: 7 }),
    period: StringEnum(AVAILABILITY_PERIODS),
  },
  { additionalProperties: false },
);
export type AvailabilitySlot = Static<typeof AvailabilitySlot>;
const Availability = Type.Array(AvailabilitySlot, { maxItems: 28 });

/**
 * The slots as the database keeps them: 28 characters '0'/'1', slot (day - 1) * 4 + period
 * index. One definition for the server's write and its "available now" query.
 */
export function availabilityBits(slots: readonly AvailabilitySlot[]): string {
  const bits = Array<string>(28).fill('0');
  for (const s of slots) bits[(s.day - 1) * 4 + AVAILABILITY_PERIODS.indexOf(s.period)] = '1';
  return bits.join('');
}
export function availabilitySlots(bits: string): AvailabilitySlot[] {
  const out: AvailabilitySlot[] = [];
  for (let i = 0; i < 28 && i < bits.length; i++) {
    if (bits[i] === '1')
      out.push({ day: Math.floor(i / 4) + 1, period: AVAILABILITY_PERIODS[i % 4]! });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Profiles

export const VOLUNTEER_STATUSES = ['active', 'left'] as const;
export const VolunteerStatus = StringEnum(VOLUNTEER_STATUSES);
export type VolunteerStatus = Static<typeof VolunteerStatus>;
export const VOLUNTEER_STATUS_LABELS: Readonly<Record<VolunteerStatus, Label>> = {
  active: { zh: '在册', en: 'Active' },
  left: { zh: '已退出', en: 'Left' },
};

const ProfileFields = {
  skills: Type.Array(SkillCode, { maxItems: 20, uniqueItems: true }),
  availability: Availability,
  /** committees or compounds where they will serve (at least their own committee) */
  serveAreaCodes: Type.Array(AreaCode, { minItems: 1, maxItems: 10, uniqueItems: true }),
  /** where they usually are, for "volunteers near a place"; their committee's centre if left out */
  lat: Type.Optional(Lat),
  lng: Type.Optional(Lng),
};

/** A verified resident joins (or edits their profile): PUT /api/volunteers/me. */
export const JoinVolunteerBody = Type.Object(
  {
    /** the committee they are a verified resident of, where they are registered */
    committeeCode: AreaCode,
    ...ProfileFields,
  },
  { additionalProperties: false },
);
export type JoinVolunteerBody = Static<typeof JoinVolunteerBody>;

/** Staff register a volunteer who has no account: POST /api/volunteers. */
export const RegisterVolunteerBody = Type.Object(
  {
    committeeCode: AreaCode,
    name: Type.String({ minLength: 1, maxLength: 50 }),
    phone: Type.String({ pattern: '^1[3-9]\\d{9}$' }),
    ...ProfileFields,
  },
  { additionalProperties: false },
);
export type RegisterVolunteerBody = Static<typeof RegisterVolunteerBody>;

/** Staff edit a volunteer: PATCH /api/volunteers/:id. */
export const UpdateVolunteerBody = Type.Object(
  {
    skills: Type.Optional(ProfileFields.skills),
    availability: Type.Optional(Availability),
    serveAreaCodes: Type.Optional(ProfileFields.serveAreaCodes),
    lat: Type.Optional(Lat),
    lng: Type.Optional(Lng),
    status: Type.Optional(VolunteerStatus),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateVolunteerBody = Static<typeof UpdateVolunteerBody>;

export const VolunteerAreaRef = Type.Object({ code: Type.String(), name: Type.String() });
export type VolunteerAreaRef = Static<typeof VolunteerAreaRef>;

export const VolunteerSummary = Type.Object({
  id: Uuid,
  /** masked (张*) except to the volunteer themselves */
  name: Type.String(),
  /** masked: 138****0000 */
  phone: Nullable(Type.String()),
  hasAccount: Type.Boolean(),
  committee: VolunteerAreaRef,
  skills: Type.Array(Type.String()),
  status: VolunteerStatus,
  /** confirmed service, in minutes, all time */
  totalMinutes: Type.Integer(),
  joinedAt: DateTime,
});
export type VolunteerSummary = Static<typeof VolunteerSummary>;

export const VolunteerList = Type.Object({
  items: Type.Array(VolunteerSummary),
  nextCursor: Nullable(Type.String()),
  /** how many match the filters: counted on the first page only (null on the pages after) */
  total: Type.Union([Type.Integer(), Type.Null()]),
});
export type VolunteerList = Static<typeof VolunteerList>;

export const VolunteerListQuery = Type.Object(
  {
    area: AreaCode,
    skill: Type.Optional(SkillCode),
    team: Type.Optional(Uuid),
    status: Type.Optional(VolunteerStatus),
    cursor: Cursor,
    limit: Limit,
  },
  { additionalProperties: false },
);
export type VolunteerListQuery = Static<typeof VolunteerListQuery>;

/** Badges at thresholds of confirmed hours (the national 志愿服务星级: 100/300/600/1000/1500 h). */
export const VOLUNTEER_BADGES = [
  { code: 'star1', hours: 100, zh: '一星志愿者', en: 'One-star volunteer' },
  { code: 'star2', hours: 300, zh: '二星志愿者', en: 'Two-star volunteer' },
  { code: 'star3', hours: 600, zh: '三星志愿者', en: 'Three-star volunteer' },
  { code: 'star4', hours: 1000, zh: '四星志愿者', en: 'Four-star volunteer' },
  { code: 'star5', hours: 1500, zh: '五星志愿者', en: 'Five-star volunteer' },
] as const;
export type VolunteerBadgeCode = (typeof VOLUNTEER_BADGES)[number]['code'];
/** The badges earned by `minutes` of confirmed service. */
export function badgesFor(minutes: number): VolunteerBadgeCode[] {
  return VOLUNTEER_BADGES.filter((b) => minutes >= b.hours * 60).map((b) => b.code);
}

export const VolunteerHoursTotals = Type.Object({
  totalMinutes: Type.Integer(),
  byYear: Type.Array(Type.Object({ year: Type.Integer(), minutes: Type.Integer() })),
  byCategory: Type.Array(Type.Object({ category: Type.String(), minutes: Type.Integer() })),
  badges: Type.Array(Type.String()),
});
export type VolunteerHoursTotals = Static<typeof VolunteerHoursTotals>;

export const VolunteerProfile = Type.Object({
  ...VolunteerSummary.properties,
  availability: Availability,
  serveAreas: Type.Array(VolunteerAreaRef),
  lat: Type.Number(),
  lng: Type.Number(),
  teams: Type.Array(
    Type.Object({ id: Uuid, name: Type.String(), role: StringEnum(['leader', 'member'] as const) }),
  ),
  hours: VolunteerHoursTotals,
});
export type VolunteerProfile = Static<typeof VolunteerProfile>;

export const VolunteerParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export type VolunteerParams = Static<typeof VolunteerParams>;

// ---------------------------------------------------------------------------------------------
// Hours: an append-only ledger per volunteer

/** What kind of service an activity (or a task) is; hours are totalled by it. */
export const SERVICE_CATEGORIES = [
  'checkpoint',
  'garbage_sorting',
  'elevator',
  'epidemic',
  'elderly_care',
  'safety_patrol',
  'community_event',
  'emergency',
  'other',
] as const;
export const ServiceCategory = StringEnum(SERVICE_CATEGORIES);
export type ServiceCategory = Static<typeof ServiceCategory>;
export const SERVICE_CATEGORY_LABELS: Readonly<Record<ServiceCategory, Label>> = {
  checkpoint: { zh: '卡口值守', en: 'Checkpoint duty' },
  garbage_sorting: { zh: '垃圾分类引导', en: 'Garbage-sorting guidance' },
  elevator: { zh: '加装电梯', en: 'Elevator campaign' },
  epidemic: { zh: '疫情防控', en: 'Epidemic prevention' },
  elderly_care: { zh: '为老服务', en: 'Elderly care' },
  safety_patrol: { zh: '平安巡逻', en: 'Safety patrol' },
  community_event: { zh: '社区活动', en: 'Community event' },
  emergency: { zh: '应急任务', en: 'Emergency task' },
  other: { zh: '其他', en: 'Other' },
};

export const VOLUNTEER_HOURS_ENTRY_KINDS = ['credit', 'correction'] as const;
export const VolunteerHoursEntry = Type.Object({
  id: Type.Integer(),
  kind: StringEnum(VOLUNTEER_HOURS_ENTRY_KINDS),
  category: ServiceCategory,
  /** positive for a credit; a correction may be negative */
  minutes: Type.Integer(),
  /** what it was for: an activity's shift, or a task */
  title: Type.String(),
  /** the service's interval (a correction repeats its credit's) */
  from: DateTime,
  to: DateTime,
  note: Nullable(Type.String()),
  at: DateTime,
});
export type VolunteerHoursEntry = Static<typeof VolunteerHoursEntry>;

export const VolunteerHoursLedger = Type.Object({
  totals: VolunteerHoursTotals,
  entries: Type.Array(VolunteerHoursEntry),
  nextCursor: Nullable(Type.String()),
});
export type VolunteerHoursLedger = Static<typeof VolunteerHoursLedger>;

export const VolunteerHoursQuery = Type.Object(
  {
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
    cursor: Cursor,
    limit: Limit,
  },
  { additionalProperties: false },
);
export type VolunteerHoursQuery = Static<typeof VolunteerHoursQuery>;

/** POST /api/volunteers/me/certificates (or /api/volunteers/:id/certificates, staff). */
export const VolunteerCertificateBody = Type.Object(
  { year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) },
  { additionalProperties: false },
);
export type VolunteerCertificateBody = Static<typeof VolunteerCertificateBody>;
export const VolunteerCertificate = Type.Object({
  id: Uuid,
  code: Type.String(),
  minutes: Type.Integer(),
});
export type VolunteerCertificate = Static<typeof VolunteerCertificate>;

export const VOLUNTEER_RANKING_BY = ['volunteer', 'team', 'committee'] as const;
export const VolunteerRankingQuery = Type.Object(
  {
    area: AreaCode,
    by: StringEnum(VOLUNTEER_RANKING_BY),
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
);
export type VolunteerRankingQuery = Static<typeof VolunteerRankingQuery>;
export const VolunteerRanking = Type.Object({
  year: Type.Integer(),
  items: Type.Array(
    Type.Object({
      rank: Type.Integer(),
      id: Type.String(),
      /** a volunteer's masked name, a team's or committee's name */
      name: Type.String(),
      minutes: Type.Integer(),
      isMe: Type.Boolean(),
    }),
  ),
});
export type VolunteerRanking = Static<typeof VolunteerRanking>;

// ---------------------------------------------------------------------------------------------
// Teams

export const VOLUNTEER_TEAM_KINDS = [
  'building',
  'safety',
  'elevator',
  'epidemic',
  'garbage',
  'other',
] as const;
export const VolunteerTeamKind = StringEnum(VOLUNTEER_TEAM_KINDS);
export type VolunteerTeamKind = Static<typeof VolunteerTeamKind>;
export const VOLUNTEER_TEAM_KIND_LABELS: Readonly<Record<VolunteerTeamKind, Label>> = {
  building: { zh: '楼组志愿者', en: 'Building volunteers' },
  safety: { zh: '平安志愿者', en: 'Safety volunteers' },
  elevator: { zh: '加装电梯志愿者', en: 'Elevator campaign volunteers' },
  epidemic: { zh: '防疫志愿者', en: 'Epidemic volunteers' },
  garbage: { zh: '垃圾分类志愿者', en: 'Garbage-sorting volunteers' },
  other: { zh: '其他', en: 'Other' },
};
export const VOLUNTEER_TEAM_ROLES = ['leader', 'member'] as const;
export const VolunteerTeamRole = StringEnum(VOLUNTEER_TEAM_ROLES);
export type VolunteerTeamRole = Static<typeof VolunteerTeamRole>;

export const CreateVolunteerTeamBody = Type.Object(
  {
    committeeCode: AreaCode,
    name: Type.String({ minLength: 1, maxLength: 40 }),
    kind: VolunteerTeamKind,
  },
  { additionalProperties: false },
);
export type CreateVolunteerTeamBody = Static<typeof CreateVolunteerTeamBody>;

export const VolunteerTeam = Type.Object({
  id: Uuid,
  name: Type.String(),
  kind: VolunteerTeamKind,
  committee: VolunteerAreaRef,
  memberCount: Type.Integer(),
  /** masked names */
  leaders: Type.Array(Type.String()),
  createdAt: DateTime,
});
export type VolunteerTeam = Static<typeof VolunteerTeam>;
export const VolunteerTeamList = Type.Object({ items: Type.Array(VolunteerTeam) });
export type VolunteerTeamList = Static<typeof VolunteerTeamList>;
export const VolunteerTeamQuery = Type.Object({ area: AreaCode }, { additionalProperties: false });
export type VolunteerTeamQuery = Static<typeof VolunteerTeamQuery>;

export const VolunteerTeamDetail = Type.Object({
  ...VolunteerTeam.properties,
  members: Type.Array(
    Type.Object({ volunteer: VolunteerSummary, role: VolunteerTeamRole, joinedAt: DateTime }),
  ),
});
export type VolunteerTeamDetail = Static<typeof VolunteerTeamDetail>;

/** PUT /api/volunteer-teams/:id/members/:volunteerId */
export const VolunteerTeamMemberBody = Type.Object(
  { role: VolunteerTeamRole },
  { additionalProperties: false },
);
export type VolunteerTeamMemberBody = Static<typeof VolunteerTeamMemberBody>;
export const VolunteerTeamMemberParams = Type.Object(
  { id: Uuid, volunteerId: Uuid },
  { additionalProperties: false },
);
export type VolunteerTeamMemberParams = Static<typeof VolunteerTeamMemberParams>;

// ---------------------------------------------------------------------------------------------
// Activities, shifts and roles

export const ACTIVITY_KINDS = ['service', 'event'] as const;
export const ActivityKind = StringEnum(ACTIVITY_KINDS);
export type ActivityKind = Static<typeof ActivityKind>;
export const ACTIVITY_KIND_LABELS: Readonly<Record<ActivityKind, Label>> = {
  service: { zh: '志愿服务', en: 'Volunteer service' },
  event: { zh: '社区活动', en: 'Community event' },
};
/** Who may sign up: registered volunteers of the area, one team's members, or any verified resident of it. */
export const ACTIVITY_OPEN_TO = ['volunteers', 'team', 'residents'] as const;
export const ActivityOpenTo = StringEnum(ACTIVITY_OPEN_TO);
export type ActivityOpenTo = Static<typeof ActivityOpenTo>;
export const ACTIVITY_OPEN_TO_LABELS: Readonly<Record<ActivityOpenTo, Label>> = {
  volunteers: { zh: '本区域志愿者', en: 'Volunteers of the area' },
  team: { zh: '指定队伍', en: 'One team' },
  residents: { zh: '本区域居民', en: 'Residents of the area' },
};
export const ACTIVITY_STATUSES = ['published', 'cancelled'] as const;
export const ActivityStatus = StringEnum(ACTIVITY_STATUSES);
export type ActivityStatus = Static<typeof ActivityStatus>;

/** The organiser's code: 6 digits, a new one every this many seconds; the one before is still taken. */
export const CHECK_IN_CODE_SECONDS = 60;
export const CHECK_IN_CODE_DIGITS = 6;
/** A check-in opens this long before its shift starts. */
export const CHECK_IN_OPENS_MINUTES = 30;
export const ACTIVITY_RADIUS_DEFAULT_M = 200;

export const CreateVolunteerActivityBody = Type.Object(
  {
    /** the committee (or street) that runs it, in the organiser's scope */
    areaCode: AreaCode,
    kind: ActivityKind,
    category: ServiceCategory,
    title: Type.String({ minLength: 1, maxLength: 60 }),
    description: Type.String({ maxLength: 2000 }),
    place: Type.String({ minLength: 1, maxLength: 100 }),
    lat: Lat,
    lng: Lng,
    /** check-in by position is accepted within this many metres */
    radiusM: Type.Optional(Type.Integer({ minimum: 20, maximum: 2000 })),
    openTo: ActivityOpenTo,
    /** required when openTo is 'team' */
    teamId: Type.Optional(Uuid),
    /** remind sign-ups this many minutes before their shift starts (default 120; 0: no reminder) */
    remindMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 2880 })),
    shifts: Type.Array(
      Type.Object(
        {
          title: Type.String({ minLength: 1, maxLength: 40 }),
          startsAt: DateTime,
          endsAt: DateTime,
          roles: Type.Array(
            Type.Object(
              {
                name: Type.String({ minLength: 1, maxLength: 20 }),
                capacity: Type.Integer({ minimum: 1, maximum: 5000 }),
              },
              { additionalProperties: false },
            ),
            { minItems: 1, maxItems: 10 },
          ),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 30 },
    ),
  },
  { additionalProperties: false },
);
export type CreateVolunteerActivityBody = Static<typeof CreateVolunteerActivityBody>;

export const VolunteerShiftRole = Type.Object({
  id: Uuid,
  name: Type.String(),
  capacity: Type.Integer(),
  confirmed: Type.Integer(),
  waitlisted: Type.Integer(),
});
export type VolunteerShiftRole = Static<typeof VolunteerShiftRole>;

export const VOLUNTEER_SIGNUP_STATUSES = ['confirmed', 'waitlisted', 'cancelled'] as const;
export const VolunteerSignupStatus = StringEnum(VOLUNTEER_SIGNUP_STATUSES);
export type VolunteerSignupStatus = Static<typeof VolunteerSignupStatus>;
export const VOLUNTEER_SIGNUP_STATUS_LABELS: Readonly<Record<VolunteerSignupStatus, Label>> = {
  confirmed: { zh: '已报名', en: 'Signed up' },
  waitlisted: { zh: '候补中', en: 'Waitlisted' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};
export const ATTENDANCE_METHODS = ['code', 'position', 'organiser', 'auto'] as const;
export const AttendanceMethod = StringEnum(ATTENDANCE_METHODS);
export type AttendanceMethod = Static<typeof AttendanceMethod>;

export const VolunteerSignup = Type.Object({
  id: Uuid,
  activityId: Uuid,
  shiftId: Uuid,
  roleId: Uuid,
  status: VolunteerSignupStatus,
  /** 1 for the next to be promoted; null unless waitlisted */
  waitlistPosition: Type.Union([Type.Integer(), Type.Null()]),
  checkedInAt: Nullable(DateTime),
  checkInMethod: Type.Union([AttendanceMethod, Type.Null()]),
  checkedOutAt: Nullable(DateTime),
  checkOutMethod: Type.Union([AttendanceMethod, Type.Null()]),
  /** credited at check-out, capped by the shift; null before */
  minutes: Type.Union([Type.Integer(), Type.Null()]),
  /** the organiser confirmed the hours (they are in the ledger) */
  confirmedAt: Nullable(DateTime),
  createdAt: DateTime,
});
export type VolunteerSignup = Static<typeof VolunteerSignup>;

export const VolunteerShift = Type.Object({
  id: Uuid,
  title: Type.String(),
  startsAt: DateTime,
  endsAt: DateTime,
  roles: Type.Array(VolunteerShiftRole),
});
export type VolunteerShift = Static<typeof VolunteerShift>;

export const VolunteerActivity = Type.Object({
  id: Uuid,
  kind: ActivityKind,
  category: ServiceCategory,
  title: Type.String(),
  description: Type.String(),
  area: VolunteerAreaRef,
  place: Type.String(),
  lat: Type.Number(),
  lng: Type.Number(),
  radiusM: Type.Integer(),
  openTo: ActivityOpenTo,
  team: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()]),
  status: ActivityStatus,
  startsAt: DateTime,
  endsAt: DateTime,
  remindMinutes: Type.Integer(),
  shifts: Type.Array(VolunteerShift),
  /** the signed-in person's sign-ups (not cancelled) */
  mySignups: Type.Array(VolunteerSignup),
  /** the signed-in person may sign up (open to them, not cancelled, not over) */
  canSignUp: Type.Boolean(),
  /** the signed-in person organises it (staff whose area reaches it) */
  canManage: Type.Boolean(),
  createdAt: DateTime,
});
export type VolunteerActivity = Static<typeof VolunteerActivity>;

export const VolunteerActivityList = Type.Object({
  items: Type.Array(VolunteerActivity),
  nextCursor: Nullable(Type.String()),
});
export type VolunteerActivityList = Static<typeof VolunteerActivityList>;

/** Staff: GET /api/volunteer-activities?area=…; everyone else: GET /api/volunteer-activities/open. */
export const VolunteerActivityQuery = Type.Object(
  {
    area: Type.Optional(AreaCode),
    /** 'upcoming' (the default: not yet ended) or 'past' */
    when: Type.Optional(StringEnum(['upcoming', 'past'] as const)),
    cursor: Cursor,
    limit: Limit,
  },
  { additionalProperties: false },
);
export type VolunteerActivityQuery = Static<typeof VolunteerActivityQuery>;

export const VolunteerActivityParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export type VolunteerActivityParams = Static<typeof VolunteerActivityParams>;

export const CancelVolunteerActivityBody = Type.Object(
  { reason: Type.String({ minLength: 2, maxLength: 200 }) },
  { additionalProperties: false },
);
export type CancelVolunteerActivityBody = Static<typeof CancelVolunteerActivityBody>;

/** GET /api/volunteer-activities/:id/code: what the organiser's screen shows. */
export const ActivityCheckInCode = Type.Object({
  code: Type.String(),
  /** when this code stops being shown (the next one starts) */
  expiresAt: DateTime,
  periodSeconds: Type.Integer(),
});
export type ActivityCheckInCode = Static<typeof ActivityCheckInCode>;

/** GET /api/volunteer-activities/:id/roster: every sign-up of every shift, for the organiser. */
export const ActivityRosterEntry = Type.Object({
  ...VolunteerSignup.properties,
  volunteerId: Type.Union([Uuid, Type.Null()]),
  /** masked */
  name: Type.String(),
  phone: Nullable(Type.String()),
  roleName: Type.String(),
});
export type ActivityRosterEntry = Static<typeof ActivityRosterEntry>;
export const ActivityRoster = Type.Object({
  items: Type.Array(ActivityRosterEntry),
  counts: Type.Object({
    confirmed: Type.Integer(),
    waitlisted: Type.Integer(),
    checkedIn: Type.Integer(),
    checkedOut: Type.Integer(),
    hoursConfirmed: Type.Integer(),
  }),
});
export type ActivityRoster = Static<typeof ActivityRoster>;

// ---------------------------------------------------------------------------------------------
// Sign-ups, check-in and check-out, confirmation

/** POST /api/volunteer-signups: oneself, or (staff) a volunteer without an account. */
export const CreateVolunteerSignupBody = Type.Object(
  { roleId: Uuid, volunteerId: Type.Optional(Uuid) },
  { additionalProperties: false },
);
export type CreateVolunteerSignupBody = Static<typeof CreateVolunteerSignupBody>;

export const VolunteerSignupParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export type VolunteerSignupParams = Static<typeof VolunteerSignupParams>;

/**
 * POST /api/volunteer-signups/:id/check-in and …/check-out: by the code on the organiser's
 * screen, or by position; the organiser checks someone in or out with an empty body.
 */
export const SignupAttendanceBody = Type.Object(
  {
    code: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
    lat: Type.Optional(Lat),
    lng: Type.Optional(Lng),
    /** metres, as the phone reports it */
    accuracy: Type.Optional(Type.Number({ minimum: 0, maximum: 10000 })),
  },
  { additionalProperties: false },
);
export type SignupAttendanceBody = Static<typeof SignupAttendanceBody>;

/**
 * POST /api/volunteer-signups/:id/confirm: the organiser confirms the hours (at most the
 * credited). Also POST /api/volunteer-tasks/:id/confirm: at most the minutes from accepting to
 * done; left out, those minutes capped at 1440 (one task credits at most a day).
 */
export const ConfirmVolunteerHoursBody = Type.Object(
  { minutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 1440 })) },
  { additionalProperties: false },
);
export type ConfirmVolunteerHoursBody = Static<typeof ConfirmVolunteerHoursBody>;

/** POST /api/volunteer-signups/:id/correct: a correction entry making the confirmed minutes `minutes`. */
export const CorrectVolunteerHoursBody = Type.Object(
  {
    minutes: Type.Integer({ minimum: 0, maximum: 1440 }),
    note: Type.String({ minLength: 2, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type CorrectVolunteerHoursBody = Static<typeof CorrectVolunteerHoursBody>;

/** GET /api/volunteer-signups/mine (a page of them) and GET /api/volunteer-signups/:id (one) */
export const MyVolunteerSignup = Type.Object({
  ...VolunteerSignup.properties,
  activity: Type.Object({
    id: Uuid,
    title: Type.String(),
    kind: ActivityKind,
    place: Type.String(),
    lat: Type.Number(),
    lng: Type.Number(),
    radiusM: Type.Integer(),
    status: ActivityStatus,
  }),
  shift: Type.Object({ title: Type.String(), startsAt: DateTime, endsAt: DateTime }),
  roleName: Type.String(),
});
export type MyVolunteerSignup = Static<typeof MyVolunteerSignup>;
export const MyVolunteerSignupList = Type.Object({
  items: Type.Array(MyVolunteerSignup),
  nextCursor: Nullable(Type.String()),
});
export type MyVolunteerSignupList = Static<typeof MyVolunteerSignupList>;
export const MyVolunteerSignupQuery = Type.Object(
  { when: Type.Optional(StringEnum(['upcoming', 'past'] as const)), cursor: Cursor, limit: Limit },
  { additionalProperties: false },
);
export type MyVolunteerSignupQuery = Static<typeof MyVolunteerSignupQuery>;

// ---------------------------------------------------------------------------------------------
// On duty: volunteers near a place, and tasks from a case or a board

export const VolunteerNearbyQuery = Type.Object(
  {
    /** within the city (its bounding box), else 400 `outsideCity` */
    lat: Lat,
    lng: Lng,
    /** default 3000, at most 10000 with a skill and 5000 without (400 `maxWithoutSkill`) */
    radiusM: Type.Optional(Type.Integer({ minimum: 100, maximum: 10000 })),
    skill: Type.Optional(SkillCode),
    /** only those whose availability covers now and who are not on duty (default true) */
    availableNow: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  },
  { additionalProperties: false },
);
export type VolunteerNearbyQuery = Static<typeof VolunteerNearbyQuery>;

export const VolunteerNearby = Type.Object({
  volunteer: VolunteerSummary,
  distanceM: Type.Integer(),
  /** on a task they accepted, or checked in at a shift, right now */
  onDuty: Type.Boolean(),
  availableNow: Type.Boolean(),
});
export type VolunteerNearby = Static<typeof VolunteerNearby>;
export const VolunteerNearbyList = Type.Object({ items: Type.Array(VolunteerNearby) });
export type VolunteerNearbyList = Static<typeof VolunteerNearbyList>;

export const VOLUNTEER_TASK_STATUSES = [
  'sent',
  'accepted',
  'declined',
  'done',
  'cancelled',
] as const;
export const VolunteerTaskStatus = StringEnum(VOLUNTEER_TASK_STATUSES);
export type VolunteerTaskStatus = Static<typeof VolunteerTaskStatus>;
export const VOLUNTEER_TASK_STATUS_LABELS: Readonly<Record<VolunteerTaskStatus, Label>> = {
  sent: { zh: '待回复', en: 'Sent' },
  accepted: { zh: '已接受', en: 'Accepted' },
  declined: { zh: '已谢绝', en: 'Declined' },
  done: { zh: '已完成', en: 'Done' },
  cancelled: { zh: '已撤回', en: 'Withdrawn' },
};

/** POST /api/volunteer-tasks: one task to each volunteer named. */
export const CreateVolunteerTaskBody = Type.Object(
  {
    /** from a case: its place and area are the task's unless given */
    caseId: Type.Optional(Uuid),
    title: Type.String({ minLength: 1, maxLength: 60 }),
    note: Type.Optional(Type.String({ maxLength: 500 })),
    place: Type.Optional(Type.String({ maxLength: 100 })),
    lat: Type.Optional(Lat),
    lng: Type.Optional(Lng),
    skill: Type.Optional(SkillCode),
    volunteerIds: Type.Array(Uuid, { minItems: 1, maxItems: 20, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type CreateVolunteerTaskBody = Static<typeof CreateVolunteerTaskBody>;

/** A task: in the lists (GET /api/volunteer-tasks, …/mine) and alone (GET /api/volunteer-tasks/:id) */
export const VolunteerTask = Type.Object({
  id: Uuid,
  caseId: Type.Union([Uuid, Type.Null()]),
  caseNumber: Nullable(Type.String()),
  title: Type.String(),
  note: Nullable(Type.String()),
  place: Nullable(Type.String()),
  lat: Type.Number(),
  lng: Type.Number(),
  skill: Nullable(Type.String()),
  volunteer: VolunteerSummary,
  status: VolunteerTaskStatus,
  sentBy: Type.String(),
  sentAt: DateTime,
  answeredAt: Nullable(DateTime),
  doneAt: Nullable(DateTime),
  declineReason: Nullable(Type.String()),
  /** the hours were confirmed into the ledger */
  confirmedAt: Nullable(DateTime),
});
export type VolunteerTask = Static<typeof VolunteerTask>;
export const VolunteerTaskList = Type.Object({ items: Type.Array(VolunteerTask) });
export type VolunteerTaskList = Static<typeof VolunteerTaskList>;
/** Staff: GET /api/volunteer-tasks?caseId=… or ?area=…; a volunteer: GET /api/volunteer-tasks/mine. */
export const VolunteerTaskQuery = Type.Object(
  {
    caseId: Type.Optional(Uuid),
    area: Type.Optional(AreaCode),
    status: Type.Optional(VolunteerTaskStatus),
  },
  { additionalProperties: false },
);
export type VolunteerTaskQuery = Static<typeof VolunteerTaskQuery>;
export const VolunteerTaskParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export type VolunteerTaskParams = Static<typeof VolunteerTaskParams>;
export const AnswerVolunteerTaskBody = Type.Object(
  {
    reason: Type.Optional(Type.String({ maxLength: 200 })),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type AnswerVolunteerTaskBody = Static<typeof AnswerVolunteerTaskBody>;

/** The case timeline's steps a task writes (cases' `recordCaseNote`). */
export const VOLUNTEER_CASE_STEPS = [
  'volunteer_sent',
  'volunteer_accepted',
  'volunteer_declined',
  'volunteer_done',
  'volunteer_cancelled',
] as const;
export const VOLUNTEER_CASE_STEP_LABELS: Readonly<
  Record<(typeof VOLUNTEER_CASE_STEPS)[number], Label>
> = {
  volunteer_sent: { zh: '派志愿者', en: 'Volunteer sent' },
  volunteer_accepted: { zh: '志愿者接受', en: 'Volunteer accepted' },
  volunteer_declined: { zh: '志愿者谢绝', en: 'Volunteer declined' },
  volunteer_done: { zh: '志愿者完成', en: 'Volunteer done' },
  volunteer_cancelled: { zh: '撤回志愿者任务', en: 'Volunteer task withdrawn' },
};

// ---------------------------------------------------------------------------------------------
// Figures

/** GET /api/volunteer-figures?area=…: the committee's one screen (and any area in scope). */
export const VolunteerFigures = Type.Object({
  area: VolunteerAreaRef,
  volunteers: Type.Integer(),
  /** served (hours confirmed) in the last 365 days */
  activeVolunteers: Type.Integer(),
  onDutyNow: Type.Integer(),
  year: Type.Integer(),
  minutesThisYear: Type.Integer(),
  /** registered residents of the area (the registry's count) */
  residents: Type.Integer(),
  /** this year's hours per 1,000 residents; null without residents */
  hoursPer1000Residents: Type.Union([Type.Number(), Type.Null()]),
});
export type VolunteerFigures = Static<typeof VolunteerFigures>;
export const VolunteerFiguresQuery = Type.Object(
  { area: AreaCode },
  { additionalProperties: false },
);
export type VolunteerFiguresQuery = Static<typeof VolunteerFiguresQuery>;

/** The topic board the volunteers module feeds (data/topics/volunteers.json). */
export const VOLUNTEER_TOPIC = 'volunteers';
