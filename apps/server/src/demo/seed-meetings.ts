import type { AppDeps, Ctx } from '../platform/context.js';
import { loadActorByUsername } from '../modules/identity/index.js';
import { registerForMeeting, scheduleMeeting } from '../modules/meetings/index.js';
import { residentHome } from '../modules/residents/index.js';
import { demoResidentUsernames } from './seed-residents.js';

const COMMITTEE = '310101002001'; // 云南中路居委会
const DAY_MS = 86_400_000;
const SHANGHAI_MS = 8 * 3_600_000;

/** 14:00 Shanghai time on the next Saturday at least two days ahead. */
function nextSaturdayAfternoon(now: Date): Date {
  const local = new Date(now.getTime() + SHANGHAI_MS + 2 * DAY_MS);
  const day = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()));
  while (day.getUTCDay() !== 6) day.setUTCDate(day.getUTCDate() + 1);
  return new Date(day.getTime() + 14 * 3_600_000 - SHANGHAI_MS);
}

/**
 * 议事会 in the demo city: one upcoming meeting of 云南中路, scheduled by `yunnan` with a
 * written agenda, and a few of the verified demo residents registered — through the module's
 * own use cases. Skipped when there are meetings already.
 */
export async function seedMeetings(deps: AppDeps): Promise<boolean> {
  const { db } = deps;
  if (await db.selectFrom('meetings').select('id').limit(1).executeTakeFirst()) return false;
  const staffActor = await loadActorByUsername(db, 'yunnan').catch(() => null);
  if (!staffActor) return false;
  const staff: Ctx = { ...deps, actor: staffActor, ip: null };
  const startsAt = nextSaturdayAfternoon(new Date());
  const meeting = await scheduleMeeting(staff, {
    committeeCode: COMMITTEE,
    title: '云南中路社区居民议事会（季度例会）',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
    place: '云南中路居委会二楼会议室',
    capacity: 40,
    agenda: [
      { title: '小区非机动车停放与充电安全', note: '听取居民对增设充电桩位置的意见' },
      { title: '楼道堆物清理安排', note: '确定集中清理日期与志愿者分工' },
      { title: '下季度社区文体活动', note: '征集活动建议' },
    ],
  });
  let registered = 0;
  for (const username of demoResidentUsernames()) {
    if (registered === 3) break;
    const actor = await loadActorByUsername(db, username).catch(() => null);
    if (!actor || (await residentHome(db, actor.id))?.committeeCode !== COMMITTEE) continue;
    await registerForMeeting({ ...deps, actor, ip: null }, meeting.id);
    registered++;
  }
  return true;
}
