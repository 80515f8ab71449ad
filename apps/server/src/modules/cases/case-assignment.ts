import { CASE_OPERATOR_ROLES, type CaseStatus, type Scenario } from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { findAreaCached } from '../areas/index.js';
import { accountsBoundAt } from '../identity/index.js';
import { deadlineJob } from './case-deadlines.js';
import type { CaseWrites } from './case-writes.js';
import type { CaseRow } from './cases.repo.js';
import type { DispatchTarget } from './dispatch.js';
import { findScenario } from './taxonomy.js';

/** Columns a step of the loop may change. */
export type CaseChanges = Partial<
  Omit<CaseRow, 'id' | 'attributes' | 'version' | 'escalation_level'>
>;

/** The street (or the area itself above street level) whose operation centre owns the queue. */
export function queueArea(path: string): { code: string; path: string } {
  const codes = path.split('/');
  const depth = Math.min(codes.length - 1, 2);
  return { code: codes[depth]!, path: codes.slice(0, depth + 1).join('/') };
}

/** Operation-centre staff at each case's queue area: told of a case nobody holds. */
export async function queueOperatorsFor(
  db: Kysely<DB>,
  areaPaths: readonly string[],
): Promise<string[][]> {
  const codes = areaPaths.map((p) => queueArea(p).code);
  const byArea = await accountsBoundAt(db, codes, CASE_OPERATOR_ROLES);
  return codes.map((code) => byArea.get(code) ?? []);
}

function smsText(
  c: { number: string; address: string | null; description: string },
  s: Scenario,
  areaName: string,
  tail: string,
): string {
  const place = c.address ?? areaName;
  const what = c.description.length > 40 ? `${c.description.slice(0, 40)}…` : c.description;
  return `【社区云】${s.name}：${place}，${what}。工单${c.number}，${tail}`;
}

export interface Assignment {
  target: DispatchTarget | null;
  /** who assigns: null for the automatic dispatch at intake (the web app names it) */
  actor: { id: string | null; name: string | null };
  action: 'dispatch' | 'queue' | 'reopen';
  note: string | null;
  now: Date;
  /** operation-centre staff at the case's queue area: told when nobody else is */
  queueOperators: readonly string[];
}

/**
 * Put the case on someone's desk (or the street queue), with fresh deadlines, a timeline
 * step, texts and in-app notices, and the jobs that escalate it if nobody acts. The writes
 * go into `writes`; the returned changes are for the case row.
 */
export async function assignCase(
  db: Kysely<DB>,
  writes: CaseWrites,
  c: CaseRow,
  { target, actor, action, note, now, queueOperators }: Assignment,
): Promise<CaseChanges> {
  const s = findScenario(c.scenario_code)!;
  const acceptDue = new Date(now.getTime() + s.acceptMinutes * 60_000);
  const resolveDue = new Date(now.getTime() + s.resolveMinutes * 60_000);
  const status: CaseStatus = action === 'reopen' ? 'reopened' : target ? 'dispatched' : 'reported';
  const areaName = (await findAreaCached(db, c.area_code))?.name ?? c.area_code;
  const step = { caseId: c.id, at: now, actorId: actor.id, actorName: actor.name };
  if (action === 'queue') {
    writes.event(c, {
      ...step,
      action: 'queue',
      fromStatus: null,
      toStatus: null,
      // no rule fits: waiting in the street operation centre's queue (the web app says so)
      note: null,
      detail: { queueAreaCode: queueArea(c.area_path).code },
    });
  } else {
    writes.event(c, {
      ...step,
      action: action === 'reopen' ? 'reopen' : 'dispatch',
      fromStatus: c.status as CaseStatus,
      toStatus: status,
      note,
      detail: target
        ? {
            unitName: target.unitName,
            assigneeId: target.assigneeId,
            via: target.via,
            ...(target.pointName === undefined
              ? {}
              : { pointName: target.pointName, distanceM: target.distanceM }),
          }
        : {},
    });
  }
  const assigneeId = target ? target.assigneeId : null;
  if (assigneeId) {
    writes.notices.push({
      caseId: c.id,
      areaPath: c.area_path,
      recipientId: assigneeId,
      channels: ['sms', 'inapp'],
      text: smsText(c, s, areaName, `请在${s.acceptMinutes}分钟内接单处置。`),
    });
  } else {
    for (const recipientId of queueOperators) {
      writes.notices.push({
        caseId: c.id,
        areaPath: c.area_path,
        recipientId,
        channels: ['inapp'],
        text: smsText(c, s, areaName, '待派单。'),
      });
    }
  }
  const warnAt = new Date(
    resolveDue.getTime() - Math.max(60_000, (resolveDue.getTime() - now.getTime()) * 0.2),
  );
  writes.jobs.push(
    deadlineJob(
      c.id,
      (
        [
          ['accept', acceptDue, acceptDue],
          ['warn', warnAt, resolveDue],
          ['resolve', resolveDue, resolveDue],
        ] as const
      )
        .toSorted(([, a], [, b]) => a.getTime() - b.getTime())
        .map(([kind, runAt, due]) => ({
          kind,
          runAt: runAt.toISOString(),
          due: due.toISOString(),
        })),
    ),
  );
  return {
    status,
    assignee_id: assigneeId,
    unit_name: target?.unitName ?? null,
    dispatch_rule_id: target?.ruleId ?? null,
    point_id: target?.pointId ?? null,
    accept_due_at: acceptDue,
    resolve_due_at: resolveDue,
  };
}
