import { Type, type TSchema } from '@sinclair/typebox';
import type { JobSpec } from './jobs.js';

const DAY_MS = 86_400_000;
const SHANGHAI_MS = 8 * 3_600_000;

/**
 * Deadlines as one durable job per subject (a case, a request): the job runs its first step
 * and, when that has run, enqueues the steps after it — one row at a time instead of one per
 * deadline. Each chain's dedupe key names every step, so enqueueing the same chain twice is a
 * no-op while another chain for the same subject (a new deadline) is not. The handler decides
 * what a step does and whether the deadline it watches still stands.
 */
export interface DeadlineStep<K extends string = string> {
  kind: K;
  /** ISO times: when the step runs, and the deadline it watches */
  runAt: string;
  due: string;
}

/** The schema of a step, over the chain's own step kinds. */
export const deadlineStepSchema = <K extends TSchema>(kind: K) =>
  Type.Object({ kind, runAt: Type.String(), due: Type.String() });

/**
 * The job that runs `steps[0]` at its time and carries the rest. `job` is the chain's kind
 * (`defineJob`), `keyPrefix` names the subject's kind in the dedupe key (`case`, `affair`).
 */
export function deadlineChainJob(
  job: { spec(payload: never, opts?: { runAt?: Date; dedupeKey?: string }): JobSpec },
  subject: { idField: string; id: string; keyPrefix: string },
  steps: readonly DeadlineStep[],
): JobSpec {
  const [first, ...next] = steps;
  if (!first) throw new Error('a deadline chain needs a step');
  const payload = {
    [subject.idField]: subject.id,
    kind: first.kind,
    due: first.due,
    ...(next.length ? { next } : {}),
  };
  return job.spec(payload as never, {
    runAt: new Date(first.runAt),
    // every step in the key: another chain starting at the same moment is not this one
    dedupeKey: `${subject.keyPrefix}:${subject.id}:${steps.map((s) => `${s.kind}@${s.runAt}`).join(',')}`,
  });
}

/**
 * The deadline of something filed at `at` with `limit`: the end (midnight, Shanghai) of the day
 * `days` days after the filing day, counting only Monday to Friday when `working` (public
 * holidays are not known to the platform and count as working days).
 */
export function dueDate(at: Date, limit: { days: number; working: boolean }): Date {
  const local = new Date(at.getTime() + SHANGHAI_MS);
  const day = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()));
  let left = limit.days;
  while (left > 0) {
    day.setUTCDate(day.getUTCDate() + 1);
    const weekday = day.getUTCDay();
    if (!limit.working || (weekday !== 0 && weekday !== 6)) left--;
  }
  return new Date(day.getTime() + DAY_MS - SHANGHAI_MS);
}

/** A warning a day before `due` (halfway from `filedAt`, if sooner), then escalation at `due`. */
export function warnThenEscalateSteps(
  filedAt: Date,
  due: Date,
): DeadlineStep<'warn' | 'escalate'>[] {
  const warnAt = Math.max(due.getTime() - DAY_MS, (filedAt.getTime() + due.getTime()) / 2);
  const dueIso = due.toISOString();
  return [
    { kind: 'warn', runAt: new Date(warnAt).toISOString(), due: dueIso },
    { kind: 'escalate', runAt: dueIso, due: dueIso },
  ];
}
