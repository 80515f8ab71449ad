import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import {
  usccCheckCharacter,
  type Block,
  type BlockBoundary,
  type Council,
  type CouncilKind,
  type CouncilMember,
  type CouncilRole,
  type MemberKind,
  type Shop,
} from '@cc/contracts';
import {
  signedUpAccount,
  staffAccount,
  type Client,
  type TestAccount,
  type TestPlatform,
} from './testing.js';

/**
 * Test support for the councils suites (modules/councils/*.test.ts): a street operator of
 * 豫园街道, a block drawn inside it, shops with valid unified social credit codes, a council
 * with member organisations and their representatives — all through HTTP. Beside testing.ts,
 * as testing-volunteers.ts is: it builds on testing.ts, which only tests may import.
 */

/**
 * Start the councils suites' platforms with this: every member representative signs in from
 * the one test address, beyond the default sign-in limit per minute —
 * `startTestPlatform(kind, COUNCIL_TEST_CONFIG)`.
 */
export const COUNCIL_TEST_CONFIG = { loginsPerMinutePerIp: 100_000 } as const;

/** 豫园街道 (黄浦区): the street the suites draw their blocks in. */
export const YUYUAN_STREET = '310101018000';
/** 学院居委会 and 会稽居委会, committees of 豫园街道. */
export const YUYUAN_COMMITTEES = ['310101018012', '310101018023'] as const;
/** 南京东路街道: another street of the same district (its operator must not see 豫园's councils). */
export const OTHER_STREET = '310101002000';

const hex = () => crypto.randomBytes(4).toString('hex');

/** A street operator of 豫园街道 (a COUNCIL_STAFF_ROLES role), signed in. */
export const yuyuanOperator = (tp: TestPlatform, username = `yy-op-${hex()}`): Promise<Client> =>
  staffAccount(tp, { username, role: 'street_operator', areaCode: YUYUAN_STREET });

/** A street operator of 南京东路街道: staff, but of another street. */
export const otherStreetOperator = (
  tp: TestPlatform,
  username = `nj-op-${hex()}`,
): Promise<Client> =>
  staffAccount(tp, { username, role: 'street_operator', areaCode: OTHER_STREET });

/** The centre of 豫园街道 (it lies inside the street's boundary). */
export const yuyuanCentre = (tp: TestPlatform) => tp.centreOf(YUYUAN_STREET);

/**
 * A small square (`half` degrees each side of the point, default 0.001° ≈ 100 m) around a point
 * inside 豫园街道: a valid block boundary there, closed, counter-clockwise.
 */
export function blockBoundaryInside(
  centre: { lat: number; lng: number },
  half = 0.001,
): BlockBoundary {
  const { lat, lng } = centre;
  const ring: [number, number][] = [
    [lng - half, lat - half],
    [lng + half, lat - half],
    [lng + half, lat + half],
    [lng - half, lat + half],
    [lng - half, lat - half],
  ];
  return { type: 'Polygon', coordinates: [ring] };
}

/**
 * A valid unified social credit code for `n` (0 ≤ n < 10^9): 91 (an enterprise) + 310101
 * (黄浦区) + n in 9 digits + its GB 32100 check character. Different n, different codes.
 */
export function usccFor(n: number): string {
  const first17 = `91310101${String(n).padStart(9, '0')}`;
  return first17 + usccCheckCharacter(first17)!;
}

/** A fresh number for `usccFor`, different on every call in this process. */
let usccSerial = crypto.randomInt(0, 500_000_000);
export const nextUsccNumber = () => usccSerial++;

/** A mobile number no other test made (139… is what signedUpAccount gives accounts). */
export const testMobile = () => `137${String(crypto.randomInt(0, 100_000_000)).padStart(8, '0')}`;

/** The mobile number of an account, decrypted (for the account pick by phone). */
export async function accountPhone(tp: TestPlatform, accountId: string): Promise<string> {
  const row = await tp.platform.database.db
    .selectFrom('accounts')
    .select('phone_enc')
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
  return tp.platform.deps.cipher.decrypt(row.phone_enc!);
}

/** POST /api/blocks in 豫园街道 around its centre (201 asserted); `body` overrides any field. */
export async function createBlock(
  tp: TestPlatform,
  staff: Client,
  body: Record<string, unknown> = {},
): Promise<Block> {
  const centre = await yuyuanCentre(tp);
  const r = await staff.post<Block>('/api/blocks', {
    streetCode: YUYUAN_STREET,
    name: `街区 ${hex()}`,
    frontage: '豫园路 1–200 号',
    areaCodes: [...YUYUAN_COMMITTEES],
    boundary: blockBoundaryInside(centre),
    ...body,
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

/** POST /api/councils on a block (201 asserted). */
export async function createCouncil(
  staff: Client,
  o: {
    blockId: string;
    kind?: CouncilKind;
    name?: string;
    description?: string;
    expenseApprovals?: number;
  },
): Promise<Council> {
  const r = await staff.post<Council>('/api/councils', {
    blockId: o.blockId,
    kind: o.kind ?? 'merchant_alliance',
    name: o.name ?? `联盟 ${hex()}`,
    ...(o.description === undefined ? {} : { description: o.description }),
    rules: { expenseApprovals: o.expenseApprovals ?? 2 },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

/**
 * POST /api/shops as `client` (its own shop unless `accountId` is given by staff) at `point`
 * (default the centre of 豫园街道), with a fresh valid USCC (201 asserted); with `verifiedBy`
 * (staff of its area) verified after, as it must be to join a council.
 */
export async function registerShop(
  tp: TestPlatform,
  client: Client,
  o: {
    point?: { lat: number; lng: number };
    body?: Record<string, unknown>;
    verifiedBy?: Client;
  } = {},
): Promise<Shop> {
  const point = o.point ?? (await yuyuanCentre(tp));
  const r = await client.post<Shop>('/api/shops', {
    name: `老字号 ${hex()}`,
    uscc: usccFor(nextUsccNumber()),
    address: '豫园路 88 号',
    lat: point.lat,
    lng: point.lng,
    category: 'catering',
    contactName: '张三',
    contactPhone: testMobile(),
    ...o.body,
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return o.verifiedBy ? verifyShop(o.verifiedBy, r.body.id) : r.body;
}

/** POST /api/shops/:id/verify as staff (200 asserted). */
export async function verifyShop(
  staff: Client,
  shopId: string,
  body: { accountId?: string | null } = {},
): Promise<Shop> {
  const r = await staff.post<Shop>(`/api/shops/${shopId}/verify`, body);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

/** POST /api/councils/:id/members (201 asserted). */
export async function addMember(
  client: Client,
  councilId: string,
  body: {
    kind: MemberKind;
    name: string;
    shopId?: string;
    representatives: { accountId: string; role: CouncilRole }[];
  },
): Promise<CouncilMember> {
  const r = await client.post<CouncilMember>(`/api/councils/${councilId}/members`, body);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

/** A member's representative: a signed-in account speaking for its member organisation. */
export interface MemberRep extends TestAccount {
  memberId: string;
  role: CouncilRole;
  /** a merchant member's shop */
  shopId: string | null;
}

export interface CouncilWithMembers {
  councilId: string;
  blockId: string;
  /** the street operator of 豫园街道 who made it (manages it) */
  staff: Client;
  /** one representative per member, in the order they joined: [0] chair, [1] and [2] directors */
  members: MemberRep[];
  chair: MemberRep | undefined;
  directors: MemberRep[];
}

/** kinds of non-merchant members, in turn ("1 + 3 + X") */
const OTHER_KINDS: MemberKind[] = [
  'party',
  'residents_committee',
  'owners_committee',
  'property_company',
  'enterprise',
  'lawyer',
  'planner',
];

/**
 * A council in a fresh block of 豫园街道 with `members` member organisations, each with one
 * representative (a signed-up account, signed in): the first the chair, the next two
 * directors, the rest members. A merchant alliance's members are merchants, each shop
 * registered by its own account at a point inside the block; other kinds' members take the
 * 1 + 3 + X kinds in turn. `staff` and `blockId` reuse a street operator and a block.
 * Many members sign in many times: start the platform with COUNCIL_TEST_CONFIG.
 */
export async function makeCouncilWithMembers(
  tp: TestPlatform,
  o: {
    members: number;
    kind?: CouncilKind;
    expenseApprovals?: number;
    staff?: Client;
    blockId?: string;
  },
): Promise<CouncilWithMembers> {
  const kind = o.kind ?? 'merchant_alliance';
  const staff = o.staff ?? (await yuyuanOperator(tp));
  const blockId = o.blockId ?? (await createBlock(tp, staff)).id;
  const council = await createCouncil(staff, {
    blockId,
    kind,
    expenseApprovals: o.expenseApprovals ?? 2,
  });
  const centre = await yuyuanCentre(tp);
  const members: MemberRep[] = [];
  for (let i = 0; i < o.members; i++) {
    const role: CouncilRole = i === 0 ? 'chair' : i <= 2 ? 'director' : 'member';
    const account = await signedUpAccount(tp);
    let shopId: string | null = null;
    let memberKind: MemberKind;
    let name: string;
    if (kind === 'merchant_alliance') {
      // points spread over the block's inner 0.0009° square
      const point = {
        lat: centre.lat + (((i % 10) - 4.5) * 0.0009) / 5,
        lng: centre.lng + ((Math.floor(i / 10) % 10) - 4.5) * 0.00018,
      };
      const shop = await registerShop(tp, account.client, { point, verifiedBy: staff });
      shopId = shop.id;
      memberKind = 'merchant';
      name = shop.name;
    } else {
      memberKind = OTHER_KINDS[i % OTHER_KINDS.length]!;
      name = `成员单位 ${i + 1}`;
    }
    const member = await addMember(staff, council.id, {
      kind: memberKind,
      name,
      ...(shopId ? { shopId } : {}),
      representatives: [{ accountId: account.accountId, role }],
    });
    members.push({ ...account, memberId: member.id, role, shopId });
  }
  return {
    councilId: council.id,
    blockId,
    staff,
    members,
    chair: members[0],
    directors: members.slice(1, 3),
  };
}

/**
 * Upload an attachment as `client` (201 asserted): a small generated PNG or JPEG image, or a
 * tiny PDF; returns its id. For a guideline's documents and an application's photos and design.
 */
export async function uploadCouncilFile(
  client: Client,
  kind: 'png' | 'jpeg' | 'pdf' = 'png',
): Promise<string> {
  let bytes: Buffer;
  if (kind === 'pdf') {
    bytes = Buffer.from(
      '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
    );
  } else {
    const { default: sharp } = await import('sharp');
    const img = sharp({
      create: { width: 32, height: 24, channels: 3, background: { r: 40, g: 160, b: 90 } },
    });
    bytes = await (kind === 'png' ? img.png() : img.jpeg()).toBuffer();
  }
  const form = new FormData();
  form.append(
    'file',
    new Blob([new Uint8Array(bytes)]),
    `file-${hex()}.${kind === 'jpeg' ? 'jpg' : kind}`,
  );
  const r = await client.post<{ id: string }>('/api/attachments', form);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.id;
}
