import {
  MEMBER_KIND_LABELS,
  type BlockBoundary,
  type MemberKind,
  type PublicMap,
  type PublicMapQuery,
} from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { shanghaiMinute } from '../../platform/shanghai-time.js';
import { isOpenAt, parseOpeningHours } from './offers.js';

/**
 * The public map (no sign-in): the blocks' outlines, the rest areas (爱心休息区) members offer
 * with their opening hours and whether they are open now (Shanghai time), the guideline
 * projects approved or done and each guideline's progress — of one block, or of the blocks
 * and rest areas in a box of at most 0.2° a side. Only organisations' names, never a person's
 * or a phone: the member offering a rest area is named, nobody who speaks for it — and a
 * member that is often one person (a lawyer, a planner, "other": 李明律师) only by its kind.
 * Titles and descriptions were stored with mobile and ID numbers masked when written.
 */

/** Member kinds often one person: shown by their kind's label, never by their name. */
const PERSON_KINDS: ReadonlySet<MemberKind> = new Set(['lawyer', 'planner', 'other']);

/** How the public map names the member offering a rest area. */
export function publicMemberName(kind: string, name: string): string {
  return PERSON_KINDS.has(kind as MemberKind) ? MEMBER_KIND_LABELS[kind as MemberKind].zh : name;
}

/** The largest box side, in degrees (about 20 km): a city district, not the whole city. */
export const MAX_BOX_SIDE = 0.2;
const MAX_BLOCKS = 100;
const MAX_REST_AREAS = 500;
const MAX_PROJECTS = 500;
const MAX_GUIDELINES = 200;

export interface Box {
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}

function parseBox(text: string): Box {
  const [minLng, minLat, maxLng, maxLat] = text.split(',').map(Number) as [
    number,
    number,
    number,
    number,
  ];
  const ok =
    [minLng, minLat, maxLng, maxLat].every(Number.isFinite) &&
    minLng >= -180 &&
    maxLng <= 180 &&
    minLat >= -90 &&
    maxLat <= 90 &&
    minLng < maxLng &&
    minLat < maxLat;
  if (!ok)
    throw AppError.invalid(
      'bbox',
      'format',
      'bbox: give minLng,minLat,maxLng,maxLat with each min below its max / 范围格式应为 最小经度,最小纬度,最大经度,最大纬度',
    );
  if (maxLng - minLng > MAX_BOX_SIDE || maxLat - minLat > MAX_BOX_SIDE)
    throw AppError.invalid(
      'bbox',
      'tooLarge',
      `bbox: at most ${MAX_BOX_SIDE}° a side; zoom in / 范围过大（每边不超过 ${MAX_BOX_SIDE}°），请放大地图`,
    );
  return { minLng, minLat, maxLng, maxLat };
}

/** The minute of the Shanghai day now. */
function shanghaiMinuteOfDay(now: Date): number {
  const hhmm = shanghaiMinute(now).slice(11);
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/**
 * The open rest areas offered in a box (through council_offers_rest_idx: its predicate is
 * written out as literals, so the planner matches it whatever the parameters), or of some
 * councils (through their offers' index), with the member offering each.
 */
export function restAreasQuery(
  db: Kysely<DB>,
  where: { box: Box } | { councilIds: readonly string[] },
) {
  const box = 'box' in where ? where.box : null;
  const councilIds = 'councilIds' in where ? where.councilIds : [];
  return db
    .selectFrom('council_offers as o')
    .innerJoin('council_members as m', 'm.id', 'o.member_id')
    .select([
      'o.id',
      'o.title',
      'm.name as offered_by',
      'm.kind as offered_by_kind',
      'o.lat',
      'o.lng',
      'o.opening_hours',
    ])
    .where(sql<boolean>`o.category = 'rest_area' and o.side = 'offer' and o.status <> 'closed'`)
    .$if(!!box, (b) =>
      b
        .where('o.lng', '>=', box!.minLng)
        .where('o.lng', '<=', box!.maxLng)
        .where('o.lat', '>=', box!.minLat)
        .where('o.lat', '<=', box!.maxLat),
    )
    .$if(!box, (b) =>
      councilIds.length
        ? b.where('o.council_id', 'in', [...councilIds])
        : b.where(sql<boolean>`false`),
    )
    .orderBy('o.lng')
    .orderBy('o.id')
    .limit(MAX_REST_AREAS);
}

export async function publicMap(
  ctx: Ctx,
  q: PublicMapQuery,
  now: Date = new Date(),
): Promise<PublicMap> {
  if (q.block && q.bbox)
    throw AppError.invalid(
      'bbox',
      'exclusive',
      'bbox: give a block or a box, not both / 请只提供街区或范围之一',
    );
  if (!q.block && !q.bbox)
    throw AppError.invalid(
      'block',
      'required',
      'block: give a block id or a bbox / 请提供街区或地图范围',
    );
  const db = ctx.db;
  const box = q.bbox ? parseBox(q.bbox) : null;

  const blocks = await db
    .selectFrom('council_blocks')
    .select(['id', 'name', 'boundary'])
    .$if(!!q.block, (b) => b.where('id', '=', q.block!))
    .$if(!!box, (b) =>
      b
        .where('min_lng', '<=', box!.maxLng)
        .where('max_lng', '>=', box!.minLng)
        .where('min_lat', '<=', box!.maxLat)
        .where('max_lat', '>=', box!.minLat),
    )
    .orderBy('name')
    .orderBy('id')
    .limit(MAX_BLOCKS)
    .execute();
  if (q.block && blocks.length === 0) throw AppError.notFound('No such block / 未找到该街区');

  const blockIds = blocks.map((b) => b.id);
  const councils = blockIds.length
    ? await db.selectFrom('councils').select('id').where('block_id', 'in', blockIds).execute()
    : [];
  const councilIds = councils.map((c) => c.id);

  const restAreas = await restAreasQuery(db, box ? { box } : { councilIds }).execute();

  const [projects, guidelines] = councilIds.length
    ? await Promise.all([
        db
          .selectFrom('council_applications as a')
          .innerJoin('council_guidelines as g', 'g.id', 'a.guideline_id')
          .select(['a.id', 'a.title', 'g.title as guideline', 'a.state', 'a.lat', 'a.lng'])
          .where('a.council_id', 'in', councilIds)
          .where('a.state', 'in', ['approved', 'done'])
          .orderBy('a.submitted_at', 'desc')
          .orderBy('a.id')
          .limit(MAX_PROJECTS)
          .execute(),
        db
          .selectFrom('council_guidelines')
          .select(['id', 'title', 'applications', 'approved', 'done'])
          .where('council_id', 'in', councilIds)
          .orderBy('created_at', 'desc')
          .orderBy('id')
          .limit(MAX_GUIDELINES)
          .execute(),
      ])
    : [[], []];

  const minute = shanghaiMinuteOfDay(now);
  return {
    blocks: blocks.map((b) => ({
      id: b.id,
      name: b.name,
      boundary: b.boundary as BlockBoundary,
    })),
    restAreas: restAreas.map((r) => {
      const hours = r.opening_hours ?? '';
      const ranges = parseOpeningHours(hours);
      return {
        id: r.id,
        title: r.title,
        offeredBy: publicMemberName(r.offered_by_kind, r.offered_by),
        lat: r.lat!,
        lng: r.lng!,
        openingHours: hours,
        openNow: !!ranges && isOpenAt(ranges, minute),
      };
    }),
    projects: projects.map((p) => ({
      id: p.id,
      title: p.title,
      guideline: p.guideline,
      state: p.state as 'approved' | 'done',
      lat: p.lat,
      lng: p.lng,
    })),
    progress: guidelines.map((g) => ({
      guidelineId: g.id,
      title: g.title,
      applications: g.applications,
      approved: g.approved,
      done: g.done,
    })),
  };
}
