import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

/**
 * What a vote may be about, registered by the module that owns it (an elevator project, a
 * property fee change): opening a vote with `subject` asks the owner whether that subject
 * exists in the vote's committee and may be put to the owners now.
 */
export interface VoteSubjectType {
  /** true, or why not (zh / en in one string); null when there is no such subject */
  mayPutToVote(
    db: Kysely<DB>,
    subjectId: string,
    vote: { committeeCode: string; electorateKind: string; buildingId: string | null; unit: string | null },
  ): Promise<true | string | null>;
}

const subjects = new Map<string, VoteSubjectType>();

export function registerVoteSubject(type: string, subject: VoteSubjectType): void {
  subjects.set(type, subject);
}

export function voteSubject(type: string): VoteSubjectType | undefined {
  return subjects.get(type);
}
