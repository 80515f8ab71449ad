import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

export interface ClientRow {
  id: string;
  name: string;
  disabled: boolean;
}

export function findClientByKeyHash(
  db: Kysely<DB>,
  apiKeyHash: string,
): Promise<ClientRow | undefined> {
  return db
    .selectFrom('open311_clients')
    .select(['id', 'name', 'disabled'])
    .where('api_key_hash', '=', apiKeyHash)
    .executeTakeFirst();
}

/** A new client, or the one that already holds this key (the demo seeder runs on every start). */
export async function insertClient(
  db: Kysely<DB>,
  client: { id: string; name: string; apiKeyHash: string },
): Promise<{ row: ClientRow; created: boolean }> {
  const inserted = await db
    .insertInto('open311_clients')
    .values({ id: client.id, name: client.name, api_key_hash: client.apiKeyHash })
    .onConflict((oc) => oc.column('api_key_hash').doNothing())
    .returning(['id', 'name', 'disabled'])
    .executeTakeFirst();
  if (inserted) return { row: inserted, created: true };
  return { row: (await findClientByKeyHash(db, client.apiKeyHash))!, created: false };
}
