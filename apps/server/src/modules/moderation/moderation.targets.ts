import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';

/** What moderation needs of a reported post or comment (the owning module knows it). */
export interface ModerationTarget {
  /** where it lives, who wrote it and its text's beginning; null when there is no such thing */
  describe(
    db: Kysely<DB>,
    targetId: string,
  ): Promise<{
    areaPath: string;
    committeeCode: string;
    buildingId: string | null;
    authorId: string;
    excerpt: string;
    /** the web page that shows it, when there is one */
    link?: string | null;
  } | null>;
  /** may report it (sees it) */
  canSee(ctx: Ctx, targetId: string): Promise<boolean>;
  /** may hide, restore or remove it */
  canModerate(ctx: Ctx, targetId: string): Promise<boolean>;
  /** show, hide or remove it, inside the moderation's transaction */
  setVisibility(
    trx: Kysely<DB>,
    targetId: string,
    v: 'visible' | 'hidden' | 'removed',
  ): Promise<void>;
}

const targets = new Map<string, ModerationTarget>();

/**
 * Make a kind of content reportable (call in the owning module's manifest.start). Registering
 * a type again replaces it (a process may start the platform more than once, as tests do).
 */
export function registerModerationTarget(type: string, target: ModerationTarget): void {
  targets.set(type, target);
}

/** The target type's handlers; a 404 for a type nobody registered (nothing to report). */
export function targetOf(type: string): ModerationTarget {
  const t = targets.get(type);
  if (!t) throw AppError.notFound(`No such content to report / 内容不存在 (targetType ${type})`);
  return t;
}
