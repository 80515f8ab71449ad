import {
  PUBLIC_CASE_STATUS,
  publicCaseStatusNotes,
  type CaseAction,
  type CaseRejectReason,
  type CaseStatus,
  type CaseWebhookData,
  type CaseWebhookEvent,
} from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import type { AppDeps } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { executeTogether, type Statement } from '../../platform/db/execute-together.js';
import { districtOf } from '../../platform/district.js';
import { enqueueJobsQuery, type JobSpec } from '../../platform/jobs.js';
import { appendAudits, type AuditInput } from '../audit/index.js';
import { notificationWrites, type NotifyInput } from '../notifications/index.js';
import { webhookWrites, type WebhookEventInput } from '../webhooks/index.js';
import { eventRow, insertEventsQuery, type EventInput, type EventRow } from './cases.repo.js';
import { RollupDeltas, type RollupFacts } from './rollups.js';

/**
 * The actions that webhook subscribers hear of, as events of the catalogue (contracts'
 * WEBHOOK_EVENT_CATALOGUE): a case closes, for them as for Open311, when it is closed, rejected
 * or merged. Filing (`case.filed`, with `case.dispatched` when a rule dispatched it at once) is
 * intake's; escalation (`case.escalated`) the deadlines'.
 */
export const CASE_ACTION_EVENTS: Partial<Record<CaseAction, CaseWebhookEvent>> = {
  dispatch: 'case.dispatched',
  resolve: 'case.resolved',
  close: 'case.closed',
  reject: 'case.closed',
  merge: 'case.closed',
};

/** A case event for webhook subscribers: the case as other systems read it, no personal data. */
export function caseWebhookEvent(
  type: CaseWebhookEvent,
  c: { id: string; number: string; scenario_code: string; status: string; area_code: string },
  at: Date,
  extra: { rejectReason?: CaseRejectReason | null; mergedIntoNumber?: string | null } = {},
): WebhookEventInput {
  const status = c.status as CaseStatus;
  const data: CaseWebhookData = {
    caseId: c.id,
    number: c.number,
    scenario: c.scenario_code,
    status: PUBLIC_CASE_STATUS[status],
    statusNotes: publicCaseStatusNotes(status, extra),
    caseStatus: status,
    areaCode: c.area_code,
  };
  return { type, occurredAt: at, data };
}

/**
 * Everything a step of the loop writes besides the case row: timeline steps, messages,
 * webhooks, jobs and audit rows. Steps collect into one of these and `flush` writes it in a
 * handful of multi-row statements, so one case or two hundred cost the same round trips.
 */
export class CaseWrites {
  private readonly events: EventInput[] = [];
  private readonly rollups = new RollupDeltas();
  readonly notices: NotifyInput[] = [];
  /** events for webhook subscribers (`caseWebhookEvent`) */
  readonly webhooks: WebhookEventInput[] = [];
  readonly jobs: JobSpec[] = [];
  readonly audits: AuditInput[] = [];

  /** A timeline step of case `c`; it also moves the dashboards' rollups. */
  event(c: RollupFacts, step: Omit<EventInput, 'districtCode'>): void {
    const e: EventInput = Object.assign(step, { districtCode: districtOf(c.area_path) });
    this.events.push(e);
    this.rollups.add(c, e);
  }

  /**
   * Number the timeline steps collected so far from their table's sequence, before they are
   * written, so the caller can show them as written without reading them back.
   */
  async numberSteps(db: Kysely<DB>): Promise<void> {
    if (this.events.length === 0) return;
    const { rows } = await sql<{ id: string | number }>`
      select nextval(pg_get_serial_sequence('case_events', 'id')) as id
      from generate_series(1, ${this.events.length})`.execute(db);
    // one session's values rise, so sorted they keep the steps' order
    const ids = rows.map((r) => Number(r.id)).sort((a, b) => a - b);
    this.events.forEach((e, i) => (e.id = ids[i]));
  }

  /** The numbered steps as their rows will read (after `numberSteps`). */
  stepRows(): EventRow[] {
    return this.events.map((e) => ({ ...eventRow(e), id: e.id! }));
  }

  /**
   * Write it all inside `trx`: the rows of these steps in one statement together with `first`
   * (the case rows they refer to, when those are new), then `then` (work that needs those rows),
   * and last what every writer shares — the dashboards' rollup rows and the audit chain — so
   * that their locks are held only for the moments before the commit, and concurrent writers
   * do the rest of their work side by side. Gives back each case's text's status as written.
   */
  async flush(
    trx: Kysely<DB>,
    deps: Pick<AppDeps, 'config'>,
    first: readonly (Statement | null)[] = [],
    then?: () => Promise<void>,
  ): Promise<{ smsStatus: Map<string, string> }> {
    const notices = await notificationWrites(trx, this.notices);
    await executeTogether(trx, [
      ...first,
      insertEventsQuery(this.events),
      ...notices.statements,
      ...webhookWrites(this.webhooks),
      enqueueJobsQuery(this.jobs),
    ]);
    await then?.();
    await executeTogether(trx, this.rollups.writes());
    await appendAudits(trx, deps, this.audits);
    return { smsStatus: notices.smsStatus };
  }
}
