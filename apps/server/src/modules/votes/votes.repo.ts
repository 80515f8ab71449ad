import {
  VOTE_STATE_LABELS,
  VOTE_TRANSITIONS,
  type VoteState,
  type VoteSubjectRef,
} from '@cc/contracts';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { VOTE_NOT_FOUND } from './votes.policy.js';
import type { VotesTable } from './votes.tables.js';

/** A vote as stored (jsonb columns parsed; bigint columns as numbers, see platform/db). */
export type VoteRow = Selectable<VotesTable>;

/** The vote, or undefined. */
export async function findVote(db: Kysely<DB>, id: string): Promise<VoteRow | undefined> {
  return db.selectFrom('votes').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The vote, or a 404 that never says whether it exists. */
export async function requireVote(db: Kysely<DB>, id: string): Promise<VoteRow> {
  const v = await findVote(db, id);
  if (!v) throw AppError.notFound(VOTE_NOT_FOUND);
  return v;
}

/** The vote locked for update inside `trx` (ballots, the close and publishing serialise on it). */
export async function lockVote(trx: Kysely<DB>, id: string): Promise<VoteRow | undefined> {
  return trx.selectFrom('votes').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The owner type of a vote's documents in the media module. */
export const VOTE_DOCUMENTS = 'vote';

/** A 409 unless the vote may go from `state` to `to` (VOTE_TRANSITIONS). */
export function requireTransition(state: string, to: VoteState): void {
  if (VOTE_TRANSITIONS[state as VoteState]?.includes(to)) return;
  const label = VOTE_STATE_LABELS[state as VoteState] ?? { zh: state, en: state };
  const step = VOTE_STATE_LABELS[to];
  throw AppError.conflict(
    `This vote is ${label.en.toLowerCase()}: it cannot become ${step.en.toLowerCase()} / 该表决当前为“${label.zh}”，不能变为“${step.zh}”`,
  );
}

/**
 * Inside `trx`: serialise drafting and opening votes on one subject (a transaction-scoped
 * advisory lock on it), then the other vote on it that is not yet decided (a draft, open or
 * closed; cancelled and published ones are done), if any.
 */
export async function pendingVoteOn(
  trx: Kysely<DB>,
  subject: VoteSubjectRef,
  exceptId: string,
): Promise<{ id: string; state: string } | undefined> {
  await sql`select pg_advisory_xact_lock(hashtext(${`votes.subject:${subject.type}:${subject.id}`}))`.execute(
    trx,
  );
  return trx
    .selectFrom('votes')
    .select(['id', 'state'])
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
    .where('state', 'in', ['draft', 'open', 'closed'])
    .where('id', '!=', exceptId)
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
}
