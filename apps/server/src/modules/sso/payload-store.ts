import type { Kysely } from 'kysely';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { DataCipher } from '../../platform/crypto.js';
import type { DB } from '../../platform/db/schema.js';
import { clientMetadata } from './clients.js';

/**
 * oidc-provider's storage in our database (PGlite or PostgreSQL alike): one row per model and
 * id in `sso_payloads`, the payload as jsonb, with the columns its lookups and revocations
 * need beside it. An expired row is never returned and is deleted by `purgeExpiredPayloads`
 * (every few minutes while the server runs). Clients are not stored here: the `Client` model
 * reads `sso_clients` (a disabled one is not found).
 */
export class PayloadAdapter implements Adapter {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly model: string,
    /** the issuer of the provider that writes (back-channel logout signs as it) */
    private readonly issuer: string,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const row = {
      payload: JSON.stringify(payload),
      grant_id: payload.grantId ?? null,
      user_code: (payload.userCode as string | undefined) ?? null,
      uid: payload.uid ?? null,
      account_id: payload.accountId ?? null,
      client_id: payload.clientId ?? null,
      issuer: this.issuer,
      expires_at: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
    };
    await this.db
      .insertInto('sso_payloads')
      .values({ model: this.model, id, ...row })
      .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet(row))
      .execute();
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.findBy('id', id);
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.findBy('uid', uid);
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.findBy('user_code', userCode);
  }

  private async findBy(
    column: 'id' | 'uid' | 'user_code',
    value: string,
  ): Promise<AdapterPayload | undefined> {
    const row = await this.db
      .selectFrom('sso_payloads')
      .select(['payload', 'consumed_at'])
      .where('model', '=', this.model)
      .where(column, '=', value)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', new Date())]))
      .executeTakeFirst();
    if (!row) return undefined;
    const payload = (
      typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload
    ) as AdapterPayload;
    return row.consumed_at
      ? { ...payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) }
      : payload;
  }

  async consume(id: string): Promise<void> {
    await this.db
      .updateTable('sso_payloads')
      .set({ consumed_at: new Date() })
      .where('model', '=', this.model)
      .where('id', '=', id)
      .where('consumed_at', 'is', null)
      .execute();
  }

  async destroy(id: string): Promise<void> {
    await this.db
      .deleteFrom('sso_payloads')
      .where('model', '=', this.model)
      .where('id', '=', id)
      .execute();
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.db
      .deleteFrom('sso_payloads')
      .where('model', '=', this.model)
      .where('grant_id', '=', grantId)
      .execute();
  }
}

/** The `Client` model: read from `sso_clients` (enabled ones); registered only through our API. */
export class ClientAdapter implements Adapter {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly cipher: DataCipher,
  ) {}

  async find(id: string): Promise<AdapterPayload | undefined> {
    return clientMetadata(this.db, this.cipher, id) as Promise<AdapterPayload | undefined>;
  }

  private refuse(): never {
    throw new Error('department systems are registered through /api/sso/clients only');
  }
  upsert(): Promise<void> {
    this.refuse();
  }
  findByUid(): Promise<undefined> {
    return Promise.resolve(undefined);
  }
  findByUserCode(): Promise<undefined> {
    return Promise.resolve(undefined);
  }
  consume(): Promise<void> {
    this.refuse();
  }
  destroy(): Promise<void> {
    this.refuse();
  }
  revokeByGrantId(): Promise<void> {
    return Promise.resolve();
  }
}

/** Delete what has expired; returns how many rows went. */
export async function purgeExpiredPayloads(db: Kysely<DB>): Promise<number> {
  const r = await db
    .deleteFrom('sso_payloads')
    .where('expires_at', '<', new Date())
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/**
 * End everything the provider holds for an account — its sessions, interactions, grants,
 * codes and tokens — and say which (issuer, client, session id) a department system was
 * signed in through, so that each can be told (back-channel logout).
 */
export async function endAccountPayloads(
  db: Kysely<DB>,
  accountId: string,
): Promise<{ issuer: string; clientId: string; sid: string }[]> {
  const sessions = await db
    .selectFrom('sso_payloads')
    .select(['payload', 'issuer'])
    .where('model', '=', 'Session')
    .where('account_id', '=', accountId)
    .execute();
  const told: { issuer: string; clientId: string; sid: string }[] = [];
  for (const s of sessions) {
    const payload = (
      typeof s.payload === 'string' ? JSON.parse(s.payload) : s.payload
    ) as AdapterPayload;
    for (const [clientId, auth] of Object.entries(payload.authorizations ?? {})) {
      if (auth.sid) told.push({ issuer: s.issuer, clientId, sid: auth.sid });
    }
  }
  await db.deleteFrom('sso_payloads').where('account_id', '=', accountId).execute();
  return told;
}
