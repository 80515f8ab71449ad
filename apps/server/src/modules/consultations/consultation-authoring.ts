import crypto from 'node:crypto';
import {
  CONSULTATION_TARGET_LEVELS,
  type ConsultationBody,
  type ConsultationDetail,
  type ConsultationQuestion,
} from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { maskPersonalNumbers } from '../../platform/text-masking.js';
import { requireArea } from '../areas/index.js';
import { recordAudit } from '../audit/index.js';
import { checkQuestions } from './consultation-questions.js';
import { canManage, canReadAsStaff } from './consultations.policy.js';
import * as repo from './consultations.repo.js';

import { getConsultation, notFound } from './consultations.service.js';

/**
 * Staff (committee staff, street operators, community planners) write a questionnaire for an
 * area in their scope, change it while a draft, publish and close it. Text published to
 * residents has ID and mobile numbers masked before it is stored.
 */

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
  await requireMapForPins(ctx, questions, area.path);
  const opensAt = body.opensAt ? new Date(body.opensAt) : null;
  const closesAt = new Date(body.closesAt);
  const opensLater = opensAt !== null && opensAt > now;
  if (closesAt <= (opensLater ? opensAt : now)) {
    throw AppError.invalid(
      'closesAt',
      opensLater ? 'afterOpensAt' : 'future',
      '截止时间须晚于开始时间和当前时间 / closesAt must be after opensAt and after now',
    );
  }
  // published to every resident of the area: ID and mobile numbers masked before storing
  return {
    title: maskPersonalNumbers(title),
    description: maskPersonalNumbers((body.description ?? '').trim()),
    area,
    questions,
    opensAt,
    closesAt,
    isAnonymous: body.isAnonymous,
  };
}

/**
 * A map question needs an outline to pin in: the target's boundary or one above it. With none,
 * every answer would be refused, so the question is refused here (400 naming it).
 */
async function requireMapForPins(ctx: Ctx, questions: ConsultationQuestion[], areaPath: string) {
  const i = questions.findIndex((q) => q.kind === 'pin');
  if (i < 0 || (await repo.nearestBoundary(ctx.db, areaPath))) return;
  throw AppError.invalid(
    `questions.${i}.kind`,
    'mapBoundary',
    `第 ${i + 1} 题是地图标注题，但征询范围及其上级都没有边界地图 / Question ${i + 1} asks for a pin, but no area up from the target has a boundary to pin in`,
  );
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
  await requireMapForPins(ctx, row.questions, row.area_path);
  if (row.closes_at <= now) {
    throw AppError.invalid(
      'closesAt',
      'future',
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
