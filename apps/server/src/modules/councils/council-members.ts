import {
  ErrorCode,
  maskName,
  MEMBER_GROUP,
  type AccountPick,
  type AddCouncilMemberBody,
  type CouncilMember,
  type CouncilMemberList,
  type CouncilRole,
  type MemberKind,
  type PutRepresentativeBody,
} from '@cc/contracts';
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { isUniqueViolation } from '../../platform/db/unique-violation.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { accountNames, requireActiveAccount } from '../identity/index.js';
import { pickAccountHoldingPhone } from './account-pick.js';
import { blockHolds, findBlock } from './blocks.js';
import {
  canManage,
  canRead,
  COUNCIL_NOT_FOUND,
  requireCouncilReader,
  requireThat,
  standingIn,
  type Standing,
} from './councils.policy.js';
import {
  findActiveMember,
  findCouncil,
  lockCouncil,
  normalizeId,
  type CouncilRecord,
  type MemberRow,
} from './councils.repo.js';
import { findShop, requireVerified, type ShopRow } from './shops.js';

/**
 * Members ("1 + 3 + X") and their representatives (decision 022). Those who run a council
 * (staff over its street, its chair, its secretary) add member organisations with the accounts
 * that speak for them, change a representative's role, remove a member (it leaves: its row
 * stays for the record, its representatives go), and find an account by its mobile to add. A
 * shop's own account joins a merchant alliance of a block its shop lies in. An account speaks
 * for at most one member of a council; a shop is at most one member.
 */

export { findActiveMember, type MemberRow } from './councils.repo.js';

const MANAGE_ONLY =
  'Only the street staff, the chair or the secretary run the council’s members / 仅街道工作人员、主任或秘书可管理成员';
const MEMBER_NOT_FOUND = 'No such member of this council / 该组织中没有此成员';
const ROLE_ORDER: Record<CouncilRole, number> = { chair: 0, secretary: 1, director: 2, member: 3 };

/** The answers for these members with their representatives (names masked, but the reader's own). */
export async function toMembers(ctx: Ctx, rows: MemberRow[]): Promise<CouncilMember[]> {
  if (rows.length === 0) return [];
  const reps = await ctx.db
    .selectFrom('council_representatives')
    .select(['member_id', 'account_id', 'role', 'name_masked', 'added_at'])
    .where(
      'member_id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  reps.sort(
    (a, b) =>
      ROLE_ORDER[a.role as CouncilRole] - ROLE_ORDER[b.role as CouncilRole] ||
      a.added_at.getTime() - b.added_at.getTime() ||
      a.account_id.localeCompare(b.account_id),
  );
  const me = ctx.actor;
  return rows.map((m) => ({
    id: m.id,
    kind: m.kind as MemberKind,
    group: MEMBER_GROUP[m.kind as MemberKind] ?? 'X',
    name: m.name,
    shopId: m.shop_id,
    representatives: reps
      .filter((r) => r.member_id === m.id)
      .map((r) => ({
        accountId: r.account_id,
        name: me && r.account_id === me.id ? me.displayName : r.name_masked,
        role: r.role as CouncilRole,
      })),
    joinedAt: m.joined_at.toISOString(),
  }));
}

async function toMember(ctx: Ctx, id: string): Promise<CouncilMember> {
  const row = await ctx.db
    .selectFrom('council_members')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return (await toMembers(ctx, [row]))[0]!;
}

/** GET /api/councils/:id/members: its active members, in the order they joined (readers). */
export async function listCouncilMembers(ctx: Ctx, councilId: string): Promise<CouncilMemberList> {
  const { council } = await requireCouncilReader(ctx, await findCouncil(ctx.db, councilId));
  const rows = await ctx.db
    .selectFrom('council_members')
    .selectAll()
    .where('council_id', '=', council.id)
    .where('left_at', 'is', null)
    .orderBy('joined_at')
    .orderBy('id')
    .execute();
  return { items: await toMembers(ctx, rows) };
}

/** The council, for one who runs it: 404 for one who cannot read it, 403 for a reader who may not. */
async function requireManager(
  ctx: Ctx,
  councilId: string,
): Promise<{ council: CouncilRecord; standing: Standing }> {
  const found = await requireCouncilReader(ctx, await findCouncil(ctx.db, councilId));
  requireThat(canManage(found.standing), MANAGE_ONLY);
  return found;
}

/** The roles that weigh in the council (expenses, running it): only staff give or take them. */
const OFFICE_ROLES: ReadonlySet<CouncilRole> = new Set(['chair', 'director', 'secretary']);

/**
 * Only staff (or an election's publish, which writes roles itself) make a chair, a director or
 * a secretary, or unmake one: a chair or secretary who could would defeat the expense approval
 * by N directors. 403 naming the field.
 */
function requireRoleAllowed(
  standing: Standing,
  field: string,
  roles: readonly (CouncilRole | undefined)[],
): void {
  if (standing.staff) return;
  if (roles.some((r) => r !== undefined && OFFICE_ROLES.has(r)))
    throw new AppError(
      ErrorCode.forbidden,
      `${field}: only the street staff appoint or remove a chair, a director or a secretary (or an election); you may give the role member / 仅街道工作人员（或选举结果）可任免主任、委员或秘书，您只能设定为普通成员`,
      { field, rule: 'staffOnly' },
    );
}

const shopTwice = () =>
  AppError.conflict('shopId: this shop is a member already / 该商户已是成员', 'shopId');

/** Is the shop an active member (409) — and the row it left, to come back to? */
async function shopMembership(
  trx: Kysely<DB>,
  councilId: string,
  shopId: string,
): Promise<MemberRow | undefined> {
  const row = await trx
    .selectFrom('council_members')
    .selectAll()
    .where('council_id', '=', councilId)
    .where('shop_id', '=', shopId)
    .executeTakeFirst();
  if (row && row.left_at === null) throw shopTwice();
  return row;
}

/** Insert the member (or bring back the row of a shop that left), with its representatives. */
async function writeMember(
  trx: Kysely<DB>,
  o: {
    councilId: string;
    kind: MemberKind;
    name: string;
    shopId: string | null;
    left: MemberRow | undefined;
    reps: { accountId: string; role: CouncilRole; nameMasked: string }[];
  },
): Promise<string> {
  let id: string;
  if (o.left) {
    id = o.left.id;
    await trx
      .updateTable('council_members')
      .set({ kind: o.kind, name: o.name, left_at: null, joined_at: sql<Date>`now()` })
      .where('id', '=', id)
      .execute();
  } else {
    id = crypto.randomUUID();
    await trx
      .insertInto('council_members')
      .values({ id, council_id: o.councilId, kind: o.kind, name: o.name, shop_id: o.shopId })
      .execute();
  }
  await trx
    .insertInto('council_representatives')
    .values(
      o.reps.map((r) => ({
        council_id: o.councilId,
        account_id: r.accountId,
        member_id: id,
        role: r.role,
        name_masked: r.nameMasked,
      })),
    )
    .execute();
  return id;
}

/** A shop where the council wants it: a merchant alliance's shops lie in its block. */
async function requireShopInBlock(
  db: Kysely<DB>,
  council: CouncilRecord,
  shop: ShopRow,
): Promise<boolean> {
  if (council.kind !== 'merchant_alliance') return true;
  const block = await findBlock(db, council.block_id);
  return !!block && blockHolds(block, shop.lat, shop.lng);
}

const notYourShop = () =>
  new AppError(
    ErrorCode.forbidden,
    'shopId: not your shop; only its own account joins for it / 这不是您的商户，只有商户本人的账号可以申请加入',
    { field: 'shopId', rule: 'notYours' },
  );

/** Could the account join the council: a merchant alliance whose block holds one of its shops? */
async function mayJoin(
  db: Kysely<DB>,
  council: CouncilRecord,
  accountId: string,
): Promise<boolean> {
  if (council.kind !== 'merchant_alliance') return false;
  const block = await findBlock(db, council.block_id);
  if (!block) return false;
  const shops = await db
    .selectFrom('shops')
    .select(['lat', 'lng'])
    .where('account_id', '=', accountId)
    .where('lat', '>=', block.min_lat)
    .where('lat', '<=', block.max_lat)
    .where('lng', '>=', block.min_lng)
    .where('lng', '<=', block.max_lng)
    .limit(100)
    .execute();
  return shops.some((s) => blockHolds(block, s.lat, s.lng));
}

/**
 * POST /api/councils/:id/members: a member organisation with its representatives (those who
 * run the council). A merchant is its shop (400 `shopId` `required`; an alliance's shop lies
 * in the block, 400 `shopId` `outsideBlock`); an account that speaks for another member →
 * 409 `representatives.N.accountId`; the same shop twice → 409 `shopId`.
 */
export async function addCouncilMember(
  ctx: Ctx,
  councilId: string,
  body: AddCouncilMemberBody,
): Promise<CouncilMember> {
  const { council, standing } = await requireManager(ctx, councilId);
  for (const [i, r] of body.representatives.entries())
    requireRoleAllowed(standing, `representatives.${i}.role`, [r.role]);
  let name = body.name.trim();
  if (!name) throw AppError.invalid('name', 'required', 'name: required / 名称必填');
  let shop: ShopRow | undefined;
  if (body.kind === 'merchant') {
    if (body.shopId === undefined)
      throw AppError.invalid(
        'shopId',
        'required',
        'shopId: a merchant member is a registered shop; choose it / 商户成员须选择已登记的商户',
      );
    shop = await findShop(ctx.db, normalizeId(body.shopId));
    if (!shop) throw AppError.invalid('shopId', 'exists', 'shopId: no such shop / 未找到该商户');
    if (!(await requireShopInBlock(ctx.db, council, shop)))
      throw AppError.invalid(
        'shopId',
        'outsideBlock',
        'shopId: the shop does not lie in the alliance’s block / 该商户不在本联盟的街区范围内',
      );
    requireVerified(shop);
    name = shop.name;
  } else if (body.shopId !== undefined) {
    throw AppError.invalid(
      'shopId',
      'merchantOnly',
      'shopId: only a merchant member is a shop / 仅商户成员可关联商户',
    );
  }
  const listed = body.representatives.map((r) => ({ ...r, accountId: normalizeId(r.accountId) }));
  const seen = new Set<string>();
  for (const [i, r] of listed.entries()) {
    if (seen.has(r.accountId))
      throw AppError.invalid(
        `representatives.${i}.accountId`,
        'duplicate',
        `representatives.${i}.accountId: this account is listed twice / 该账号重复`,
      );
    seen.add(r.accountId);
    await requireActiveAccount(ctx.db, r.accountId, `representatives.${i}.accountId`);
  }
  const names = await accountNames(
    ctx.db,
    listed.map((r) => r.accountId),
  );
  const reps = listed.map((r) => ({
    accountId: r.accountId,
    role: r.role,
    nameMasked: maskName(names.get(r.accountId) ?? ''),
  }));
  let id: string;
  try {
    id = await ctx.db.transaction().execute(async (trx) => {
      await lockCouncil(trx, council.id);
      const left = shop ? await shopMembership(trx, council.id, shop.id) : undefined;
      const speaking = await trx
        .selectFrom('council_representatives')
        .select('account_id')
        .where('council_id', '=', council.id)
        .where(
          'account_id',
          'in',
          reps.map((r) => r.accountId),
        )
        .execute();
      if (speaking.length > 0) {
        const i = reps.findIndex((r) => speaking.some((s) => s.account_id === r.accountId));
        throw AppError.conflict(
          `representatives.${i}.accountId: this account speaks for another member of this council already / 该账号已代表本组织的另一成员`,
          `representatives.${i}.accountId`,
        );
      }
      const memberId = await writeMember(trx, {
        councilId: council.id,
        kind: body.kind,
        name,
        shopId: shop?.id ?? null,
        left,
        reps,
      });
      await recordAudit(
        ctx,
        {
          action: 'councils.member.add',
          objectType: 'council_member',
          objectId: memberId,
          areaPath: council.area_path,
          detail: {
            councilId: council.id,
            kind: body.kind,
            shopId: shop?.id ?? null,
            representatives: listed,
          },
        },
        trx,
      );
      return memberId;
    });
  } catch (e) {
    if (isUniqueViolation(e))
      throw AppError.conflict(
        'representatives: an account or the shop is in this council already / 账号或商户已在本组织中',
        shop ? 'shopId' : 'representatives.0.accountId',
      );
    throw e;
  }
  return toMember(ctx, id);
}

/**
 * POST /api/councils/:id/join: the shop's own account joins a merchant alliance of a block its
 * shop lies in, as a merchant member it speaks for (role `member`). 403 `shopId` not their
 * shop; 404 for a council they can neither read nor join; 409 a member already.
 */
export async function joinCouncil(
  ctx: Ctx,
  councilId: string,
  shopId: string,
): Promise<CouncilMember> {
  const actor = ctx.actor;
  if (!actor) throw AppError.unauthenticated();
  const council = await findCouncil(ctx.db, councilId);
  if (!council) throw AppError.notFound(COUNCIL_NOT_FOUND);
  // First whether the reader may know the council at all — before anything about the shop, or
  // a 403 would tell an existing council from a missing one: a reader of it, or the account of
  // a shop in the block of an alliance (one it could join).
  const reads = canRead(await standingIn(ctx, council));
  if (!reads && !(await mayJoin(ctx.db, council, actor.id)))
    throw AppError.notFound(COUNCIL_NOT_FOUND);
  const shop = await findShop(ctx.db, normalizeId(shopId));
  if (!shop || shop.account_id !== actor.id) throw notYourShop();
  const joinable =
    council.kind === 'merchant_alliance' && (await requireShopInBlock(ctx.db, council, shop));
  if (!joinable) {
    if (!reads) throw AppError.notFound(COUNCIL_NOT_FOUND);
    throw council.kind !== 'merchant_alliance'
      ? AppError.invalid(
          'shopId',
          'notAlliance',
          'shopId: a shop joins a merchant alliance by itself; staff add members to other councils / 商户只能自行加入商户联盟，其他组织由工作人员添加成员',
        )
      : AppError.invalid(
          'shopId',
          'outsideBlock',
          'shopId: the shop does not lie in the alliance’s block / 该商户不在本联盟的街区范围内',
        );
  }
  requireVerified(shop);
  let id: string;
  try {
    id = await ctx.db.transaction().execute(async (trx) => {
      await lockCouncil(trx, council.id);
      // the shop as staff may just have changed it (verifyShop locks it to give it away)
      const now = await trx
        .selectFrom('shops')
        .select(['account_id', 'verified_at'])
        .where('id', '=', shop.id)
        .forShare()
        .executeTakeFirstOrThrow();
      if (now.account_id !== actor.id) throw notYourShop();
      requireVerified(now);
      const left = await shopMembership(trx, council.id, shop.id);
      const speaking = await trx
        .selectFrom('council_representatives')
        .select('account_id')
        .where('council_id', '=', council.id)
        .where('account_id', '=', actor.id)
        .executeTakeFirst();
      if (speaking)
        throw AppError.conflict(
          'shopId: you speak for another member of this alliance already / 您已代表本联盟的另一成员',
          'shopId',
        );
      const memberId = await writeMember(trx, {
        councilId: council.id,
        kind: 'merchant',
        name: shop.name,
        shopId: shop.id,
        left,
        reps: [{ accountId: actor.id, role: 'member', nameMasked: maskName(actor.displayName) }],
      });
      await recordAudit(
        ctx,
        {
          action: 'councils.member.join',
          objectType: 'council_member',
          objectId: memberId,
          areaPath: council.area_path,
          detail: { councilId: council.id, shopId: shop.id },
        },
        trx,
      );
      return memberId;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw shopTwice();
    throw e;
  }
  return toMember(ctx, id);
}

/** PUT /api/councils/:id/representatives/:accountId: a representative's council role. */
export async function putRepresentative(
  ctx: Ctx,
  councilId: string,
  accountId: string,
  body: PutRepresentativeBody,
): Promise<CouncilMember> {
  const { council, standing } = await requireManager(ctx, councilId);
  accountId = normalizeId(accountId);
  requireRoleAllowed(standing, 'role', [body.role]);
  const memberId = await ctx.db.transaction().execute(async (trx) => {
    await lockCouncil(trx, council.id);
    const rep = await trx
      .selectFrom('council_representatives')
      .select(['member_id', 'role'])
      .where('council_id', '=', council.id)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (!rep)
      throw AppError.notFound('No such representative in this council / 该组织中没有此代表');
    // taking a chair's, director's or secretary's role away is staff's too
    requireRoleAllowed(standing, 'role', [rep.role as CouncilRole]);
    await trx
      .updateTable('council_representatives')
      .set({ role: body.role })
      .where('council_id', '=', council.id)
      .where('account_id', '=', accountId)
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'councils.representative.role',
        objectType: 'council_member',
        objectId: rep.member_id,
        areaPath: council.area_path,
        detail: { councilId: council.id, accountId, from: rep.role, to: body.role },
      },
      trx,
    );
    return rep.member_id;
  });
  return toMember(ctx, memberId);
}

/** DELETE /api/councils/:id/members/:memberId: it leaves (the row stays), its representatives go. */
export async function removeCouncilMember(
  ctx: Ctx,
  councilId: string,
  memberId: string,
): Promise<void> {
  const { council } = await requireManager(ctx, councilId);
  await ctx.db.transaction().execute(async (trx) => {
    await lockCouncil(trx, council.id);
    const member = await findActiveMember(trx, council.id, memberId);
    if (!member) throw AppError.notFound(MEMBER_NOT_FOUND);
    await trx
      .updateTable('council_members')
      .set({ left_at: sql<Date>`now()` })
      .where('id', '=', member.id)
      .execute();
    const gone = await trx
      .deleteFrom('council_representatives')
      .where('member_id', '=', member.id)
      .returning('account_id')
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'councils.member.remove',
        objectType: 'council_member',
        objectId: member.id,
        areaPath: council.area_path,
        detail: {
          councilId: council.id,
          name: member.name,
          representatives: gone.map((g) => g.account_id),
        },
      },
      trx,
    );
  });
}

/**
 * GET /api/councils/:id/account-pick?phone=: the account that holds this mobile, to add as a
 * representative (those who run the council; audited: it tells who holds a number). 400
 * `phone` `mobile`; 404 when no active account holds it.
 */
export async function pickAccountByPhone(
  ctx: Ctx,
  councilId: string,
  rawPhone: string,
): Promise<AccountPick> {
  const { council } = await requireManager(ctx, councilId);
  return pickAccountHoldingPhone(ctx, rawPhone, {
    areaPath: council.area_path,
    detail: { councilId: council.id },
  });
}
