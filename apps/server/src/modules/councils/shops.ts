import {
  ErrorCode,
  isValidUscc,
  type AccountPick,
  maskName,
  maskPhone,
  normalizeMainlandMobile,
  SHOP_STAFF_ROLES,
  type RegisterShopBody,
  type Shop,
  type ShopCategory,
  type ShopList,
  type ShopListQuery,
  type VerifyShopBody,
} from '@cc/contracts';
import crypto from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { openCursor, sealCursor } from '../../platform/cursor.js';
import { pathWithin } from '../../platform/db/path-within.js';
import type { DB } from '../../platform/db/schema.js';
import { isUniqueViolation } from '../../platform/db/unique-violation.js';
import { AppError } from '../../platform/errors.js';
import { reaches } from '../../platform/policy.js';
import { findAreaCached, findChainCached, resolveAreaCode } from '../areas/index.js';
import { recordAudit } from '../audit/index.js';
import { requireActiveAccount } from '../identity/index.js';
import { phoneHmac } from '../registry/index.js';
import { pickAccountHoldingPhone } from './account-pick.js';
import { blockHolds, NIL_UUID } from './blocks.js';
import { normalizeId } from './councils.repo.js';
import type { ShopsTable } from './councils.tables.js';

/**
 * Shops (商户, decision 022): one per unified social credit code (its GB 32100 check character
 * checked), placed at a point that resolves to its committee. Any signed-in account registers
 * its own shop; staff whose area reaches the point register shops for others (with the shop's
 * account, or none). The contact's name and mobile are kept under the platform cipher, shown
 * masked, the mobile also as a keyed hash. A shop is read by its own account, by the staff
 * reaching it, and by the representatives of the councils it is a member of.
 *
 * A shop its owner registered is unverified until staff reaching it have checked its licence
 * (`verifyShop`, which may also give it to another account when the code was taken by someone
 * who is not the owner); only a verified shop becomes a council member (`requireVerified`).
 */

export type ShopRow = Selectable<ShopsTable>;

const SHOP_NOT_FOUND = 'No such shop / 未找到该商户';
const LIST = 'councils.shops';

export function findShop(db: Kysely<DB>, id: string): Promise<ShopRow | undefined> {
  return db.selectFrom('shops').selectAll().where('id', '=', normalizeId(id)).executeTakeFirst();
}

/** Do the shop staff roles of the reader reach the area at `path`? */
const isShopStaff = (ctx: Ctx, path: string) => reaches(ctx.actor, path, SHOP_STAFF_ROLES);

/** The committee the point lies in (and its path), or the deepest area found; 400 outside the city. */
async function placeOf(ctx: Ctx, lat: number, lng: number) {
  const code = resolveAreaCode(ctx.db, lng, lat);
  const area = code ? await findAreaCached(ctx.db, code) : undefined;
  if (!area)
    throw AppError.invalid(
      'lat',
      'outsideCity',
      `lat: the point (${lat}, ${lng}) lies outside the city / 该位置不在本市范围内`,
    );
  if (area.level === 'committee') return { committeeCode: area.code, areaPath: area.path };
  const committee = (await findChainCached(ctx.db, area)).find((a) => a.level === 'committee');
  return committee
    ? { committeeCode: committee.code, areaPath: committee.path }
    : { committeeCode: null, areaPath: area.path };
}

const usccTaken = () =>
  AppError.conflict(
    'uscc: a shop with this unified social credit code is registered already; if it is yours, ask the street to check it / 该统一社会信用代码已登记；如系本店，请联系街道核实',
    'uscc',
  );

/** 409 unless staff have verified the shop: only a verified shop becomes a council member. */
export function requireVerified(shop: Pick<ShopRow, 'verified_at'>): void {
  if (shop.verified_at === null)
    throw new AppError(
      ErrorCode.conflict,
      'shopId: the street has not verified this shop yet; it joins once verified / 街道尚未核验该商户，核验后方可加入',
      { field: 'shopId', rule: 'unverified' },
    );
}

/** The answer for these rows: committee names, councils it belongs to, and (its own) what it may join. */
export async function toShops(ctx: Ctx, rows: ShopRow[]): Promise<Shop[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const committeeCodes = [...new Set(rows.map((r) => r.committee_code).filter((c) => c !== null))];
  const [areas, memberships] = await Promise.all([
    committeeCodes.length
      ? ctx.db
          .selectFrom('areas')
          .select(['code', 'name'])
          .where('code', 'in', committeeCodes)
          .execute()
      : [],
    ctx.db
      .selectFrom('council_members as m')
      .innerJoin('councils as c', 'c.id', 'm.council_id')
      .select(['m.shop_id', 'c.id', 'c.name'])
      .where('m.shop_id', 'in', ids)
      .where('m.left_at', 'is', null)
      .orderBy('m.joined_at')
      .execute(),
  ]);
  const names = new Map(areas.map((a) => [a.code, a.name]));
  const me = ctx.actor?.id ?? null;
  const out: Shop[] = [];
  for (const r of rows) {
    const councils = memberships
      .filter((m) => m.shop_id === r.id)
      .map((m) => ({ id: m.id, name: m.name }));
    const mine = me !== null && r.account_id === me;
    out.push({
      id: r.id,
      name: r.name,
      uscc: r.uscc,
      address: r.address,
      lat: r.lat,
      lng: r.lng,
      category: r.category as ShopCategory,
      contactName: r.contact_name_masked,
      contactPhone: r.contact_phone_masked,
      committee: r.committee_code
        ? { code: r.committee_code, name: names.get(r.committee_code) ?? r.committee_code }
        : null,
      mine,
      councils,
      ...(mine
        ? { joinable: await joinableAlliances(ctx.db, r, new Set(councils.map((c) => c.id))) }
        : {}),
      verifiedAt: r.verified_at?.toISOString() ?? null,
      createdAt: r.created_at.toISOString(),
    });
  }
  return out;
}

/** The merchant alliances of blocks whose polygon holds the shop's point, but those it is in. */
export async function joinableAlliances(
  db: Kysely<DB>,
  shop: Pick<ShopRow, 'lat' | 'lng'>,
  memberOf: ReadonlySet<string>,
): Promise<{ id: string; name: string }[]> {
  const rows = await db
    .selectFrom('councils as c')
    .innerJoin('council_blocks as b', 'b.id', 'c.block_id')
    .select(['c.id', 'c.name', 'b.boundary', 'b.min_lat', 'b.max_lat', 'b.min_lng', 'b.max_lng'])
    .where('c.kind', '=', 'merchant_alliance')
    .where('b.min_lat', '<=', shop.lat)
    .where('b.max_lat', '>=', shop.lat)
    .where('b.min_lng', '<=', shop.lng)
    .where('b.max_lng', '>=', shop.lng)
    .orderBy('c.created_at')
    .orderBy('c.id')
    .limit(100)
    .execute();
  return rows
    .filter((c) => !memberOf.has(c.id) && blockHolds(c, shop.lat, shop.lng))
    .map((c) => ({ id: c.id, name: c.name }));
}

/**
 * POST /api/shops. The reader's own shop, or — staff whose area reaches the point — a shop for
 * someone else: with `accountId` its account, without none. Bad input is a 400 naming the
 * field; a code registered already a 409 `uscc`.
 */
export async function registerShop(ctx: Ctx, body: RegisterShopBody): Promise<Shop> {
  const actor = ctx.actor;
  if (!actor) throw AppError.unauthenticated();
  const name = body.name.trim();
  if (!name) throw AppError.invalid('name', 'required', 'name: required / 商户名称必填');
  const address = body.address.trim();
  if (!address) throw AppError.invalid('address', 'required', 'address: required / 地址必填');
  if (!isValidUscc(body.uscc))
    throw AppError.invalid(
      'uscc',
      'checkCharacter',
      'uscc: the check character (the 18th) does not match the code (GB 32100) / 统一社会信用代码校验位不正确',
    );
  const contactName = body.contactName.trim();
  if (!contactName)
    throw AppError.invalid('contactName', 'required', 'contactName: required / 联系人必填');
  const phone = normalizeMainlandMobile(body.contactPhone);
  if (!phone)
    throw AppError.invalid(
      'contactPhone',
      'mobile',
      'contactPhone: must be a mainland China mobile number, 11 digits starting with 13 to 19 / 联系电话应为13至19开头的11位手机号码',
    );
  const place = await placeOf(ctx, body.lat, body.lng);
  const staff = isShopStaff(ctx, place.areaPath);
  let accountId: string | null;
  if (body.accountId !== undefined) {
    if (!staff)
      throw AppError.invalid(
        'accountId',
        'staffOnly',
        'accountId: only staff of the shop’s area register a shop for another account; leave it out to register your own / 仅商户所在辖区的工作人员可为他人登记，登记自己的商户请勿填写',
      );
    accountId = normalizeId(body.accountId);
    await requireActiveAccount(ctx.db, accountId, 'accountId');
  } else {
    accountId = staff ? null : actor.id;
  }
  const id = crypto.randomUUID();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const taken = await trx
        .selectFrom('shops')
        .select('id')
        .where('uscc', '=', body.uscc)
        .executeTakeFirst();
      if (taken) throw usccTaken();
      await trx
        .insertInto('shops')
        .values({
          id,
          name,
          uscc: body.uscc,
          address,
          lat: body.lat,
          lng: body.lng,
          category: body.category,
          contact_name_enc: ctx.cipher.encrypt(contactName),
          contact_name_masked: maskName(contactName),
          contact_phone_enc: ctx.cipher.encrypt(phone),
          contact_phone_masked: maskPhone(phone),
          contact_phone_hmac: phoneHmac(ctx.cipher, phone),
          account_id: accountId,
          committee_code: place.committeeCode,
          area_path: place.areaPath,
          created_by: actor.id,
          // staff registering a shop have checked it; its owner registering it waits for them
          verified_at: staff ? new Date() : null,
          verified_by: staff ? actor.id : null,
        })
        .execute();
      await recordAudit(
        ctx,
        {
          action: 'councils.shop.register',
          objectType: 'shop',
          objectId: id,
          areaPath: place.areaPath,
          detail: {
            uscc: body.uscc,
            forAccount: accountId !== actor.id,
            committee: place.committeeCode,
          },
        },
        trx,
      );
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw usccTaken();
    throw e;
  }
  return (await toShops(ctx, [(await findShop(ctx.db, id))!]))[0]!;
}

/**
 * POST /api/shops/:id/verify: staff reaching the shop mark it verified (audited); with
 * `accountId` the shop is given to that account (null: none) — not while it is a member of a
 * council (409 `accountId` `member`: its representatives speak through the present account).
 */
export async function verifyShop(ctx: Ctx, id: string, body: VerifyShopBody): Promise<Shop> {
  const actor = ctx.actor;
  if (!actor) throw AppError.unauthenticated();
  const shop = await findShop(ctx.db, id);
  if (!shop || !isShopStaff(ctx, shop.area_path)) throw AppError.notFound(SHOP_NOT_FOUND);
  const to =
    body.accountId === undefined ? shop.account_id : body.accountId && normalizeId(body.accountId);
  if (to !== null && to !== shop.account_id) await requireActiveAccount(ctx.db, to, 'accountId');
  await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('shops')
      .select(['account_id', 'verified_at'])
      .where('id', '=', shop.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const reassigned = to !== row.account_id;
    if (reassigned) {
      const member = await trx
        .selectFrom('council_members')
        .select('id')
        .where('shop_id', '=', shop.id)
        .where('left_at', 'is', null)
        .executeTakeFirst();
      if (member)
        throw new AppError(
          ErrorCode.conflict,
          'accountId: the shop is a member of a council, which its present account speaks for; remove it from the council first / 该商户已是共治组织成员，由现账号代表；请先移出后再变更账号',
          { field: 'accountId', rule: 'member' },
        );
    }
    if (!reassigned && row.verified_at !== null) return;
    await trx
      .updateTable('shops')
      .set({ account_id: to, verified_at: new Date(), verified_by: actor.id })
      .where('id', '=', shop.id)
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'councils.shop.verify',
        objectType: 'shop',
        objectId: shop.id,
        areaPath: shop.area_path,
        detail: { uscc: shop.uscc, ...(reassigned ? { from: row.account_id, to } : {}) },
      },
      trx,
    );
  });
  return (await toShops(ctx, [(await findShop(ctx.db, shop.id))!]))[0]!;
}

/**
 * GET /api/shops/:id/account-pick?phone=: staff reaching the shop find the account that holds
 * a mobile, to give the shop to it (`verifyShop`); audited.
 */
export async function pickShopAccount(ctx: Ctx, id: string, phone: string): Promise<AccountPick> {
  const shop = await findShop(ctx.db, id);
  if (!shop || !isShopStaff(ctx, shop.area_path)) throw AppError.notFound(SHOP_NOT_FOUND);
  return pickAccountHoldingPhone(ctx, phone, {
    areaPath: shop.area_path,
    detail: { shopId: shop.id },
  });
}

/** May the reader see this shop: its own account, staff reaching it, a representative of a council it is in. */
async function maySeeShop(ctx: Ctx, row: ShopRow): Promise<boolean> {
  if (!ctx.actor) return false;
  if (row.account_id === ctx.actor.id || isShopStaff(ctx, row.area_path)) return true;
  const rep = await ctx.db
    .selectFrom('council_members as m')
    .innerJoin('council_representatives as r', 'r.council_id', 'm.council_id')
    .select('m.id')
    .where('m.shop_id', '=', row.id)
    .where('m.left_at', 'is', null)
    .where('r.account_id', '=', ctx.actor.id)
    .executeTakeFirst();
  return !!rep;
}

/** GET /api/shops/:id (404 for anyone who may not see it). */
export async function getShop(ctx: Ctx, id: string): Promise<Shop> {
  const row = await findShop(ctx.db, id);
  if (!row || !(await maySeeShop(ctx, row))) throw AppError.notFound(SHOP_NOT_FOUND);
  return (await toShops(ctx, [row]))[0]!;
}

/**
 * GET /api/shops: with `area` (a street or committee … the staff reach; 404 otherwise) the shops
 * there, newest first; without, the reader's own shops. `q` matches the name or the code's start.
 */
export async function listShops(ctx: Ctx, q: ShopListQuery): Promise<ShopList> {
  const limit = q.limit ?? 20;
  let filter;
  if (q.area !== undefined) {
    const area = await findAreaCached(ctx.db, q.area);
    if (!area || !isShopStaff(ctx, area.path))
      throw AppError.notFound(
        'area: no such area, or not in your area / 区域不存在或不在您的管辖范围内',
      );
    filter = pathWithin('s.area_path', [area.path]);
  } else {
    filter = sql<boolean>`s.account_id = ${ctx.actor?.id ?? NIL_UUID}::uuid`;
  }
  const text = q.q?.trim();
  const escaped = text?.replace(/[\\%_]/g, (c) => `\\${c}`);
  const like = escaped ? `%${escaped}%` : null;
  const list = `${LIST}:${q.area ?? '-'}:${q.unverified ? 'u' : ''}:${text ?? ''}`;
  let after: [string, string] | null = null;
  if (q.cursor) {
    const p = openCursor(ctx.cipher.key, list, ctx.actor?.id, q.cursor);
    if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'string' || typeof p[1] !== 'string')
      throw new AppError(ErrorCode.validation, 'cursor is not valid / 分页游标无效', {
        field: 'cursor',
        rule: 'format',
      });
    after = [p[0], p[1]];
  }
  const rows = await sql<ShopRow & { at_key: string }>`
    select s.*, s.created_at::text as at_key from shops s
    where ${filter}
      ${q.unverified ? sql`and s.verified_at is null` : sql``}
      ${like ? sql`and (s.name like ${like} or s.uscc like ${`${escaped!.toUpperCase()}%`})` : sql``}
      ${after ? sql`and (s.created_at, s.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : sql``}
    order by s.created_at desc, s.id desc
    limit ${limit + 1}`.execute(ctx.db);
  const page = rows.rows.slice(0, limit).map((r) => ({ ...r, created_at: new Date(r.created_at) }));
  const last = rows.rows[limit - 1];
  return {
    items: await toShops(ctx, page),
    nextCursor:
      rows.rows.length > limit && last
        ? sealCursor(ctx.cipher.key, list, ctx.actor?.id, [last.at_key, last.id])
        : null,
  };
}
