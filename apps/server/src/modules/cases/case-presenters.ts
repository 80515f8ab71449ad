import {
  AWAITING_PICKUP_STATUSES,
  OPEN_STATUSES,
  type CaseDetail,
  type CaseSource,
  type CaseStatus,
  type CaseSummary,
} from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { LiveEvent } from '../../platform/live.js';
import { findAreaCached, findChainCached } from '../areas/index.js';
import { accountNames } from '../identity/index.js';
import { allowedActionsFor, canSeeCase, type CaseAccessFacts } from './cases.policy.js';
import type { AreaCaseRow, CaseRow, EventRow } from './cases.repo.js';
import { findScenario } from './taxonomy.js';

/** What the policy needs to know of a case row. */
export const facts = (c: CaseRow): CaseAccessFacts => ({
  status: c.status as CaseStatus,
  source: c.source,
  areaPath: c.area_path,
  queueAreaPath: c.queue_area_path,
  assigneeId: c.assignee_id,
  reporterId: c.reporter_id,
});

/** A case row with the names a reader sees: its area's, its assignee's and its reporter's. */
export type SummaryRow = AreaCaseRow & {
  assignee_name: string | null;
  reporter_name: string | null;
};

/** The rows with their assignees' and reporters' names, in one lookup for all of them. */
export async function withPeopleNames(
  db: Kysely<DB>,
  rows: readonly AreaCaseRow[],
): Promise<SummaryRow[]> {
  const names = await accountNames(
    db,
    rows.flatMap((r) => [r.assignee_id, r.reporter_id]),
  );
  const nameOf = (id: string | null) => (id ? (names.get(id) ?? null) : null);
  return rows.map((r) => ({
    ...r,
    assignee_name: nameOf(r.assignee_id),
    reporter_name: nameOf(r.reporter_id),
  }));
}

/** A case's change as a live event for the dashboards' screens (after the commit). */
export function caseLiveEvent(c: CaseRow, at: Date): LiveEvent {
  return {
    topic: 'case',
    areaPath: c.area_path,
    data: {
      id: c.id,
      number: c.number,
      areaCode: c.area_code,
      scenarioCode: c.scenario_code,
      status: c.status,
      lat: c.lat,
      lng: c.lng,
      at: at.toISOString(),
    },
  };
}

function isOverdue(
  c: Pick<CaseRow, 'status' | 'accept_due_at' | 'resolve_due_at'>,
  now = Date.now(),
): boolean {
  const s = c.status as CaseStatus;
  if (AWAITING_PICKUP_STATUSES.includes(s) && c.accept_due_at && c.accept_due_at.getTime() < now)
    return true;
  return OPEN_STATUSES.includes(s) && !!c.resolve_due_at && c.resolve_due_at.getTime() < now;
}

export function toSummary(r: SummaryRow): CaseSummary {
  const s = findScenario(r.scenario_code);
  return {
    id: r.id,
    number: r.number,
    scenarioCode: r.scenario_code,
    scenarioName: s?.name ?? r.scenario_code,
    status: r.status as CaseStatus,
    source: r.source as CaseSource,
    description: r.description,
    lat: r.lat,
    lng: r.lng,
    areaCode: r.area_code,
    areaName: r.area_name,
    address: r.address,
    assigneeName: r.assignee_name,
    unitName: r.unit_name,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    acceptDueAt: r.accept_due_at?.toISOString() ?? null,
    resolveDueAt: r.resolve_due_at?.toISOString() ?? null,
    overdue: isOverdue(r),
    escalationLevel: r.escalation_level,
    version: r.version,
  };
}

/**
 * Cases as their readers may see them, from rows already at hand (read, or just written):
 * undefined where a reader may not see the case. `sms`: each case's newest text's status.
 */
export function presentCases(
  db: Kysely<DB>,
  reads: readonly { actor: Actor | null; id: string }[],
  rows: readonly SummaryRow[],
  events: readonly EventRow[],
  sms: ReadonlyMap<string, string>,
): Promise<(CaseDetail | undefined)[]> {
  const rowById = new Map(rows.map((r) => [r.id, r]));
  const eventsByCase = new Map<string, EventRow[]>();
  for (const e of events) {
    const list = eventsByCase.get(e.case_id);
    if (list) list.push(e);
    else eventsByCase.set(e.case_id, [e]);
  }
  return Promise.all(
    reads.map(async ({ actor, id }) => {
      const row = rowById.get(id);
      if (!row || !canSeeCase(actor, facts(row))) return undefined;
      return toDetail(db, actor, row, eventsByCase.get(id) ?? [], sms.get(id) ?? null);
    }),
  );
}

async function toDetail(
  db: Kysely<DB>,
  actor: Actor | null,
  row: SummaryRow,
  events: EventRow[],
  smsStatus: string | null,
): Promise<CaseDetail> {
  const area = (await findAreaCached(db, row.area_code))!;
  const chain = await findChainCached(db, area);
  let previous: number | null = null;
  const timeline = events.map((e) => {
    const at = e.at.getTime();
    const since: number | null = previous === null ? null : Math.round((at - previous) / 1000);
    previous = at;
    return {
      id: e.id,
      at: e.at.toISOString(),
      actorName: e.actor_name,
      action: e.action,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      note: e.note,
      photoIds: e.photo_ids,
      sincePreviousSeconds: since,
      detail: e.detail,
    };
  });
  const hasContact = row.contact_name_masked !== null || row.contact_phone_masked !== null;
  return {
    ...toSummary(row),
    attributes: row.attributes,
    photoIds: events.find((e) => e.action === 'report')?.photo_ids ?? [],
    reporterName: row.source === 'open311' ? 'Open311' : row.reporter_name,
    contact: hasContact ? { name: row.contact_name_masked, phone: row.contact_phone_masked } : null,
    chain: [...chain, area].map((a) => ({ code: a.code, name: a.name, level: a.level })),
    mergedInto: row.merged_into,
    rating: row.rating,
    smsStatus,
    timeline,
    allowedActions: allowedActionsFor(actor, facts(row)),
  };
}
