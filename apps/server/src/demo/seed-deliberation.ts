/**
 * The demo city's deliberation hall (众议院) in 云南中路居委会: its threshold (5 supporters,
 * the larger of that and 3 % of its verified households) and a few proposals of its demo
 * residents (demo/residents.json) in different states — one accepted with a progress update,
 * one awaiting the committee's answer, one still gathering support. Written through the
 * proposals module's use cases, so their timelines, notices and deadline jobs are the real
 * ones. Skipped when the committee has proposals already.
 */
import type { SubmitProposalBody } from '@cc/contracts';
import type { AppDeps, Ctx } from '../platform/context.js';
import { loadActorByUsername } from '../modules/identity/index.js';
import {
  addProposalUpdate,
  answerProposal,
  followProposal,
  setCommitteeThreshold,
  submitProposal,
  supportProposal,
} from '../modules/proposals/index.js';

const COMMITTEE = '310101002001';
/** the demo committee's threshold; the browser journey counts on it */
export const DEMO_MIN_SUPPORTS = 5;

async function ctxOf(deps: AppDeps, username: string): Promise<Ctx> {
  return { ...deps, actor: await loadActorByUsername(deps.db, username), ip: null };
}

/** A proposal by `author`, supported by `supporters` (the author counts as the first). */
async function propose(
  deps: AppDeps,
  author: string,
  body: SubmitProposalBody,
  supporters: string[],
): Promise<string> {
  const made = await submitProposal(await ctxOf(deps, author), body);
  for (const name of supporters) await supportProposal(await ctxOf(deps, name), made.id);
  return made.id;
}

/** Returns whether it wrote anything. */
export async function seedDeliberation(deps: AppDeps): Promise<boolean> {
  const { db } = deps;
  const has = await db
    .selectFrom('proposals')
    .select('id')
    .where('committee_code', '=', COMMITTEE)
    .limit(1)
    .executeTakeFirst();
  if (has) return false;
  // the demo residents come first (seed-residents.ts); without them there is nobody to propose
  const author = await db
    .selectFrom('accounts')
    .select('id')
    .where('username', '=', 'chenyu')
    .executeTakeFirst();
  if (!author) return false;
  const yunnan = await ctxOf(deps, 'yunnan');
  await setCommitteeThreshold(yunnan, COMMITTEE, {
    minSupports: DEMO_MIN_SUPPORTS,
    householdPercent: 3,
  });

  // accepted, with a done-by date and a first progress update
  const corridor = await propose(
    deps,
    'chenyu',
    {
      title: '清理3号楼楼道堆放的杂物',
      body: '3号楼各层楼道长期堆放纸箱、旧家具和自行车，既影响通行，也有消防隐患。\n建议居委会组织一次集中清理，并在楼道张贴提示，之后定期检查。',
      category: 'safety',
    },
    ['linxia', 'wangqiang', 'zhouli', 'liuyang'],
  );
  await followProposal(await ctxOf(deps, 'sunmei'), corridor, true);
  const in30Days = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await answerProposal(yunnan, corridor, {
    kind: 'accepted',
    text: '感谢大家的建议。居委会将联合物业在本月内组织楼道集中清理，清理前三天张贴通知，请居民提前搬走自家物品。',
    doneBy: in30Days,
  });
  await addProposalUpdate(yunnan, corridor, {
    text: '已与物业确定清理方案，清理通知已在各楼道张贴。',
    progress: 30,
  });

  // reached the threshold: the committee owes an answer by its deadline
  await propose(
    deps,
    'sunmei',
    {
      title: '周末在活动室开设儿童阅读角',
      body: '小区孩子多，周末缺少安全的去处。建议周末开放居委会活动室，设一个儿童阅读角，由志愿者家长轮流值守，欢迎大家捐赠闲置图书。',
      category: 'activities',
    },
    ['chenyu', 'zhaolei', 'wangbo', 'linxia'],
  );

  // still gathering support (3 of 5)
  await propose(
    deps,
    'wangqiang',
    {
      title: '小区增设非机动车充电桩',
      body: '不少居民把电瓶车推上楼充电，非常危险。建议在小区北门车棚加装一批智能充电桩，按次扫码付费。',
      category: 'traffic',
    },
    ['liuyang', 'sunmei'],
  );
  return true;
}
