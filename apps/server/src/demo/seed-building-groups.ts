/**
 * The demo city's building group (楼组) of chenyu's building in 云南中路居委会: chenyu appointed
 * its 楼组长 by `yunnan`, and a few posts — the leader's welcome, a neighbour's report of a broken
 * corridor light with the committee's reply, and praise. Written through the modules' use cases
 * (the appointment is audited and told as in real use). Skipped when the building has a leader
 * already, or without the demo residents (seed-residents.ts).
 */
import { BUILDING_SUBJECT_TYPE } from '@cc/contracts';
import type { AppDeps, Ctx } from '../platform/context.js';
import { appointBuildingLeader } from '../modules/building-groups/index.js';
import { postComment, praiseComment } from '../modules/discussion/index.js';
import { loadActorByUsername } from '../modules/identity/index.js';
import { residentHome } from '../modules/residents/index.js';

async function ctxOf(deps: AppDeps, username: string): Promise<Ctx | null> {
  const actor = await loadActorByUsername(deps.db, username).catch(() => null);
  return actor ? { ...deps, actor, ip: null } : null;
}

/** Returns whether it wrote anything. */
export async function seedBuildingGroups(deps: AppDeps): Promise<boolean> {
  const chenyu = await ctxOf(deps, 'chenyu');
  const linxia = await ctxOf(deps, 'linxia');
  const yunnan = await ctxOf(deps, 'yunnan');
  if (!chenyu || !linxia || !yunnan) return false;
  const home = await residentHome(deps.db, chenyu.actor!.id);
  if (!home) return false;
  const building = home.buildingId;
  const led = await deps.db
    .selectFrom('building_leaders')
    .select('account_id')
    .where('building_id', '=', building)
    .executeTakeFirst();
  if (led) return false;
  await appointBuildingLeader(yunnan, building, chenyu.actor!.id);
  const post = (ctx: Ctx, body: string, parentId?: string) =>
    postComment(ctx, BUILDING_SUBJECT_TYPE, building, { body, ...(parentId ? { parentId } : {}) });
  const welcome = await post(
    chenyu,
    '各位邻居好，我是本楼的楼组长。楼道、电梯、水电等公共设施有问题，或者有邻里之间的事想商量，都可以在这里说，我会汇总后报给居委会。',
  );
  await praiseComment(linxia, welcome.id, true);
  const light = await post(
    linxia,
    '3楼楼道的声控灯这几天一直不亮，晚上上下楼看不清台阶，老人孩子走尤其危险。',
  );
  await post(yunnan, '收到，已登记报修，物业明天上午来更换灯具。', light.id);
  await post(chenyu, '我明天上午在家，可以帮忙给师傅开单元门。', light.id);
  await praiseComment(chenyu, light.id, true);
  return true;
}
