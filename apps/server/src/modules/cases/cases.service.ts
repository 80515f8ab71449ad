import {
  OPEN_STATUSES,
  type CaseDetail,
  type CaseListQuery,
  type CaseStatus,
  type CaseSummary,
  type NearbyCase,
  type NearbyQuery,
} from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { Actor, Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { findArea, normalizeAreaCode } from '../areas/index.js';
import { denyAndAudit, recordAudit } from '../audit/index.js';
import type { PhotoRef } from '../media/index.js';
import { smsStatusOfCases } from '../notifications/index.js';
import { facts, presentCases, toSummary, withPeopleNames } from './case-presenters.js';
import { canRevealContact, canSeeCase, caseScope, operatorScope } from './cases.policy.js';
import * as repo from './cases.repo.js';
import { boxAround, distanceMeters } from '../../platform/geo.js';
import { getTaxonomy, requireScenario } from './taxonomy.js';

export const NOT_FOUND = 'No such case / 工单不存在';

export async function getCaseDetail(ctx: Ctx, id: string): Promise<CaseDetail> {
  const detail = (await getCaseDetails(ctx.db, [{ actor: ctx.actor, id }]))[0];
  if (!detail) throw AppError.notFound(NOT_FOUND);
  return detail;
}

/** Several cases, each as its reader may see it (undefined where not): a few queries for all. */
export async function getCaseDetails(
  db: Kysely<DB>,
  reads: readonly { actor: Actor | null; id: string }[],
): Promise<(CaseDetail | undefined)[]> {
  const ids = [...new Set(reads.map((r) => r.id))];
  if (ids.length === 0) return [];
  // the timelines after the rows: the cases' districts route their read (decision 030)
  const [found, sms] = await Promise.all([
    repo.findCasesWithArea(db, ids),
    smsStatusOfCases(db, ids),
  ]);
  const [rows, events] = await Promise.all([
    withPeopleNames(db, found),
    repo.findEvents(db, found),
  ]);
  return presentCases(db, reads, rows, events, sms);
}

/**
 * The cases the reader sees that match the list's filters (the list and the export page it):
 * with `mine`, only those they hold or reported.
 */
export async function filteredCases(ctx: Ctx, q: Omit<CaseListQuery, 'page' | 'pageSize'>) {
  const mine = q.mine ?? false;
  let areaPath: string | undefined;
  if (q.areaCode) {
    const code = normalizeAreaCode(q.areaCode, 'areaCode');
    const area = await findArea(ctx.db, code);
    if (!area) throw AppError.invalid('areaCode', 'exists', `areaCode: no area ${code}`);
    areaPath = area.path;
  }
  return repo.filteredCasesQuery(
    ctx.db,
    {
      accountId: ctx.actor!.id,
      areaPaths: mine ? [] : caseScope(ctx.actor),
      queuePaths: mine ? [] : operatorScope(ctx.actor),
    },
    {
      status: q.status,
      scenarioCode: q.scenarioCode,
      source: q.source,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      overdue: q.overdue,
      areaPath,
      ...caseSearch(q.q),
    },
  );
}

/**
 * A case number: the day it was filed (YYYYMMDD) and six digits, or a letter and digits (the
 * generated city's G000000001).
 */
const CASE_NUMBER = /^(\d{14}|[A-Za-z]\d{9})$/;

/**
 * 工单中心's search box: a case number finds that case (its unique index); anything else is a
 * keyword in the description or address, or in a scenario's name or keywords. Blank is refused.
 */
function caseSearch(raw: string | undefined): Pick<repo.CaseFilter, 'number' | 'keyword'> {
  if (raw === undefined) return {};
  const text = raw.trim();
  if (text.length === 0) {
    throw AppError.invalid(
      'q',
      'blank',
      'q: type a case number or a keyword / 请输入工单号或关键词',
    );
  }
  if (CASE_NUMBER.test(text)) return { number: text.toUpperCase() };
  const needle = text.toLowerCase();
  const scenarioCodes = getTaxonomy()
    .scenarios.filter((sc) =>
      [sc.name, sc.nameEn, ...sc.keywords].some((w) => w.toLowerCase().includes(needle)),
    )
    .map((sc) => sc.code);
  return { keyword: { text, scenarioCodes } };
}

export async function listCases(
  ctx: Ctx,
  q: CaseListQuery,
): Promise<{ items: CaseSummary[]; total: number }> {
  const query = await filteredCases(ctx, q);
  const pageSize = q.pageSize ?? 50;
  const [rows, count] = await Promise.all([
    query
      .orderBy('cases.created_at', 'desc')
      .orderBy('cases.id')
      .limit(pageSize)
      .offset(((q.page ?? 1) - 1) * pageSize)
      .execute()
      .then((page) => withPeopleNames(ctx.db, page)),
    query
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toSummary), total: Number(count.n) };
}

/** A photo on a case is visible to whoever may see the case (media asks, for anyone but its uploader). */
export async function canSeeCasePhoto(ctx: Ctx, photo: PhotoRef): Promise<boolean> {
  if (!photo.caseId) return false;
  const row = await repo.findCase(ctx.db, photo.caseId);
  return !!row && canSeeCase(ctx.actor, facts(row));
}

/**
 * Open cases of the same scenario near the point and within the scenario's window, among those
 * the asker may open (by area, queue, or as reporter or assignee): a case outside their scope is
 * not theirs to learn of, not even its number and place.
 */
export async function findNearbyCases(ctx: Ctx, q: NearbyQuery): Promise<NearbyCase[]> {
  const s = requireScenario(q.scenarioCode);
  const b = boxAround(q.lat, q.lng, s.duplicateRadiusMeters);
  const rows = await ctx.db
    .selectFrom('cases')
    .selectAll()
    .where(
      repo.visibleCase({
        accountId: ctx.actor!.id,
        areaPaths: caseScope(ctx.actor),
        queuePaths: operatorScope(ctx.actor),
      }),
    )
    .where('scenario_code', '=', s.code)
    .where('created_at', '>=', new Date(Date.now() - s.duplicateWindowMinutes * 60_000))
    .where('lat', '>=', b.minLat)
    .where('lat', '<=', b.maxLat)
    .where('lng', '>=', b.minLng)
    .where('lng', '<=', b.maxLng)
    .where('status', 'in', OPEN_STATUSES)
    .limit(50)
    .execute();
  return rows
    .map((r) => ({ r, d: distanceMeters(q.lat, q.lng, r.lat!, r.lng!) }))
    .filter(({ d }) => d <= s.duplicateRadiusMeters)
    .sort((x, y) => x.d - y.d)
    .slice(0, 10)
    .map(({ r, d }) => ({
      id: r.id,
      number: r.number,
      status: r.status as CaseStatus,
      scenarioName: s.name,
      distanceMeters: Math.round(d),
      createdAt: r.created_at.toISOString(),
      description: canSeeCase(ctx.actor, facts(r)) ? r.description : null,
    }));
}

/** The hotline caller in clear: for a stated reason, written to the audit log. */
export async function revealContact(ctx: Ctx, id: string, reason: string) {
  const row = await repo.findCase(ctx.db, id);
  if (!row || !canSeeCase(ctx.actor, facts(row))) throw AppError.notFound(NOT_FOUND);
  if (!canRevealContact(ctx.actor, facts(row))) {
    await denyAndAudit(
      ctx,
      { action: 'case.contact.reveal', objectType: 'case', objectId: id, areaPath: row.area_path },
      'Your roles may not see callers in clear / 您无权查看来电人信息',
    );
  }
  await recordAudit(ctx, {
    action: 'case.contact.reveal',
    objectType: 'case',
    objectId: id,
    areaPath: row.area_path,
    detail: { reason },
  });
  return {
    name: row.contact_name_enc ? ctx.cipher.decrypt(row.contact_name_enc) : null,
    phone: row.contact_phone_enc ? ctx.cipher.decrypt(row.contact_phone_enc) : null,
  };
}
