import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { maskPhone, type Role } from '@cc/contracts';
import { sql } from 'kysely';
import { REPO_ROOT } from '../platform/config.js';
import type { AppDeps } from '../platform/context.js';
import { findArea, importAreas } from '../modules/areas/index.js';
import { rebuildRollups } from '../modules/cases/index.js';
import { hashPassword } from '../modules/identity/index.js';
import { seedAffairs } from './seed-affairs.js';
import { seedBuildingGroups } from './seed-building-groups.js';
import { seedCouncils } from './seed-councils.js';
import { seedSso } from './seed-sso.js';
import { seedDemoAddresses } from './seed-addresses.js';
import { seedDailyLogs } from './seed-daily-logs.js';
import { seedDemoCases, settleDemoNotices } from './seed-cases.js';
import { seedMeetings } from './seed-meetings.js';
import { seedDeliberation } from './seed-deliberation.js';
import { seedDeclarations } from './seed-declarations.js';
import { seedObservations } from './seed-observations.js';
import { seedTopicFigures } from './seed-topic-figures.js';
import { seedDemoNotices } from './seed-notices.js';
import { seedDemoResidents } from './seed-residents.js';
import { seedEmergencyContacts } from './seed-emergency-contacts.js';
import { seedVotes } from './seed-votes.js';
import { seedVolunteers } from './seed-volunteers.js';
import { generateCases } from './synthetic-cases.js';
import { generateRegistry } from './synthetic-registry.js';
import { SILENT, type StartProgress } from '../platform/progress.js';

export const DEMO_ACCOUNTS_FILE = path.join(REPO_ROOT, 'demo/accounts.json');
export const DEMO_AREAS_FILE = path.join(REPO_ROOT, 'demo/areas.json');

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  areaCode: string;
  phone?: string;
}

export interface DemoFile {
  password: string;
  /** the Open311 client the demo city registers, with its api_key */
  open311: { clientName: string; apiKey: string };
  accounts: DemoAccount[];
}

export interface DemoSummary {
  created: boolean;
  password: string;
  accounts: (DemoAccount & { areaName: string })[];
}

export function readDemoFile(): DemoFile {
  return JSON.parse(fs.readFileSync(DEMO_ACCOUNTS_FILE, 'utf8')) as DemoFile;
}

/** the parts of the demo city with its cases (DEMO_CASES, the default), as `step` counts them */
const DEMO_PARTS = 17;

/**
 * The demo city on top of the real Shanghai tree: grids and compounds for one street
 * (demo/areas.json) and one sample account per role (demo/accounts.json).
 * Idempotent: what exists is left alone. Never called in production.
 */
export async function seedDemoCity(
  deps: AppDeps,
  progress: StartProgress = SILENT,
): Promise<DemoSummary> {
  const { db } = deps;
  // one line a part as `npm start` prints them (platform/progress.ts)
  let done = 0;
  const parts = deps.config.demoCases ? DEMO_PARTS : 2;
  const step = (zh: string, en: string, when = true) => {
    if (when)
      progress({ zh: `演示城市 · ${zh}`, en: `demo city: ${en}`, done: ++done, total: parts });
  };
  step('区划与示例账号', 'areas and sample accounts');
  const file = readDemoFile();
  let created = false;
  const demoAreas = JSON.parse(fs.readFileSync(DEMO_AREAS_FILE, 'utf8')) as {
    areas: { code: string }[];
  };
  if (!(await findArea(db, demoAreas.areas[0]!.code))) {
    await importAreas(db, demoAreas);
    created = true;
  }
  const existing = new Set(
    (
      await db
        .selectFrom('accounts')
        .select('username')
        .where(
          'username',
          'in',
          file.accounts.map((a) => a.username),
        )
        .execute()
    ).map((r) => r.username),
  );
  const summary: DemoSummary['accounts'] = [];
  let passwordHash: string | undefined;
  for (const a of file.accounts) {
    const area = await findArea(db, a.areaCode);
    if (!area)
      throw new Error(`demo/accounts.json: ${a.username} is bound to unknown area ${a.areaCode}`);
    summary.push({ ...a, areaName: area.name });
    if (existing.has(a.username)) continue;
    passwordHash ??= await hashPassword(file.password);
    await createDemoAccount(deps, a, passwordHash, { role: a.role, area });
    created = true;
  }
  if (deps.config.demoCases) {
    step('居民登记', 'the registry of residents');
    // the registry of the demo street: a few hundred residents per committee (scale 0.1),
    // in the compounds of demo/areas.json; a committee that has residents is left alone
    const registry = await generateRegistry(db, deps.cipher, {
      scale: 0.1,
      within: ['310101002000'],
      seed: 20261127,
      // 2–12 buildings a compound (a sample of their people), not one each
      buildingsPerCompound: { min: 2, max: 12 },
    });
    if (registry.residents > 0) created = true;
    step('已认证居民', 'verified residents');
    // verified residents of 云南中路 linked to that registry (demo/residents.json)
    if (await seedDemoResidents(deps)) created = true;
    // emergency contacts for a few of 云南中路's elderly living alone (seed-emergency-contacts.ts)
    if (await seedEmergencyContacts(deps)) created = true;
    step('通知公告', 'notices');
    // 通知公告 of 云南中路 and the street, some read by those residents (seed-notices.ts)
    if (await seedDemoNotices(deps)) created = true;
    step('众议院', 'proposals');
    // 众议院 of 云南中路: its threshold (5) and proposals in different states (seed-deliberation.ts)
    if (await seedDeliberation(deps)) created = true;
    step('楼组', 'building groups');
    // 楼组 of chenyu's building: its 楼组长 and a few posts (seed-building-groups.ts)
    if (await seedBuildingGroups(deps)) created = true;
    step('社区日志', 'community logs');
    // 社区日志 of 云南中路: linxia a 志愿者日志 author, logs by yunnan and linxia (seed-daily-logs.ts)
    if (await seedDailyLogs(deps)) created = true;
  }
  step('工单与办理经过', 'cases and their history', deps.config.demoCases);
  const casesSeeded = deps.config.demoCases && (await seedDemoCases(deps, file));
  if (casesSeeded) {
    await seedCaseHistory(deps, file);
    created = true;
  }
  step('办事', 'service requests', deps.config.demoCases);
  // 办事 requests of the demo residents (after the cases: a repair files one), seed-affairs.ts
  if (deps.config.demoCases && (await seedAffairs(deps))) created = true;
  step('议事会', 'meetings', deps.config.demoCases);
  // an upcoming 议事会 of 云南中路 with a few residents registered, seed-meetings.ts
  if (deps.config.demoCases && (await seedMeetings(deps))) created = true;
  step('业主投票', "owners' votes", deps.config.demoCases);
  // owners' votes: a six-flat staircase and its owners register, elevator projects and the
  // street's target, the compounds' property management (seed-votes.ts)
  if (deps.config.demoCases && (await seedVotes(deps))) created = true;
  step('社区通申报', 'declarations', deps.config.demoCases);
  // 社区通: key regions, 云南中路's declaration posters and ~30 declarations (seed-declarations.ts)
  if (deps.config.demoCases && (await seedDeclarations(deps))) created = true;
  step('居家观察', 'home observations', deps.config.demoCases);
  // their observations: days of check-ins, a fever, one missing today (seed-observations.ts)
  if (deps.config.demoCases && (await seedObservations(deps))) created = true;
  // the departments' figures on the epidemic board for Huangpu's committees (seed-topic-figures.ts)
  if (deps.config.demoCases && (await seedTopicFigures(deps))) created = true;
  step('志愿者', 'volunteers', deps.config.demoCases);
  // 志愿者 of 云南中路: ~40 volunteers, 3 teams, last weekend's hours, upcoming shifts and a
  // 亲子活动, a volunteer sent to a case (seed-volunteers.ts)
  if (deps.config.demoCases && (await seedVolunteers(deps))) created = true;
  step('街区共治', 'block councils', deps.config.demoCases);
  // 街区共治: 豫园路's 91 shops and their merchants (demo/merchants.json), the 黄金城道
  // co-management committee with its members, fund, guideline and rest areas (seed-councils.ts)
  if (deps.config.demoCases && (await seedCouncils(deps))) created = true;
  step('专业系统', 'department systems');
  // 专业系统: 22 department systems of 13 departments (placeholders) and apps/dept-demo on this
  // server's port + 1, as clients of one sign-on (data/sso/department-systems.json, seed-sso.ts)
  if (await seedSso(deps)) created = true;
  step('地址库', 'addresses', deps.config.demoCases);
  // 地址库: the compounds, buildings and points made above in the address index, and with the
  // demo's cases 南京东路街道's door numbers (data/addresses; seed-addresses.ts)
  if (await seedDemoAddresses(deps, { doorNumbers: deps.config.demoCases })) created = true;
  // the first start's notices, read as people would: a handful unread each (seed-cases.ts),
  // after the deadlines the live cases passed while they were made have fired
  if (casesSeeded) await settleDemoNotices(deps);
  return { created, password: file.password, accounts: summary };
}

/**
 * A demo account with the demo password (its hash given), and its one role binding when it has
 * a role; without one it is an ordinary signed-up account (the merchants of demo/merchants.json).
 * Returns its id.
 */
export async function createDemoAccount(
  deps: AppDeps,
  a: { username: string; displayName: string; phone?: string },
  passwordHash: string,
  binding?: { role: Role; area: { code: string; path: string } },
): Promise<string> {
  const id = crypto.randomUUID();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('accounts')
      .values({
        id,
        username: a.username,
        display_name: a.displayName,
        password_hash: passwordHash,
        phone_enc: a.phone ? deps.cipher.encrypt(a.phone) : null,
        phone_hmac: a.phone ? deps.cipher.lookupHash(a.phone) : null,
        phone_masked: a.phone ? maskPhone(a.phone) : null,
        created_by: null,
      })
      .execute();
    if (binding)
      await trx
        .insertInto('role_bindings')
        .values({
          id: crypto.randomUUID(),
          account_id: id,
          role: binding.role,
          area_code: binding.area.code,
          area_path: binding.area.path,
          created_by: null,
        })
        .execute();
  });
  return id;
}

/**
 * The city-wide history behind the live cases: enough for every district's figures and
 * weeks of trend, small enough for a first start well under the 60 s bar on PGlite (about
 * 10 s of it on a busy 2-core machine).
 */
const DEMO_HISTORY = { cases: 20_000, days: 45, seed: 20261127 };

/**
 * Weeks of cases across all of Shanghai, made by the case generator once, with the live
 * demo cases (first start only). Its cases are the past: no jobs, texts or notices; the
 * ones still open near now wait without deadline jobs. No dispatch rules are added (cases
 * filed later are dispatched as before, by the demo street's rules); open311 cases name the
 * demo's client. The rollups are rebuilt from the whole timeline afterwards, and the
 * tables analysed.
 */
async function seedCaseHistory(deps: AppDeps, file: DemoFile): Promise<void> {
  const { db } = deps;
  const client = await db
    .selectFrom('open311_clients')
    .select('id')
    .where('name', '=', file.open311.clientName)
    .executeTakeFirstOrThrow();
  await generateCases(db, {
    ...DEMO_HISTORY,
    chunk: 10_000,
    dispatchRules: false,
    open311ClientId: client.id,
  });
  await rebuildRollups(db);
  // statistics for the planner, as autovacuum would leave them (PGlite runs none)
  await sql`analyze cases, case_events, case_flow_hourly, case_resolve_hist, case_status_counts`.execute(
    db,
  );
}
