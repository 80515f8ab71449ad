import fs from 'node:fs';
import path from 'node:path';
import type { CaseAction, CaseSource, PointBody, Role } from '@cc/contracts';
import { sql } from 'kysely';
import sharp from 'sharp';
import { REPO_ROOT } from '../platform/config.js';
import type { AppDeps, Ctx } from '../platform/context.js';
import { findArea } from '../modules/areas/index.js';
import {
  actOnCase,
  createDispatchRule,
  createPoint,
  fileCase,
  findScenario,
} from '../modules/cases/index.js';
import { hashPassword, loadActorByUsername } from '../modules/identity/index.js';
import { uploadPhoto } from '../modules/media/index.js';
import { registerOpen311Client } from '../modules/open311/index.js';
import { caseText } from './case-texts.js';
import { prng } from './prng.js';
import { createDemoAccount, type DemoFile } from './seed-demo.js';

export const DEMO_UNITS_FILE = path.join(REPO_ROOT, 'demo/units.json');

const STREET = '310101002000'; // 南京东路街道
const DISTRICT = '310101000000'; // 黄浦区
const YUNNAN = '310101002001'; // 云南中路居委会
const GRID = '310101002001-G1';
const RESIDENT_HOME = '310101002001-G1-C1'; // 云南中路花园, the demo resident's compound
const CASES = 180;
/** the demo resident (居民 吴霞) reports a few things of her own compound, no more */
const RESIDENT_REPORTS = 3;

export interface DemoUnit {
  username: string;
  /** absent: an account of demo/accounts.json (handler, lvhua, yunnan, grid) */
  displayName?: string;
  phone?: string;
  unitName: string;
  areaCode: string;
  scenarios: string[];
}
export interface DemoUnitsFile {
  street: string;
  units: DemoUnit[];
  points: {
    name: string;
    kind: PointBody['kind'];
    areaCode: string;
    leader: string;
    unitName: string;
    scenarios: string[];
  }[];
  inspectors: { username: string; displayName: string; phone?: string; areaCode: string }[];
}

export function readDemoUnits(): DemoUnitsFile {
  return JSON.parse(fs.readFileSync(DEMO_UNITS_FILE, 'utf8')) as DemoUnitsFile;
}

/** The accounts demo/units.json makes (the units' handlers, the inspectors), not the samples'. */
export function demoUnitUsernames(): string[] {
  const units = readDemoUnits();
  return [
    ...units.units.filter((u) => u.displayName).map((u) => u.username),
    ...units.inspectors.map((i) => i.username),
  ];
}

/**
 * The mix of a normal afternoon across the domains: the common scenarios often, the rare ones
 * now and then (each has its words in case-texts.ts).
 */
// prettier-ignore
const MIX: [string, number][] = [
  ['illegal-parking', 12], ['shared-bike-disorder', 7], ['non-motor-violation', 3],
  ['road-damaged', 4], ['traffic-facility-damaged', 1], ['abandoned-vehicle', 1],
  ['garbage-overflow', 8], ['exposed-garbage', 3], ['waste-sorting-violation', 5],
  ['bulky-waste-dumped', 3], ['street-unclean', 2], ['noise-nuisance', 6], ['cooking-fume', 2],
  ['public-toilet-issue', 1], ['street-facing-laundry', 1],
  ['street-light-out', 4], ['manhole-cover-missing', 2], ['drain-blocked', 1],
  ['overhead-cable-hanging', 2], ['water-supply-outage', 1],
  ['tree-pruning-needed', 2], ['dead-branch-hazard', 1], ['greenery-damaged', 1],
  ['corridor-clutter', 5], ['group-renting', 2], ['elevator-breakdown', 2], ['building-leak', 2],
  ['corridor-light-out', 2], ['entrance-door-broken', 1], ['illegal-construction', 1],
  ['construction-site-conduct', 2], ['night-construction', 2], ['construction-dust', 1],
  ['muck-truck-spill', 1],
  ['illegal-small-ads', 5], ['flyer-distribution', 1], ['shop-sign-issue', 1],
  ['road-occupation-business', 7], ['illegal-street-vendor', 3], ['unlicensed-business', 1],
  ['illegal-taxi', 1], ['scrap-collection-occupying', 1],
  ['fire-exit-blocked', 3], ['ebike-unsafe-charging', 3], ['objects-thrown-from-height', 1],
  ['waterlogging', 1],
  ['pest-vector-breeding', 2], ['shop-epidemic-check', 1],
  ['neighbour-dispute', 2], ['uncivil-dog-keeping', 2], ['private-parking-lock', 1],
  ['elderly-living-alone-care', 1],
];

/**
 * Whom the street's operation centre sends a case its rules did not place (a committee's
 * matter in another committee of the street), by the scenario's domain.
 */
const QUEUE_DISPATCH: Record<string, string> = {
  housing: 'housing',
  'city-environment': 'sanitation',
  'public-health': 'sanitation',
  'community-affairs': 'police',
};

/**
 * A living demo: the Open311 client of demo/accounts.json; the units of the demo street
 * (demo/units.json: police station, sanitation, enforcement, housing office, market
 * supervision, municipal maintenance, fire safety, greening, the property office, the
 * committee and a grid), each with its handler account and its dispatch rules, fixed points
 * led by them, and more patrol inspectors; then a few hundred cases across Huangpu over the
 * last hours in every state of the loop, in words written for their scenario and place,
 * reported by people who would (the street's inspectors, 12345, the committee and grid inside
 * their area, residents of 云南中路 near home) and made through the same use cases a person
 * would use.
 */
export async function seedDemoCases(deps: AppDeps, file: DemoFile): Promise<boolean> {
  const { db } = deps;
  const any = await db.selectFrom('cases').select('id').limit(1).executeTakeFirst();
  if (any) return false;
  await registerOpen311Client(db, file.open311.clientName, file.open311.apiKey);
  const units = readDemoUnits();
  await createUnitAccounts(deps, file, units);

  const actors = new Map<string, Ctx>();
  const as = async (username: string): Promise<Ctx> => {
    if (!actors.has(username)) {
      actors.set(username, { ...deps, actor: await loadActorByUsername(db, username), ip: null });
    }
    return actors.get(username)!;
  };
  const idOf = async (username: string) => (await as(username)).actor!.id;
  const street = await as('nanjingdong');

  // scenario × area → unit and person; the most specific area wins
  for (const u of units.units) {
    for (const scenarioCode of u.scenarios) {
      await createDispatchRule(street, {
        scenarioCode,
        areaCode: u.areaCode,
        unitName: u.unitName,
        assigneeId: await idOf(u.username),
      });
    }
  }
  for (const p of units.points) {
    const area = await db
      .selectFrom('areas')
      .select(['centre_lat', 'centre_lng'])
      .where('code', '=', p.areaCode)
      .executeTakeFirstOrThrow();
    await createPoint(street, {
      name: p.name,
      kind: p.kind,
      lat: area.centre_lat,
      lng: area.centre_lng,
      radiusMeters: 80,
      scenarioCodes: p.scenarios,
      leaderId: await idOf(p.leader),
      unitName: p.unitName,
    });
  }
  // who a street-wide scenario goes to (for the queue's dispatches)
  const unitOf = new Map<string, string>();
  for (const u of units.units)
    if (u.areaCode === STREET) for (const s of u.scenarios) unitOf.set(s, u.username);

  const areas = await db
    .selectFrom('areas')
    .select(['code', 'name', 'level', 'centre_lat', 'centre_lng', 'path'])
    .where('path', 'like', `310000000000/${DISTRICT}/%`)
    .where('level', 'in', ['committee', 'compound'])
    .orderBy('code')
    .execute();
  const byCode = new Map(areas.map((a) => [a.code, a]));
  const committeeOf = (a: (typeof areas)[number]) =>
    a.level === 'committee' ? a : byCode.get(a.path.split('/')[3]!)!;
  // the demo street's compounds (demo/areas.json); Huangpu's other committees
  const compounds = areas.filter((a) => a.level === 'compound' && a.path.includes(`/${STREET}/`));
  const elsewhere = areas.filter((a) => a.level === 'committee' && !a.path.includes(`/${STREET}/`));
  const yunnanCompounds = compounds.filter((a) => a.path.includes(`/${YUNNAN}/`));
  const residents = ['chenyu', 'linxia', 'wangqiang', 'zhouli', 'liuyang', 'sunmei', 'zhaolei'];
  const inspectors = ['inspector', ...units.inspectors.map((i) => i.username)];

  // a small deterministic generator, so every first start makes the same city
  const rand = prng(20261127);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
  const weighted = MIX.flatMap(([code, weight]) => Array.from({ length: weight }, () => code));
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
  let residentReports = 0;
  for (let i = 0; i < CASES; i++) {
    const scenarioCode = pick(weighted);
    const scenario = findScenario(scenarioCode)!;
    // three in five in the demo street (a third of those in 云南中路), the rest across Huangpu
    const inStreet = rand() < 0.6;
    const place = inStreet
      ? rand() < 0.35
        ? pick(yunnanCompounds)
        : pick(compounds)
      : pick(elsewhere);
    const committee = committeeOf(place);
    const inYunnan = place.path.includes(`/${YUNNAN}/`);
    let reporterName: string;
    let source: CaseSource;
    const r = rand();
    if (!inStreet) {
      [reporterName, source] = r < 0.75 ? ['hotline', 'hotline'] : ['huangpu', 'staff'];
    } else if (
      place.code === RESIDENT_HOME &&
      residentReports < RESIDENT_REPORTS &&
      scenario.domain !== 'public-safety'
    ) {
      residentReports++;
      [reporterName, source] = ['resident', 'resident'];
    } else if (inYunnan && r < 0.25) {
      [reporterName, source] = [pick(residents), 'resident'];
    } else if (inYunnan && r < 0.35) {
      [reporterName, source] = [place.path.includes(`/${GRID}/`) ? 'grid' : 'yunnan', 'staff'];
    } else if (r < 0.58) {
      [reporterName, source] = [pick(inspectors), 'inspector'];
    } else if (r < 0.92) {
      [reporterName, source] = ['hotline', 'hotline'];
    } else {
      [reporterName, source] = ['nanjingdong', 'staff'];
    }
    const reporter = await as(reporterName);
    const text = caseText(
      scenarioCode,
      scenario.name,
      {
        streetCode: place.path.split('/')[2]!,
        compoundName: place.level === 'compound' ? place.name : null,
        committeeName: committee.name,
      },
      rand,
      // a resident reports what is wrong at home
      source === 'resident',
    );
    const jitter = place.level === 'compound' ? 0.0002 : 0.0012;
    let filed;
    try {
      filed = await fileCase(reporter, {
        scenarioCode,
        description: text.description,
        lat: place.centre_lat + (rand() - 0.5) * jitter,
        lng: place.centre_lng + (rand() - 0.5) * jitter,
        areaCode: null,
        address: text.address,
        attributes: text.attributes,
        photoIds: [],
        contact:
          source === 'hotline'
            ? {
                name: pick(['王建国', '李秀英', '张伟', '刘洋', '陈美华', '赵志刚', '孙桂兰']),
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
    const queueTo = unitOf.get(scenarioCode) ?? QUEUE_DISPATCH[scenario.domain] ?? 'enforcement';
    await advance(filed.caseId, reporterName, source, queueTo, rand(), as, photo);
  }
  return true;
}

/** The units' handlers and the street's other inspectors (demo/units.json), once. */
async function createUnitAccounts(
  deps: AppDeps,
  file: DemoFile,
  units: DemoUnitsFile,
): Promise<void> {
  const people: {
    username: string;
    displayName: string;
    phone?: string;
    areaCode: string;
    role: Role;
  }[] = [
    ...units.units.flatMap((u) =>
      u.displayName ? [{ ...u, displayName: u.displayName, role: 'handler' as const }] : [],
    ),
    ...units.inspectors.map((i) => ({ ...i, role: 'patrol_inspector' as const })),
  ];
  let passwordHash: string | undefined;
  for (const p of people) {
    const exists = await deps.db
      .selectFrom('accounts')
      .select('id')
      .where('username', '=', p.username)
      .executeTakeFirst();
    if (exists) continue;
    const area = await findArea(deps.db, p.areaCode);
    if (!area) throw new Error(`demo/units.json: ${p.username} is bound to unknown ${p.areaCode}`);
    passwordHash ??= await hashPassword(file.password);
    await createDemoAccount(deps, p, passwordHash, { role: p.role, area });
  }
}

/** Move a case some way along the loop, as the people on it would. */
async function advance(
  caseId: string,
  reporter: string,
  source: string,
  queueTo: string,
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
  const assignee = row.username ?? (r <= 0.95 ? queueTo : null);
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
  // the reporter checks what they reported; the street's inspector checks the rest
  if (r > 0.7 && r <= 0.95)
    steps.push({
      who: source === 'resident' || source === 'inspector' ? reporter : 'inspector',
      action: 'close',
      note: '现场已核实',
    });
  if (r > 0.8 && r <= 0.95 && source === 'resident') steps.push({ who: reporter, action: 'rate' });
  for (const s of steps) {
    const ctx = await as(s.who);
    const body: Parameters<typeof actOnCase>[2] = { action: s.action };
    if (s.note) body.note = s.note;
    if (s.photo) body.photoIds = [await photo(ctx)];
    if (s.action === 'dispatch') body.assigneeId = (await as(queueTo)).actor!.id;
    if (s.action === 'rate') body.rating = 5;
    try {
      await actOnCase(ctx, caseId, body);
    } catch {
      return; // not this actor's to take (a case of another street, say): stop here
    }
  }
}

/**
 * People read their notices: after the first start's seeding every account keeps only its
 * newest three to six in-app notices unread (by a stable rule per account), the rest read a
 * few minutes after they came, so the bell shows a handful, not 99+.
 */
export async function settleDemoNotices(deps: AppDeps): Promise<number> {
  // the jobs already due (texts, the deadlines passed) run first: their notices are old news
  for (let round = 0; round < 100; round++) if ((await deps.jobs.runDue(256)) === 0) break;
  const r = await sql`
    update notifications n
       set read_at = least(now(), n.created_at + interval '7 minutes')
      from (select id, recipient_id,
                   row_number() over (partition by recipient_id order by created_at desc, id) as k
              from notifications
             where channel = 'inapp' and read_at is null and recipient_id is not null) u
     where n.id = u.id and u.k > 3 + abs(hashtext(u.recipient_id::text)) % 4`.execute(deps.db);
  return Number(r.numAffectedRows ?? 0);
}
