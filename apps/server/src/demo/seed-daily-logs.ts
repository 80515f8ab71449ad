/**
 * The demo city's daily logs of 云南中路居委会: linxia appointed a 志愿者日志 author by `yunnan`,
 * a few 工作日志 by yunnan and 志愿者日志 by linxia over the last days, with praise and comments
 * from neighbours. Written through the modules' use cases (the appointment is audited and told
 * as in real use), then dated back a day at a time. Skipped when the committee has logs
 * already, or without the demo residents (seed-residents.ts).
 */
import { DAILY_LOG_SUBJECT_TYPE, type DailyLogKind } from '@cc/contracts';
import type { AppDeps, Ctx } from '../platform/context.js';
import { appointDailyLogAuthor, postDailyLog } from '../modules/daily-logs/index.js';
import { postComment, praiseSubject } from '../modules/discussion/index.js';
import { loadActorByUsername } from '../modules/identity/index.js';

const COMMITTEE = '310101002001';
const HOUR = 3_600_000;

async function ctxOf(deps: AppDeps, username: string): Promise<Ctx | null> {
  const actor = await loadActorByUsername(deps.db, username).catch(() => null);
  return actor ? { ...deps, actor, ip: null } : null;
}

interface DemoLog {
  by: 'yunnan' | 'linxia';
  kind: DailyLogKind;
  /** how long ago it was posted */
  hoursAgo: number;
  body: string;
  praisedBy: string[];
  comments: [string, string][];
}

const LOGS: DemoLog[] = [
  {
    by: 'yunnan',
    kind: 'work',
    hoursAgo: 74,
    body: '今日居委会完成辖区 6 个小区出入口的排查登记，张贴防疫告示 48 张，对 12 户独居老人电话回访，情况均正常。',
    praisedBy: ['chenyu', 'wangqiang'],
    comments: [['zhouli', '辛苦了，门口的告示很清楚。']],
  },
  {
    by: 'linxia',
    kind: 'volunteer',
    hoursAgo: 50,
    body: '志愿者日志：今天和 5 位邻居一起在 2 号门值守，协助测温和扫码登记约 300 人次，帮行动不便的老人把快递送上楼。',
    praisedBy: ['chenyu', 'wangqiang', 'zhouli', 'liuyang'],
    comments: [
      ['wangqiang', '谢谢志愿者们！'],
      ['yunnan', '感谢各位志愿者的付出，大家注意休息。'],
    ],
  },
  {
    by: 'yunnan',
    kind: 'work',
    hoursAgo: 26,
    body: '今日为居家健康观察的 3 户居民配送生活物资，已联系社区卫生服务中心上门随访；如需代购药品请联系居委会。',
    praisedBy: ['linxia'],
    comments: [],
  },
  {
    by: 'linxia',
    kind: 'volunteer',
    hoursAgo: 3,
    body: '今天下午整理了 200 份防疫物资包（口罩、消毒液、宣传单），明天上午分楼发放，需要的邻居可在楼组群里说一声。',
    praisedBy: ['zhouli'],
    comments: [['liuyang', '我们楼需要 2 份，谢谢！']],
  },
];

/** Returns whether it wrote anything. */
export async function seedDailyLogs(deps: AppDeps): Promise<boolean> {
  const yunnan = await ctxOf(deps, 'yunnan');
  const linxia = await ctxOf(deps, 'linxia');
  if (!yunnan || !linxia) return false;
  const any = await deps.db
    .selectFrom('daily_logs')
    .select('id')
    .where('committee_code', '=', COMMITTEE)
    .limit(1)
    .executeTakeFirst();
  if (any) return false;
  await appointDailyLogAuthor(yunnan, {
    committeeCode: COMMITTEE,
    accountId: linxia.actor!.id,
    kind: 'volunteer',
  });
  const people = new Map<string, Ctx | null>();
  const person = async (username: string) => {
    if (!people.has(username)) people.set(username, await ctxOf(deps, username));
    return people.get(username) ?? null;
  };
  const now = Date.now();
  for (const l of LOGS) {
    const author = l.by === 'yunnan' ? yunnan : linxia;
    const log = await postDailyLog(author, {
      committeeCode: COMMITTEE,
      kind: l.kind,
      body: l.body,
    });
    // dated back: the demo (above the modules) may write any table
    await deps.db
      .updateTable('daily_logs')
      .set({ created_at: new Date(now - l.hoursAgo * HOUR) })
      .where('id', '=', log.id)
      .execute();
    for (const username of l.praisedBy) {
      const ctx = await person(username);
      if (ctx) await praiseSubject(ctx, DAILY_LOG_SUBJECT_TYPE, log.id, true);
    }
    for (const [username, body] of l.comments) {
      const ctx = await person(username);
      if (ctx) await postComment(ctx, DAILY_LOG_SUBJECT_TYPE, log.id, { body });
    }
  }
  return true;
}
