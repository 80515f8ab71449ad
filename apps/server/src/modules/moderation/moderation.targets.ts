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
  /**
   * May the reader report it? Only verified residents of its committee (of its building, for a
   * building board) and staff who reach it: `true`. `false`: the reader does not see it (404).
   * A string: the reader sees it but may not report it (403 with that message, zh + en).
   * Only such reports are stored, so only they count toward hiding it.
   */
  canReport(ctx: Ctx, targetId: string): Promise<boolean | string>;
  /** may hide, restore or remove it (the decision endpoint asks this) */
  canModerate(ctx: Ctx, targetId: string): Promise<boolean>;
  /**
   * Show, hide or remove it, inside the moderation's transaction. Throw an AppError (409) when
   * it cannot be shown again (e.g. its author deleted it): the decision is then not recorded.
   */
  setVisibility(
    trx: Kysely<DB>,
    targetId: string,
    v: 'visible' | 'hidden' | 'removed',
  ): Promise<void>;
}

const targets = new Map<string, ModerationTarget>();

/** The building ids an account moderates as other than area staff (e.g. as 楼组长). */
export type ModeratorScope = (db: Kysely<DB>, accountId: string) => Promise<string[]>;
/** The accounts that moderate a building as other than area staff (e.g. its 楼组长). */
export type BuildingModerators = (db: Kysely<DB>, buildingId: string) => Promise<string[]>;

let scope: { buildingsOf: ModeratorScope; moderatorsOf: BuildingModerators } | null = null;

/**
 * Tell moderation who moderates buildings besides committee staff (building groups registers
 * its 楼组长 in its start): they read their buildings' queue, decide there, and are told when
 * something in their building is hidden. One provider; registering again replaces it.
 */
export function registerModeratorScope(
  buildingsOf: ModeratorScope,
  moderatorsOf: BuildingModerators,
): void {
  scope = { buildingsOf, moderatorsOf };
}

/** The buildings the account moderates (none without a provider): one query. */
export const moderatedBuildings = (db: Kysely<DB>, accountId: string): Promise<string[]> =>
  scope ? scope.buildingsOf(db, accountId) : Promise.resolve([]);

/** Who moderates the building besides committee staff. */
export const buildingModerators = (db: Kysely<DB>, buildingId: string): Promise<string[]> =>
  scope ? scope.moderatorsOf(db, buildingId) : Promise.resolve([]);

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
