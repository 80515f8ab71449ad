import type { Compilable, Kysely } from 'kysely';
import type { AppDeps } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { executeTogether } from '../../platform/db/execute-together.js';
import { enqueueJobsQuery, type JobSpec } from '../../platform/jobs.js';
import { appendAudits, type AuditInput } from '../audit/index.js';
import { notificationWrites, webhookWrites, type NotifyInput } from '../notifications/index.js';
import { insertEventsQuery, type EventInput } from './cases.repo.js';
import { RollupDeltas, type RollupFacts } from './rollups.js';

/**
 * Everything a step of the loop writes besides the case row: timeline steps, messages,
 * webhooks, jobs and audit rows. Steps collect into one of these and `flush` writes it in a
 * handful of multi-row statements, so one case or two hundred cost the same round trips.
 */
export class CaseWrites {
  private readonly events: EventInput[] = [];
  private readonly rollups = new RollupDeltas();
  readonly notices: NotifyInput[] = [];
  readonly webhooks: { caseId: string; event: Record<string, unknown> }[] = [];
  readonly jobs: JobSpec[] = [];
  readonly audits: AuditInput[] = [];

  /** A timeline step of case `c`; it also moves the dashboards' rollups. */
  event(c: RollupFacts, e: EventInput): void {
    this.events.push(e);
    this.rollups.add(c, e);
  }

  /**
   * Write it all inside `trx`, in one statement together with `first` (the case rows these
   * writes refer to, when they are new), then the audit rows.
   */
  async flush(
    trx: Kysely<DB>,
    deps: Pick<AppDeps, 'config'>,
    first: readonly (Compilable | null)[] = [],
  ): Promise<void> {
    await executeTogether(trx, [
      ...first,
      insertEventsQuery(trx, this.events),
      ...(await notificationWrites(trx, this.notices)),
      ...webhookWrites(trx, deps, this.webhooks),
      enqueueJobsQuery(trx, this.jobs),
      ...this.rollups.writes(trx),
    ]);
    await appendAudits(trx, this.audits);
  }
}
