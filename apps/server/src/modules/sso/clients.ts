import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  SSO_CLAIMS,
  type CreateSsoClientBody,
  type Role,
  type SsoClaim,
  type SsoClient,
  type SsoClientList,
  type SsoClientWithSecret,
  type UpdateSsoClientBody,
} from '@cc/contracts';
import type { Kysely, Selectable } from 'kysely';
import { REPO_ROOT } from '../../platform/config.js';
import type { AppDeps, Ctx } from '../../platform/context.js';
import type { DataCipher } from '../../platform/crypto.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { requireCityAdministrator } from './sso.policy.js';
import type { SsoClientsTable } from './sso.tables.js';

/**
 * The department systems an administrator registers (接入系统): OAuth clients of the provider
 * at /oidc. Each change is audited; the secret is made here, shown once, kept under the data
 * key. A disabled client is unknown to the provider, and disabling it ends its grants.
 */

type ClientRow = Selectable<SsoClientsTable>;

const NOT_FOUND = 'No such department system / 未找到该接入系统';

/** The client's metadata as oidc-provider reads it (its extra `cc_` fields: what it may get). */
export interface ProviderClientMetadata {
  client_id: string;
  client_secret: string;
  client_name: string;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  grant_types: string[];
  response_types: string[];
  token_endpoint_auth_method: string;
  id_token_signed_response_alg: string;
  backchannel_logout_uri?: string;
  backchannel_logout_session_required?: boolean;
  cc_allowed_roles: string[];
  cc_allowed_claims: string[];
  [key: string]: unknown;
}

export function toSsoClient(r: ClientRow): SsoClient {
  return {
    id: r.id,
    clientId: r.client_id,
    name: r.name,
    department: r.department,
    logoUrl: r.logo_url,
    redirectUris: r.redirect_uris,
    postLogoutRedirectUris: r.post_logout_redirect_uris,
    initiateLoginUri: r.initiate_login_uri,
    backchannelLogoutUri: r.backchannel_logout_uri,
    allowedRoles: r.allowed_roles as Role[],
    allowedClaims: r.allowed_claims as SsoClaim[],
    disabled: r.disabled,
    secretRotatedAt: r.secret_rotated_at.toISOString(),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A URI a client registers: absolute, https — or http on this machine (a system under test) —
 * with no fragment. 400 naming the field and the rule otherwise.
 */
export function checkClientUri(value: string, field: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw AppError.invalid(field, 'url', `${field}: not an absolute URL / 不是完整的网址`);
  }
  const isLocalHttp = url.protocol === 'http:' && LOOPBACK.has(url.hostname);
  if (url.protocol !== 'https:' && !isLocalHttp) {
    throw AppError.invalid(
      field,
      'scheme',
      `${field}: must be https (http only on localhost or 127.0.0.1) / 须为 https 地址（仅本机可用 http）`,
    );
  }
  if (url.hash || value.includes('#')) {
    throw AppError.invalid(
      field,
      'fragment',
      `${field}: must not hold a fragment (#…) / 不能包含 #`,
    );
  }
  if (url.username || url.password) {
    throw AppError.invalid(
      field,
      'url',
      `${field}: must not hold a user or password / 不能包含用户名或密码`,
    );
  }
  return value;
}

/** A logo: a path on this site (`/logos/…`), or an address as checkClientUri takes it. */
function checkLogo(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  if (value.startsWith('/') && !value.startsWith('//')) return value;
  return checkClientUri(value, 'logoUrl');
}

const text = (value: string, field: string): string => {
  const t = value.trim();
  if (!t) throw AppError.invalid(field, 'minLength', `${field}: must not be blank / 不能为空`);
  return t;
};

type Fields = Required<Omit<CreateSsoClientBody, 'logoUrl' | 'backchannelLogoutUri'>> & {
  logoUrl: string | null;
  backchannelLogoutUri: string | null;
};

/** Every field checked and normalised (trimmed, duplicates dropped, claims in their order). */
function checkFields(body: CreateSsoClientBody): Fields {
  const uris = (list: readonly string[], field: string) => [
    ...new Set(list.map((u, i) => checkClientUri(u.trim(), `${field}.${i}`))),
  ];
  const claims = new Set(body.allowedClaims);
  return {
    name: text(body.name, 'name'),
    department: text(body.department, 'department'),
    logoUrl: checkLogo(body.logoUrl),
    redirectUris: uris(body.redirectUris, 'redirectUris'),
    postLogoutRedirectUris: uris(body.postLogoutRedirectUris ?? [], 'postLogoutRedirectUris'),
    initiateLoginUri: checkClientUri(body.initiateLoginUri.trim(), 'initiateLoginUri'),
    backchannelLogoutUri: body.backchannelLogoutUri?.trim()
      ? checkClientUri(body.backchannelLogoutUri.trim(), 'backchannelLogoutUri')
      : null,
    allowedRoles: [...new Set(body.allowedRoles)],
    allowedClaims: SSO_CLAIMS.filter((c) => claims.has(c)),
  };
}

const newSecret = () => crypto.randomBytes(32).toString('base64url');
const newClientId = () => `cc-${crypto.randomBytes(8).toString('hex')}`;

async function findRow(db: Kysely<DB>, id: string): Promise<ClientRow> {
  const row = await db
    .selectFrom('sso_clients')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw AppError.notFound(NOT_FOUND);
  return row;
}

/** Every registered system, by department and name (a city-wide administrator). */
export async function listClients(ctx: Ctx): Promise<SsoClientList> {
  await requireCityAdministrator(ctx, 'sso.client.list', null);
  const rows = await ctx.db
    .selectFrom('sso_clients')
    .selectAll()
    .orderBy('department')
    .orderBy('name')
    .orderBy('id')
    .execute();
  return { items: rows.map(toSsoClient) };
}

/** Register a system: a new client_id and secret (the secret shown in this answer only). */
export async function registerClient(
  ctx: Ctx,
  body: CreateSsoClientBody,
): Promise<SsoClientWithSecret> {
  await requireCityAdministrator(ctx, 'sso.client.create', null);
  const f = checkFields(body);
  const secret = newSecret();
  const id = crypto.randomUUID();
  const row = await ctx.db.transaction().execute(async (trx) => {
    const inserted = await insertClient(trx, ctx.cipher, {
      id,
      clientId: newClientId(),
      secret,
      fields: f,
      createdBy: ctx.actor!.id,
    });
    await recordAudit(
      ctx,
      {
        action: 'sso.client.create',
        objectType: 'sso_client',
        objectId: id,
        detail: { clientId: inserted.client_id, name: f.name, department: f.department },
      },
      trx,
    );
    return inserted;
  });
  return { ...toSsoClient(row), clientSecret: secret };
}

/** A checked registration as the columns of its row. */
const columnsOf = (f: Fields) => ({
  name: f.name,
  department: f.department,
  logo_url: f.logoUrl,
  redirect_uris: f.redirectUris,
  post_logout_redirect_uris: f.postLogoutRedirectUris,
  initiate_login_uri: f.initiateLoginUri,
  backchannel_logout_uri: f.backchannelLogoutUri,
  allowed_roles: f.allowedRoles,
  allowed_claims: f.allowedClaims,
});

function insertClient(
  db: Kysely<DB>,
  cipher: DataCipher,
  c: { id: string; clientId: string; secret: string; fields: Fields; createdBy: string | null },
): Promise<ClientRow> {
  const f = c.fields;
  return db
    .insertInto('sso_clients')
    .values({
      id: c.id,
      client_id: c.clientId,
      ...columnsOf(f),
      secret_enc: cipher.encrypt(c.secret),
      created_by: c.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Change what a system is and may get; the fields given are checked as at registration. */
export async function updateClient(
  ctx: Ctx,
  id: string,
  body: UpdateSsoClientBody,
): Promise<SsoClient> {
  await requireCityAdministrator(ctx, 'sso.client.update', id);
  const current = toSsoClient(await findRow(ctx.db, id));
  const merged: CreateSsoClientBody = {
    name: body.name ?? current.name,
    department: body.department ?? current.department,
    logoUrl: body.logoUrl === undefined ? current.logoUrl : body.logoUrl,
    redirectUris: body.redirectUris ?? current.redirectUris,
    postLogoutRedirectUris: body.postLogoutRedirectUris ?? current.postLogoutRedirectUris,
    initiateLoginUri: body.initiateLoginUri ?? current.initiateLoginUri,
    backchannelLogoutUri:
      body.backchannelLogoutUri === undefined
        ? current.backchannelLogoutUri
        : body.backchannelLogoutUri,
    allowedRoles: body.allowedRoles ?? current.allowedRoles,
    allowedClaims: body.allowedClaims ?? current.allowedClaims,
  };
  const f = checkFields(merged);
  const row = await ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('sso_clients')
      .set({
        ...columnsOf(f),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(
      ctx,
      {
        action: 'sso.client.update',
        objectType: 'sso_client',
        objectId: id,
        detail: { clientId: updated.client_id, fields: Object.keys(body).sort() },
      },
      trx,
    );
    return updated;
  });
  return toSsoClient(row);
}

/** A new secret (shown in this answer only); the old one stops working at once. */
export async function rotateClientSecret(ctx: Ctx, id: string): Promise<SsoClientWithSecret> {
  await requireCityAdministrator(ctx, 'sso.client.secret', id);
  await findRow(ctx.db, id);
  const secret = newSecret();
  const row = await ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('sso_clients')
      .set({
        secret_enc: ctx.cipher.encrypt(secret),
        secret_rotated_at: new Date(),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(
      ctx,
      {
        action: 'sso.client.secret',
        objectType: 'sso_client',
        objectId: id,
        detail: { clientId: updated.client_id },
      },
      trx,
    );
    return updated;
  });
  return { ...toSsoClient(row), clientSecret: secret };
}

/**
 * Disable or enable a system. Disabled, the provider no longer knows it: its sign-ins, codes
 * and tokens fail; and its grants, tokens and people's consents are deleted, so enabling it
 * again brings none of them back.
 */
export async function setClientDisabled(
  ctx: Ctx,
  id: string,
  isDisabled: boolean,
): Promise<SsoClient> {
  const action = isDisabled ? 'sso.client.disable' : 'sso.client.enable';
  await requireCityAdministrator(ctx, action, id);
  await findRow(ctx.db, id);
  const row = await ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('sso_clients')
      .set({ disabled: isDisabled, updated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    let ended = 0;
    if (isDisabled) {
      const gone = await trx
        .deleteFrom('sso_payloads')
        .where('client_id', '=', updated.client_id)
        .executeTakeFirst();
      ended = Number(gone.numDeletedRows);
      await trx.deleteFrom('sso_consents').where('client_id', '=', updated.client_id).execute();
    }
    await recordAudit(
      ctx,
      {
        action,
        objectType: 'sso_client',
        objectId: id,
        detail: { clientId: updated.client_id, ...(isDisabled ? { endedRecords: ended } : {}) },
      },
      trx,
    );
    return updated;
  });
  return toSsoClient(row);
}

/** An enabled client's metadata for the provider, secret decrypted; undefined otherwise. */
export async function clientMetadata(
  db: Kysely<DB>,
  cipher: DataCipher,
  clientId: string,
): Promise<ProviderClientMetadata | undefined> {
  const r = await db
    .selectFrom('sso_clients')
    .selectAll()
    .where('client_id', '=', clientId)
    .where('disabled', '=', false)
    .executeTakeFirst();
  if (!r) return undefined;
  return {
    client_id: r.client_id,
    client_secret: cipher.decrypt(r.secret_enc),
    client_name: r.name,
    redirect_uris: r.redirect_uris,
    post_logout_redirect_uris: r.post_logout_redirect_uris,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    id_token_signed_response_alg: 'RS256',
    ...(r.backchannel_logout_uri
      ? {
          backchannel_logout_uri: r.backchannel_logout_uri,
          backchannel_logout_session_required: true,
        }
      : {}),
    cc_allowed_roles: r.allowed_roles,
    cc_allowed_claims: r.allowed_claims,
  };
}

/** An enabled client's row by client_id (the interaction and the catalogue read it). */
export function enabledClient(db: Kysely<DB>, clientId: string) {
  return db
    .selectFrom('sso_clients')
    .selectAll()
    .where('client_id', '=', clientId)
    .where('disabled', '=', false)
    .executeTakeFirst();
}

/** Every enabled client, by department and name. */
export function enabledClients(db: Kysely<DB>) {
  return db
    .selectFrom('sso_clients')
    .selectAll()
    .where('disabled', '=', false)
    .orderBy('department')
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** A system of the demo city (data/sso/department-systems.json), with its own client_id. */
export interface SeededClient extends CreateSsoClientBody {
  clientId: string;
  /** a fixed secret (demo data); null: a random one nobody learns */
  clientSecret: string | null;
}

/**
 * Register the demo city's systems that are not registered yet (by client_id), as they are
 * (checked like any registration). Returns how many were added.
 */
export async function seedClients(
  deps: AppDeps,
  clients: readonly SeededClient[],
): Promise<number> {
  if (clients.length === 0) return 0;
  const present = new Set(
    (
      await deps.db
        .selectFrom('sso_clients')
        .select('client_id')
        .where(
          'client_id',
          'in',
          clients.map((c) => c.clientId),
        )
        .execute()
    ).map((r) => r.client_id),
  );
  let added = 0;
  for (const c of clients) {
    if (present.has(c.clientId)) continue;
    await insertClient(deps.db, deps.cipher, {
      id: crypto.randomUUID(),
      clientId: c.clientId,
      secret: c.clientSecret ?? newSecret(),
      fields: checkFields(c),
      createdBy: null,
    });
    added++;
  }
  return added;
}

/** The client secrets the shipped demo data publishes (data/sso/department-systems.json). */
function publishedSecrets(): string[] {
  try {
    const file = JSON.parse(
      fs.readFileSync(path.join(REPO_ROOT, 'data/sso/department-systems.json'), 'utf8'),
    ) as { systems: { clientSecret: string | null }[] };
    return file.systems.flatMap((s) => (s.clientSecret ? [s.clientSecret] : []));
  } catch {
    return [];
  }
}

/**
 * In production: a client whose secret is one the demo data publishes (a database seeded in
 * development, started in production) is disabled — anyone may read that secret — and the
 * disabling audited. Returns the client_ids disabled.
 */
export async function disablePublishedSecretClients(deps: AppDeps): Promise<string[]> {
  const secrets = new Set(publishedSecrets());
  if (secrets.size === 0) return [];
  const rows = await deps.db
    .selectFrom('sso_clients')
    .select(['id', 'client_id', 'secret_enc'])
    .where('disabled', '=', false)
    .execute();
  const published = rows.filter((r) => secrets.has(deps.cipher.decrypt(r.secret_enc)));
  for (const r of published) {
    await deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('sso_clients')
        .set({ disabled: true, updated_at: new Date() })
        .where('id', '=', r.id)
        .execute();
      await trx.deleteFrom('sso_payloads').where('client_id', '=', r.client_id).execute();
      await recordAudit(
        { ...deps, actor: null, ip: null },
        {
          action: 'sso.client.disable',
          objectType: 'sso_client',
          objectId: r.id,
          detail: { clientId: r.client_id, reason: 'its secret is published in the demo data' },
        },
        trx,
      );
    });
  }
  return published.map((r) => r.client_id);
}
