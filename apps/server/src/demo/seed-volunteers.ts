/**
 * The demo city's volunteers of 云南中路居委会 (issue 23), made through the volunteers module's
 * use cases as the people would (joins, registrations, teams, activities, sign-ups and the
 * organiser's confirmations are audited and feed the volunteers board as in real use):
 *  - about 40 volunteers: four demo residents join themselves (linxia, the 志愿者日志 author,
 *    wangqiang, liuyang, sunmei); the others are residents of the generated registry whom
 *    yunnan registers (their names and mobiles from the registry, their home building as their
 *    usual place), older ones free on weekdays, younger ones in the evenings and at weekends;
 *    their joining dated back over the last years;
 *  - three teams with leaders: 楼组志愿者, 平安志愿者, 加装电梯志愿者 (formed a year or more ago);
 *  - last weekend's 垃圾分类引导 at the bins, two shifts, attended and the hours confirmed
 *    (one left for the organiser to confirm): published ahead, then dated back a week — the
 *    check-ins and check-outs written as the code would have left them;
 *  - a 卡口值守 the day after tomorrow, three shifts, the morning's 扫码登记 full with two on
 *    the waitlist;
 *  - a 亲子活动 on Saturday open to residents: chenyu, zhouli and zhaolei signed up as
 *    families, linxia as its volunteer;
 *  - a neighbour's call about an older woman living alone (a case through the hotline) and
 *    wangqiang sent to her door by yunnan; he has accepted.
 * chenyu stays a resident (the browser journey makes her a volunteer). Skipped when the
 * committee has volunteers already, or without the demo residents (seed-residents.ts).
 */
import {
  AVAILABILITY_PERIODS,
  type AvailabilitySlot,
  type CreateVolunteerActivityBody,
} from '@cc/contracts';
import { sql } from 'kysely';
import type { AppDeps, Ctx } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { addDays, shanghaiDate } from '../platform/shanghai-time.js';
import { findArea } from '../modules/areas/index.js';
import { fileCase } from '../modules/cases/index.js';
import { loadActorByUsername } from '../modules/identity/index.js';
import {
  answerVolunteerTask,
  confirmSignupHours,
  createActivity,
  createSignup,
  createTeam,
  joinAsVolunteer,
  putTeamMember,
  registerVolunteer,
  sendVolunteerTasks,
} from '../modules/volunteers/index.js';
import { prng } from './prng.js';

const COMMITTEE = '310101002001';
const MINUTE = 60_000;
const DAY = 86_400_000;

async function ctxOf(deps: AppDeps, username: string): Promise<Ctx | null> {
  const actor = await loadActorByUsername(deps.db, username).catch(() => null);
  return actor ? { ...deps, actor, ip: null } : null;
}

/** Slots of a week: `days` (1 Monday … 7 Sunday) × `periods`. */
const week = (
  days: number[],
  periods: (typeof AVAILABILITY_PERIODS)[number][],
): AvailabilitySlot[] => days.flatMap((day) => periods.map((period) => ({ day, period })));
const WEEKDAYS = [1, 2, 3, 4, 5];
const WEEKEND = [6, 7];
const RETIRED = [...week(WEEKDAYS, ['morning', 'afternoon']), ...week([6], ['morning'])];
const WORKING = [...week(WEEKDAYS, ['evening']), ...week(WEEKEND, ['morning', 'afternoon'])];

/** The demo residents who volunteer, with what they offer. */
const ACCOUNT_VOLUNTEERS: {
  username: string;
  skills: string[];
  availability: AvailabilitySlot[];
}[] = [
  { username: 'linxia', skills: ['first_aid', 'it_help', 'photography'], availability: WORKING },
  { username: 'wangqiang', skills: ['elderly_care', 'driving', 'patrol'], availability: RETIRED },
  { username: 'liuyang', skills: ['electrician', 'patrol'], availability: WORKING },
  { username: 'sunmei', skills: ['elderly_care', 'shanghainese'], availability: RETIRED },
];

/** What an older and a younger neighbour may offer; each gets one to three, by a stable draw. */
const OLDER_SKILLS = [
  'elderly_care',
  'shanghainese',
  'garbage_sorting',
  'patrol',
  'medical',
  'legal',
];
const YOUNGER_SKILLS = ['it_help', 'english', 'first_aid', 'childcare', 'driving', 'photography'];
const REGISTERED = 36;

interface Neighbour {
  name: string;
  phone_enc: string;
  birth_date: string;
  lat: number | null;
  lng: number | null;
}

/** Shanghai wall-clock time `hhmm` on `day` (YYYY-MM-DD). */
const at = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`);

/** Returns whether it wrote anything. */
export async function seedVolunteers(deps: AppDeps): Promise<boolean> {
  const { db } = deps;
  const yunnan = await ctxOf(deps, 'yunnan');
  const hotline = await ctxOf(deps, 'hotline');
  const people = new Map<string, Ctx>();
  for (const u of ['linxia', 'wangqiang', 'liuyang', 'sunmei', 'chenyu', 'zhouli', 'zhaolei']) {
    const ctx = await ctxOf(deps, u);
    if (ctx) people.set(u, ctx);
  }
  const committee = await findArea(db, COMMITTEE);
  if (!yunnan || !hotline || !committee || !people.has('linxia')) return false;
  const any = await db
    .selectFrom('volunteers')
    .select('id')
    .where('committee_code', '=', COMMITTEE)
    .limit(1)
    .executeTakeFirst();
  if (any) return false;
  const rand = prng(20261207);
  const draw = <T>(xs: readonly T[], n: number): T[] => {
    const pool = [...xs];
    const out: T[] = [];
    while (out.length < n && pool.length)
      out.push(pool.splice(Math.floor(rand() * pool.length), 1)[0]!);
    return out;
  };

  // ---- the volunteers ----
  const ids = new Map<string, string>(); // username → volunteer id
  for (const v of ACCOUNT_VOLUNTEERS) {
    const ctx = people.get(v.username);
    if (!ctx) continue;
    const home = await sql<{ lat: number | null; lng: number | null }>`
      select b.lat, b.lng from resident_links l join buildings b on b.id = l.building_id
      where l.account_id = ${ctx.actor!.id} and l.status = 'verified' limit 1`.execute(db);
    const place = home.rows[0];
    const { profile } = await joinAsVolunteer(ctx, {
      committeeCode: COMMITTEE,
      skills: v.skills,
      availability: v.availability,
      serveAreaCodes: [COMMITTEE],
      ...(place && place.lat !== null && place.lng !== null
        ? { lat: place.lat, lng: place.lng }
        : {}),
    });
    ids.set(v.username, profile.id);
  }
  // neighbours of the registry with a mobile, no account, not of the demo households: two
  // thirds aged 55–75, a third 20–54
  const neighbours = await sql<Neighbour>`
    select p.name, p.phone_enc, p.birth_date::text as birth_date, b.lat, b.lng
    from residents p
    join rooms r on r.id = p.room_id
    join buildings b on b.id = r.building_id
    where p.committee_code = ${COMMITTEE} and p.status = 'present' and p.phone_enc is not null
      and p.birth_date between current_date - interval '75 years' and current_date - interval '20 years'
      and not exists (select 1 from resident_links l where l.household_id = p.household_id)
    order by md5(p.document_hmac)
    limit 400`.execute(db);
  const old = (n: Neighbour) => n.birth_date <= addDays(shanghaiDate(), -55 * 365);
  const chosen = [
    ...neighbours.rows.filter(old).slice(0, (REGISTERED * 2) / 3),
    ...neighbours.rows.filter((n) => !old(n)).slice(0, REGISTERED / 3),
  ];
  const registered: { id: string; older: boolean }[] = [];
  for (const n of chosen) {
    const older = old(n);
    const profile = await registerVolunteer(yunnan, {
      committeeCode: COMMITTEE,
      name: n.name,
      phone: deps.cipher.decrypt(n.phone_enc),
      skills: draw(older ? OLDER_SKILLS : YOUNGER_SKILLS, 1 + Math.floor(rand() * 3)),
      availability: older ? RETIRED : WORKING,
      serveAreaCodes: [COMMITTEE],
      ...(n.lat !== null && n.lng !== null ? { lat: n.lat, lng: n.lng } : {}),
    }).catch((e: unknown) => {
      // a mobile registered already (409): someone else
      if (e instanceof AppError && e.statusCode === 409) return null;
      throw e;
    });
    if (profile) registered.push({ id: profile.id, older });
  }
  const olderIds = registered.filter((r) => r.older).map((r) => r.id);
  const youngerIds = registered.filter((r) => !r.older).map((r) => r.id);

  // ---- three teams with their leaders ----
  const teams: [string, 'building' | 'safety' | 'elevator', string | undefined, string[]][] = [
    [
      '楼组志愿者',
      'building',
      ids.get('linxia'),
      [...olderIds.slice(0, 6), ...youngerIds.slice(0, 2)],
    ],
    [
      '平安志愿者',
      'safety',
      ids.get('wangqiang'),
      [ids.get('liuyang'), ...olderIds.slice(6, 11), ...youngerIds.slice(2, 5)].filter(
        (x): x is string => !!x,
      ),
    ],
    [
      '加装电梯志愿者',
      'elevator',
      olderIds[11],
      [ids.get('sunmei'), ...olderIds.slice(12, 16)].filter((x): x is string => !!x),
    ],
  ];
  for (const [name, kind, leader, members] of teams) {
    const team = await createTeam(yunnan, { committeeCode: COMMITTEE, name, kind });
    if (leader) await putTeamMember(yunnan, team.id, leader, 'leader');
    for (const m of members) await putTeamMember(yunnan, team.id, m, 'member');
  }
  // dated back: the volunteers joined over the last two and a half years, the teams formed a
  // year or more ago (the epidemic's), each member in it since the later of the two
  for (const id of [...ids.values(), ...registered.map((r) => r.id)])
    await db
      .updateTable('volunteers')
      .set({ joined_at: new Date(Date.now() - (30 + Math.floor(rand() * 880)) * DAY) })
      .where('id', '=', id)
      .execute();
  await sql`
    update volunteer_teams set created_at = now() - interval '400 days' - (length(name) * interval '20 days')
    where committee_code = ${COMMITTEE}`.execute(db);
  await sql`
    update volunteer_team_members m set joined_at = greatest(t.created_at, v.joined_at)
    from volunteer_teams t, volunteers v
    where t.id = m.team_id and v.id = m.volunteer_id and t.committee_code = ${COMMITTEE}`.execute(
    db,
  );

  /** `who`: a demo username (signs up themselves) or a volunteer's id (yunnan signs them up). */
  const signUp = async (roleId: string, who: string | undefined) => {
    if (!who) return null;
    const self = people.get(who);
    return self
      ? createSignup(self, { roleId })
      : createSignup(yunnan, { roleId, volunteerId: who });
  };
  const place = { lat: committee.centre_lat, lng: committee.centre_lng };
  const today = shanghaiDate();

  // ---- last weekend's 垃圾分类引导: published a week ahead, then dated back a week ----
  const weekday = ((new Date(`${today}T12:00:00+08:00`).getUTCDay() + 6) % 7) + 1; // 1 Monday
  const lastSaturday = addDays(today, -((weekday - 6 + 7) % 7 || 7));
  const lastSunday = addDays(lastSaturday, 1);
  const shift = (
    day: string,
    from: string,
    to: string,
    title: string,
    role: string,
    n: number,
  ) => ({
    title,
    startsAt: at(addDays(day, 7), from).toISOString(),
    endsAt: at(addDays(day, 7), to).toISOString(),
    roles: [{ name: role, capacity: n }],
  });
  const sorting = await createActivity(yunnan, {
    areaCode: COMMITTEE,
    kind: 'service',
    category: 'garbage_sorting',
    title: '垃圾分类定时定点投放引导',
    description:
      '在小区垃圾箱房旁引导居民分类投放、破袋投放湿垃圾，记录混投情况。请穿好红马甲，自带手套。',
    place: '云南中路小区垃圾箱房',
    ...place,
    radiusM: 150,
    openTo: 'volunteers',
    remindMinutes: 0,
    shifts: [
      shift(lastSaturday, '07:00', '09:00', '周六早班', '桶边督导', 4),
      shift(lastSunday, '18:30', '20:30', '周日晚班', '桶边督导', 3),
    ],
  });
  const sortingPeople = [
    [olderIds[0], olderIds[1], olderIds[2], 'sunmei'],
    [youngerIds[0], youngerIds[1], 'liuyang'],
  ];
  const sortingSignups: string[][] = [];
  for (const [k, s] of sorting.shifts.entries()) {
    const list: string[] = [];
    for (const who of sortingPeople[k]!) {
      const signup = await signUp(s.roles[0]!.id, who);
      if (signup) list.push(signup.id);
    }
    sortingSignups.push(list);
  }
  // a week back; then the check-ins by the code a few minutes before, out at the end (one
  // left twenty minutes early)
  await db.transaction().execute(async (trx) => {
    const back = sql`interval '7 days'`;
    await trx
      .updateTable('volunteer_activities')
      .set({
        starts_at: sql`starts_at - ${back}`,
        ends_at: sql`ends_at - ${back}`,
        created_at: sql`starts_at - ${back} - interval '5 days'`,
      })
      .where('id', '=', sorting.id)
      .execute();
    await trx
      .updateTable('volunteer_shifts')
      .set({ starts_at: sql`starts_at - ${back}`, ends_at: sql`ends_at - ${back}` })
      .where('activity_id', '=', sorting.id)
      .execute();
    await trx
      .updateTable('volunteer_signups')
      .set({
        starts_at: sql`starts_at - ${back}`,
        ends_at: sql`ends_at - ${back}`,
        created_at: sql`starts_at - ${back} - interval '3 days'`,
      })
      .where('activity_id', '=', sorting.id)
      .execute();
  });
  const attended = await db
    .selectFrom('volunteer_signups')
    .select(['id', 'starts_at', 'ends_at'])
    .where('activity_id', '=', sorting.id)
    .orderBy('seq')
    .execute();
  for (const [i, s] of attended.entries()) {
    const start = new Date(s.starts_at).getTime();
    const end = new Date(s.ends_at).getTime();
    const inAt = new Date(start - (3 + ((i * 7) % 9)) * MINUTE);
    const outAt = new Date(i === 1 ? end - 20 * MINUTE : end + ((i * 5) % 6) * MINUTE);
    await db
      .updateTable('volunteer_signups')
      .set({
        checked_in_at: inAt,
        check_in_method: i % 3 === 2 ? 'position' : 'code',
        checked_out_at: outAt,
        check_out_method: 'code',
        minutes: Math.floor(
          (Math.min(outAt.getTime(), end) - Math.max(inAt.getTime(), start)) / MINUTE,
        ),
      })
      .where('id', '=', s.id)
      .execute();
  }
  // confirmed by the organiser, all but the last of Sunday evening
  const toConfirm = [...sortingSignups[0]!, ...sortingSignups[1]!.slice(0, -1)];
  for (const id of toConfirm) await confirmSignupHours(yunnan, id, {});

  // ---- the day after tomorrow: 卡口值守 at gate 2, the morning's 扫码登记 full ----
  const dayAfter = addDays(today, 2);
  const duty = await createActivity(yunnan, {
    areaCode: COMMITTEE,
    kind: 'service',
    category: 'checkpoint',
    title: '小区出入口卡口值守',
    description:
      '在 2 号门协助查验出入、扫码登记，引导快递外卖放在指定区域，遇到问题及时联系居委会。',
    place: '云南中路小区 2 号门',
    ...place,
    radiusM: 100,
    openTo: 'volunteers',
    shifts: [
      ['早班', '07:00', '11:00'],
      ['中班', '11:00', '15:00'],
      ['晚班', '15:00', '19:00'],
    ].map(([title, from, to]) => ({
      title: title!,
      startsAt: at(dayAfter, from!).toISOString(),
      endsAt: at(dayAfter, to!).toISOString(),
      roles: [
        { name: '扫码登记', capacity: 2 },
        { name: '秩序引导', capacity: 2 },
      ],
    })) as CreateVolunteerActivityBody['shifts'],
  });
  const dutyPlan: [number, number, (string | undefined)[]][] = [
    [0, 0, ['wangqiang', olderIds[3], olderIds[4], olderIds[5]]], // two on the waitlist
    [0, 1, [olderIds[6]]],
    [1, 0, [olderIds[7], 'sunmei']],
    [1, 1, [olderIds[8]]],
    [2, 0, ['liuyang']],
    [2, 1, [youngerIds[2], youngerIds[3]]],
  ];
  for (const [s, r, who] of dutyPlan)
    for (const w of who) await signUp(duty.shifts[s]!.roles[r]!.id, w);

  // ---- Saturday afternoon (a week on if that is too soon): 亲子活动 open to residents ----
  let saturday = addDays(today, (6 - weekday + 7) % 7);
  if (Date.parse(`${saturday}T00:00:00+08:00`) - Date.now() < 2 * DAY)
    saturday = addDays(saturday, 7);
  const family = await createActivity(yunnan, {
    areaCode: COMMITTEE,
    kind: 'event',
    category: 'community_event',
    title: '亲子手工课：旧物改造环保袋',
    description:
      '带上家里的旧 T 恤，和孩子一起做一个环保购物袋。材料和工具由居委会准备，适合 5–12 岁的孩子和家长参加。',
    place: '云南中路居委会二楼活动室',
    ...place,
    radiusM: 100,
    openTo: 'residents',
    shifts: [
      {
        title: '周六下午',
        startsAt: at(saturday, '14:00').toISOString(),
        endsAt: at(saturday, '16:00').toISOString(),
        roles: [
          { name: '亲子家庭', capacity: 12 },
          { name: '活动志愿者', capacity: 3 },
        ],
      },
    ],
  });
  const [families, helpers] = family.shifts[0]!.roles;
  for (const u of ['chenyu', 'zhouli', 'zhaolei']) if (people.has(u)) await signUp(families!.id, u);
  await signUp(helpers!.id, 'linxia');
  await signUp(helpers!.id, youngerIds[4]);

  // ---- a neighbour calls about an older woman living alone; wangqiang goes ----
  const wangqiang = people.get('wangqiang');
  const building = await db
    .selectFrom('buildings')
    .select(['name', 'lat', 'lng'])
    .where('committee_code', '=', COMMITTEE)
    .where('lat', 'is not', null)
    .orderBy('name')
    .limit(1)
    .executeTakeFirst();
  if (
    wangqiang &&
    ids.has('wangqiang') &&
    building &&
    building.lat !== null &&
    building.lng !== null
  ) {
    const filed = await fileCase(hotline, {
      scenarioCode: 'elderly-living-alone-care',
      description: `邻居来电：${building.name}的顾阿婆一个人住，两天没见她下楼买菜，敲门也没人应，担心出事，请社区上门看看。`,
      lat: building.lat,
      lng: building.lng,
      areaCode: null,
      address: null,
      attributes: { concern: 'not_seen', unit: `${building.name} 402 室` },
      photoIds: [],
      contact: { name: '陈建华', phone: '13917206254' },
      source: 'hotline',
      reporterId: hotline.actor!.id,
      reporterName: hotline.actor!.displayName,
      at: new Date(Date.now() - 50 * MINUTE),
    });
    const sent = await sendVolunteerTasks(yunnan, {
      caseId: filed.caseId,
      title: '上门探望独居老人',
      note: '请先敲门确认老人情况；没人应门请马上联系居委会，不要自行破门。',
      skill: 'elderly_care',
      volunteerIds: [ids.get('wangqiang')!],
    });
    await answerVolunteerTask(wangqiang, sent.items[0]!.id, 'accept', {
      note: '我就住隔壁楼，十分钟到。',
    });
  }
  return true;
}
