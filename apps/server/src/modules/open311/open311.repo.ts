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

export interface RequestFilter {
  numbers?: string[];
  scenarioCodes?: string[];
  from?: Date;
  to?: Date;
  /** statuses of the case (ours, not Open311's) */
  statuses?: readonly string[];
  limit: number;
  offset: number;
}

/**
 * Cases filed through Open311, with what a public GeoReport row shows: the area names, the
 * number of the case it merged into and the operator's reason for a rejection. Never the
 * contact columns.
 */
export function findOpen311Cases(db: Kysely<DB>, f: RequestFilter) {
  let q = db
    .selectFrom('cases')
    .innerJoin('areas as area', 'area.code', 'cases.area_code')
    .innerJoin('areas as queue', 'queue.code', 'cases.queue_area_code')
    .leftJoin('cases as merged', 'merged.id', 'cases.merged_into')
    .select((eb) => [
      'cases.number',
      'cases.scenario_code',
      'cases.status',
      'cases.description',
      'cases.media_url',
      'cases.lat',
      'cases.lng',
      'cases.address',
      'cases.unit_name',
      'cases.resolve_due_at',
      'cases.created_at',
      'cases.updated_at',
      'cases.closed_at',
      'area.name as area_name',
      'queue.name as queue_area_name',
      'merged.number as merged_into_number',
      eb
        .selectFrom('case_events')
        .select('case_events.note')
        .whereRef('case_events.case_id', '=', 'cases.id')
        .where('case_events.action', '=', 'reject')
        .orderBy('case_events.id', 'desc')
        .limit(1)
        .as('reject_note'),
    ])
    .where('cases.source', '=', 'open311');
  if (f.numbers) q = q.where('cases.number', 'in', f.numbers);
  if (f.scenarioCodes) q = q.where('cases.scenario_code', 'in', f.scenarioCodes);
  if (f.from) q = q.where('cases.created_at', '>=', f.from);
  if (f.to) q = q.where('cases.created_at', '<=', f.to);
  if (f.statuses) q = q.where('cases.status', 'in', f.statuses);
  return q
    .orderBy('cases.created_at', 'desc')
    .orderBy('cases.number', 'desc')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
}

export type Open311CaseRow = Awaited<ReturnType<typeof findOpen311Cases>>[number];

export function findCaseIdentity(db: Kysely<DB>, caseId: string) {
  return db
    .selectFrom('cases')
    .select(['number', 'open311_token'])
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
}

export function findNumberByToken(db: Kysely<DB>, token: string) {
  return db
    .selectFrom('cases')
    .select(['number', 'open311_token'])
    .where('open311_token', '=', token)
    .where('source', '=', 'open311')
    .executeTakeFirst();
}
