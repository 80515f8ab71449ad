/**
 * 加装电梯 in the demo city: projects for staircases of 云南中路's compounds in different stages
 * (the demo staircase of seed-votes.ts in consultation, with its cost shared by floor), one
 * carried through a published owners' vote to "in service" (seed-elevator-vote.ts), and the
 * street's target for the year (南京东路: 24, the street of the story) — so that the
 * street and district board is not empty on the first start. Written through the elevators
 * module's use cases by `yunnan` (the demo's committee staff) and `nanjingdong` (the street's
 * operator); only 云南中路 has committee staff in the demo, so only its compounds have projects.
 * Skipped when the committee has projects already.
 */
import { sql } from 'kysely';
import type { AppDeps, Ctx } from '../platform/context.js';
import { shanghaiDate } from '../platform/shanghai-time.js';
import {
  advanceProject,
  createProject,
  setCost,
  setTarget,
  updateStage,
} from '../modules/elevators/index.js';
import { loadActorByUsername } from '../modules/identity/index.js';
import { carryThroughVote } from './seed-elevator-vote.js';
import type { VoteStaircase } from './seed-votes.js';

const COMMITTEE = '310101002001'; // 云南中路居委会
const STREET = '310101002000'; // 南京东路街道
/** the street's yearly target in the demo (the "24 elevators in a year") */
export const DEMO_ELEVATOR_TARGET = 24;

async function ctxOf(deps: AppDeps, username: string): Promise<Ctx | null> {
  const actor = await loadActorByUsername(deps.db, username).catch(() => null);
  return actor ? { ...deps, actor, ip: null } : null;
}

interface Stair {
  buildingId: string;
  buildingName: string;
  unit: string;
  compoundName: string;
}

/**
 * One staircase per compound of the committee (its first building's first unit, in natural
 * order) whose rooms all have owners and a registered area on record — a vote could open there.
 */
async function staircases(deps: AppDeps, except: string): Promise<Stair[]> {
  const { rows } = await sql<Stair & { compound_code: string }>`
    select distinct on (b.compound_code)
      b.id as "buildingId", b.name as "buildingName", r.unit, a.name as "compoundName",
      b.compound_code
    from buildings b
    join rooms r on r.building_id = b.id
    join areas a on a.code = b.compound_code
    where b.committee_code = ${COMMITTEE} and b.id <> ${except} and r.unit <> ''
      and not exists (
        select 1 from rooms x
        left join room_ownership w on w.room_id = x.id
        where x.building_id = b.id and x.unit = r.unit
          and (w.registered_area is null
            or not exists (select 1 from room_owners o where o.room_id = x.id)))
    order by b.compound_code, length(b.name), b.name, length(r.unit), r.unit`.execute(deps.db);
  return rows;
}

/** Returns whether it wrote anything. */
export async function seedElevators(deps: AppDeps, staircase: VoteStaircase): Promise<boolean> {
  const { db } = deps;
  const has = await db
    .selectFrom('elevator_projects')
    .select('id')
    .where('committee_code', '=', COMMITTEE)
    .limit(1)
    .executeTakeFirst();
  if (has) return false;
  const staff = await ctxOf(deps, 'yunnan');
  if (!staff) return false;
  const year = Number(shanghaiDate().slice(0, 4));
  const street = await ctxOf(deps, 'nanjingdong');
  if (street) await setTarget(street, { streetCode: STREET, year, target: DEMO_ELEVATOR_TARGET });

  // the demo staircase: the owners are being consulted; the cost is shared by floor
  const compound = await db
    .selectFrom('areas')
    .select('name')
    .where('code', '=', staircase.compoundCode)
    .executeTakeFirst();
  const mine = await createProject(staff, {
    buildingId: staircase.buildingId,
    unit: staircase.unit,
    title: `${compound?.name ?? ''}${staircase.buildingName}${staircase.unit}加装电梯`,
    targetYear: year,
  });
  await updateStage(staff, mine.id, 'consultation', {
    note: '已召开楼道会议，向六户业主介绍加装方案与费用分摊办法；一楼业主对采光和噪音有顾虑，居委会将组织上门沟通。',
  });
  await setCost(staff, mine.id, { preset: 'step_by_floor', total: '680000' });

  // the other compounds: one staircase each, at different stages
  const plan: { stage: 'consultation' | 'owners_vote' | 'in_service'; note: string }[] = [
    { stage: 'in_service', note: '电梯已通过竣工验收并投入使用。' },
    { stage: 'owners_vote', note: '意愿征询完成，准备发起业主表决。' },
    { stage: 'consultation', note: '楼组长正在逐户征询意见。' },
    { stage: 'owners_vote', note: '意愿征询完成，准备发起业主表决。' },
    { stage: 'consultation', note: '首次楼道会议已召开。' },
  ];
  const stairs = await staircases(deps, staircase.buildingId);
  for (const [i, stair] of stairs.slice(0, plan.length).entries()) {
    const want = plan[i]!;
    const p = await createProject(staff, {
      buildingId: stair.buildingId,
      unit: stair.unit,
      title: `${stair.compoundName}${stair.buildingName}${stair.unit}加装电梯`,
      targetYear: want.stage === 'consultation' ? year + 1 : year,
    });
    if (want.stage === 'consultation') {
      await updateStage(staff, p.id, 'consultation', { note: want.note });
      continue;
    }
    await advanceProject(staff, p.id, { to: 'owners_vote', note: want.note });
    if (want.stage === 'in_service') await carryThroughVote(staff, p.id, stair);
  }
  return true;
}
