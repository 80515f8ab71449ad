import {
  OBSERVATION_STAFF_ROLES,
  type ObservationCounts,
  type ObservationDetail,
  type ObservationList,
  type ObservationListQuery,
  type ObservationToday,
} from '@cc/contracts';
import { sql } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { openCursor, sealCursor } from '../../platform/cursor.js';
import {
  addDays,
  requireCalendarDay,
  shanghaiDate,
  shanghaiMidnight,
} from '../../platform/shanghai-time.js';
import { staffCommittee } from '../areas/index.js';
import { AppError } from '../../platform/errors.js';
import { observationRules } from './observation-rules.js';
import { mayWork, OBSERVATION_NOT_FOUND, requireWorker } from './observations.policy.js';
import * as repo from './observations.repo.js';

const LIST = 'observations';
const DEFAULT_LIMIT = 50;

/**
 * The committee's observations as they stand on a day (today by default): the newest first,
 * narrowed by state and by the day's standing, with the day's counts — under observation
 * (active), checked in, missing, abnormal, and ended. Committee staff of the committee only.
 */
export async function listObservations(
  ctx: Ctx,
  q: ObservationListQuery,
): Promise<ObservationList> {
  const committee = await staffCommittee(ctx, q.committee, {
    roles: OBSERVATION_STAFF_ROLES,
    mayAct: (path) => mayWork(ctx.actor, path),
    required: 'committee is required: you work for several committees / 请选择居委会',
  });
  const d = q.day === undefined ? shanghaiDate() : requireCalendarDay('day', q.day);
  const limit = q.limit ?? DEFAULT_LIMIT;
  const after = q.cursor
    ? (openCursor(ctx.cipher.key, LIST, ctx.actor?.id, q.cursor) as [string, string])
    : null;
  const today = repo.todayOf(d);
  const rows = await repo
    .observationQuery(ctx.db)
    .select(today.as('today'))
    .where('o.committee_code', '=', committee.code)
    // observations opened after the day are not part of it
    .where('o.created_at', '<', shanghaiMidnight(addDays(d, 1)))
    .$if(!!q.state, (b) => b.where('o.state', '=', q.state!))
    // the day's standing is of those still under observation (as the counts)
    .$if(!!q.today, (b) => b.where(today, '=', q.today!).where('o.state', '=', 'active'))
    .$if(!!after, (b) =>
      b.where(sql<boolean>`(o.start_date, o.id) < (${after![0]}::date, ${after![1]}::uuid)`),
    )
    .orderBy('o.start_date', 'desc')
    .orderBy('o.id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const [last, names, counts] = await Promise.all([
    repo.lastCheckIns(
      ctx.db,
      page.map((r) => r.id),
    ),
    repo.compoundNames(
      ctx.db,
      page.map((r) => r.compound_code),
    ),
    countsOn(ctx, committee.code, d),
  ]);
  const end = page.at(-1);
  return {
    items: page.map((r) =>
      repo.toRow(r, r.today, last.get(r.id), names.get(r.compound_code) ?? r.compound_code),
    ),
    nextCursor:
      rows.length > limit && end
        ? sealCursor(ctx.cipher.key, LIST, ctx.actor?.id, [end.start_date, end.id])
        : null,
    day: d,
    counts,
  };
}

/**
 * The committee's counts on day `d`: `active` is every observation not ended (the board's stock,
 * opened ones not started yet included), `ended` every ended one; the other three by the day's
 * standing of the active ones (an ended observation is in `ended` only).
 */
async function countsOn(ctx: Ctx, committeeCode: string, d: string): Promise<ObservationCounts> {
  const rows = await ctx.db
    .selectFrom('observations as o')
    .select(['o.state', repo.todayOf(d).as('today'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('o.committee_code', '=', committeeCode)
    .where('o.created_at', '<', shanghaiMidnight(addDays(d, 1)))
    .groupBy(['o.state', 'today'])
    .execute();
  const counts: ObservationCounts = { active: 0, checkedIn: 0, missing: 0, abnormal: 0, ended: 0 };
  const byToday: Record<ObservationToday, keyof ObservationCounts> = {
    checked_in: 'checkedIn',
    missing: 'missing',
    abnormal: 'abnormal',
  };
  for (const r of rows) {
    const n = Number(r.n);
    if (r.state === 'active') counts.active += n;
    else counts.ended += n;
    // the day's figures count those still under observation: an ended one is in `ended` only
    if (r.today && r.state === 'active') counts[byToday[r.today]] += n;
  }
  return counts;
}

/** One observation with its check-ins (newest first) and its steps (oldest first). */
export async function getObservation(ctx: Ctx, id: string): Promise<ObservationDetail> {
  const o = await repo.findObservation(ctx.db, id);
  if (!o) throw AppError.notFound(OBSERVATION_NOT_FOUND);
  requireWorker(ctx.actor, o);
  return presentDetail(ctx, o);
}

export async function presentDetail(
  ctx: Pick<Ctx, 'db'>,
  o: repo.ObservationRecord,
): Promise<ObservationDetail> {
  const [today, last, names, checkIns, steps] = await Promise.all([
    repo.todayOfOne(ctx.db, o.id, shanghaiDate()),
    repo.lastCheckIns(ctx.db, [o.id]),
    repo.compoundNames(ctx.db, [o.compound_code]),
    repo.checkInsOf(ctx.db, o.id),
    repo.stepsOf(ctx.db, o.id),
  ]);
  return {
    ...repo.toRow(o, today, last.get(o.id), names.get(o.compound_code) ?? o.compound_code),
    checkIns,
    steps,
    endReason: o.end_reason,
    checkInBy: observationRules().checkInBy,
  };
}
