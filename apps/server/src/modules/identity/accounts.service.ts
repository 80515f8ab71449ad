import crypto from 'node:crypto';
import {
  ADMINISTRATOR_ROLES,
  maskPhone,
  ROLE_LEVELS,
  USERNAME_PATTERN,
  type Account,
  type AccountList,
  type AccountListQuery,
  type AreaLevel,
  type CreateAccountBody,
  type RoleBindingInput,
} from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import type { AppDeps, Binding, Ctx } from '../../platform/context.js';
import { pathWithin } from '../../platform/db/path-within.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { bindingsWith, isWithin, reaches, scopeRoots } from '../../platform/policy.js';
import { findArea, normalizeAreaCode } from '../areas/index.js';
import { commonAreaPath, denyAndAudit, recordAudit } from '../audit/index.js';
import { requireMobile } from '../otp/index.js';
import { accountScope, canManageAccounts, checkGrant } from './identity.policy.js';
import { accountByPhone } from './directory.js';
import { endAccountSessions } from './auth.service.js';
import * as repo from './identity.repo.js';
import { hashPassword, verifyPassword } from './password.js';
import { checkPasswordPolicy } from './password-policy.js';
import { deleteRecoveryCodes } from './recovery-codes.js';
import { needsSecondFactor } from './second-factor.js';
import { forgetAccountSessions } from './session-cache.js';

const NOT_FOUND = 'No such account / 账号不存在';

async function requireManager(
  ctx: Ctx,
  action: string,
  objectId: string | null,
): Promise<string[]> {
  if (!canManageAccounts(ctx.actor)) {
    await denyAndAudit(
      ctx,
      { action, objectType: 'account', objectId },
      'Your roles do not include account management / 您的角色无权管理账号',
    );
  }
  return accountScope(ctx.actor);
}

/**
 * SQL: the account has at least one role binding inside one of the scope paths. An account
 * with no binding at all (a resident who signed up and is not verified yet) lies in the city
 * root's scope: a city-wide manager can find and disable it.
 */
function hasBindingWithin(scope: string[]) {
  const within = sql<boolean>`exists (select 1 from role_bindings rb where rb.account_id = accounts.id and ${pathWithin('rb.area_path', scope)})`;
  if (!scope.some((path) => !path.includes('/'))) return within;
  return sql<boolean>`(${within} or not exists (select 1 from role_bindings rb where rb.account_id = accounts.id))`;
}

/** Validate one requested binding: the area exists, fits the role, and lies in the actor's scope. */
async function resolveGrant(
  ctx: Ctx,
  input: RoleBindingInput,
  field: string,
  action: string,
  objectId: string | null,
): Promise<{
  role: RoleBindingInput['role'];
  areaCode: string;
  areaPath: string;
}> {
  const code = normalizeAreaCode(input.areaCode, `${field}.areaCode`);
  const area = await findArea(ctx.db, code);
  if (!area) {
    throw AppError.invalid(
      `${field}.areaCode`,
      'exists',
      `${field}.areaCode: no area with code ${code}`,
    );
  }
  const levels = ROLE_LEVELS[input.role];
  if (!levels.includes(area.level as AreaLevel)) {
    throw AppError.invalid(
      `${field}.areaCode`,
      'level',
      `${field}: the role ${input.role} is bound at an area of level ${levels.join(' / ')}, but ${code} is a ${area.level}`,
    );
  }
  const verdict = checkGrant(ctx.actor, input.role, area.path);
  if (verdict !== 'ok') {
    await denyAndAudit(
      ctx,
      {
        action,
        objectType: 'account',
        objectId,
        detail: { role: input.role, areaCode: code, verdict },
        areaPath: area.path,
      },
      verdict === 'role-not-grantable'
        ? `${field}: only an administrator whose scope covers ${code} may grant ${input.role} / 无权授予该角色`
        : `${field}: ${code} lies outside your scope / 该区域不在您的管辖范围内`,
    );
  }
  return { role: input.role, areaCode: code, areaPath: area.path };
}

export async function createAccount(ctx: Ctx, body: CreateAccountBody): Promise<Account> {
  await requireManager(ctx, 'account.create', null);
  checkPasswordPolicy(body.password, 'password');
  const grants: Awaited<ReturnType<typeof resolveGrant>>[] = [];
  for (const [i, r] of body.roles.entries()) {
    grants.push(await resolveGrant(ctx, r, `roles.${i}`, 'account.create', null));
  }
  const username = body.username.toLowerCase();
  // the phone as typed, checked and normalised as for the SMS codes (a 400 naming `phone`)
  const phone = body.phone === undefined ? null : requireMobile(body.phone);
  const usernameTaken = () =>
    AppError.conflict(`The user name ${username} is taken / 用户名已被使用`, 'username');
  const phoneTaken = () =>
    AppError.conflict('phone: another account has this number / 该手机号已被其他账号使用', 'phone');
  if (await repo.findAccountByUsername(ctx.db, username)) throw usernameTaken();
  // one account per phone (a unique index): sign-in by phone and SMS codes find exactly one
  if (phone && (await accountByPhone(ctx.db, ctx.cipher.lookupHash(phone)))) throw phoneTaken();
  const id = crypto.randomUUID();
  const passwordHash = await hashPassword(body.password);
  try {
    await insertNewAccount(ctx, {
      id,
      username,
      phone,
      displayName: body.displayName,
      passwordHash,
      grants,
    });
  } catch (e) {
    // a concurrent request took the user name or the phone between the check and the write
    if ((e as { code?: string }).code === '23505') {
      throw /phone/.test(String((e as { constraint?: string }).constraint ?? (e as Error).message))
        ? phoneTaken()
        : usernameTaken();
    }
    throw e;
  }
  return getVisibleAccount(ctx, id, accountScope(ctx.actor));
}

async function insertNewAccount(
  ctx: Ctx,
  a: {
    id: string;
    username: string;
    phone: string | null;
    displayName: string;
    passwordHash: string;
    grants: { role: RoleBindingInput['role']; areaCode: string; areaPath: string }[];
  },
): Promise<void> {
  const { id, username, phone, grants } = a;
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('accounts')
      .values({
        id,
        username,
        display_name: a.displayName,
        password_hash: a.passwordHash,
        phone_enc: phone ? ctx.cipher.encrypt(phone) : null,
        phone_hmac: phone ? ctx.cipher.lookupHash(phone) : null,
        phone_masked: phone ? maskPhone(phone) : null,
        created_by: ctx.actor!.id,
      })
      .execute();
    await insertBindings(
      trx,
      id,
      [...new Map(grants.map((g) => [`${g.role}@${g.areaCode}`, g])).values()],
      ctx.actor!.id,
    );
    await recordAudit(
      ctx,
      {
        action: 'account.create',
        objectType: 'account',
        objectId: id,
        areaPath: commonAreaPath(grants.map((g) => g.areaPath)),
        detail: {
          username,
          roles: grants.map((g) => `${g.role}@${g.areaCode}`),
        },
      },
      trx,
    );
  });
}

async function insertBindings(
  db: Kysely<DB>,
  accountId: string,
  grants: { role: string; areaCode: string; areaPath: string }[],
  by: string | null,
): Promise<void> {
  await db
    .insertInto('role_bindings')
    .values(
      grants.map((g) => ({
        id: crypto.randomUUID(),
        account_id: accountId,
        role: g.role,
        area_code: g.areaCode,
        area_path: g.areaPath,
        created_by: by,
      })),
    )
    .onConflict((oc) => oc.columns(['account_id', 'role', 'area_code']).doNothing())
    .execute();
}

function toAccount(
  row: {
    id: string;
    username: string;
    display_name: string;
    phone_masked: string | null;
    disabled: boolean;
    totp_enabled_at: Date | null;
    created_at: Date;
  },
  bindings: Binding[],
  scope: string[],
): Account {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    phone: row.phone_masked,
    disabled: row.disabled,
    totpEnabled: row.totp_enabled_at !== null,
    createdAt: row.created_at.toISOString(),
    // bindings outside the viewer's scope stay hidden
    roles: bindings
      .filter((b) => scope.some((p) => isWithin(b.areaPath, p)))
      .map((b) => ({
        id: b.id,
        role: b.role,
        areaCode: b.areaCode,
        areaName: b.areaName,
        areaLevel: b.areaLevel,
      })),
  };
}

const ACCOUNT_COLUMNS = [
  'id',
  'username',
  'display_name',
  'phone_masked',
  'disabled',
  'totp_enabled_at',
  'created_at',
] as const;

async function getVisibleAccount(ctx: Ctx, id: string, scope: string[]): Promise<Account> {
  const row = /^[0-9a-f-]{36}$/i.test(id)
    ? await ctx.db
        .selectFrom('accounts')
        .select(ACCOUNT_COLUMNS)
        .where('id', '=', id)
        .where(hasBindingWithin(scope))
        .executeTakeFirst()
    : undefined;
  if (!row) throw AppError.notFound(NOT_FOUND);
  const bindings = await repo.findBindings(ctx.db, [id]);
  return toAccount(row, bindings.get(id) ?? [], scope);
}

export async function getAccount(ctx: Ctx, id: string): Promise<Account> {
  const scope = await requireManager(ctx, 'account.read', id);
  const account = await getVisibleAccount(ctx, id, scope);
  await recordAudit(ctx, {
    action: 'account.read',
    objectType: 'account',
    objectId: id,
  });
  return account;
}

/** Accounts with a role inside the actor's scope, newest first; one query for their roles. */
export async function listAccounts(ctx: Ctx, q: AccountListQuery): Promise<AccountList> {
  let scope = await requireManager(ctx, 'account.list', null);
  if (q.areaCode) {
    const code = normalizeAreaCode(q.areaCode, 'areaCode');
    const area = await findArea(ctx.db, code);
    if (!area) throw AppError.invalid('areaCode', 'exists', `areaCode: no area with code ${code}`);
    // narrow to the filter area, or to the parts of the scope inside it
    scope = scope.some((p) => isWithin(area.path, p))
      ? [area.path]
      : scope.filter((p) => isWithin(p, area.path));
  }
  const pageSize = q.pageSize ?? 50;
  const page = q.page ?? 1;
  if (scope.length === 0) return { items: [], total: 0 };
  let query = ctx.db.selectFrom('accounts').where(hasBindingWithin(scope));
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([eb('username', 'ilike', like), eb('display_name', 'ilike', like)]),
    );
  }
  const [rows, count] = await Promise.all([
    query
      .select(ACCOUNT_COLUMNS)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const bindings = await repo.findBindings(
    ctx.db,
    rows.map((r) => r.id),
  );
  await recordAudit(ctx, {
    action: 'account.list',
    objectType: 'account',
    objectId: null,
    detail: { filter: { ...q }, returned: rows.length },
  });
  return {
    total: Number(count.n),
    items: rows.map((r) => toAccount(r, bindings.get(r.id) ?? [], scope)),
  };
}

export async function grantRole(
  ctx: Ctx,
  accountId: string,
  input: RoleBindingInput,
): Promise<Account> {
  const scope = await requireManager(ctx, 'role.grant', accountId);
  await getVisibleAccount(ctx, accountId, scope);
  const grant = await resolveGrant(ctx, input, 'role', 'role.grant', accountId);
  // a role that needs a second factor, on an account without one: its open sessions end, so it
  // uses the role only after signing in again, which enrols TOTP first
  const account = await repo.findAccountById(ctx.db, accountId);
  const endsSessions = !account?.totp_enabled_at && needsSecondFactor(ctx.config, [grant.role]);
  await ctx.db.transaction().execute(async (trx) => {
    await insertBindings(trx, accountId, [grant], ctx.actor!.id);
    if (endsSessions) await endAccountSessions(ctx, trx, [accountId], 'sessions_reset');
    await recordAudit(
      ctx,
      {
        action: 'role.grant',
        objectType: 'account',
        objectId: accountId,
        areaPath: grant.areaPath,
        detail: { role: grant.role, areaCode: grant.areaCode },
      },
      trx,
    );
  });
  forgetAccountSessions(ctx.db, accountId);
  return getVisibleAccount(ctx, accountId, scope);
}

export async function revokeRole(ctx: Ctx, accountId: string, bindingId: string): Promise<Account> {
  const scope = await requireManager(ctx, 'role.revoke', accountId);
  const account = await getVisibleAccount(ctx, accountId, scope);
  const binding = account.roles.find((r) => r.id === bindingId);
  if (!binding)
    throw AppError.notFound('No such role binding on this account / 该账号没有这个角色');
  const all = (await repo.findBindings(ctx.db, [accountId])).get(accountId) ?? [];
  if (all.length <= 1) {
    throw AppError.conflict(
      'An account keeps at least one role; this is its last one / 账号至少保留一个角色',
    );
  }
  if (
    binding.role === 'administrator' &&
    checkGrant(ctx.actor, 'administrator', all.find((b) => b.id === bindingId)!.areaPath) !== 'ok'
  ) {
    await denyAndAudit(
      ctx,
      {
        action: 'role.revoke',
        objectType: 'account',
        objectId: accountId,
        areaPath: all.find((b) => b.id === bindingId)!.areaPath,
      },
      'Only an administrator may remove an administrator role / 仅系统管理员可移除管理员角色',
    );
  }
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('role_bindings').where('id', '=', bindingId).execute();
    await recordAudit(
      ctx,
      {
        action: 'role.revoke',
        objectType: 'account',
        objectId: accountId,
        areaPath: all.find((b) => b.id === bindingId)!.areaPath,
        detail: { role: binding.role, areaCode: binding.areaCode },
      },
      trx,
    );
  });
  forgetAccountSessions(ctx.db, accountId);
  return getVisibleAccount(ctx, accountId, scope);
}

/**
 * 403 (denied and audited) when the account holds a role the reader may not touch (`mayTouch`
 * false for one of its bindings): acting on the account would act beyond the reader's scope.
 * Otherwise its bindings.
 */
async function refuseRolesBeyond(
  ctx: Ctx,
  action: string,
  id: string,
  mayTouch: (b: Binding) => boolean,
  why: string,
): Promise<Binding[]> {
  const all = (await repo.findBindings(ctx.db, [id])).get(id) ?? [];
  const beyond = all.find((b) => !mayTouch(b));
  if (!beyond) return all;
  return denyAndAudit(
    ctx,
    {
      action,
      objectType: 'account',
      objectId: id,
      detail: { role: beyond.role, areaCode: beyond.areaCode },
      areaPath: beyond.areaPath,
    },
    `The account also holds ${beyond.role} at ${beyond.areaCode}, ${why}`,
  );
}

/**
 * Disable or enable an account. Disabling ends all its sessions at once (in this process; other
 * app processes drop their cached copy within session-cache's CACHE_TTL_MS). The actor must
 * reach every role the account holds: a manager cannot switch off someone who also works
 * elsewhere, nor an administrator unless an administrator; nobody disables their own account.
 */
export async function setAccountDisabled(
  ctx: Ctx,
  id: string,
  isDisabled: boolean,
): Promise<Account> {
  const action = isDisabled ? 'account.disable' : 'account.enable';
  const scope = await requireManager(ctx, action, id);
  await getVisibleAccount(ctx, id, scope);
  if (id === ctx.actor!.id) {
    throw AppError.conflict(
      'You cannot disable or enable your own account / 不能停用或启用自己的账号',
    );
  }
  const all = await refuseRolesBeyond(
    ctx,
    action,
    id,
    (b) => checkGrant(ctx.actor, b.role, b.areaPath) === 'ok',
    'beyond what you may manage / 该账号还有您无权管理的角色',
  );
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('accounts').set({ disabled: isDisabled }).where('id', '=', id).execute();
    // its sessions end, one sign-on's too: the department systems are told (sso, by a job)
    if (isDisabled) await endAccountSessions(ctx, trx, [id], 'disabled');
    await recordAudit(
      ctx,
      {
        action,
        objectType: 'account',
        objectId: id,
        areaPath: commonAreaPath(all.map((b) => b.areaPath)),
      },
      trx,
    );
  });
  if (isDisabled) ctx.jobs.kick();
  forgetAccountSessions(ctx.db, id);
  return getVisibleAccount(ctx, id, scope);
}

/**
 * A lost authenticator: an administrator whose scope reaches every role of the account turns
 * its TOTP off, deletes its recovery codes and ends its sessions. When its roles need a second
 * factor, its next sign-in enrols one again. Managers who are no administrator get a 403, an
 * administrator of another area a 404 (the account is not theirs to see), like the other
 * account writes; nobody resets their own.
 */
export async function resetAccountTotp(ctx: Ctx, id: string): Promise<Account> {
  const action = 'account.totp.reset';
  await requireManager(ctx, action, id);
  const adminScope = scopeRoots(bindingsWith(ctx.actor, ADMINISTRATOR_ROLES));
  if (adminScope.length === 0) {
    await denyAndAudit(
      ctx,
      { action, objectType: 'account', objectId: id },
      'Only an administrator resets a second factor / 仅系统管理员可重置动态口令',
    );
  }
  await getVisibleAccount(ctx, id, adminScope);
  if (id === ctx.actor!.id) {
    throw AppError.conflict(
      'Another administrator resets your own second factor / 不能重置自己的动态口令，请联系其他管理员',
    );
  }
  const all = await refuseRolesBeyond(
    ctx,
    action,
    id,
    (b) => reaches(ctx.actor, b.areaPath, ADMINISTRATOR_ROLES),
    'beyond your scope / 该账号还有超出您管辖范围的角色',
  );
  const account = await repo.findAccountById(ctx.db, id);
  if (!account?.totp_enabled_at) {
    throw AppError.conflict('TOTP is not on for this account / 该账号未启用动态口令');
  }
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('accounts')
      .set({ totp_secret_enc: null, totp_enabled_at: null, totp_last_step: null })
      .where('id', '=', id)
      .execute();
    await deleteRecoveryCodes(trx, id);
    // whoever holds the lost device is signed out, of the department systems too (sso, by a job)
    await endAccountSessions(ctx, trx, [id], 'sessions_reset');
    await recordAudit(
      ctx,
      {
        action,
        objectType: 'account',
        objectId: id,
        areaPath: commonAreaPath(all.map((b) => b.areaPath)),
      },
      trx,
    );
  });
  ctx.jobs.kick();
  forgetAccountSessions(ctx.db, id);
  return getVisibleAccount(ctx, id, adminScope);
}

/**
 * Of the named accounts, the enabled ones whose password is `password` (the demo accounts in
 * a production start: bootstrap refuses while any is left).
 */
export async function enabledAccountsWithPassword(
  db: Kysely<DB>,
  usernames: readonly string[],
  password: string,
): Promise<string[]> {
  if (usernames.length === 0) return [];
  const rows = await db
    .selectFrom('accounts')
    .select(['username', 'password_hash'])
    .where('username', 'in', [...usernames])
    .where('disabled', '=', false)
    .orderBy('username')
    .execute();
  const found: string[] = [];
  for (const r of rows) if (await verifyPassword(r.password_hash, password)) found.push(r.username);
  return found;
}

/** Disable the named accounts that still have `password`, end their sessions; their names. */
export async function disableAccountsWithPassword(
  ctx: Ctx,
  usernames: readonly string[],
  password: string,
  reason: string,
): Promise<string[]> {
  const found = await enabledAccountsWithPassword(ctx.db, usernames, password);
  if (found.length === 0) return [];
  await ctx.db.transaction().execute(async (trx) => {
    const rows = await trx
      .updateTable('accounts')
      .set({ disabled: true })
      .where('username', 'in', found)
      .returning('id')
      .execute();
    await endAccountSessions(
      ctx,
      trx,
      rows.map((r) => r.id),
      'disabled',
    );
    for (const r of rows) {
      await recordAudit(
        ctx,
        { action: 'account.disable', objectType: 'account', objectId: r.id, detail: { reason } },
        trx,
      );
    }
  });
  return found;
}

export interface NewAdministrator {
  username: string;
  displayName: string;
  password: string;
  /** add another administrator when one exists already */
  force: boolean;
  /** where the role is bound; the root of the area tree when absent */
  areaCode?: string;
}

/**
 * The first administrator of a production database (the command line's `create-admin`): the
 * password policy applies, and an administrator already present stops it unless `force`.
 */
export async function createAdministrator(
  deps: AppDeps,
  input: NewAdministrator,
): Promise<{ id: string; username: string; areaCode: string }> {
  const ctx: Ctx = { ...deps, actor: null, ip: null };
  const username = checkUsername(input.username);
  checkPasswordPolicy(input.password, 'password');
  if (!input.force) {
    const existing = await ctx.db
      .selectFrom('role_bindings as rb')
      .innerJoin('accounts as a', 'a.id', 'rb.account_id')
      .select('a.username')
      .where('rb.role', 'in', [...ADMINISTRATOR_ROLES])
      .where('a.disabled', '=', false)
      .orderBy('a.username')
      .execute();
    if (existing.length > 0) {
      throw AppError.conflict(
        `An administrator exists already (${[...new Set(existing.map((e) => e.username))].join(', ')}): pass --force to add another / 已有管理员`,
      );
    }
  }
  if (await repo.findAccountByUsername(ctx.db, username)) {
    throw AppError.conflict(`The user name ${username} is taken / 用户名已被使用`, 'username');
  }
  const area = input.areaCode
    ? await findArea(ctx.db, normalizeAreaCode(input.areaCode, 'areaCode'))
    : await rootArea(ctx.db);
  if (!area) throw AppError.invalid('areaCode', 'exists', 'areaCode: no such area / 区域不存在');
  const id = crypto.randomUUID();
  const passwordHash = await hashPassword(input.password);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('accounts')
      .values({ id, username, display_name: input.displayName, password_hash: passwordHash })
      .execute();
    await insertBindings(
      trx,
      id,
      [{ role: 'administrator', areaCode: area.code, areaPath: area.path }],
      null,
    );
    await recordAudit(
      ctx,
      {
        action: 'account.create',
        objectType: 'account',
        objectId: id,
        areaPath: area.path,
        detail: { username, roles: [`administrator@${area.code}`], by: 'command line' },
      },
      trx,
    );
  });
  return { id, username, areaCode: area.code };
}

/** A user name as stored (lower case), or a 400 naming the rule. */
export function checkUsername(input: string): string {
  const username = input.trim().toLowerCase();
  if (!new RegExp(USERNAME_PATTERN).test(username)) {
    throw AppError.invalid(
      'username',
      'pattern',
      `username: "${input}" is not a user name: 3–32 characters, lower-case letters, digits, dot, dash, underscore, starting with a letter / 用户名格式不正确`,
    );
  }
  return username;
}

/** The root of the area tree (the city), when there is exactly one. */
async function rootArea(db: Kysely<DB>): Promise<{ code: string; path: string } | undefined> {
  const roots = await db
    .selectFrom('areas')
    .select(['code', 'path'])
    .where('parent_code', 'is', null)
    .limit(2)
    .execute();
  if (roots.length > 1) {
    throw AppError.invalid(
      'areaCode',
      'required',
      'areaCode: the area tree has several roots; name the area with --area / 请指定区域',
    );
  }
  return roots[0];
}
