import type { AppDeps } from '../platform/context.js';
import { addDays, shanghaiDate } from '../platform/shanghai-time.js';
import { keyedSeed, prng } from './prng.js';

/**
 * The departments' figures on the epidemic board (data/topics/epidemic.json, the metrics fed by
 * CSV): health status, workers returning to office buildings, shops and construction sites
 * checked, for every committee of 黄浦区 and each of the last two weeks' days up to today, as
 * if the district's operation centre had imported them. So the street's and the district's
 * boards show figures for the default range and for a week or a month; the figures 社区通 feeds
 * (declarations, observations) come from seed-declarations.ts and seed-observations.ts.
 * Idempotent: a board with imported figures is left alone.
 */

const DISTRICT = '310101000000'; // 黄浦区
const TOPIC = 'epidemic';
const DAYS = 14;

export async function seedTopicFigures(deps: AppDeps): Promise<boolean> {
  const { db } = deps;
  const has = await db
    .selectFrom('topic_figures')
    .select('area_code')
    .where('topic', '=', TOPIC)
    .limit(1)
    .executeTakeFirst();
  if (has) return false;
  const importer = await db
    .selectFrom('accounts')
    .select('id')
    .where('username', '=', 'huangpu')
    .executeTakeFirst();
  const committees = await db
    .selectFrom('areas')
    .select(['code', 'path'])
    .where('path', 'like', `310000000000/${DISTRICT}/%`)
    .where('level', '=', 'committee')
    .orderBy('code')
    .execute();
  const today = shanghaiDate();
  const now = new Date();
  const rows: {
    topic: string;
    metric: string;
    area_code: string;
    area_path: string;
    day: string;
    value: number;
    updated_at: Date;
    updated_by: string | null;
  }[] = [];
  for (const c of committees) {
    const rand = prng(keyedSeed(20261207, `figures ${c.code}`));
    // a committee's size and character: residents, office buildings, shops, sites
    const people = 2200 + Math.floor(rand() * 2600);
    const offices = rand() < 0.45 ? 1 + Math.floor(rand() * 6) : 0;
    const shops = 6 + Math.floor(rand() * 30);
    const sites = rand() < 0.3 ? 1 + Math.floor(rand() * 2) : 0;
    let green = people;
    for (let back = DAYS - 1; back >= 0; back--) {
      const day = addDays(today, -back);
      const weekday = new Date(`${day}T12:00:00+08:00`).getUTCDay();
      const workday = weekday !== 0 && weekday !== 6;
      green += Math.floor(rand() * 21) - 10;
      const yellow = Math.floor(rand() * 25);
      const red = rand() < 0.15 ? Math.floor(rand() * 3) + 1 : 0;
      const checked = Math.min(shops, 2 + Math.floor(rand() * (workday ? 12 : 5)));
      const figure = (metric: string, value: number) =>
        rows.push({
          topic: TOPIC,
          metric,
          area_code: c.code,
          area_path: c.path,
          day,
          value,
          updated_at: now,
          updated_by: importer?.id ?? null,
        });
      figure('health_green', green);
      figure('health_yellow', yellow);
      figure('health_red', red);
      figure('returning_workers', workday ? offices * (5 + Math.floor(rand() * 25)) : 0);
      figure('shops_checked', checked);
      figure('shops_failed', rand() < 0.3 ? 1 + Math.floor(rand() * Math.min(3, checked)) : 0);
      figure('construction_sites_checked', workday ? sites : 0);
    }
  }
  for (let i = 0; i < rows.length; i += 2000) {
    await db
      .insertInto('topic_figures')
      .values(rows.slice(i, i + 2000))
      .execute();
  }
  return rows.length > 0;
}
