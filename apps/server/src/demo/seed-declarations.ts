import { addDays, shanghaiDate } from '../platform/shanghai-time.js';
import type { AppDeps, Ctx } from '../platform/context.js';
import {
  checkDeclaration,
  createKeyRegion,
  declaredRoom,
  ensureLink,
  storeDeclaration,
} from '../modules/declarations/index.js';
import { loadActorByUsername } from '../modules/identity/index.js';
import { fakeResidentId } from '../modules/registry/index.js';
import { prng } from './prng.js';

/**
 * 社区通's declarations in the demo street: the city's key regions (a county of 湖北 high, a
 * city of 广东 medium, listed from 20 days ago), one declaration link per compound of 云南中路
 * (so the poster prints at once), and about 30 declarations over the last ten days in 云南中路
 * and three other committees of 南京东路街道, a few from the key regions. Stored through the
 * use case, so the board's figures and the observations follow as they would. Idempotent: a
 * street with declarations is left alone. Names, phones and ID numbers are made up (ID numbers
 * from fakeResidentId: county codes never assigned).
 */

const YUNNAN = '310101002001';
/** committee → how many declarations */
const PLAN: [string, number][] = [
  [YUNNAN, 15],
  ['310101002002', 6],
  ['310101002003', 5],
  ['310101002006', 4],
];
const HIGH = '420106'; // 湖北省 武汉市 武昌区
const MEDIUM = '4403'; // 广东省 深圳市
/** origins other than the key regions: counties of China, and two countries */
const ORIGINS = ['320102', '330106', '110105', '510104', '370202', '350203', '610113', 'JP', 'US'];
const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '磊',
  '洋',
  '艳',
  '勇',
  '军',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
];
const MEANS = ['train', 'plane', 'car', 'bus', 'train', 'plane'] as const;
const PURPOSES = ['family', 'work', 'family', 'travel', 'study', 'medical'] as const;

export async function seedDeclarations(deps: AppDeps): Promise<boolean> {
  const { db } = deps;
  const has = await db
    .selectFrom('declarations')
    .select('id')
    .where('committee_code', '=', YUNNAN)
    .limit(1)
    .executeTakeFirst();
  if (has) return false;
  const city = await loadActorByUsername(db, 'city').catch(() => null);
  if (!city) return false;
  const today = shanghaiDate();
  const listedFrom = addDays(today, -20);

  // the city's key regions, through the key-regions use case (audited as the city's)
  const listed = new Set(
    (await db.selectFrom('key_regions').select('region_code').execute()).map((r) => r.region_code),
  );
  const cityCtx: Ctx = { ...deps, actor: city, ip: null };
  if (!listed.has(HIGH))
    await createKeyRegion(cityCtx, {
      regionCode: HIGH,
      level: 'high',
      from: listedFrom,
      note: '演示数据：本地聚集性疫情 / demo data',
    });
  if (!listed.has(MEDIUM))
    await createKeyRegion(cityCtx, {
      regionCode: MEDIUM,
      level: 'medium',
      from: listedFrom,
      note: '演示数据：散发病例 / demo data',
    });

  // a poster for every compound of 云南中路
  const compounds = await db
    .selectFrom('areas')
    .select(['code', 'path'])
    .where('level', '=', 'compound')
    .where('code', 'like', `${YUNNAN}-%`)
    .orderBy('code')
    .execute();
  for (const c of compounds)
    await ensureLink(db, {
      compoundCode: c.code,
      committeeCode: YUNNAN,
      areaPath: c.path,
      by: null,
    });

  const rand = prng(20261206);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const publicCtx: Ctx = { ...deps, actor: null, ip: null };
  let n = 0;
  for (const [committee, howMany] of PLAN) {
    const rooms = await db
      .selectFrom('rooms as r')
      .innerJoin('buildings as b', 'b.id', 'r.building_id')
      .select('r.id')
      .where('b.committee_code', '=', committee)
      .orderBy('r.id')
      .limit(400)
      .execute();
    if (rooms.length === 0) continue;
    for (let i = 0; i < howMany; i++, n++) {
      const room = await declaredRoom(db, pick(rooms).id);
      if (!room) continue;
      // stored 0–9 days ago, in the daytime; arrived that day or up to two days before
      const daysAgo = Math.floor(rand() * 10);
      const storedDay = addDays(today, -daysAgo);
      const at = new Date(
        Date.parse(`${storedDay}T09:00:00+08:00`) + Math.floor(rand() * 10) * 3_600_000,
      );
      const storedAt = at > new Date() ? new Date() : at;
      const arrivalDate = addDays(shanghaiDate(storedAt), -Math.floor(rand() * 3));
      // a few from the key regions: one in eight from each (南山区 lies in 深圳市)
      const origin = n % 8 === 1 ? HIGH : n % 8 === 5 ? `${MEDIUM}05` : pick(ORIGINS);
      const foreign = /^[A-Z]{2}$/.test(origin);
      const sex = rand() < 0.5 ? 'male' : 'female';
      const birth = `${1960 + Math.floor(rand() * 45)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`;
      const name = foreign
        ? pick(['Anna Schmidt', 'John Miller', 'Sato Yuki', 'Maria Lopez'])
        : `${pick(SURNAMES)}${pick(GIVEN)}${rand() < 0.5 ? pick(GIVEN) : ''}`;
      const checked = checkDeclaration(
        {
          phone: `1390000${String(1000 + n).slice(-4)}`,
          name,
          document: foreign
            ? {
                kind: 'passport',
                number: `E${String(10_000_000 + Math.floor(rand() * 89_999_999))}`,
              }
            : {
                kind: 'resident_id',
                number: fakeResidentId(origin.length === 6 ? origin : '110105', birth, sex, rand),
              },
          originCode: origin,
          arrivalDate,
          arrivalMeans: pick(MEANS),
          roomId: room.roomId,
          purpose: pick(PURPOSES),
          stayDays: 3 + Math.floor(rand() * 28),
          health: {
            temperature: Math.round((36.1 + rand() * 0.9) * 10) / 10,
            symptoms: rand() < 0.1 ? ['cough'] : [],
          },
        },
        shanghaiDate(storedAt),
      );
      await storeDeclaration(publicCtx, checked, room, null, storedAt);
    }
  }
  return true;
}
