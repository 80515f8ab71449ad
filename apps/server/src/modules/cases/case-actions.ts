import {
  TERMINAL_STATUSES,
  type CaseAction,
  type CaseActionBody,
  type CaseDetail,
  type CaseStatus,
  type Scenario,
} from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { Actor, Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { auditEntry, recordAudit } from '../audit/index.js';
import { attachPhotosToCase } from '../media/index.js';
import { assignCase, queueOperatorsFor, type CaseChanges } from './case-assignment.js';
import { caseLiveEvent, facts } from './case-presenters.js';
import { CASE_ACTION_EVENTS, CaseWrites, caseWebhookEvent } from './case-writes.js';
import { findCaseNumber } from './case-feeds.js';
import { allowedActionsFor, canSeeCase, mayAct } from './cases.policy.js';
import * as repo from './cases.repo.js';
import { getCaseDetail, NOT_FOUND } from './cases.service.js';
import { requireAssigneeFor, type DispatchTarget } from './dispatch.js';
import { nextStatus } from './state-machine.js';
import { findScenario } from './taxonomy.js';

/** One person's step on one locked case, as its action's handler sees it. */
interface ActionStep {
  trx: Kysely<DB>;
  actor: Actor;
  /** the locked case as it was before the step */
  c: repo.CaseRow;
  body: CaseActionBody;
  scenario: Scenario;
  now: Date;
  writes: CaseWrites;
  /** the step's timeline row: this action, from → to, the note and photos, unless `extra` says otherwise */
  event(extra?: Partial<repo.EventInput>): void;
  /** put the case on `target`'s desk (or the queue's) with fresh deadlines */
  assign(
    target: DispatchTarget | null,
    action: 'dispatch' | 'reopen',
    note: string | null,
  ): Promise<CaseChanges>;
}

/** What one action does besides moving the status: the columns it changes, and its writes. */
type ActionHandler = (step: ActionStep) => Promise<CaseChanges> | CaseChanges;

function requireField<T>(value: T | undefined, field: string, action: string): T {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) {
    throw AppError.invalid(
      field,
      'required',
      `${field} is required to ${action} / ${action} 需要 ${field}`,
    );
  }
  return value;
}

/** Every action of the closed loop and what it does; the type makes the table complete. */
const ACTIONS: { readonly [A in CaseAction]: ActionHandler } = {
  async dispatch({ trx, c, body, assign }) {
    if (!body.assigneeId && !body.unitName) {
      throw AppError.invalid(
        'assigneeId',
        'required',
        'assigneeId or unitName is required to dispatch / 请指定处置人或单位',
      );
    }
    let unitName = body.unitName ?? null;
    if (body.assigneeId) {
      const name = await requireAssigneeFor(trx, body.assigneeId, c.area_path, 'assigneeId');
      unitName ??= name;
    }
    const target = {
      assigneeId: body.assigneeId ?? null,
      unitName: unitName!,
      ruleId: null,
      pointId: null,
      via: 'manual' as const,
    };
    return assign(target, 'dispatch', body.note ?? null);
  },

  accept({ event }) {
    event();
    return {};
  },

  progress({ body, event }) {
    requireField(body.note, 'note', 'progress');
    event();
    return {};
  },

  resolve({ c, body, scenario, now, writes, event }) {
    requireField(body.photoIds, 'photoIds', 'resolve (an after photo)');
    event({ detail: { onTime: !c.resolve_due_at || now <= c.resolve_due_at } });
    if (c.reporter_id) {
      writes.notices.push({
        caseId: c.id,
        areaPath: c.area_path,
        recipientId: c.reporter_id,
        channels: ['inapp'],
        text: `【社区云】您上报的工单${c.number}（${scenario.name}）已处置，请核实。`,
      });
    }
    return {};
  },

  return({ body, event }) {
    // the assignee stays on record (and keeps seeing the case) until it is re-dispatched
    requireField(body.note, 'note', 'return (the reason)');
    event();
    return {};
  },

  close({ now, event }) {
    event();
    return { closed_at: now };
  },

  reopen({ c, body, assign }) {
    const note = requireField(body.note, 'note', 'reopen (what is still wrong)');
    const target = c.assignee_id
      ? {
          assigneeId: c.assignee_id,
          unitName: c.unit_name ?? '',
          ruleId: c.dispatch_rule_id,
          pointId: c.point_id,
          via: 'reopened' as const,
        }
      : null;
    return assign(target, 'reopen', note);
  },

  reject({ body, now, event }) {
    requireField(body.note, 'note', 'reject (the reason)');
    // the category is what the public sees (Open311); the note stays with staff
    event({ detail: { reason: body.rejectReason ?? 'other' } });
    return { closed_at: now };
  },

  async merge({ trx, actor, c, body, now, writes, event }) {
    const targetId = requireField(body.targetCaseId, 'targetCaseId', 'merge');
    if (targetId === c.id)
      throw AppError.invalid(
        'targetCaseId',
        'different',
        'targetCaseId: a case cannot merge into itself',
      );
    const target = await repo.lockCase(trx, targetId);
    if (!target || !canSeeCase(actor, facts(target)))
      throw AppError.invalid('targetCaseId', 'exists', 'targetCaseId: no such case');
    if (target.scenario_code !== c.scenario_code) {
      throw AppError.invalid(
        'targetCaseId',
        'same-scenario',
        'targetCaseId: a duplicate has the same scenario',
      );
    }
    if (TERMINAL_STATUSES.includes(target.status as CaseStatus)) {
      throw AppError.invalid(
        'targetCaseId',
        'open',
        `targetCaseId: ${target.number} is ${target.status}`,
      );
    }
    event({ detail: { into: targetId, intoNumber: target.number } });
    writes.event(target, {
      caseId: targetId,
      at: now,
      actorId: actor.id,
      actorName: actor.displayName,
      action: 'merge-in',
      fromStatus: null,
      toStatus: null,
      note: body.note ?? null,
      detail: { from: c.id, fromNumber: c.number },
    });
    return { merged_into: targetId, closed_at: now };
  },

  rate({ body, event }) {
    const rating = requireField(body.rating, 'rating', 'rate');
    event({ toStatus: null, detail: { rating } });
    return { rating };
  },

  supplement({ body, event }) {
    if (!body.note && !body.photoIds?.length) {
      throw AppError.invalid(
        'note',
        'required',
        'note or photoIds is required to add to a case / 请补充说明或照片',
      );
    }
    event({ toStatus: null });
    return {};
  },
};

/** The case read and locked already: its district routes the write (decision 030). */
async function updateCase(
  trx: Kysely<DB>,
  c: { id: string; district_code: string },
  set: CaseChanges,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('cases')
    .set((eb) => ({ ...set, updated_at: now, version: eb('version', '+', 1) }))
    .where('district_code', '=', c.district_code)
    .where('id', '=', c.id)
    .execute();
}

/**
 * One step of the loop by a person. The row is locked for the transaction, so of two people
 * acting at once the second sees the first's result and gets a 409 that says what is allowed.
 */
export async function actOnCase(ctx: Ctx, id: string, body: CaseActionBody): Promise<CaseDetail> {
  const actor = ctx.actor!;
  const now = new Date();
  let forbidden = false;
  let caseArea: string | null = null;
  let changed: repo.CaseRow | null = null;
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const c = await repo.lockCase(trx, id);
      if (!c || !canSeeCase(actor, facts(c))) throw AppError.notFound(NOT_FOUND);
      caseArea = c.area_path;
      if (!mayAct(actor, body.action, facts(c))) {
        forbidden = true;
        throw AppError.forbidden(`You may not ${body.action} this case / 您无权执行此操作`);
      }
      if (body.expectedVersion !== undefined && body.expectedVersion !== c.version) {
        throw AppError.conflict(
          `The case changed since you loaded it (version ${c.version}); reload / 工单已被他人更新，请刷新`,
        );
      }
      const from = c.status as CaseStatus;
      const to = nextStatus(from, body.action);
      if (!to) {
        const allowed = allowedActionsFor(actor, facts(c));
        throw AppError.conflict(
          `Cannot ${body.action} a case that is ${from}; allowed now: ${allowed.join(', ') || 'nothing'} / 当前状态不允许该操作`,
        );
      }
      const who = { id: actor.id, name: actor.displayName };
      const writes = new CaseWrites();
      if (body.photoIds?.length) await attachPhotosToCase(trx, body.photoIds, id, actor.id);
      const changes = await ACTIONS[body.action]({
        trx,
        actor,
        c,
        body,
        scenario: findScenario(c.scenario_code)!,
        now,
        writes,
        event: (extra = {}) =>
          writes.event(c, {
            caseId: id,
            at: now,
            actorId: who.id,
            actorName: who.name,
            action: body.action,
            fromStatus: from,
            toStatus: to === from && TERMINAL_STATUSES.includes(from) ? null : to,
            note: body.note ?? null,
            photoIds: body.photoIds ?? [],
            ...extra,
          }),
        // the queue's operators hear of a case only when nobody holds it
        assign: async (target, action, note) =>
          assignCase(trx, writes, c, {
            target,
            actor: who,
            action,
            note,
            now,
            queueOperators: target?.assigneeId
              ? []
              : (await queueOperatorsFor(trx, [c.area_path]))[0]!,
          }),
      });
      const set: CaseChanges = { status: to, ...changes };
      await updateCase(trx, c, set, now);
      changed = { ...c, ...set };
      const webhookEvent = CASE_ACTION_EVENTS[body.action];
      if (webhookEvent) {
        writes.webhooks.push(
          caseWebhookEvent(webhookEvent, changed, now, {
            rejectReason: body.action === 'reject' ? (body.rejectReason ?? 'other') : null,
            mergedIntoNumber: set.merged_into ? await findCaseNumber(trx, set.merged_into) : null,
          }),
        );
      }
      writes.audits.push(
        auditEntry(ctx, {
          action: `case.${body.action}`,
          objectType: 'case',
          objectId: id,
          detail: { from, to: set.status },
          areaPath: c.area_path,
        }),
      );
      await writes.flush(trx, ctx);
    });
  } catch (e) {
    if (forbidden) {
      await recordAudit(ctx, {
        action: `case.${body.action}`,
        objectType: 'case',
        objectId: id,
        outcome: 'denied',
        areaPath: caseArea,
      });
    }
    throw e;
  }
  ctx.jobs.kick();
  if (changed) void ctx.live.publish([caseLiveEvent(changed, now)]);
  return getCaseDetail(ctx, id);
}
