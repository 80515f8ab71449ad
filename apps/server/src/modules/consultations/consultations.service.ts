import {
  type AreaFeatureCollection,
  type ConsultationDetail,
  type ConsultationList,
  type ConsultationListQuery,
} from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { openCursor, sealCursor } from '../../platform/cursor.js';
import { AppError } from '../../platform/errors.js';
import { isStaff } from '../../platform/policy.js';
import { requireArea } from '../areas/index.js';
import { requireVerifiedHome, residentHome, type ResidentHome } from '../residents/index.js';
import { canManage, canReadAsStaff, livesIn, staffScope } from './consultations.policy.js';
import * as repo from './consultations.repo.js';

/**
 * Reading consultations: staff's list of their areas, a resident's list for their home, one
 * consultation with what the reader may do, and the outline pins fall in. Writing them is in
 * consultation-authoring.ts, answering in consultation-answering.ts.
 */

export const NOT_FOUND = 'No such consultation / 征询不存在';
const STAFF_LIST = 'consultations.staff';
const RESIDENT_LIST = 'consultations.resident';

export const notFound = () => AppError.notFound(NOT_FOUND);

/** The verified home of the actor, or a 403 that says to get verified first. */
export async function requireHome(ctx: Ctx): Promise<ResidentHome> {
  return requireVerifiedHome(
    ctx,
    '请先完成住户认证，认证后才能参加征询 / Verify your home first: consultations are for verified residents',
  );
}

const pageSize = (q: ConsultationListQuery) => q.limit ?? 20;

function readCursor(ctx: Ctx, list: string, cursor: string | undefined): repo.Position | null {
  if (!cursor) return null;
  const p = openCursor(ctx.cipher.key, list, ctx.actor!.id, cursor);
  if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'string' || typeof p[1] !== 'string') {
    throw AppError.invalid('cursor', 'format', 'Bad cursor / 分页游标无效');
  }
  return p as repo.Position;
}

const nextCursor = (ctx: Ctx, list: string, rows: repo.ConsultationRow[], limit: number) => {
  const last = rows[limit - 1];
  return rows.length > limit && last
    ? sealCursor(ctx.cipher.key, list, ctx.actor!.id, [last.created_at.toISOString(), last.id])
    : null;
};

/** Staff: consultations in their areas, newest first. Residents are told to use /for-me. */
export async function listConsultations(
  ctx: Ctx,
  q: ConsultationListQuery,
): Promise<ConsultationList> {
  const roots = staffScope(ctx.actor);
  if (roots.length === 0) {
    throw AppError.forbidden(
      '仅工作人员可查看征询管理列表 / Only staff list consultations (residents: /api/consultations/for-me)',
    );
  }
  const limit = pageSize(q);
  const rows = await repo.listInAreas(
    ctx.db,
    roots,
    readCursor(ctx, STAFF_LIST, q.cursor),
    limit + 1,
  );
  return {
    items: rows.slice(0, limit).map((r) => repo.toSummary(r, false)),
    nextCursor: nextCursor(ctx, STAFF_LIST, rows, limit),
  };
}

/** A verified resident: the published consultations put to their home's areas. */
export async function listConsultationsForMe(
  ctx: Ctx,
  q: ConsultationListQuery,
): Promise<ConsultationList> {
  const home = await requireHome(ctx);
  const limit = pageSize(q);
  const rows = await repo.listForHome(
    ctx.db,
    home.areaPath.split('/'),
    ctx.actor!.id,
    readCursor(ctx, RESIDENT_LIST, q.cursor),
    limit + 1,
  );
  return {
    items: rows.slice(0, limit).map((r) => repo.toSummary(r, r.answered !== null)),
    nextCursor: nextCursor(ctx, RESIDENT_LIST, rows, limit),
  };
}

/**
 * Who reads a consultation: staff of its area (drafts too), or a verified resident whose home
 * lies in its area once published. Anyone else: unverified → 403 saying why, others → 404.
 */
async function requireReadable(ctx: Ctx, id: string) {
  const row = await repo.findConsultation(ctx.db, id);
  if (row && canReadAsStaff(ctx.actor, row.area_path)) return { row, home: null, isStaff: true };
  const home = await residentHome(ctx.db, ctx.actor!.id);
  if (!home) {
    // staff outside the area are not told it exists; a resident is told to get verified
    if (!row || isStaff(ctx.actor)) throw notFound();
    await requireHome(ctx); // throws the 403 that says why
  }
  if (!row || row.state === 'draft' || !livesIn(home!.areaPath, row.area_path)) throw notFound();
  return { row, home, isStaff: false };
}

export function cannotAnswerReason(status: string, hasAnswered: boolean): string | null {
  if (hasAnswered) return '您已参加过此征询 / You have already answered';
  if (status === 'scheduled') return '征询尚未开始 / The consultation has not opened yet';
  if (status === 'closed') return '征询已结束 / The consultation has closed';
  if (status === 'draft') return '征询尚未发布 / The consultation is not published';
  return null;
}

export async function getConsultation(ctx: Ctx, id: string): Promise<ConsultationDetail> {
  const { row, home } = await requireReadable(ctx, id);
  const hasAnswered = await repo.hasParticipated(ctx.db, id, ctx.actor!.id);
  const summary = repo.toSummary(row, hasAnswered);
  const isResidentHere = !!home || (await residentLivesIn(ctx, row.area_path));
  const reason = isResidentHere
    ? cannotAnswerReason(summary.status, hasAnswered)
    : '仅居住在征询范围内的认证住户可以作答 / Only verified residents of the area answer';
  return {
    ...summary,
    description: row.description,
    questions: row.questions,
    authorName: row.author_name,
    canManage: canManage(ctx.actor, row.area_path),
    canAnswer: reason === null,
    cannotAnswerReason: reason,
  };
}

async function residentLivesIn(ctx: Ctx, areaPath: string): Promise<boolean> {
  const home = await residentHome(ctx.db, ctx.actor!.id);
  return !!home && livesIn(home.areaPath, areaPath);
}

/** The outline pins must fall in, as GeoJSON for the map (one feature). */
export async function getConsultationBoundary(
  ctx: Ctx,
  id: string,
): Promise<AreaFeatureCollection> {
  const { row } = await requireReadable(ctx, id);
  const outline = await repo.nearestBoundary(ctx.db, row.area_path);
  if (!outline) return { type: 'FeatureCollection', features: [] };
  const area = await requireArea(ctx.db, outline.code);
  return {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: {
          code: area.code,
          name: area.name,
          nameEn: area.name_en,
          level: area.level as AreaFeatureCollection['features'][number]['properties']['level'],
          approximate: area.approximate,
          centre: [area.centre_lng, area.centre_lat],
        },
        geometry: { type: 'MultiPolygon', coordinates: outline.boundary },
      },
    ],
  };
}
