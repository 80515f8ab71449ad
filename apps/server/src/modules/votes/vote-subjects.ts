import type { VoteRuleView, VoteSubjectRef } from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';

/**
 * What a vote may be about, registered by the module that owns it (an elevator project, a
 * property fee change): drafting a vote with `subject`, and opening it, ask the owner whether
 * that subject exists in the vote's committee and may be put to the owners now, under the rule.
 */
export interface VoteSubjectVote {
  committeeCode: string;
  electorateKind: string;
  buildingId: string | null;
  unit: string | null;
  /** a 'compound' electorate's compound (a fee change is put to its whole compound) */
  compoundCode?: string | null;
  /** the rule the vote counts by (an elevator asks for a major-matter rule) */
  rule: VoteRuleView;
}

export interface VoteSubjectType {
  /** true, or why not (zh / en in one string); null when there is no such subject */
  mayPutToVote(
    db: Kysely<DB>,
    subjectId: string,
    vote: VoteSubjectVote,
  ): Promise<true | string | null>;
}

const subjects = new Map<string, VoteSubjectType>();

export function registerVoteSubject(type: string, subject: VoteSubjectType): void {
  subjects.set(type, subject);
}

export function voteSubject(type: string): VoteSubjectType | undefined {
  return subjects.get(type);
}

/** The subject's module says whether it may be put to the owners now: a 400 or 409 if not. */
export async function checkSubject(
  db: Kysely<DB>,
  subject: VoteSubjectRef | null | undefined,
  vote: VoteSubjectVote,
): Promise<void> {
  if (!subject) return;
  const type = voteSubject(subject.type);
  const answer = type ? await type.mayPutToVote(db, subject.id, vote) : null;
  if (answer === null)
    throw AppError.invalid(
      'subject',
      'exists',
      `subject: no ${subject.type} ${subject.id} in the committee / 表决事项不存在`,
    );
  if (answer !== true) throw AppError.conflict(answer, 'subject');
}

/** The 409 when another vote on the subject is a draft, open or closed (not yet decided). */
export const subjectTaken = (subject: VoteSubjectRef, other: { id: string; state: string }) =>
  AppError.conflict(
    `subject: ${subject.type} ${subject.id} is already put to the owners by vote ${other.id} (${other.state}); cancel it or wait for its result / 该事项已有表决（${other.id}）尚未结束，请先取消或等待其结果`,
    'subject',
  );
