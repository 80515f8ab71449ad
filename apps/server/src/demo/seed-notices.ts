/**
 * The demo city's notices (通知公告): from 云南中路居委会 (`yunnan`) an urgent typhoon warning
 * (also texted), a pinned notice and one scheduled three days ahead; from 南京东路街道
 * (`nanjingdong`) a street-wide notice. Written through the notices module's use cases, so
 * they are audited and their recipients resolved like any other; a few demo residents
 * (demo/residents.json) have read some. Skipped when the committee has notices already.
 */
import fs from 'node:fs';
import type { CreateNoticeBody } from '@cc/contracts';
import type { AppDeps, Ctx } from '../platform/context.js';
import { loadActorByUsername } from '../modules/identity/index.js';
import { createNotice, deliverNoticeNow, markNoticeRead } from '../modules/notices/index.js';
import { DEMO_RESIDENTS_FILE, readDemoResidents } from './seed-residents.js';

const COMMITTEE = '310101002001';
const STREET = '310101002000';

const TYPHOON = `## 防台防汛紧急提醒

受台风影响，本市今明两天有**大到暴雨**，阵风 8–10 级。请各位居民：

- 收好阳台、窗台上的花盆和杂物，关好门窗；
- 地下车库车辆请及时移至地面高处；
- 非必要不外出，远离广告牌、临时搭建物和大树。

如遇险情请拨打居委会值班电话或 *110*。防汛须知见[上海市防汛信息网](https://swj.sh.gov.cn/)。`;

const ELEVATOR = `## 关于加装电梯意见征询的通知

为改善老旧小区居民出行条件，居委会将于本月组织**加装电梯意见征询**。

1. 征询对象：各楼栋房屋产权人；
2. 征询方式：线上投票与纸质表决相结合；
3. 结果将在小区公告栏和社区云同步公示。

请各位业主积极参与。`;

const SORTING = `## 垃圾分类宣传周活动安排

本周六上午 9:00 在小区广场开展垃圾分类宣传活动，现场有*有奖问答*和旧物置换。欢迎居民参加！`;

const CHECKUP = `## 2026 年度老年人免费体检通知

街道社区卫生服务中心为辖区 65 周岁及以上老年人提供**免费体检**。请携带身份证、医保卡，于工作日上午空腹前往。`;

async function ctxOf(deps: AppDeps, username: string): Promise<Ctx> {
  return { ...deps, actor: await loadActorByUsername(deps.db, username), ip: null };
}

/** Returns whether it wrote anything. */
export async function seedDemoNotices(deps: AppDeps): Promise<boolean> {
  const { db } = deps;
  const has = await db
    .selectFrom('notices')
    .select('id')
    .where('area_code', 'in', [COMMITTEE, STREET])
    .limit(1)
    .executeTakeFirst();
  if (has) return false;
  const yunnan = await ctxOf(deps, 'yunnan');
  const street = await ctxOf(deps, 'nanjingdong');
  const committee = { areaCodes: [COMMITTEE], buildingIds: [] };
  const write = (ctx: Ctx, body: CreateNoticeBody) => createNotice(ctx, body);

  const checkup = await write(street, {
    title: '南京东路街道 2026 年度老年人免费体检通知',
    body: CHECKUP,
    targets: { areaCodes: [STREET], buildingIds: [] },
  });
  const elevator = await write(yunnan, {
    title: '关于加装电梯意见征询的通知',
    body: ELEVATOR,
    targets: committee,
    pinned: true,
  });
  const typhoon = await write(yunnan, {
    title: '台风橙色预警：请做好防台防汛准备',
    body: TYPHOON,
    targets: committee,
    urgent: true,
    expiresAt: new Date(Date.now() + 7 * 24 * 3_600_000).toISOString(),
  });
  await write(yunnan, {
    title: '垃圾分类宣传周活动安排',
    body: SORTING,
    targets: committee,
    publishAt: new Date(Date.now() + 3 * 24 * 3_600_000).toISOString(),
  });
  // recipients now, so that the demo residents can have read some (the jobs find them written)
  for (const n of [checkup, elevator, typhoon]) await deliverNoticeNow(deps, n.id, null);

  if (fs.existsSync(DEMO_RESIDENTS_FILE)) {
    const usernames = readDemoResidents().households.flatMap((h) =>
      h.members.map((m) => m.username),
    );
    // most have seen the typhoon warning, some the elevator notice
    for (const [i, username] of usernames.entries()) {
      const exists = await db
        .selectFrom('accounts')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirst();
      if (!exists) continue;
      const ctx = await ctxOf(deps, username);
      if (i % 4 !== 3) await markNoticeRead(ctx, typhoon.id).catch(() => undefined);
      if (i % 2 === 0) await markNoticeRead(ctx, elevator.id).catch(() => undefined);
    }
  }
  return true;
}
