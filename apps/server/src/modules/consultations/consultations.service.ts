import crypto from 'node:crypto';
import {
  CONSULTATION_TARGET_LEVELS,
  maskName,
  STAFF_ROLES,
  type AreaFeatureCollection,
  type ConsultationBody,
  type ConsultationDetail,
  type ConsultationList,
  type ConsultationListQuery,
  type ConsultationQuestion,
  type ConsultationResponseAck,
  type ConsultationResponseBody,
} from '@cc/contracts';
import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { openCursor, sealCursor } from '../../platform/cursor.js';
import { AppError } from '../../platform/errors.js';
import { bindingsWith } from '../../platform/policy.js';
import { pointInMultiPolygon, requireArea, type MultiPolygon } from '../areas/index.js';
import { recordAudit } from '../audit/index.js';
import { accountNames } from '../identity/index.js';
import { registryResidentName } from '../registry/index.js';
import { residentHome, type ResidentHome } from '../residents/index.js';
import { checkAnswers, checkQuestions } from './consultation-questions.js';
import { canManage, canReadAsStaff, livesIn, staffScope } from './consultations.policy.js';
import * as repo from './consultations.repo.js';

export const NOT_FOUND = 'No such consultation / 征询不存在';
const STAFF_LIST = 'consultations.staff';
const RESIDENT_LIST = 'consultations.resident';

const notFound = () => AppError.notFound(NOT_FOUND);

/** The verified home of the actor, or a 403 that says to get verified first. */
async function requireHome(ctx: Ctx): Promise<ResidentHome> {
  const home = await residentHome(ctx.db, ctx.actor!.id);
  if (!home) {
    throw AppError.forbidden(
      '请先完成住户认证，认证后才能参加征询 / Verify your home first: consultations are for verified residents',
    );
  }
  return home;
}

/** The checked content of a new consultation or a draft's new content. */
async function checkBody(ctx: Ctx, body: ConsultationBody, now: Date) {
  const title = body.title.trim();
  if (!title) {
    throw AppError.invalid('title', 'required', '请填写标题 / The title is required');
  }
  const area = await requireArea(ctx.db, body.areaCode).catch(() => {
    throw AppError.invalid(
      'areaCode',
      'exists',
      `没有编码为 ${body.areaCode} 的区域 / No area with code ${body.areaCode}`,
    );
  });
  if (!(CONSULTATION_TARGET_LEVELS as readonly string[]).includes(area.level)) {
    throw AppError.invalid(
      'areaCode',
      'level',
      '征询对象须为居委、网格或小区 / A consultation is put to a committee, grid or compound',
    );
  }
  if (!canManage(ctx.actor, area.path)) {
    throw AppError.forbidden(
      `${area.name}不在您的管辖范围内 / ${area.name} is outside the areas you may consult`,
    );
  }
  const questions = checkQuestions(body.questions);
  const opensAt = body.opensAt ? new Date(body.opensAt) : null;
  const closesAt = new Date(body.closesAt);
  if (closesAt <= (opensAt && opensAt > now ? opensAt : now)) {
    throw AppError.invalid(
      'closesAt',
      'after',
      '截止时间须晚于开始时间和当前时间 / closesAt must be after opensAt and after now',
    );
  }
  return {
    title,
    description: (body.description ?? '').trim(),
    area,
    questions,
    opensAt,
    closesAt,
    isAnonymous: body.isAnonymous,
  };
}

const questionColumns = (questions: ConsultationQuestion[]) => ({
  questions: JSON.stringify(questions),
  question_count: questions.length,
  has_map_question: questions.some((q) => q.kind === 'pin'),
});

/** Staff write a questionnaire for an area in their scope: kept as a draft until published. */
export async function createConsultation(
  ctx: Ctx,
  body: ConsultationBody,
): Promise<ConsultationDetail> {
  const actor = ctx.actor!;
  const now = new Date();
  const c = await checkBody(ctx, body, now);
  const id = crypto.randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('consultations')
      .values({
        id,
        title: c.title,
        description: c.description,
        area_code: c.area.code,
        area_path: c.area.path,
        is_anonymous: c.isAnonymous,
        state: 'draft',
        opens_at: c.opensAt,
        closes_at: c.closesAt,
        ...questionColumns(c.questions),
        author_id: actor.id,
        author_name: actor.displayName,
        created_at: now,
        updated_at: now,
        published_at: null,
      })
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'consultation.create',
        objectType: 'consultation',
        objectId: id,
        areaPath: c.area.path,
        detail: { questions: c.questions.length, anonymous: c.isAnonymous },
      },
      trx,
    );
  });
  return getConsultation(ctx, id);
}

/** The consultation as a manager sees it; 404 outside their areas. */
async function requireManaged(ctx: Ctx, id: string) {
  const row = await repo.findConsultation(ctx.db, id);
  if (!row || !canReadAsStaff(ctx.actor, row.area_path)) throw notFound();
  if (!canManage(ctx.actor, row.area_path)) {
    throw AppError.forbidden(
      '仅居委工作人员、街道及社区规划师可管理征询 / Only committee staff, street operators and community planners manage consultations',
    );
  }
  return row;
}

/** A draft's new content (its target may change, within the author's areas). */
export async function updateConsultation(
  ctx: Ctx,
  id: string,
  body: ConsultationBody,
): Promise<ConsultationDetail> {
  const row = await requireManaged(ctx, id);
  if (row.state !== 'draft') {
    throw AppError.conflict(
      '已发布的征询不能修改 / A published consultation cannot be changed',
      'state',
    );
  }
  const now = new Date();
  const c = await checkBody(ctx, body, now);
  await ctx.db
    .updateTable('consultations')
    .set({
      title: c.title,
      description: c.description,
      area_code: c.area.code,
      area_path: c.area.path,
      is_anonymous: c.isAnonymous,
      opens_at: c.opensAt,
      closes_at: c.closesAt,
      ...questionColumns(c.questions),
      updated_at: now,
    })
    .where('id', '=', id)
    .where('state', '=', 'draft')
    .execute();
  return getConsultation(ctx, id);
}

/** Publish a draft: it opens at its opening time (now when none) and its questions are fixed. */
export async function publishConsultation(ctx: Ctx, id: string): Promise<ConsultationDetail> {
  const row = await requireManaged(ctx, id);
  if (row.state !== 'draft') {
    throw AppError.conflict('该征询已发布 / This consultation is already published', 'state');
  }
  const now = new Date();
  if (row.closes_at <= now) {
    throw AppError.invalid(
      'closesAt',
      'after',
      '截止时间已过，请先修改截止时间 / closesAt has passed: change it before publishing',
    );
  }
  await ctx.db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('consultations')
      .set({ state: 'published', published_at: now, updated_at: now })
      .where('id', '=', id)
      .where('state', '=', 'draft')
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) {
      throw AppError.conflict('该征询已发布 / This consultation is already published', 'state');
    }
    await recordAudit(
      ctx,
      {
        action: 'consultation.publish',
        objectType: 'consultation',
        objectId: id,
        areaPath: row.area_path,
      },
      trx,
    );
  });
  return getConsultation(ctx, id);
}

/** Close a published consultation now (before its closing time). */
export async function closeConsultation(ctx: Ctx, id: string): Promise<ConsultationDetail> {
  const row = await requireManaged(ctx, id);
  const now = new Date();
  if (row.state !== 'published' || row.closes_at <= now) {
    throw AppError.conflict(
      '只有已发布且未结束的征询可以结束 / Only a published consultation still open can be closed',
      'state',
    );
  }
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('consultations')
      .set({ closes_at: now, updated_at: now })
      .where('id', '=', id)
      .execute();
    await recordAudit(
      ctx,
      {
        action: 'consultation.close',
        objectType: 'consultation',
        objectId: id,
        areaPath: row.area_path,
      },
      trx,
    );
  });
  return getConsultation(ctx, id);
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
    if (!row || bindingsWith(ctx.actor, STAFF_ROLES).length > 0) throw notFound();
    await requireHome(ctx); // throws the 403 that says why
  }
  if (!row || row.state === 'draft' || !livesIn(home!.areaPath, row.area_path)) throw notFound();
  return { row, home, isStaff: false };
}

function cannotAnswerReason(status: string, hasAnswered: boolean): string | null {
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

/** The respondent's name as the registry has it (else the account's), masked: never stored whole. */
async function maskedRespondentName(ctx: Ctx, home: ResidentHome): Promise<string> {
  const name =
    (await registryResidentName(ctx.db, home.residentId)) ??
    (await accountNames(ctx.db, [ctx.actor!.id])).get(ctx.actor!.id) ??
    ctx.actor!.displayName;
  return maskName(name);
}

/**
 * A verified resident of the area answers, once. Named: the response names the account (masked
 * for export). Anonymous: the response has no account, no name and no time; only the separate
 * participants table knows the account took part.
 */
export async function answerConsultation(
  ctx: Ctx,
  id: string,
  body: ConsultationResponseBody,
): Promise<ConsultationResponseAck> {
  const actor = ctx.actor!;
  const home = await requireHome(ctx);
  const row = await repo.findConsultation(ctx.db, id);
  if (!row || row.state === 'draft' || !livesIn(home.areaPath, row.area_path)) throw notFound();
  const now = new Date();
  const status = repo.statusOf(row, now);
  if (status !== 'open') {
    throw AppError.conflict(cannotAnswerReason(status, false)!, 'state');
  }
  let outline: MultiPolygon | null | undefined;
  if (row.has_map_question) outline = (await repo.nearestBoundary(ctx.db, row.area_path))?.boundary;
  const answers = checkAnswers(row.questions, body.answers, (lng, lat) =>
    outline ? pointInMultiPolygon(lng, lat, outline) : false,
  );
  if (answers.length === 0) {
    throw AppError.invalid(
      'answers',
      'minItems',
      '请至少回答一个问题 / Answer at least one question',
    );
  }
  const respondent = row.is_anonymous ? null : await maskedRespondentName(ctx, home);
  const responseId = crypto.randomUUID();
  const responseCount = await ctx.db.transaction().execute(async (trx) => {
    const joined = await trx
      .insertInto('consultation_participants')
      .values({ consultation_id: id, account_id: actor.id })
      .onConflict((oc) => oc.doNothing())
      .returning('account_id')
      .executeTakeFirst();
    if (!joined) {
      throw AppError.conflict('您已参加过此征询 / You have already answered', 'answers');
    }
    await trx
      .insertInto('consultation_responses')
      .values({
        id: responseId,
        consultation_id: id,
        account_id: row.is_anonymous ? null : actor.id,
        respondent_name_masked: respondent,
        submitted_at: row.is_anonymous ? null : now,
      })
      .execute();
    await repo.insertAnswers(trx, id, responseId, answers);
    await repo.countAnswers(trx, id, answers);
    // last in the transaction: the row lock on the counter is held as briefly as it can be
    const counted = await trx
      .updateTable('consultations')
      .set({ response_count: sql`response_count + 1` })
      .where('id', '=', id)
      .returning('response_count')
      .executeTakeFirstOrThrow();
    return counted.response_count;
  });
  return { consultationId: id, hasAnswered: true, responseCount };
}
