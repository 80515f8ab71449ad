/**
 * Block co-governance in the demo city (issue 24), made through the councils module's use cases
 * as the people would (every rule, mask, audit row and hash chain as in real use):
 *  - the four merchant accounts of demo/merchants.json (老庙黄金, 南翔馒头店, 五芳斋, 绿波廊):
 *    ordinary signed-up accounts with a phone and the demo password, no staff role;
 *  - the 91 shops of 豫园路 (豫园街道): the four merchants register their own and yuyuan
 *    (豫园街道城运中心) verifies them, yuyuan registers the others; no block or alliance (the browser journey draws
 *    the 豫园路 block and sets up its alliance);
 *  - 黄金城道 (长宁区 虹桥街道): a block over the pedestrian street and its 共管委员会 of
 *    "1 + 3 + X" — the street's joint party branch (its secretary the chair), 古北荣华第一居委会
 *    (the secretary), six compounds' owners' committees, the property company, three shops of
 *    the street, 古北集团 and a community lawyer — each with a representative; synthetic
 *    accounts of the `hjcd-` names below (no role), made here. Its fund: pledges and
 *    contributions, a greening expense with its receipt approved by two directors, a guards'
 *    expense waiting for its second approval; the guideline 街区绿化提升导则 with the experts
 *    lvhua and guihua, one application approved by both; two 爱心休息区 with opening hours,
 *    a lawyer's hour, and a greening need matched with 古北集团's offer into a project.
 * Each part is skipped when it exists (the first of its shops, the block by name).
 */
import fs from 'node:fs';
import path from 'node:path';
import type {
  BlockBoundary,
  CouncilMember,
  CouncilRole,
  MemberKind,
  ShopCategory,
} from '@cc/contracts';
import sharp from 'sharp';
import { REPO_ROOT } from '../platform/config.js';
import type { AppDeps, Ctx } from '../platform/context.js';
import {
  addCouncilMember,
  applyUnderGuideline,
  createBlock,
  createCouncil,
  createGuideline,
  createOffer,
  decideExpense,
  matchIntoProject,
  recordFundEntry,
  registerShop,
  reviewApplication,
  verifyShop,
} from '../modules/councils/index.js';
import { hashPassword, loadActorByUsername } from '../modules/identity/index.js';
import { uploadAttachment } from '../modules/media/index.js';
import { createDemoAccount } from './seed-demo.js';

export const DEMO_MERCHANTS_FILE = path.join(REPO_ROOT, 'demo/merchants.json');

export interface DemoShop {
  name: string;
  uscc: string;
  address: string;
  lat: number;
  lng: number;
  category: ShopCategory;
  contactName: string;
  contactPhone: string;
  /** the merchant account that owns it (registers it itself) */
  owner?: string;
}
export interface DemoMerchantsFile {
  password: string;
  streetCode: string;
  road: { name: string; from: [number, number]; to: [number, number]; outline: [number, number][] };
  merchants: { username: string; displayName: string; phone: string }[];
  shops: DemoShop[];
}

export function readDemoMerchants(): DemoMerchantsFile {
  return JSON.parse(fs.readFileSync(DEMO_MERCHANTS_FILE, 'utf8')) as DemoMerchantsFile;
}

/** The merchants' and the 黄金城道 representatives' usernames (both with the merchants' password). */
export function demoCouncilUsernames(): string[] {
  return [...readDemoMerchants().merchants, ...PARTIES.map((p) => p.rep)].map((p) => p.username);
}

async function ctxOf(deps: AppDeps, username: string): Promise<Ctx | null> {
  const actor = await loadActorByUsername(deps.db, username).catch(() => null);
  return actor ? { ...deps, actor, ip: null } : null;
}

/** the demo password's hash, made once (argon2id takes a while) */
const hashes = new Map<string, Promise<string>>();

/** Accounts of `people` that do not exist yet, with the demo password; all of them as contexts. */
async function ensureAccounts(
  deps: AppDeps,
  people: { username: string; displayName: string; phone: string }[],
  password: string,
): Promise<Map<string, Ctx>> {
  const out = new Map<string, Ctx>();
  for (const p of people) {
    let ctx = await ctxOf(deps, p.username);
    if (!ctx) {
      if (!hashes.has(password)) hashes.set(password, hashPassword(password));
      await createDemoAccount(deps, p, await hashes.get(password)!);
      ctx = (await ctxOf(deps, p.username))!;
    }
    out.set(p.username, ctx);
  }
  return out;
}

/** Returns whether it wrote anything. */
export async function seedCouncils(deps: AppDeps): Promise<boolean> {
  const shops = await seedYuyuanShops(deps);
  const huangjin = await seedHuangjinCouncil(deps);
  return shops || huangjin;
}

// ---------------------------------------------------------------------------------------------
// 豫园路: its merchants and 91 shops

async function seedYuyuanShops(deps: AppDeps): Promise<boolean> {
  const file = readDemoMerchants();
  const yuyuan = await ctxOf(deps, 'yuyuan');
  if (!yuyuan) return false;
  const done = await deps.db
    .selectFrom('shops')
    .select('id')
    .where('uscc', '=', file.shops[0]!.uscc)
    .executeTakeFirst();
  if (done) return false;
  const merchants = await ensureAccounts(deps, file.merchants, file.password);
  for (const { owner, ...shop } of file.shops) {
    const made = await registerShop(owner ? merchants.get(owner)! : yuyuan, shop);
    // the street has checked the merchants' own registrations, so they may join an alliance
    if (owner) await verifyShop(yuyuan, made.id, {});
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// 黄金城道 (长宁区 虹桥街道): the block, its co-management committee, fund, guideline, offers

const HONGQIAO = '310105009000';
const BLOCK_NAME = '黄金城道街区';
/** 虹许, 虹梅, 古北荣华第一 and 第四居委会: the committees along the street. */
const BLOCK_COMMITTEES = ['310105009012', '310105009013', '310105009018', '310105009021'];
const WEST = 121.3635;
const EAST = 121.3712;
const SOUTH = 31.2166;
const NORTH = 31.2176;
const BOUNDARY: BlockBoundary = {
  type: 'Polygon',
  coordinates: [
    [
      [WEST, SOUTH],
      [EAST, SOUTH],
      [EAST, NORTH],
      [WEST, NORTH],
      [WEST, SOUTH],
    ],
  ],
};
/** a point of the street, `f` of the way from its west end, on its north (1) or south (-1) side */
const along = (f: number, side: 1 | -1) => ({
  lat: Number(((SOUTH + NORTH) / 2 + side * 0.0002).toFixed(6)),
  lng: Number((WEST + (EAST - WEST) * f).toFixed(6)),
});

interface Party {
  key: string;
  kind: MemberKind;
  name: string;
  role: CouncilRole;
  rep: { username: string; displayName: string; phone: string };
  /** a merchant: its shop on 黄金城道, registered by its representative */
  shop?: { name: string; uscc: string; no: number; category: ShopCategory };
}

/** A GB 32100 code of 长宁区 (310105) for a synthetic shop: the org code part has its GB 11714 check digit. */
function usccOf(body8: string): string {
  const value = (c: string) => (/\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55);
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  const r = 11 - ([...body8].reduce((s, c, i) => s + value(c) * w[i]!, 0) % 11);
  const first17 = `91310105${body8}${r === 10 ? 'X' : r === 11 ? '0' : String(r)}`;
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = [...first17].reduce((s, c, i) => s + chars.indexOf(c) * weights[i]!, 0);
  return first17 + chars[(31 - (sum % 31)) % 31]!;
}

const PARTIES: Party[] = [
  {
    key: 'party',
    kind: 'party',
    name: '黄金城道街区联合党支部',
    role: 'chair',
    rep: { username: 'hjcd-party', displayName: '联合党支部书记 钱卫东', phone: '13700020001' },
  },
  {
    key: 'rc',
    kind: 'residents_committee',
    name: '古北荣华第一居委会',
    role: 'secretary',
    rep: { username: 'hjcd-rc', displayName: '古北荣华第一居委会 邵婷', phone: '13700020002' },
  },
  ...(
    [
      ['gubei', '古北国际花园业主委员会', 'director', '俞国平'],
      ['mingdu', '名都城业主委员会', 'director', '蒋慧'],
      ['ruishi', '瑞仕花园业主委员会', 'member', '黄立新'],
      ['huacheng', '古北华城业主委员会', 'member', '陆海燕'],
      ['ronghua', '荣华公寓业主委员会', 'member', '方志强'],
      ['huayuan', '黄金城道花苑业主委员会', 'member', '严晓梅'],
    ] as const
  ).map(([key, name, role, person], i): Party => ({
    key,
    kind: 'owners_committee',
    name,
    role,
    rep: {
      username: `hjcd-${key}`,
      displayName: `${name.replace('业主委员会', '业委会')} ${person}`,
      phone: `1370002001${i}`,
    },
  })),
  {
    key: 'property',
    kind: 'property_company',
    name: '古北物业管理有限公司',
    role: 'member',
    rep: { username: 'hjcd-wuye', displayName: '古北物业 项目经理 汤建华', phone: '13700020021' },
  },
  {
    key: 'cafe',
    kind: 'merchant',
    name: '黄金城道咖啡馆',
    role: 'member',
    rep: { username: 'hjcd-cafe', displayName: '黄金城道咖啡馆 林可', phone: '13700020031' },
    shop: { name: '黄金城道咖啡馆', uscc: usccOf('MA1G0301'), no: 58, category: 'catering' },
  },
  {
    key: 'florist',
    kind: 'merchant',
    name: '古北花艺',
    role: 'member',
    rep: { username: 'hjcd-huayi', displayName: '古北花艺 苏雯', phone: '13700020032' },
    shop: { name: '古北花艺', uscc: usccOf('MA1G0302'), no: 66, category: 'retail' },
  },
  {
    key: 'bakery',
    kind: 'merchant',
    name: '荣华面包房',
    role: 'member',
    rep: { username: 'hjcd-mianbao', displayName: '荣华面包房 赵晨', phone: '13700020033' },
    shop: { name: '荣华面包房', uscc: usccOf('MA1G0303'), no: 91, category: 'catering' },
  },
  {
    key: 'group',
    kind: 'enterprise',
    name: '古北集团',
    role: 'director',
    rep: { username: 'hjcd-jituan', displayName: '古北集团 行政总监 王振华', phone: '13700020041' },
  },
  {
    key: 'lawyer',
    kind: 'lawyer',
    name: '虹桥社区律师工作室',
    role: 'member',
    rep: { username: 'hjcd-lvshi', displayName: '社区律师 何敏', phone: '13700020051' },
  },
];

const YUAN = 100;

async function seedHuangjinCouncil(deps: AppDeps): Promise<boolean> {
  const city = await ctxOf(deps, 'city');
  const lvhua = await ctxOf(deps, 'lvhua');
  const guihua = await ctxOf(deps, 'guihua');
  if (!city || !lvhua || !guihua) return false;
  const exists = await deps.db
    .selectFrom('council_blocks')
    .select('id')
    .where('street_code', '=', HONGQIAO)
    .where('name', '=', BLOCK_NAME)
    .executeTakeFirst();
  if (exists) return false;
  const password = readDemoMerchants().password;
  const reps = await ensureAccounts(
    deps,
    PARTIES.map((p) => p.rep),
    password,
  );
  const rep = (key: string) => reps.get(PARTIES.find((p) => p.key === key)!.rep.username)!;

  // ---- the block and its council, set up by the city's operations centre ----
  const block = await createBlock(city, {
    streetCode: HONGQIAO,
    name: BLOCK_NAME,
    frontage: '黄金城道（古北路至伊犁路）两侧沿街商铺及六个小区',
    areaCodes: BLOCK_COMMITTEES,
    boundary: BOUNDARY,
  });
  const council = await createCouncil(city, {
    blockId: block.id,
    kind: 'co_management',
    name: '黄金城道街区共管委员会',
    description:
      '由街区联合党支部牵头，居委会、六个小区业委会、物业公司、沿街商户、古北集团和社区律师共同组成，' +
      '共商设施维护、垃圾分类、非机动车停放、文明养宠和公共秩序等街区事务。',
    rules: { expenseApprovals: 2 },
  });

  // ---- its members, "1 + 3 + X" ----
  const members = new Map<string, CouncilMember>();
  for (const p of PARTIES) {
    let shopId: string | undefined;
    if (p.shop) {
      const at = along(p.shop.no / 100, p.shop.no % 2 ? 1 : -1);
      const shop = await registerShop(rep(p.key), {
        name: p.shop.name,
        uscc: p.shop.uscc,
        address: `黄金城道 ${p.shop.no} 号`,
        ...at,
        category: p.shop.category,
        contactName: p.rep.displayName.split(' ').pop()!,
        contactPhone: p.rep.phone,
      });
      await verifyShop(city, shop.id, {});
      shopId = shop.id;
    }
    const member = await addCouncilMember(city, council.id, {
      kind: p.kind,
      name: p.name,
      ...(shopId ? { shopId } : {}),
      representatives: [{ accountId: rep(p.key).actor!.id, role: p.role }],
    });
    members.set(p.key, member);
  }
  const memberId = (key: string) => members.get(key)!.id;
  const chair = rep('party');
  const secretary = rep('rc');

  /** an uploaded PNG labelled `label`: a receipt, a design */
  const upload = async (ctx: Ctx, fileName: string, label: string) =>
    (await uploadAttachment(ctx, { fileName, bytes: await placeholderPng(label) })).id;

  // ---- the guideline, its experts, and an application both approved ----
  const guideline = await createGuideline(chair, council.id, {
    title: '街区绿化提升导则',
    body: [
      '一、适用范围：黄金城道两侧沿街绿化带、小区出入口及商铺外摆区域的绿化改造。',
      '二、植物选择：以本地适生的乔灌木和宿根花卉为主，不得侵占人行道，不遮挡店招和监控。',
      '三、设施要求：花箱、树池采用统一色系，高度不超过 0.8 米，夜间不影响通行照明。',
      '四、养护责任：申请成员负责改造后一年的日常养护，死株一个月内补种。',
      '五、申请材料：现状照片、设计方案（平面图及植物清单）、施工时间安排。',
    ].join('\n'),
    reviewers: [
      { accountId: lvhua.actor!.id, organisation: '黄浦区绿化市容局' },
      { accountId: guihua.actor!.id, organisation: '社区规划师' },
    ],
    approvalsRequired: 2,
    closesAt: new Date(Date.now() + 90 * 86_400_000).toISOString(),
  });
  const applicant = rep('gubei');
  const photo = await placeholderPng('photo', { r: 120, g: 160, b: 110 });
  const application = await applyUnderGuideline(applicant, guideline.id, {
    memberId: memberId('gubei'),
    title: '古北国际花园沿街出入口绿化改造',
    description: '拆除破损花箱，改种低矮灌木和宿根花卉，出入口两侧增设两组统一样式花箱。',
    ...along(0.25, -1),
    photoIds: [(await uploadAttachment(applicant, { fileName: '现状照片.png', bytes: photo })).id],
    designId: await upload(applicant, '绿化改造设计方案.png', 'design'),
  });
  await reviewApplication(lvhua, application.id, { decision: 'approve' });
  await reviewApplication(guihua, application.id, { decision: 'approve' });

  // ---- what each party offers and needs; the rest areas on the public map ----
  await createOffer(rep('cafe'), council.id, {
    side: 'offer',
    memberId: memberId('cafe'),
    category: 'rest_area',
    title: '爱心休息区（咖啡馆一楼）',
    description: '环卫工人、快递小哥可在此歇脚、喝水、给手机充电，午餐可用微波炉加热。',
    ...along(0.58, -1),
    openingHours: '08:00-21:00',
  });
  await createOffer(rep('property'), council.id, {
    side: 'offer',
    memberId: memberId('property'),
    category: 'rest_area',
    title: '爱心休息区（物业服务中心）',
    description: '提供饮用水、座椅、常用药品和雨具。',
    ...along(0.3, 1),
    openingHours: '07:00-11:30,13:00-19:00',
  });
  await createOffer(rep('lawyer'), council.id, {
    side: 'offer',
    memberId: memberId('lawyer'),
    category: 'legal_hour',
    title: '每月一次律师接待日',
    description: '每月第一个周六上午，在居委会为居民和商户提供免费法律咨询。',
  });
  const need = await createOffer(rep('mingdu'), council.id, {
    side: 'need',
    memberId: memberId('mingdu'),
    category: 'greenery',
    title: '沿街绿化带补种和养护',
    description: '名都城门前一段绿化带缺株严重，需要补种并安排日常养护。',
  });
  const greenery = await createOffer(rep('group'), council.id, {
    side: 'offer',
    memberId: memberId('group'),
    category: 'greenery',
    title: '认养绿化带，派养护团队',
    description: '古北集团认养黄金城道沿街绿化带两年，派专业养护团队每周养护一次。',
  });
  await matchIntoProject(chair, council.id, {
    needId: need.id,
    offerIds: [greenery.id],
    title: '黄金城道绿化提升项目',
  });

  // ---- the shared fund: pledges, contributions, two expenses ----
  const give = async (kind: 'pledge' | 'contribution', key: string, yuan: number, note: string) =>
    recordFundEntry(secretary, council.id, {
      kind,
      memberId: memberId(key),
      amountFen: yuan * YUAN,
      note,
    });
  await give('pledge', 'group', 50_000, '古北集团认捐街区绿化及安保经费');
  for (const key of ['gubei', 'mingdu', 'ruishi', 'huacheng', 'ronghua', 'huayuan'])
    await give('pledge', key, 3_000, '小区公共收益认捐');
  await give('pledge', 'property', 5_000, '物业公司认捐');
  for (const key of ['cafe', 'florist', 'bakery']) await give('pledge', key, 1_000, '沿街商户认捐');
  await give('contribution', 'group', 30_000, '第一笔实缴（银行转账）');
  for (const key of ['gubei', 'mingdu', 'ruishi', 'huacheng'])
    await give('contribution', key, 3_000, '经业主大会同意，从小区公共收益中划转');
  await give('contribution', 'property', 5_000, '实缴');
  for (const key of ['cafe', 'bakery']) await give('contribution', key, 1_000, '实缴（扫码转账）');

  const greening = await recordFundEntry(secretary, council.id, {
    kind: 'expense',
    memberId: memberId('property'),
    amountFen: 8_600 * YUAN,
    note: '黄金城道沿街绿化带补种（第一期）：月季、麦冬及人工',
    receiptIds: [await upload(secretary, '绿化补种发票.png', '8,600.00')],
  });
  await decideExpense(rep('gubei'), council.id, greening.seq, {
    decision: 'approve',
    note: '已现场查看补种情况',
  });
  await decideExpense(rep('group'), council.id, greening.seq, { decision: 'approve' });
  const guards = await recordFundEntry(secretary, council.id, {
    kind: 'expense',
    memberId: memberId('property'),
    amountFen: 6_000 * YUAN,
    note: '周末夜间增派安保巡逻一个月',
    receiptIds: [await upload(secretary, '安保服务报价单.png', '6,000.00')],
  });
  await decideExpense(rep('mingdu'), council.id, guards.seq, { decision: 'approve' });

  return true;
}

/** A small plain PNG standing for a scanned receipt, a photo or a drawing (re-encoded on upload). */
async function placeholderPng(
  label: string,
  background = { r: 248, g: 246, b: 240 },
): Promise<Buffer> {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="200">` +
    `<rect width="320" height="200" fill="rgb(${background.r},${background.g},${background.b})"/>` +
    `<rect x="20" y="20" width="280" height="8" fill="#b33"/>` +
    [50, 80, 110, 140]
      .map((y) => `<rect x="20" y="${y}" width="220" height="6" fill="#999"/>`)
      .join('') +
    `<text x="300" y="180" font-size="20" text-anchor="end" fill="#333">${label.replace(/[<&>]/g, '')}</text>` +
    `</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
