import crypto from 'node:crypto';
import type {
  BlockBoundary,
  CreateOfferBody,
  Offer,
  OfferCategory,
  OfferList,
} from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { maskPersonalNumbers } from '../../platform/text-masking.js';
import { recordAudit } from '../audit/index.js';
import { conflictField, notFoundAs } from './applications.js';
import { canManage, requireCouncilReader, requireThat } from './councils.policy.js';
import { findCouncil } from './councils.repo.js';
import { pointInPolygon } from './polygon.js';

/**
 * What each party offers and needs (资源清单 / 需求清单): a rest area for outdoor workers
 * (爱心休息区, with its place inside the block and opening hours, shown on the public map),
 * a meeting room, protective gear, a lawyer's hour; greenery, guards, a repair. A member's
 * representatives (or those who run the council) list them; a need and offers are matched
 * into a project (council-projects.ts).
 */

export const OFFER_NOT_FOUND = 'No such offer or need / 未找到该资源或需求';

export type OfferRecord = NonNullable<Awaited<ReturnType<typeof findOffer>>>;

export function findOffer(db: Kysely<DB>, id: string) {
  return db.selectFrom('council_offers').selectAll().where('id', '=', id).executeTakeFirst();
}

// ---- opening hours: "07:00-19:00" or "07:00-11:30,13:00-19:00" (Shanghai time) ----

/** Minutes of the day from "HH:mm" (24:00 allowed as the end of the day), or null. */
function minuteOf(hhmm: string): number | null {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  if (!(h >= 0 && h <= 24 && m >= 0 && m <= 59) || (h === 24 && m !== 0)) return null;
  return h * 60 + m;
}

/**
 * The ranges of opening hours as [from, to) minutes of the day; a range whose end is before
 * its start runs over midnight ("22:00-06:00"). Null when a time is not one (25:00, 12:60) or
 * a range is empty.
 */
export function parseOpeningHours(text: string): [number, number][] | null {
  const out: [number, number][] = [];
  for (const part of text.split(',')) {
    const [a, b] = part.split('-');
    const from = minuteOf(a ?? '');
    const to = minuteOf(b ?? '');
    if (from === null || to === null || from === to || from === 24 * 60) return null;
    out.push([from, to]);
  }
  return out;
}

/** Is a place with these opening hours open at `minute` (of the Shanghai day)? */
export function isOpenAt(ranges: readonly [number, number][], minute: number): boolean {
  return ranges.some(([from, to]) =>
    from < to ? minute >= from && minute < to : minute >= from || minute < to,
  );
}

// ---- offers ----

async function toOffers(db: Kysely<DB>, rows: readonly OfferRecord[]): Promise<Offer[]> {
  if (rows.length === 0) return [];
  const members = await db
    .selectFrom('council_members')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(rows.map((r) => r.member_id))])
    .execute();
  const name = new Map(members.map((m) => [m.id, m.name]));
  return rows.map((o) => ({
    id: o.id,
    councilId: o.council_id,
    side: o.side as Offer['side'],
    member: { id: o.member_id, name: name.get(o.member_id) ?? '' },
    category: o.category as OfferCategory,
    title: o.title,
    description: o.description,
    lat: o.lat,
    lng: o.lng,
    openingHours: o.opening_hours,
    status: o.status as Offer['status'],
    projectId: o.project_id,
    createdAt: new Date(o.created_at).toISOString(),
  }));
}

/** Offers or needs by id, as their council's readers see them (for projects). */
export async function offersByIds(db: Kysely<DB>, ids: readonly string[]): Promise<Offer[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('council_offers')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return toOffers(db, rows);
}

function required(field: string, en: string, zh: string): AppError {
  return AppError.invalid(
    field,
    'required',
    `${field}: a rest area needs ${en} / 爱心休息区须填写${zh}`,
  );
}

/**
 * A member's representative lists what it offers or needs (or staff, the chair, the secretary
 * for any member). A rest area offered needs its place, inside the block, and its opening
 * hours. Its title and description, shown on the public map, are stored with any mobile or
 * ID number in them masked. Audited.
 */
export async function createOffer(
  ctx: Ctx,
  councilId: string,
  body: CreateOfferBody,
): Promise<Offer> {
  const { council, standing } = await requireCouncilReader(
    ctx,
    await findCouncil(ctx.db, councilId),
  );
  const memberId = body.memberId.toLowerCase();
  requireThat(
    standing.rep?.memberId === memberId || canManage(standing),
    "Only the member's representatives, staff, the chair or the secretary list its offers and needs / 仅该成员的代表、街道工作人员、主任或秘书可登记",
  );
  const member = await ctx.db
    .selectFrom('council_members')
    .select(['id'])
    .where('id', '=', memberId)
    .where('council_id', '=', council.id)
    .where('left_at', 'is', null)
    .executeTakeFirst();
  if (!member)
    throw AppError.invalid(
      'memberId',
      'notMember',
      'memberId: not a member of this council / 不是本组织的成员',
    );
  const title = maskPersonalNumbers(body.title.trim());
  if (!title) throw AppError.invalid('title', 'required', 'title: required / 标题必填');
  const restArea = body.side === 'offer' && body.category === 'rest_area';
  if (restArea) {
    if (body.lat === undefined) throw required('lat', 'its place', '位置');
    if (body.lng === undefined) throw required('lng', 'its place', '位置');
    if (body.openingHours === undefined)
      throw required('openingHours', 'its opening hours', '开放时间');
  } else if ((body.lat === undefined) !== (body.lng === undefined)) {
    const field = body.lat === undefined ? 'lat' : 'lng';
    throw AppError.invalid(
      field,
      'required',
      `${field}: a place needs both lat and lng / 位置须同时填写经纬度`,
    );
  }
  if (body.openingHours !== undefined && !parseOpeningHours(body.openingHours))
    throw AppError.invalid(
      'openingHours',
      'format',
      `openingHours: "${body.openingHours}" is not a list of times of day such as 07:00-19:00 / 开放时间格式应如 07:00-19:00`,
    );
  if (restArea) {
    const block = await ctx.db
      .selectFrom('council_blocks')
      .select('boundary')
      .where('id', '=', council.block_id)
      .executeTakeFirstOrThrow();
    const ring = (block.boundary as BlockBoundary).coordinates[0]!;
    if (!pointInPolygon(body.lng!, body.lat!, ring))
      throw AppError.invalid(
        'lat',
        'outsideBlock',
        'lat: the rest area must lie inside the block / 爱心休息区须位于街区范围内',
      );
  }
  const id = crypto.randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('council_offers')
      .values({
        id,
        council_id: council.id,
        side: body.side,
        member_id: memberId,
        category: body.category,
        title,
        description: maskPersonalNumbers(body.description?.trim() ?? ''),
        lat: body.lat ?? null,
        lng: body.lng ?? null,
        opening_hours: body.openingHours ?? null,
        created_by: ctx.actor!.id,
      })
      .execute();
    await recordAudit(
      ctx,
      {
        action: `councils.${body.side}.create`,
        objectType: 'council_offer',
        objectId: id,
        areaPath: council.area_path,
        detail: { councilId: council.id, memberId, category: body.category, title },
      },
      trx,
    );
  });
  return (await offersByIds(ctx.db, [id]))[0]!;
}

/** The council's offers or needs (or both), newest first: its readers. */
export async function listOffers(
  ctx: Ctx,
  councilId: string,
  side: 'offer' | 'need' | undefined,
): Promise<OfferList> {
  const { council } = await requireCouncilReader(ctx, await findCouncil(ctx.db, councilId));
  const rows = await ctx.db
    .selectFrom('council_offers')
    .selectAll()
    .where('council_id', '=', council.id)
    .$if(!!side, (q) => q.where('side', '=', side!))
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(500)
    .execute();
  return { items: await toOffers(ctx.db, rows) };
}

/** Withdraw an offer or need (a rest area leaves the public map): its member's representatives or those who run the council. */
export async function closeOffer(ctx: Ctx, id: string): Promise<Offer> {
  const offer = await findOffer(ctx.db, id);
  if (!offer) throw AppError.notFound(OFFER_NOT_FOUND);
  const { council, standing } = await notFoundAs(
    OFFER_NOT_FOUND,
    requireCouncilReader(ctx, await findCouncil(ctx.db, offer.council_id)),
  );
  requireThat(
    standing.rep?.memberId === offer.member_id || canManage(standing),
    "Only the member's representatives, staff, the chair or the secretary close it / 仅该成员的代表、街道工作人员、主任或秘书可关闭",
  );
  await ctx.db.transaction().execute(async (trx) => {
    const closed = await trx
      .updateTable('council_offers')
      .set({ status: 'closed' })
      .where('id', '=', offer.id)
      .where('status', '<>', 'closed')
      .returning('id')
      .executeTakeFirst();
    if (!closed) throw conflictField('status', 'closed', 'status: closed already / 已经关闭');
    await recordAudit(
      ctx,
      {
        action: `councils.${offer.side}.close`,
        objectType: 'council_offer',
        objectId: offer.id,
        areaPath: council.area_path,
        detail: { councilId: council.id },
      },
      trx,
    );
  });
  return (await offersByIds(ctx.db, [offer.id]))[0]!;
}
