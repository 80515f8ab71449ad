import crypto from 'node:crypto';
import type { AffairAction, AffairService, AffairState } from '@cc/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { AppDeps } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { committeePath } from '../../platform/policy.js';
import { accountsBoundAt } from '../identity/index.js';
import type { NotifyInput } from '../notifications/index.js';
import type { AffairRequestsTable } from './affairs.tables.js';

/** The affairs module's queries and writes that more than one use case shares. */

export type RequestRow = Selectable<AffairRequestsTable>;

export function findRequest(db: Kysely<DB>, id: string): Promise<RequestRow | undefined> {
  return db.selectFrom('affair_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The request, locked for the rest of the transaction. */
export function lockRequest(trx: Kysely<DB>, id: string): Promise<RequestRow | undefined> {
  return trx
    .selectFrom('affair_requests')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export interface EventInput {
  requestId: string;
  actorId: string | null;
  actorName: string;
  action: AffairAction;
  fromState: AffairState | null;
  toState: AffairState | null;
  message?: string | null;
  detail?: Record<string, unknown> | null;
  at?: Date;
}

export function insertEvent(trx: Kysely<DB>, e: EventInput) {
  return trx.insertInto('affair_events').values({
    id: crypto.randomUUID(),
    request_id: e.requestId,
    at: e.at ?? new Date(),
    actor_id: e.actorId,
    actor_name: e.actorName,
    action: e.action,
    from_state: e.fromState,
    to_state: e.toState,
    message: e.message ?? null,
    detail: e.detail ? JSON.stringify(e.detail) : null,
  });
}

/** The street above a committee: the code before the committee's in the path. */
export function streetCode(areaPath: string, committeeCode: string): string | null {
  const parts = committeePath(areaPath, committeeCode).split('/');
  return parts.length > 1 ? parts[parts.length - 2]! : null;
}

/** Accounts holding `roles` at the area `code`. */
export async function staffAt(db: Kysely<DB>, code: string | null, roles: readonly string[]) {
  if (!code) return [];
  return (await accountsBoundAt(db, [code], roles)).get(code) ?? [];
}

/** Texts and in-app notices about a request (the outbox), and jobs, in the caller's transaction. */
/** The in-app notice and text that tell the applicant of a step. */
export function tellApplicant(r: RequestRow, text: string, sms = true): NotifyInput {
  return {
    caseId: null,
    areaPath: r.area_path,
    recipientId: r.account_id,
    channels: sms ? ['inapp', 'sms'] : ['inapp'],
    text,
  };
}

/** How a request is named in texts: 居住证明（BS20261206000001）. */
export const requestLabel = (service: AffairService | undefined, r: RequestRow) =>
  `${service?.name ?? r.service_code}（${r.number}）`;

export const kick = (deps: Pick<AppDeps, 'jobs'>) => deps.jobs.kick();
