import { DAILY_LOG_KINDS, type DailyLogKind } from '@cc/contracts';
import type { Actor, Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { findAreaCached } from '../areas/index.js';
import { residentHome } from '../residents/index.js';
import { authorKinds } from './daily-logs.repo.js';
import { isLogStaff, type LogReader } from './daily-logs.policy.js';

export const NO_SUCH_COMMITTEE =
  'committee: no such committee, or its logs are not yours to read / 居委会不存在或您无权查看其日志';

const isKind = (k: string): k is DailyLogKind => (DAILY_LOG_KINDS as readonly string[]).includes(k);

/** The committee by code (a committee-level area), or null. */
export async function committeeArea(ctx: Ctx, code: string) {
  const area = await findAreaCached(ctx.db, code);
  return area && area.level === 'committee' ? area : null;
}

/**
 * What the reader is to the committee, from what is already known: the kinds they were
 * appointed to post there and their verified home (no query).
 */
export function readerFrom(
  actor: Actor | null,
  committee: { code: string; path: string },
  known: { kinds: readonly string[]; homeCommittee: string | null },
): LogReader {
  return {
    committeeCode: committee.code,
    committeePath: committee.path,
    isStaff: !!actor && isLogStaff(actor, committee.path),
    kinds: actor ? known.kinds.filter(isKind) : [],
    isResident: !!actor && known.homeCommittee === committee.code,
  };
}

/** What the signed-in reader is to the committee: staff, appointed author, verified resident. */
export async function readerOf(
  ctx: Ctx,
  committee: { code: string; path: string },
): Promise<LogReader> {
  const actor = ctx.actor;
  if (!actor) return readerFrom(null, committee, { kinds: [], homeCommittee: null });
  const [kinds, home] = await Promise.all([
    authorKinds(ctx.db, committee.code, actor.id),
    residentHome(ctx.db, actor.id),
  ]);
  return readerFrom(actor, committee, { kinds, homeCommittee: home?.committeeCode ?? null });
}

/** The committee and the reader's relation to it; 404 for an unknown code or a stranger. */
export async function requireReader(
  ctx: Ctx,
  code: string,
  may: (r: LogReader) => boolean,
): Promise<{ committee: { code: string; name: string; path: string }; reader: LogReader }> {
  const area = await committeeArea(ctx, code);
  if (!area) throw AppError.notFound(NO_SUCH_COMMITTEE);
  const reader = await readerOf(ctx, area);
  if (!may(reader)) throw AppError.notFound(NO_SUCH_COMMITTEE);
  return { committee: { code: area.code, name: area.name, path: area.path }, reader };
}
