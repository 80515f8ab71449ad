import crypto from 'node:crypto';
import type { DeclarationLinkView, DeclareForm, DeclareRoomList } from '@cc/contracts';
import type { Kysely } from 'kysely';
import QRCode from 'qrcode';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { findAreaCached, findChainCached } from '../areas/index.js';
import { recordAudit } from '../audit/index.js';
import { pickerBuildings, pickerRooms } from '../registry/index.js';
import { mayHandle, NO_SUCH_COMPOUND, NO_SUCH_LINK } from './declarations.policy.js';

/**
 * A compound's declaration link: one public token per compound, printed as a QR code on the
 * poster staff put up at the gate. The QR code carries only `<public origin>/d/<token>`; the
 * token names the compound and nothing else. Rotating it (a poster torn down and misused)
 * makes a new one, and the old one stops at once.
 */

export interface LinkRow {
  compound_code: string;
  committee_code: string;
  area_path: string;
  token: string;
}

/** 18 random bytes: 24 characters of base64url. */
const newToken = () => crypto.randomBytes(18).toString('base64url');

/** The compound and its committee, if the staff member handles it; else 404. */
async function handledCompound(ctx: Ctx, compoundCode: string) {
  const compound = await findAreaCached(ctx.db, compoundCode);
  if (!compound || compound.level !== 'compound' || !mayHandle(ctx.actor, compound.path))
    throw AppError.notFound(NO_SUCH_COMPOUND);
  const committee = (await findChainCached(ctx.db, compound)).find((a) => a.level === 'committee');
  if (!committee) throw AppError.notFound(NO_SUCH_COMPOUND);
  return { compound, committee };
}

async function toView(
  compound: { code: string; name: string },
  committee: { code: string; name: string },
  token: string,
  origin: string,
): Promise<DeclarationLinkView> {
  const url = `${origin}/d/${token}`;
  const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return {
    compound: { code: compound.code, name: compound.name },
    committee: { code: committee.code, name: committee.name },
    token,
    url,
    qrSvg,
  };
}

/** The compound's link, made on the first call. `origin`: PUBLIC_URL or the request's. */
export async function getDeclarationLink(
  ctx: Ctx,
  compoundCode: string,
  origin: string,
): Promise<DeclarationLinkView> {
  const { compound, committee } = await handledCompound(ctx, compoundCode);
  const link = await ensureLink(ctx.db, {
    compoundCode: compound.code,
    committeeCode: committee.code,
    areaPath: compound.path,
    by: ctx.actor?.id ?? null,
  });
  return toView(compound, committee, link.token, origin);
}

/** The compound's link, made if missing (a race makes one: the first insert wins). */
export async function ensureLink(
  db: Kysely<DB>,
  o: { compoundCode: string; committeeCode: string; areaPath: string; by: string | null },
): Promise<LinkRow> {
  await db
    .insertInto('declaration_links')
    .values({
      compound_code: o.compoundCode,
      committee_code: o.committeeCode,
      area_path: o.areaPath,
      token: newToken(),
      created_by: o.by,
      rotated_at: null,
    })
    .onConflict((oc) => oc.column('compound_code').doNothing())
    .execute();
  return db
    .selectFrom('declaration_links')
    .select(['compound_code', 'committee_code', 'area_path', 'token'])
    .where('compound_code', '=', o.compoundCode)
    .executeTakeFirstOrThrow();
}

/** A new token for the compound's poster; the old one answers 404 from now on. Audited. */
export async function rotateDeclarationLink(
  ctx: Ctx,
  compoundCode: string,
  origin: string,
): Promise<DeclarationLinkView> {
  const { compound, committee } = await handledCompound(ctx, compoundCode);
  const token = await ctx.db.transaction().execute(async (trx) => {
    await ensureLink(trx, {
      compoundCode: compound.code,
      committeeCode: committee.code,
      areaPath: compound.path,
      by: ctx.actor?.id ?? null,
    });
    const next = newToken();
    await trx
      .updateTable('declaration_links')
      .set({ token: next, rotated_at: new Date() })
      .where('compound_code', '=', compound.code)
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'declarations.link.rotate',
        objectType: 'compound',
        objectId: compound.code,
        areaPath: compound.path,
      },
      trx,
    );
    return next;
  });
  return toView(compound, committee, token, origin);
}

/** The link a public token names, or 404 (forged, or rotated away). */
export async function requireLink(db: Kysely<DB>, token: string): Promise<LinkRow> {
  const link = /^[A-Za-z0-9_-]{22,64}$/.test(token)
    ? await db
        .selectFrom('declaration_links')
        .select(['compound_code', 'committee_code', 'area_path', 'token'])
        .where('token', '=', token)
        .executeTakeFirst()
    : undefined;
  if (!link) throw AppError.notFound(NO_SUCH_LINK);
  return link;
}

/** The public form's head: the compound, its committee and buildings (no people). */
export async function declareForm(ctx: Ctx, token: string): Promise<DeclareForm> {
  const link = await requireLink(ctx.db, token);
  const [compound, committee, buildings] = await Promise.all([
    findAreaCached(ctx.db, link.compound_code),
    findAreaCached(ctx.db, link.committee_code),
    pickerBuildings(ctx.db, link.compound_code),
  ]);
  return {
    compound: { code: link.compound_code, name: compound?.name ?? link.compound_code },
    committee: { name: committee?.name ?? link.committee_code },
    buildings,
  };
}

/** The rooms of one building of the token's compound (a building elsewhere: none). */
export async function declareRooms(
  ctx: Ctx,
  token: string,
  buildingId: string,
): Promise<DeclareRoomList> {
  const link = await requireLink(ctx.db, token);
  const { items } = await pickerRooms(ctx.db, {
    compoundCode: link.compound_code,
    buildingId,
    limit: 2000,
  });
  return {
    items: items.map((r) => ({ id: r.id, label: [r.unit, r.number].filter(Boolean).join(' ') })),
  };
}
