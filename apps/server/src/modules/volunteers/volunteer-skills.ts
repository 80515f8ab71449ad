import fs from 'node:fs';
import path from 'node:path';
import {
  VOLUNTEER_STAFF_ROLES,
  type CreateVolunteerSkillBody,
  type VolunteerSkill,
  type VolunteerSkillList,
} from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import { REPO_ROOT } from '../../platform/config.js';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { bindingsWith } from '../../platform/policy.js';
import { recordAudit } from '../audit/index.js';

/** The shipped skills dictionary, loaded at start; staff add more. */
export const SKILLS_FILE = path.join(REPO_ROOT, 'data/volunteers/skills.json');

/** At start: every shipped skill the dictionary lacks is added (staff's entries are left alone). */
export async function loadShippedSkills(db: Kysely<DB>): Promise<void> {
  const file = JSON.parse(fs.readFileSync(SKILLS_FILE, 'utf8')) as VolunteerSkill[];
  if (file.length === 0) return;
  await db
    .insertInto('volunteer_skills')
    .values(file.map((s) => ({ code: s.code, name: s.name, name_en: s.nameEn, created_by: null })))
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

/** The dictionary: shipped entries first, then staff's in the order they were added. */
export async function listSkills(ctx: Ctx): Promise<VolunteerSkillList> {
  const rows = await ctx.db
    .selectFrom('volunteer_skills')
    .select(['code', 'name', 'name_en'])
    .orderBy(sql`created_by is not null`)
    .orderBy('created_at')
    .orderBy('code')
    .execute();
  return { items: rows.map((r) => ({ code: r.code, name: r.name, nameEn: r.name_en })) };
}

/** Staff (any volunteer staff role, anywhere) add a skill; a taken code is a 409. Audited. */
export async function addSkill(ctx: Ctx, body: CreateVolunteerSkillBody): Promise<VolunteerSkill> {
  if (bindingsWith(ctx.actor, VOLUNTEER_STAFF_ROLES).length === 0)
    throw AppError.forbidden('Only volunteer staff may add skills / 仅志愿者管理人员可添加技能');
  const name = body.name.trim();
  const nameEn = body.nameEn.trim();
  if (!name) throw AppError.invalid('name', 'required', 'name: required / 名称必填');
  if (!nameEn) throw AppError.invalid('nameEn', 'required', 'nameEn: required / 英文名称必填');
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('volunteer_skills')
      .values({ code: body.code, name, name_en: nameEn, created_by: ctx.actor!.id })
      .onConflict((oc) => oc.column('code').doNothing())
      .returning('code')
      .executeTakeFirst();
    if (!row)
      throw AppError.conflict(
        `code: the skill ${body.code} exists already / 技能代码 ${body.code} 已存在`,
        'code',
      );
    await recordAudit(
      ctx,
      {
        action: 'volunteers.skill.add',
        objectType: 'volunteer_skill',
        objectId: body.code,
        detail: { name, nameEn },
      },
      trx,
    );
    return { code: body.code, name, nameEn };
  });
}

/** The skills as given, each in the dictionary, else a 400 naming `<field>.N`. */
export async function requireSkills(
  db: Kysely<DB>,
  skills: readonly string[],
  field = 'skills',
): Promise<string[]> {
  if (skills.length === 0) return [];
  const known = new Set(
    (
      await db
        .selectFrom('volunteer_skills')
        .select('code')
        .where('code', 'in', [...skills])
        .execute()
    ).map((r) => r.code),
  );
  skills.forEach((s, i) => {
    if (!known.has(s))
      throw AppError.invalid(
        `${field}.${i}`,
        'exists',
        `${field}.${i}: no skill ${s} in the dictionary / 技能 ${s} 不在技能目录中`,
      );
  });
  return [...skills];
}

/** Whether one skill is in the dictionary. */
export async function skillExists(db: Kysely<DB>, code: string): Promise<boolean> {
  return !!(await db
    .selectFrom('volunteer_skills')
    .select('code')
    .where('code', '=', code)
    .executeTakeFirst());
}
