import type { CaseAction } from '@cc/contracts';
import sharp from 'sharp';
import type { AppDeps, Ctx } from '../platform/context.js';
import { actOnCase, createDispatchRule, createPoint, fileCase } from '../modules/cases/index.js';
import { loadActorByUsername } from '../modules/identity/index.js';
import { uploadPhoto } from '../modules/media/index.js';
import { registerOpen311Client } from '../modules/open311/index.js';
import { prng } from './prng.js';
import type { DemoFile } from './seed-demo.js';

const STREET = '310101002000'; // 南京东路街道
const DISTRICT = '310101000000'; // 黄浦区
const CASES = 240;

/** The mix of a normal week: the common scenarios often, the rare ones now and then. */
const MIX: [string, number, Record<string, string>][] = [
  ['illegal-parking', 14, {}],
  ['garbage-overflow', 10, {}],
  ['shared-bike-disorder', 9, {}],
  ['road-occupation-business', 8, {}],
  ['noise-nuisance', 8, { source: 'renovation' }],
  ['corridor-clutter', 6, {}],
  ['waste-sorting-violation', 6, {}],
  ['illegal-small-ads', 6, {}],
  ['street-light-out', 5, {}],
  ['road-damaged', 5, {}],
  ['fire-exit-blocked', 4, { exit_location: '商场东侧安全出口', blocked_by: 'goods' }],
  ['group-renting', 3, {}],
  ['construction-site-conduct', 3, {}],
  ['illegal-street-vendor', 3, {}],
  ['elevator-breakdown', 2, {}],
  ['waterlogging', 2, {}],
  ['non-motor-violation', 4, {}],
  ['tree-pruning-needed', 2, {}],
];

/**
 * A living demo: the Open311 client of demo/accounts.json, dispatch rules and fixed points
 * of 南京东路街道, and a few hundred cases across Huangpu over the last hours in every
 * state of the loop, made through the same use cases a person would use.
 */
export async function seedDemoCases(deps: AppDeps, file: DemoFile): Promise<boolean> {
  const { db } = deps;
  const any = await db.selectFrom('cases').select('id').limit(1).executeTakeFirst();
  if (any) return false;
  await registerOpen311Client(db, file.open311.clientName, file.open311.apiKey);

  const actors = new Map<string, Ctx>();
  const as = async (username: string): Promise<Ctx> => {
    if (!actors.has(username)) {
      actors.set(username, { ...deps, actor: await loadActorByUsername(db, username), ip: null });
    }
    return actors.get(username)!;
  };
  const idOf = async (username: string) => (await as(username)).actor!.id;
  const street = await as('nanjingdong');

  // scenario × area → unit and person; the most specific wins
  const rules: [string | null, string, string, string | null][] = [
    ['fire-exit-blocked', STREET, '南京东路街道消防安全组', 'handler'],
    ['garbage-overflow', STREET, '黄浦区环卫南京东路作业所', 'handler'],
    ['noise-nuisance', STREET, '南京东路街道综合执法队', 'handler'],
    ['illegal-parking', STREET, '黄浦公安分局南京东路派出所', 'handler'],
    ['road-occupation-business', STREET, '南京东路街道综合执法队', 'handler'],
    ['waste-sorting-violation', '310101002001', '云南中路居委会', 'yunnan'],
    [null, '310101002001-G1', '云南中路第1网格', 'grid'],
  ];
  for (const [scenarioCode, areaCode, unitName, who] of rules) {
    await createDispatchRule(street, {
      scenarioCode,
      areaCode,
      unitName,
      assigneeId: who ? await idOf(who) : null,
    });
  }
  const centres = await db
    .selectFrom('areas')
    .select(['code', 'centre_lat', 'centre_lng', 'path'])
    .where('path', 'like', `310000000000/${DISTRICT}/%`)
    .where('level', '=', 'committee')
    .orderBy('code')
    .execute();
  const centre = (code: string) => centres.find((c) => c.code === code)!;
  const points: [string, 'shop' | 'school_gate' | 'construction_site', string, string[] | null][] =
    [
      ['第一食品商店', 'shop', '310101002001', ['fire-exit-blocked', 'road-occupation-business']],
      [
        '云南中路小学校门',
        'school_gate',
        '310101002002',
        ['illegal-parking', 'non-motor-violation', 'illegal-street-vendor'],
      ],
      [
        '南京东路步行街改造工地',
        'construction_site',
        '310101002003',
        ['construction-site-conduct', 'noise-nuisance'],
      ],
    ];
  for (const [name, kind, code, scenarioCodes] of points) {
    const c = centre(code);
    await createPoint(street, {
      name,
      kind,
      lat: c.centre_lat,
      lng: c.centre_lng,
      radiusMeters: 80,
      scenarioCodes,
      leaderId: await idOf('handler'),
      unitName: `${name}点位`,
    });
  }

  // a small deterministic generator, so every first start makes the same city
  const rand = prng(20261127);
  const pick = <T>(items: T[]) => items[Math.floor(rand() * items.length)]!;
  const weighted = MIX.flatMap(([code, weight, attrs]) =>
    Array.from({ length: weight }, () => [code, attrs] as const),
  );
  const photo = async (ctx: Ctx) => {
    const bytes = await sharp({
      create: {
        width: 96,
        height: 72,
        channels: 3,
        background: { r: 40 + Math.floor(rand() * 180), g: 120, b: 90 },
      },
    })
      .jpeg()
      .toBuffer();
    return (await uploadPhoto(ctx, bytes)).id;
  };
  const now = Date.now();
  const nanjing = centres.filter((c) => c.path.includes(`/${STREET}/`));
  for (let i = 0; i < CASES; i++) {
    const [scenarioCode, attributes] = pick(weighted);
    // two thirds in the demo street, the rest across Huangpu
    const where = rand() < 0.66 ? pick(nanjing) : pick(centres);
    const source = pick([
      'inspector',
      'inspector',
      'inspector',
      'resident',
      'hotline',
      'staff',
    ] as const);
    const reporter = await as(
      source === 'inspector'
        ? 'inspector'
        : source === 'resident'
          ? 'resident'
          : source === 'hotline'
            ? 'hotline'
            : 'yunnan',
    );
    let filed;
    try {
      filed = await fileCase(reporter, {
        scenarioCode,
        description: `演示工单 #${i + 1}`,
        lat: where.centre_lat + (rand() - 0.5) * 0.0012,
        lng: where.centre_lng + (rand() - 0.5) * 0.0012,
        areaCode: null,
        address: null,
        attributes,
        photoIds: [],
        contact:
          source === 'hotline'
            ? {
                name: pick(['王建国', '李秀英', '张伟', '刘洋']),
                phone: `139${String(10000000 + i).slice(-8)}`,
              }
            : null,
        source,
        reporterId: reporter.actor!.id,
        reporterName: reporter.actor!.displayName,
        at: new Date(now - rand() * 6 * 3600_000),
      });
    } catch {
      continue; // a jittered point fell outside the city's coast line: skip it
    }
    await advance(filed.caseId, source, rand(), as, photo);
  }
  return true;
}

/** Move a case some way along the loop, as the people on it would. */
async function advance(
  caseId: string,
  source: string,
  r: number,
  as: (u: string) => Promise<Ctx>,
  photo: (ctx: Ctx) => Promise<string>,
): Promise<void> {
  if (r < 0.2) return; // stays where dispatch left it
  const street = await as('nanjingdong');
  const row = await street.db
    .selectFrom('cases')
    .leftJoin('accounts', 'accounts.id', 'cases.assignee_id')
    .select('accounts.username')
    .where('cases.id', '=', caseId)
    .executeTakeFirstOrThrow();
  const steps: { who: string; action: CaseAction; note?: string; photo?: boolean }[] = [];
  const assignee = row.username ?? (r <= 0.95 ? 'handler' : null);
  if (!row.username) {
    if (r < 0.3) return; // waits in the street queue
    if (r > 0.95) {
      steps.push({ who: 'nanjingdong', action: 'reject', note: '非本街道职责，已告知来电人' });
    } else {
      steps.push({ who: 'nanjingdong', action: 'dispatch', note: '请尽快处置' });
    }
  }
  if (assignee && r > 0.95 && r <= 0.97)
    steps.push({ who: assignee, action: 'return', note: '不属于本单位职责，请改派' });
  if (assignee && r > 0.35 && r <= 0.95) {
    steps.push({ who: assignee, action: 'accept' });
    if (r > 0.45) steps.push({ who: assignee, action: 'progress', note: '已到场处置' });
    if (r > 0.55) steps.push({ who: assignee, action: 'resolve', note: '已处置完毕', photo: true });
  }
  if (r > 0.7 && r <= 0.95)
    steps.push({
      who: source === 'resident' ? 'resident' : 'inspector',
      action: 'close',
      note: '现场已核实',
    });
  if (r > 0.8 && r <= 0.95 && source === 'resident')
    steps.push({ who: 'resident', action: 'rate' });
  for (const s of steps) {
    const ctx = await as(s.who);
    const body: Parameters<typeof actOnCase>[2] = { action: s.action };
    if (s.note) body.note = s.note;
    if (s.photo) body.photoIds = [await photo(ctx)];
    if (s.action === 'dispatch') body.assigneeId = (await as('handler')).actor!.id;
    if (s.action === 'rate') body.rating = 5;
    try {
      await actOnCase(ctx, caseId, body);
    } catch {
      return; // not this actor's to take (e.g. the case went to the grid leader): stop here
    }
  }
}
