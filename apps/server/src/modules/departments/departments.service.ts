import type {
  CreateDepartmentBody,
  Department,
  DepartmentGrant,
  DepartmentKeyAnswer,
  DepartmentList,
  UpdateDepartmentBody,
} from '@cc/contracts';
import { DEPARTMENT_CODE_PATTERN, DEPARTMENT_GRANTS, ErrorCode, StringEnum } from '@cc/contracts';
import { Type } from '@sinclair/typebox';
import path from 'node:path';
import type { FastifyRequest } from 'fastify';
import type { Kysely, Selectable } from 'kysely';
import { REPO_ROOT } from '../../platform/config.js';
import type { Ctx } from '../../platform/context.js';
import { loadDataFile } from '../../platform/data-file.js';
import { newApiKey, sha256 } from '../../platform/crypto.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { bearerKey } from '../../platform/http/bearer-key.js';
import { denyAndAudit, recordAudit, type AuditEvent } from '../audit/index.js';
import { mayManageDepartments } from './departments.policy.js';
import type { DepartmentsTable } from './departments.tables.js';

const OBJECT_TYPE = 'department';
/** The key's prefix: a leaked key is recognisable in logs and by secret scanners. */
const KEY_PREFIX = 'ccd_';

type Row = Selectable<DepartmentsTable>;

function view(r: Row): Department {
  return {
    code: r.code,
    name: r.name,
    nameEn: r.name_en,
    grants: r.grants as DepartmentGrant[],
    keyHint: r.key_hint,
    keyIssuedAt: r.key_issued_at?.toISOString() ?? null,
    disabled: r.disabled,
    createdAt: r.created_at.toISOString(),
  };
}

async function requireManager(ctx: Ctx, event: AuditEvent): Promise<void> {
  if (!mayManageDepartments(ctx.actor)) {
    await denyAndAudit(
      ctx,
      event,
      'Only administrators of the city manage departments / 仅市级系统管理员可管理委办局',
    );
  }
}

const notFound = (code: string) =>
  new AppError(ErrorCode.notFound, `No department ${code} / 没有该委办局`, {
    field: 'code',
    rule: 'exists',
  });

const newKey = () => newApiKey(KEY_PREFIX);

export async function listDepartments(ctx: Ctx): Promise<DepartmentList> {
  await requireManager(ctx, { action: 'department.list', objectType: OBJECT_TYPE, objectId: null });
  const rows = await ctx.db.selectFrom('departments').selectAll().orderBy('code').execute();
  return { items: rows.map(view) };
}

/** Add a department with its first key (shown this once). */
export async function createDepartment(
  ctx: Ctx,
  body: CreateDepartmentBody,
): Promise<DepartmentKeyAnswer> {
  await requireManager(ctx, {
    action: 'department.create',
    objectType: OBJECT_TYPE,
    objectId: body.code,
  });
  const { key, hash, hint } = newKey();
  const row = await ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('departments')
      .values({
        code: body.code,
        name: body.name.trim(),
        name_en: body.nameEn.trim(),
        grants: [...body.grants],
        key_hash: hash,
        key_hint: hint,
        key_issued_at: new Date(),
        created_by: ctx.actor!.id,
      })
      .onConflict((oc) => oc.column('code').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!r) {
      throw new AppError(
        ErrorCode.conflict,
        `Department ${body.code} exists / 该委办局编码已存在`,
        {
          field: 'code',
          rule: 'unique',
        },
      );
    }
    await recordAudit(
      ctx,
      {
        action: 'department.create',
        objectType: OBJECT_TYPE,
        objectId: body.code,
        detail: { name: r.name, grants: r.grants },
      },
      trx,
    );
    return r;
  });
  return { department: view(row), apiKey: key };
}

export async function updateDepartment(
  ctx: Ctx,
  code: string,
  body: UpdateDepartmentBody,
): Promise<Department> {
  await requireManager(ctx, {
    action: 'department.update',
    objectType: OBJECT_TYPE,
    objectId: code,
  });
  return ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('departments')
      .set({
        ...(body.name !== undefined ? { name: body.name.trim() } : {}),
        ...(body.nameEn !== undefined ? { name_en: body.nameEn.trim() } : {}),
        ...(body.grants !== undefined ? { grants: [...body.grants] } : {}),
        ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
      })
      .where('code', '=', code)
      .returningAll()
      .executeTakeFirst();
    if (!r) throw notFound(code);
    await recordAudit(
      ctx,
      { action: 'department.update', objectType: OBJECT_TYPE, objectId: code, detail: { ...body } },
      trx,
    );
    return view(r);
  });
}

/** A new key; the old one stops working at once (shown this once). */
export async function rotateDepartmentKey(ctx: Ctx, code: string): Promise<DepartmentKeyAnswer> {
  await requireManager(ctx, {
    action: 'department.rotate_key',
    objectType: OBJECT_TYPE,
    objectId: code,
  });
  const { key, hash, hint } = newKey();
  const row = await ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('departments')
      .set({ key_hash: hash, key_hint: hint, key_issued_at: new Date() })
      .where('code', '=', code)
      .returningAll()
      .executeTakeFirst();
    if (!r) throw notFound(code);
    await recordAudit(
      ctx,
      { action: 'department.rotate_key', objectType: OBJECT_TYPE, objectId: code },
      trx,
    );
    return r;
  });
  return { department: view(row), apiKey: key };
}

/** The department a key belongs to, enabled; null for no such key. */
async function departmentByKey(db: Kysely<DB>, key: string): Promise<Row | undefined> {
  return db
    .selectFrom('departments')
    .selectAll()
    .where('key_hash', '=', sha256(key))
    .executeTakeFirst();
}

export interface SendingDepartment {
  code: string;
  name: string;
}

/**
 * The department sending this request (`Authorization: Bearer <key>`), which must hold
 * `grant`: 401 without a key or with one nobody holds, 403 for a disabled department or one
 * without the grant (both audited).
 */
export async function departmentForRequest(
  ctx: Ctx,
  req: FastifyRequest,
  grant: DepartmentGrant,
): Promise<SendingDepartment> {
  const key = bearerKey(req.headers.authorization, {
    en: "the department's API key",
    zh: '委办局接口密钥',
  });
  const row = await departmentByKey(ctx.db, key);
  if (!row) {
    await recordAudit(ctx, {
      action: 'department.key_refused',
      objectType: OBJECT_TYPE,
      objectId: null,
      outcome: 'denied',
      detail: { reason: 'unknown key' },
    });
    throw new AppError(ErrorCode.unauthenticated, 'This API key is not valid / 接口密钥无效', {
      field: 'authorization',
      rule: 'valid',
    });
  }
  if (row.disabled || !row.grants.includes(grant)) {
    await denyAndAudit(
      ctx,
      {
        action: 'department.key_refused',
        objectType: OBJECT_TYPE,
        objectId: row.code,
        detail: { reason: row.disabled ? 'disabled' : `no grant ${grant}` },
      },
      row.disabled
        ? `Department ${row.code} is disabled / 该委办局已停用`
        : `Department ${row.code} may not do this (${grant}) / 该委办局无此权限`,
    );
  }
  return { code: row.code, name: row.name };
}

/** Whether a department of this code exists (enabled or not). */
export async function departmentExists(db: Kysely<DB>, code: string): Promise<boolean> {
  const r = await db
    .selectFrom('departments')
    .select('code')
    .where('code', '=', code)
    .executeTakeFirst();
  return r !== undefined;
}

const DEPARTMENTS_FILE = path.join(REPO_ROOT, 'data/departments/departments.json');
const DepartmentsFile = Type.Object({
  version: Type.Integer(),
  source: Type.String(),
  departments: Type.Array(
    Type.Object({
      code: Type.String({ pattern: DEPARTMENT_CODE_PATTERN }),
      name: Type.String({ minLength: 1 }),
      nameEn: Type.String({ minLength: 1 }),
      grants: Type.Array(StringEnum(DEPARTMENT_GRANTS)),
    }),
  ),
});

/**
 * The city's departments shipped in data/departments/departments.json, added at start when
 * missing (never changed: their names, grants and keys are the administrators' from then on).
 * No key is issued here: an administrator issues each in the console.
 */
export async function addShippedDepartments(db: Kysely<DB>): Promise<void> {
  const file = loadDataFile(DEPARTMENTS_FILE, DepartmentsFile, (f) => {
    const codes = f.departments.map((d) => d.code);
    return codes.length === new Set(codes).size ? [] : ['a department code appears twice'];
  });
  await db
    .insertInto('departments')
    .values(
      file.departments.map((d) => ({
        code: d.code,
        name: d.name,
        name_en: d.nameEn,
        grants: [...d.grants],
        created_by: null,
      })),
    )
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

/** The names of departments by code, for the screens that name who feeds what. */
export async function departmentNames(
  db: Kysely<DB>,
): Promise<Map<string, { name: string; nameEn: string }>> {
  const rows = await db.selectFrom('departments').select(['code', 'name', 'name_en']).execute();
  return new Map(rows.map((r) => [r.code, { name: r.name, nameEn: r.name_en }]));
}
