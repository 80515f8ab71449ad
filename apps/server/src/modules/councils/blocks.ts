import {
  COUNCIL_STAFF_ROLES,
  type Block,
  type BlockBoundary,
  type BlockList,
  type BlockListQuery,
  type CreateBlockBody,
  type UpdateBlockBody,
} from '@cc/contracts';
import crypto from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { pathWithin } from '../../platform/db/path-within.js';
import type { DB } from '../../platform/db/schema.js';
import { isUniqueViolation } from '../../platform/db/unique-violation.js';
import { AppError } from '../../platform/errors.js';
import { bindingsWith, isWithin, reaches, scopeRoots } from '../../platform/policy.js';
import { recordAudit } from '../audit/index.js';
import { findAreaCached, pointInMultiPolygon, type MultiPolygon } from '../areas/index.js';
import { normalizeId } from './councils.repo.js';
import type { CouncilBlocksTable } from './councils.tables.js';
import {
  isClosedRing,
  isSimplePolygon,
  pointInPolygon,
  ringBox,
  ringCrossesAny,
  type Point,
} from './polygon.js';

/**
 * Blocks (街区, decision 022): street staff draw a simple polygon inside their street over some
 * of its committees and compounds. A block is read by the staff whose area reaches its street
 * and by the representatives of its councils (who see only their own councils on it).
 */

export type BlockRow = Selectable<CouncilBlocksTable>;

/** an id no account has: "nobody" in a query that asks about the reader */
export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

const BLOCK_NOT_FOUND = 'No such block / 未找到该街区';
const STREET_NOT_YOURS = 'streetCode: this street is not in your area / 该街道不在您的管辖范围内';

export function findBlock(db: Kysely<DB>, id: string): Promise<BlockRow | undefined> {
  return db
    .selectFrom('council_blocks')
    .selectAll()
    .where('id', '=', normalizeId(id))
    .executeTakeFirst();
}

/** The block's one ring of [lng, lat]. */
export function blockRing(row: Pick<BlockRow, 'boundary'>): Point[] {
  return (row.boundary as BlockBoundary).coordinates[0] as Point[];
}

/** Does the block's polygon hold the point? (its box first, then the ring) */
export function blockHolds(
  row: Pick<BlockRow, 'boundary' | 'min_lat' | 'max_lat' | 'min_lng' | 'max_lng'>,
  lat: number,
  lng: number,
): boolean {
  if (lat < row.min_lat || lat > row.max_lat || lng < row.min_lng || lng > row.max_lng)
    return false;
  return pointInPolygon(lng, lat, blockRing(row));
}

/** May the actor draw and change blocks over the street at `streetPath`? */
export const isBlockStaff = (ctx: Ctx, streetPath: string): boolean =>
  reaches(ctx.actor, streetPath, COUNCIL_STAFF_ROLES);

/** The street of `code`: 400 `streetCode` `street` when it is not one; 404 when not the staff's. */
async function requireStaffStreet(ctx: Ctx, code: string) {
  const area = await findAreaCached(ctx.db, code);
  if (!area || area.level !== 'street')
    throw AppError.invalid(
      'streetCode',
      'street',
      `streetCode: ${code} is not a street (街道) / ${code} 不是街道`,
    );
  if (!isBlockStaff(ctx, area.path)) throw AppError.notFound(STREET_NOT_YOURS);
  return area;
}

/** The street's boundary (areas' MultiPolygon), or null when the street has none mapped. */
async function streetBoundary(db: Kysely<DB>, code: string): Promise<MultiPolygon | null> {
  const row = await db
    .selectFrom('areas')
    .select('boundary')
    .where('code', '=', code)
    .executeTakeFirst();
  return (row?.boundary as MultiPolygon | null | undefined) ?? null;
}

/** Committees and compounds of the street, in the order given: 400 `areaCodes.N` `withinStreet`. */
async function requireAreasWithin(
  db: Kysely<DB>,
  codes: readonly string[],
  streetPath: string,
): Promise<string[]> {
  for (const [i, code] of codes.entries()) {
    const a = await findAreaCached(db, code);
    if (
      !a ||
      (a.level !== 'committee' && a.level !== 'compound') ||
      !isWithin(a.path, streetPath) ||
      a.path === streetPath
    )
      throw AppError.invalid(
        `areaCodes.${i}`,
        'withinStreet',
        `areaCodes.${i}: ${code} is not a committee or compound of this street / ${code} 不是本街道的居委会或小区`,
      );
  }
  return [...codes];
}

/**
 * The outline, checked: closed (400 `boundary` `closed`), a simple polygon of at least 3
 * distinct points (400 `boundary` `simple`), inside the street's boundary — every vertex in it
 * (400 `boundary` `withinStreet`, naming the first vertex outside) and no edge crossing or
 * touching one of the street's (400 `boundary` `withinStreet`: a concave street's notch). A
 * street with no boundary mapped cannot hold a block: 400 `streetCode` `noBoundary`.
 */
function requireBoundary(boundary: BlockBoundary, street: MultiPolygon | null): Point[] {
  const ring = boundary.coordinates[0] as Point[];
  if (!isClosedRing(ring))
    throw AppError.invalid(
      'boundary',
      'closed',
      'boundary: the outline must end where it starts (the last point repeats the first) / 街区轮廓须闭合（最后一点与第一点相同）',
    );
  if (!isSimplePolygon(ring))
    throw AppError.invalid(
      'boundary',
      'simple',
      'boundary: the outline must be a simple polygon of at least 3 distinct points whose edges do not cross / 街区轮廓须为至少 3 个不同点、边不相交的简单多边形',
    );
  if (!street || street.length === 0)
    throw AppError.invalid(
      'streetCode',
      'noBoundary',
      'streetCode: this street has no boundary mapped yet, so no block can be drawn in it / 该街道尚无边界数据，无法划定街区',
    );
  const outside = ring.findIndex(([lng, lat]) => !pointInMultiPolygon(lng, lat, street));
  if (outside >= 0)
    throw AppError.invalid(
      'boundary',
      'withinStreet',
      `boundary: point ${outside + 1} lies outside the street / 第 ${outside + 1} 个点在街道范围之外`,
    );
  if (ringCrossesAny(ring, street.flat() as unknown as Point[][]))
    throw AppError.invalid(
      'boundary',
      'withinStreet',
      'boundary: an edge of the outline crosses the street’s boundary / 街区轮廓的边越出了街道边界',
    );
  return ring;
}

const nameTaken = () =>
  AppError.conflict(
    'name: this street has a block of that name already / 本街道已有同名街区',
    'name',
  );

/** The answer: names of the street and areas, and the councils on it the reader may see. */
export async function toBlocks(ctx: Ctx, rows: BlockRow[]): Promise<Block[]> {
  if (rows.length === 0) return [];
  const codes = [...new Set(rows.flatMap((r) => [r.street_code, ...r.area_codes]))];
  const areas = codes.length
    ? await ctx.db.selectFrom('areas').select(['code', 'name']).where('code', 'in', codes).execute()
    : [];
  const names = new Map(areas.map((a) => [a.code, a.name]));
  const me = ctx.actor?.id ?? NIL_UUID;
  const councils = await ctx.db
    .selectFrom('councils as c')
    .select((eb) => [
      'c.id',
      'c.name',
      'c.kind',
      'c.block_id',
      'c.area_path',
      eb
        .exists(
          eb
            .selectFrom('council_representatives as r')
            .select('r.account_id')
            .whereRef('r.council_id', '=', 'c.id')
            .where('r.account_id', '=', me),
        )
        .as('mine'),
    ])
    .where(
      'c.block_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    street: { code: r.street_code, name: names.get(r.street_code) ?? r.street_code },
    frontage: r.frontage,
    areas: r.area_codes.map((code) => ({ code, name: names.get(code) ?? code })),
    boundary: r.boundary as BlockBoundary,
    councils: councils
      .filter((c) => c.block_id === r.id && (isBlockStaff(ctx, c.area_path) || Boolean(c.mine)))
      .map((c) => ({ id: c.id, name: c.name, kind: c.kind })),
    createdAt: r.created_at.toISOString(),
  }));
}

async function toBlock(ctx: Ctx, row: BlockRow): Promise<Block> {
  return (await toBlocks(ctx, [row]))[0]!;
}

/**
 * The block's own columns from a create or change body, each checked: the name, the areas
 * within the street, the outline inside the street's boundary and its bounding box.
 */
async function checkedColumns(
  ctx: Ctx,
  body: UpdateBlockBody,
  streetCode: string,
  streetPath: string,
) {
  const name = body.name.trim();
  if (!name) throw AppError.invalid('name', 'required', 'name: required / 名称必填');
  const areaCodes = await requireAreasWithin(ctx.db, body.areaCodes, streetPath);
  const ring = requireBoundary(body.boundary, await streetBoundary(ctx.db, streetCode));
  const box = ringBox(ring);
  return {
    name,
    frontage: body.frontage?.trim() ?? '',
    area_codes: areaCodes,
    boundary: JSON.stringify({ type: 'Polygon', coordinates: [ring] }),
    min_lat: box.minLat,
    max_lat: box.maxLat,
    min_lng: box.minLng,
    max_lng: box.maxLng,
  };
}

/** POST /api/blocks: staff reaching the street draw a block in it. */
export async function createBlock(ctx: Ctx, body: CreateBlockBody): Promise<Block> {
  const street = await requireStaffStreet(ctx, body.streetCode);
  const columns = await checkedColumns(ctx, body, street.code, street.path);
  const { name, area_codes: areaCodes } = columns;
  const id = crypto.randomUUID();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const taken = await trx
        .selectFrom('council_blocks')
        .select('id')
        .where('street_code', '=', street.code)
        .where('name', '=', name)
        .executeTakeFirst();
      if (taken) throw nameTaken();
      await trx
        .insertInto('council_blocks')
        .values({
          id,
          street_code: street.code,
          street_path: street.path,
          ...columns,
          created_by: ctx.actor!.id,
        })
        .execute();
      await recordAudit(
        ctx,
        {
          action: 'councils.block.create',
          objectType: 'council_block',
          objectId: id,
          areaPath: street.path,
          detail: { name, areaCodes },
        },
        trx,
      );
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken();
    throw e;
  }
  return toBlock(ctx, (await findBlock(ctx.db, id))!);
}

/** The block, for staff reaching its street (404 otherwise). */
async function requireStaffBlock(ctx: Ctx, id: string): Promise<BlockRow> {
  const row = await findBlock(ctx.db, id);
  if (!row || !isBlockStaff(ctx, row.street_path)) throw AppError.notFound(BLOCK_NOT_FOUND);
  return row;
}

/** PUT /api/blocks/:id: staff change its name, frontage, areas and outline (the street stays). */
export async function updateBlock(ctx: Ctx, id: string, body: UpdateBlockBody): Promise<Block> {
  const row = await requireStaffBlock(ctx, id);
  const columns = await checkedColumns(ctx, body, row.street_code, row.street_path);
  const { name, area_codes: areaCodes } = columns;
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const taken = await trx
        .selectFrom('council_blocks')
        .select('id')
        .where('street_code', '=', row.street_code)
        .where('name', '=', name)
        .where('id', '<>', id)
        .executeTakeFirst();
      if (taken) throw nameTaken();
      await trx.updateTable('council_blocks').set(columns).where('id', '=', id).execute();
      await recordAudit(
        ctx,
        {
          action: 'councils.block.update',
          objectType: 'council_block',
          objectId: id,
          areaPath: row.street_path,
          detail: { name, areaCodes },
        },
        trx,
      );
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken();
    throw e;
  }
  return toBlock(ctx, (await findBlock(ctx.db, id))!);
}

/** GET /api/blocks/:id: staff reaching its street, or a representative of one of its councils. */
export async function getBlock(ctx: Ctx, id: string): Promise<Block> {
  const row = await findBlock(ctx.db, id);
  if (!row) throw AppError.notFound(BLOCK_NOT_FOUND);
  if (!isBlockStaff(ctx, row.street_path)) {
    const rep = ctx.actor
      ? await ctx.db
          .selectFrom('council_representatives as r')
          .innerJoin('councils as c', 'c.id', 'r.council_id')
          .select('r.account_id')
          .where('c.block_id', '=', id)
          .where('r.account_id', '=', ctx.actor.id)
          .executeTakeFirst()
      : undefined;
    if (!rep) throw AppError.notFound(BLOCK_NOT_FOUND);
  }
  return toBlock(ctx, row);
}

/**
 * GET /api/blocks?street=: staff — the blocks of a street they reach (404 otherwise), or with no
 * street all the blocks of their areas; anyone else — the blocks of the councils they represent
 * a member of. By name.
 */
export async function listBlocks(ctx: Ctx, q: BlockListQuery): Promise<BlockList> {
  let query = ctx.db.selectFrom('council_blocks as b').selectAll('b');
  if (q.street !== undefined) {
    const area = await findAreaCached(ctx.db, q.street);
    if (!area || !isBlockStaff(ctx, area.path))
      throw AppError.notFound(
        'street: no such street, or not in your area / 街道不存在或不在您的管辖范围内',
      );
    query = query.where(pathWithin('b.street_path', [area.path]));
  } else {
    const roots = scopeRoots(bindingsWith(ctx.actor, COUNCIL_STAFF_ROLES));
    const me = ctx.actor?.id ?? NIL_UUID;
    query = query.where((eb) =>
      eb.or([
        pathWithin('b.street_path', roots),
        eb.exists(
          eb
            .selectFrom('council_representatives as r')
            .innerJoin('councils as c', 'c.id', 'r.council_id')
            .select('r.account_id')
            .whereRef('c.block_id', '=', 'b.id')
            .where('r.account_id', '=', me),
        ),
      ]),
    );
  }
  const rows = await query.orderBy('b.name').orderBy('b.id').limit(500).execute();
  return { items: await toBlocks(ctx, rows) };
}
