import crypto from 'node:crypto';
import type { ProposalEventAction, ProposalState } from '@cc/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { accountsBoundAt } from '../identity/index.js';
import { pendingCommittee, residentHome } from '../residents/index.js';
import type { Reader } from './proposals.policy.js';
import type { ProposalsTable } from './proposals.tables.js';

/** The proposals module's queries and writes that more than one use case shares. */

export type ProposalRow = Selectable<ProposalsTable>;

export const NOT_FOUND = 'No such proposal / 该建议不存在';

/** The owner type of a proposal's photos in the media module. */
export const PHOTO_OWNER = 'proposal';

export const VERIFY_FIRST =
  'Only residents verified as living in the committee may propose, support or comment: verify your home first / 请先完成住户认证';

/** The account as a resident: its verified home or, without one, its pending request's committee. */
export async function readerOf(db: Kysely<DB>, accountId: string): Promise<Reader> {
  const home = await residentHome(db, accountId);
  return { home, pendingCommittee: home ? null : await pendingCommittee(db, accountId) };
}

export function findProposal(db: Kysely<DB>, id: string): Promise<ProposalRow | undefined> {
  return db.selectFrom('proposals').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The proposal, locked for the rest of the transaction. */
export function lockProposal(trx: Kysely<DB>, id: string): Promise<ProposalRow | undefined> {
  return trx
    .selectFrom('proposals')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export interface EventInput {
  proposalId: string;
  actorId: string | null;
  actorName: string;
  action: ProposalEventAction;
  fromState?: ProposalState | null;
  toState?: ProposalState | null;
  message?: string | null;
  detail?: Record<string, unknown> | null;
  at?: Date;
}

export async function insertEvent(trx: Kysely<DB>, e: EventInput): Promise<string> {
  const id = crypto.randomUUID();
  await trx
    .insertInto('proposal_events')
    .values({
      id,
      proposal_id: e.proposalId,
      at: e.at ?? new Date(),
      actor_id: e.actorId,
      actor_name: e.actorName,
      action: e.action,
      from_state: e.fromState ?? null,
      to_state: e.toState ?? null,
      message: e.message ?? null,
      detail: e.detail ? JSON.stringify(e.detail) : null,
    })
    .execute();
  return id;
}

/** The street above a committee: the code before the committee's in its path. */
export function streetOf(committeeAreaPath: string): string | null {
  const parts = committeeAreaPath.split('/');
  return parts.length > 1 ? parts[parts.length - 2]! : null;
}

/** The district above a committee: the code before the street's in its path. */
export function districtOf(committeeAreaPath: string): string | null {
  const parts = committeeAreaPath.split('/');
  return parts.length > 2 ? parts[parts.length - 3]! : null;
}

/** Accounts holding `roles` at the area `code`. */
export async function staffAt(db: Kysely<DB>, code: string | null, roles: readonly string[]) {
  if (!code) return [];
  return (await accountsBoundAt(db, [code], roles)).get(code) ?? [];
}

/** How a proposal is named in texts: 「title」. */
export const label = (p: { title: string }) => `「${p.title}」`;
