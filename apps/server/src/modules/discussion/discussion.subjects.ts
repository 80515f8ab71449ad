import type { Kysely } from 'kysely';
import type { AppDeps, Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';

/** What the reader may do with a subject's discussion, as the subject's module decides. */
export interface DiscussionAccess {
  /** false → 404 (never say it exists) */
  canRead: boolean;
  /** null = may comment and praise; else the 403 message (zh + en) */
  cannotWrite: string | null;
  /** may hide, restore, remove here (committee staff, building leader) */
  isModerator: boolean;
  /** the committee's (or below) path: the moderation queue's scope */
  areaPath: string;
  committeeCode: string;
  buildingId: string | null;
}

/** A kind of object people discuss (a proposal, a building board), registered by its module. */
export interface DiscussionSubject {
  /** the reader's access; null → 404 */
  access(ctx: Ctx, subjectId: string): Promise<DiscussionAccess | null>;
  /** inside the comment's transaction, after a top-level comment or reply is stored (e.g. notify followers) */
  onComment?(
    trx: Kysely<DB>,
    deps: AppDeps,
    subjectId: string,
    c: { id: string; authorId: string; parentId: string | null },
  ): Promise<void>;
  /** badges shown beside authors' masked names, e.g. 楼组长 / 居委 (one query for a page of authors) */
  authorBadges?(
    db: Kysely<DB>,
    subjectId: string,
    authorIds: readonly string[],
  ): Promise<Map<string, string>>;
}

const subjects = new Map<string, DiscussionSubject>();
const TYPE = /^[a-z][a-z0-9_-]{1,31}$/;

/**
 * Make a kind of object discussable: `GET /api/discussions/<type>/<id>` and the rest then
 * answer for it, as `subject.access` allows. Call in the owning module's manifest.start;
 * registering a type again replaces it (tests start the platform more than once per process).
 */
export function registerDiscussionSubject(type: string, subject: DiscussionSubject): void {
  if (!TYPE.test(type) || type === 'comment') {
    throw new Error(
      `discussion subject type "${type}": lower-case letters, digits, - or _, not "comment"`,
    );
  }
  subjects.set(type, subject);
}

const NOT_FOUND = 'No such discussion / 讨论不存在';

/** The subject and the reader's access to it; a 404 for an unknown type, no access or no read. */
export async function subjectAccess(
  ctx: Ctx,
  type: string,
  id: string,
): Promise<{ subject: DiscussionSubject; access: DiscussionAccess }> {
  const subject = subjects.get(type);
  if (!subject) throw AppError.notFound(NOT_FOUND);
  const access = await subject.access(ctx, id);
  if (!access || !access.canRead) throw AppError.notFound(NOT_FOUND);
  return { subject, access };
}

/** The subject of a type, when registered. */
export const subjectOf = (type: string): DiscussionSubject | undefined => subjects.get(type);

/** 403 with the subject's reason when the reader may not write. */
export function requireWrite(access: DiscussionAccess): void {
  if (access.cannotWrite !== null) throw AppError.forbidden(access.cannotWrite);
}
