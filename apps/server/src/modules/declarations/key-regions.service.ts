import crypto from 'node:crypto';
import type {
  KeyRegionBody,
  KeyRegionLevel,
  KeyRegionList,
  KeyRegionPatch,
  KeyRegionsQuery,
  KeyRegionView,
  RegionRef,
} from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { requireCalendarDay, shanghaiDate } from '../../platform/shanghai-time.js';
import { denyAndAudit, recordAudit, type AuditEvent } from '../audit/index.js';
import { accountNames } from '../identity/index.js';
import { mayEditKeyRegions, mayReadKeyRegions } from './key-regions.policy.js';
import { findRegion, regionAncestry, type Region } from './regions.js';

/**
 * The city's key regions (重点地区): a region of China or a country, its level and the dates it
 * is listed for. Read by any staff member, changed by the city (every change audited). A
 * declaration from a listed region, arriving on a listed day, is a key-region arrival.
 */

const OBJECT_TYPE = 'key_region';
const LEVEL_RANK: Record<KeyRegionLevel, number> = { high: 2, medium: 1 };

/** A listing as stored, dates as YYYY-MM-DD. */
interface KeyRegionRow {
  id: string;
  region_code: string;
  level: KeyRegionLevel;
  listed_from: string;
  listed_to: string | null;
  note: string;
  updated_at: Date;
  updated_by: string | null;
}

/** The listing that a declaration's origin and arrival date fall in. */
export interface KeyRegionHit {
  id: string;
  level: KeyRegionLevel;
  /** the listed region (the origin itself or a region above it) */
  region: RegionRef;
  from: string;
  to: string | null;
}

// `date` columns come back as text, the same on PGlite and PostgreSQL
const selectRows = (db: Kysely<DB>) =>
  db
    .selectFrom('key_regions')
    .select([
      'id',
      'region_code',
      'level',
      sql<string>`to_char(listed_from, 'YYYY-MM-DD')`.as('listed_from'),
      sql<string | null>`to_char(listed_to, 'YYYY-MM-DD')`.as('listed_to'),
      'note',
      'updated_at',
      'updated_by',
    ]);

/** A region as a listing shows it; a code no longer in the region files keeps its code. */
function regionRef(code: string): RegionRef {
  const r: Region | undefined = findRegion(code);
  return r ? { code, name: r.name, path: r.path } : { code, name: code, path: code };
}

function view(row: KeyRegionRow, names: Map<string, string>): KeyRegionView {
  return {
    id: row.id,
    region: regionRef(row.region_code),
    level: row.level,
    from: row.listed_from,
    to: row.listed_to,
    note: row.note,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by ? (names.get(row.updated_by) ?? null) : null,
  };
}

async function views(db: Kysely<DB>, rows: KeyRegionRow[]): Promise<KeyRegionView[]> {
  const names = await accountNames(
    db,
    rows.map((r) => r.updated_by),
  );
  return rows.map((r) => view(r, names));
}

function requireReader(ctx: Ctx): void {
  if (!mayReadKeyRegions(ctx.actor))
    throw AppError.forbidden('Only staff read the key regions / 仅工作人员可查看重点地区');
}

async function requireEditor(ctx: Ctx, event: AuditEvent): Promise<void> {
  if (!mayEditKeyRegions(ctx.actor))
    await denyAndAudit(
      ctx,
      event,
      'Only the city (city operator or administrator) changes the key regions / 仅市级运营人员或系统管理员可修改重点地区',
    );
}

function requireOrder(from: string, to: string | null): void {
  if (to !== null && to < from)
    throw AppError.invalid(
      'to',
      'after_from',
      `to: ${to} is before from ${from} / 结束日期早于开始日期`,
    );
}

/** GET /api/key-regions: every listing (active=true: those covering today, Shanghai), newest first. */
export async function listKeyRegions(ctx: Ctx, query: KeyRegionsQuery): Promise<KeyRegionList> {
  requireReader(ctx);
  let q = selectRows(ctx.db);
  if (query.active) {
    const today = shanghaiDate();
    q = q
      .where('listed_from', '<=', today)
      .where((eb) => eb.or([eb('listed_to', 'is', null), eb('listed_to', '>=', today)]));
  }
  const rows = await q
    .orderBy('listed_from', 'desc')
    .orderBy('region_code')
    .orderBy('id')
    .execute();
  return { items: await views(ctx.db, rows) };
}

async function oneRow(db: Kysely<DB>, id: string): Promise<KeyRegionRow> {
  const row = await selectRows(db).where('id', '=', id).executeTakeFirst();
  if (!row) throw AppError.notFound('No such key region / 没有该重点地区');
  return row;
}

/** POST /api/key-regions: list a region (the city). */
export async function createKeyRegion(ctx: Ctx, body: KeyRegionBody): Promise<KeyRegionView> {
  await requireEditor(ctx, {
    action: 'key_region.create',
    objectType: OBJECT_TYPE,
    objectId: null,
  });
  const region = findRegion(body.regionCode);
  if (!region)
    throw AppError.invalid(
      'regionCode',
      'exists',
      `regionCode: no region ${body.regionCode} / 没有代码为 ${body.regionCode} 的地区`,
    );
  const from = requireCalendarDay('from', body.from);
  const to = body.to === undefined || body.to === null ? null : requireCalendarDay('to', body.to);
  requireOrder(from, to);
  const id = crypto.randomUUID();
  const note = (body.note ?? '').trim();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('key_regions')
      .values({
        id,
        region_code: region.code,
        level: body.level,
        listed_from: from,
        listed_to: to,
        note,
        updated_at: new Date(),
        updated_by: ctx.actor!.id,
      })
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'key_region.create',
        objectType: OBJECT_TYPE,
        objectId: id,
        detail: { regionCode: region.code, region: region.path, level: body.level, from, to, note },
      },
      trx,
    );
  });
  const [v] = await views(ctx.db, [await oneRow(ctx.db, id)]);
  return v!;
}

/** PATCH /api/key-regions/:id: change the level, the end date or the note (the city). */
export async function updateKeyRegion(
  ctx: Ctx,
  id: string,
  patch: KeyRegionPatch,
): Promise<KeyRegionView> {
  await requireEditor(ctx, { action: 'key_region.update', objectType: OBJECT_TYPE, objectId: id });
  const before = await oneRow(ctx.db, id);
  const to =
    patch.to === undefined
      ? before.listed_to
      : patch.to === null
        ? null
        : requireCalendarDay('to', patch.to);
  requireOrder(before.listed_from, to);
  const after = {
    level: patch.level ?? before.level,
    to,
    note: patch.note === undefined ? before.note : patch.note.trim(),
  };
  const changed = Object.fromEntries(
    (
      [
        ['level', before.level, after.level],
        ['to', before.listed_to, after.to],
        ['note', before.note, after.note],
      ] as const
    )
      .filter(([, b, a]) => b !== a)
      .map(([k, b, a]) => [k, { before: b, after: a }]),
  );
  if (Object.keys(changed).length > 0) {
    await ctx.db.transaction().execute(async (trx) => {
      const done = await trx
        .updateTable('key_regions')
        .set({
          level: after.level,
          listed_to: after.to,
          note: after.note,
          updated_at: new Date(),
          updated_by: ctx.actor!.id,
        })
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) === 0)
        throw AppError.notFound('No such key region / 没有该重点地区');
      await recordAudit(
        ctx,
        {
          action: 'key_region.update',
          objectType: OBJECT_TYPE,
          objectId: id,
          detail: { regionCode: before.region_code, changed },
        },
        trx,
      );
    });
  }
  const [v] = await views(ctx.db, [await oneRow(ctx.db, id)]);
  return v!;
}

/** DELETE /api/key-regions/:id: take a listing off (the city); to end it, set `to` instead. */
export async function deleteKeyRegion(ctx: Ctx, id: string): Promise<void> {
  await requireEditor(ctx, { action: 'key_region.delete', objectType: OBJECT_TYPE, objectId: id });
  await ctx.db.transaction().execute(async (trx) => {
    const gone = await trx
      .deleteFrom('key_regions')
      .where('id', '=', id)
      .returning([
        'region_code',
        'level',
        sql<string>`to_char(listed_from, 'YYYY-MM-DD')`.as('listed_from'),
        sql<string | null>`to_char(listed_to, 'YYYY-MM-DD')`.as('listed_to'),
      ])
      .executeTakeFirst();
    if (!gone) throw AppError.notFound('No such key region / 没有该重点地区');
    await recordAudit(
      ctx,
      {
        action: 'key_region.delete',
        objectType: OBJECT_TYPE,
        objectId: id,
        detail: {
          regionCode: gone.region_code,
          level: gone.level,
          from: gone.listed_from,
          to: gone.listed_to,
        },
      },
      trx,
    );
  });
}

/**
 * The listing a declaration from `originCode` arriving on `arrivalDate` (YYYY-MM-DD) falls in:
 * one whose region is the origin or lies above it (county → city → province → CN; a country
 * only itself) and whose dates hold the arrival. The highest level wins; between listings of
 * one level, the nearest region. Null when none, or when the origin is not a region.
 * One indexed query on at most four codes: cheap on the declaration's hot path. Pass the
 * declaration's transaction as `db`.
 */
export async function matchKeyRegion(
  db: Kysely<DB>,
  originCode: string,
  arrivalDate: string,
): Promise<KeyRegionHit | null> {
  const ancestry = regionAncestry(originCode);
  if (ancestry.length === 0) return null;
  const rows = await selectRows(db)
    .where('region_code', 'in', ancestry)
    .where('listed_from', '<=', arrivalDate)
    .where((eb) => eb.or([eb('listed_to', 'is', null), eb('listed_to', '>=', arrivalDate)]))
    .execute();
  if (rows.length === 0) return null;
  const depth = (code: string) => ancestry.indexOf(code);
  rows.sort(
    (a, b) =>
      LEVEL_RANK[b.level] - LEVEL_RANK[a.level] ||
      depth(a.region_code) - depth(b.region_code) ||
      a.listed_from.localeCompare(b.listed_from) ||
      a.id.localeCompare(b.id),
  );
  const best = rows[0]!;
  return {
    id: best.id,
    level: best.level,
    region: regionRef(best.region_code),
    from: best.listed_from,
    to: best.listed_to,
  };
}
