import {
  AWAITING_PICKUP_STATUSES,
  OPEN_STATUSES,
  TERMINAL_STATUSES,
  type CaseActionBody,
  type CaseDetail,
  type CaseListQuery,
  type CaseSource,
  type CaseStatus,
  type CaseSummary,
  type NearbyCase,
  type NearbyQuery,
  type Scenario,
} from '@cc/contracts';
import { sql, type Kysely } from 'kysely';
import type { Actor, AppDeps, Ctx } from '../../platform/context.js';
import { csvCell } from '../../platform/csv.js';
import type { JobSpec } from '../../platform/jobs.js';
import type { LiveEvent } from '../../platform/live.js';
import { pathWithin } from '../../platform/db/path-within.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { isWithin, scopeRoots, bindingsWith } from '../../platform/policy.js';
import { findArea, findAreaCached, findChainCached, normalizeAreaCode } from '../areas/index.js';
import { auditEntry, denyAndAudit, recordAudit } from '../audit/index.js';
import { attachPhotosToCase, setPhotoAccessPolicy } from '../media/index.js';
import { smsStatusOfCases } from '../notifications/index.js';
import {
  allowedActionsFor,
  canSeeCase,
  caseScope,
  CONTACT_REVEALERS,
  mayAct,
  OPERATORS,
  type CaseAccessFacts,
} from './cases.policy.js';
import { CaseWrites } from './case-writes.js';
import * as repo from './cases.repo.js';
import { boxAround, distanceMeters, type DispatchTarget } from './dispatch.js';
import { nextStatus } from './state-machine.js';
import { findScenario, requireScenario } from './taxonomy.js';

export const DEADLINE_JOB = 'case.deadline';
const NOT_FOUND = 'No such case / 工单不存在';

const facts = (c: repo.CaseRow): CaseAccessFacts => ({
  status: c.status as CaseStatus,
  source: c.source,
  areaPath: c.area_path,
  queueAreaPath: c.queue_area_path,
  assigneeId: c.assignee_id,
  reporterId: c.reporter_id,
});

/** The street (or the area itself above street level) whose operation centre owns the queue. */
export function queueArea(path: string): { code: string; path: string } {
  const codes = path.split('/');
  const depth = Math.min(codes.length - 1, 2);
  return { code: codes[depth]!, path: codes.slice(0, depth + 1).join('/') };
}

/** A case's change as a live event for the dashboards' screens (after the commit). */
export function caseLiveEvent(c: repo.CaseRow, at: Date): LiveEvent {
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

/** Columns a step of the loop may change. */
type CaseChanges = Partial<
  Omit<repo.CaseRow, 'id' | 'attributes' | 'version' | 'escalation_level'>
>;

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
  actor: { id: string | null; name: string };
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
  c: repo.CaseRow,
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
      note: '无匹配派单规则，进入街道城运中心待派单 / no rule fits: waiting in the street operation centre queue',
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
        ? { unitName: target.unitName, assigneeId: target.assigneeId, via: target.via }
        : {},
    });
  }
  const assigneeId = target ? target.assigneeId : null;
  if (assigneeId) {
    writes.notices.push({
      caseId: c.id,
      recipientId: assigneeId,
      channels: ['sms', 'inapp'],
      text: smsText(c, s, areaName, `请在${s.acceptMinutes}分钟内接单处置。`),
    });
  } else {
    for (const recipientId of queueOperators) {
      writes.notices.push({
        caseId: c.id,
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

/** Operation-centre staff at each case's queue area: told of a case nobody holds. */
export async function queueOperatorsFor(
  db: Kysely<DB>,
  areaPaths: readonly string[],
): Promise<string[][]> {
  const codes = areaPaths.map((p) => queueArea(p).code);
  const byArea = await repo.findAccountsAt(db, codes, OPERATORS);
  return codes.map((code) => byArea.get(code) ?? []);
}

async function updateCase(trx: Kysely<DB>, id: string, set: CaseChanges, now: Date): Promise<void> {
  await trx
    .updateTable('cases')
    .set((eb) => ({ ...set, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

// ---- reading ----

// a photo on a case is visible to whoever may see the case
setPhotoAccessPolicy(async (ctx, photo) => {
  if (!photo.caseId) return false;
  const row = await repo.findCase(ctx.db, photo.caseId);
  return !!row && canSeeCase(ctx.actor, facts(row));
});

function isOverdue(
  c: Pick<repo.CaseRow, 'status' | 'accept_due_at' | 'resolve_due_at'>,
  now = Date.now(),
): boolean {
  const s = c.status as CaseStatus;
  if (AWAITING_PICKUP_STATUSES.includes(s) && c.accept_due_at && c.accept_due_at.getTime() < now)
    return true;
  return OPEN_STATUSES.includes(s) && !!c.resolve_due_at && c.resolve_due_at.getTime() < now;
}

export type SummaryRow = repo.CaseRow & {
  area_name: string;
  assignee_name: string | null;
  reporter_name: string | null;
};

function toSummary(r: SummaryRow): CaseSummary {
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

function summaryQuery(db: Kysely<DB>) {
  return db
    .selectFrom('cases')
    .innerJoin('areas', 'areas.code', 'cases.area_code')
    .leftJoin('accounts', 'accounts.id', 'cases.assignee_id')
    .leftJoin('accounts as reporter', 'reporter.id', 'cases.reporter_id')
    .selectAll('cases')
    .select([
      'areas.name as area_name',
      'accounts.display_name as assignee_name',
      'reporter.display_name as reporter_name',
    ]);
}

export async function getCaseDetail(ctx: Ctx, id: string): Promise<CaseDetail> {
  const detail = (await getCaseDetails(ctx.db, [{ actor: ctx.actor, id }]))[0];
  if (!detail) throw AppError.notFound(NOT_FOUND);
  return detail;
}

/** Several cases, each as its reader may see it (undefined where not): two queries for all. */
export async function getCaseDetails(
  db: Kysely<DB>,
  reads: readonly { actor: Actor | null; id: string }[],
): Promise<(CaseDetail | undefined)[]> {
  const ids = [...new Set(reads.map((r) => r.id))];
  if (ids.length === 0) return [];
  const [rows, events, sms] = await Promise.all([
    summaryQuery(db).where('cases.id', 'in', ids).execute() as Promise<SummaryRow[]>,
    repo.findEvents(db, ids),
    smsStatusOfCases(db, ids),
  ]);
  return presentCases(db, reads, rows, events, sms);
}

/**
 * Cases as their readers may see them, from rows already at hand (read, or just written):
 * undefined where a reader may not see the case. `sms`: each case's newest text's status.
 */
export function presentCases(
  db: Kysely<DB>,
  reads: readonly { actor: Actor | null; id: string }[],
  rows: readonly SummaryRow[],
  events: readonly repo.EventRow[],
  sms: ReadonlyMap<string, string>,
): Promise<(CaseDetail | undefined)[]> {
  const rowById = new Map(rows.map((r) => [r.id, r]));
  const eventsByCase = new Map<string, repo.EventRow[]>();
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
  events: repo.EventRow[],
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

function visibleTo(ctx: Ctx, mine: boolean) {
  const me = ctx.actor!.id;
  const viewer = caseScope(ctx.actor);
  const operator = scopeRoots(bindingsWith(ctx.actor, OPERATORS));
  return sql<boolean>`(${sql.join(
    [
      sql<boolean>`cases.assignee_id = ${me}`,
      sql<boolean>`cases.reporter_id = ${me}`,
      ...(mine
        ? []
        : [pathWithin('cases.area_path', viewer), pathWithin('cases.queue_area_path', operator)]),
    ],
    sql` or `,
  )})`;
}

const OVERDUE_SQL = sql<boolean>`(cases.status = 'escalated'
  or (cases.status in ('reported','dispatched','reopened') and cases.accept_due_at < now())
  or (cases.status in ('reported','dispatched','accepted','in_progress','returned','escalated','reopened') and cases.resolve_due_at < now()))`;

async function filteredQuery(ctx: Ctx, q: Omit<CaseListQuery, 'page' | 'pageSize'>) {
  let query = summaryQuery(ctx.db).where(visibleTo(ctx, q.mine ?? false));
  if (q.status) query = query.where('cases.status', '=', q.status);
  if (q.scenarioCode) query = query.where('cases.scenario_code', '=', q.scenarioCode);
  if (q.source) query = query.where('cases.source', '=', q.source);
  if (q.from) query = query.where('cases.created_at', '>=', new Date(q.from));
  if (q.to) query = query.where('cases.created_at', '<', new Date(q.to));
  if (q.overdue !== undefined)
    query = query.where(q.overdue ? OVERDUE_SQL : sql<boolean>`not ${OVERDUE_SQL}`);
  if (q.areaCode) {
    const code = normalizeAreaCode(q.areaCode, 'areaCode');
    const area = await findArea(ctx.db, code);
    if (!area) throw AppError.invalid('areaCode', 'exists', `areaCode: no area ${code}`);
    query = query.where(pathWithin('cases.area_path', [area.path]));
  }
  return query;
}

export async function listCases(
  ctx: Ctx,
  q: CaseListQuery,
): Promise<{ items: CaseSummary[]; total: number }> {
  const query = await filteredQuery(ctx, q);
  const pageSize = q.pageSize ?? 50;
  const [rows, count] = await Promise.all([
    query
      .orderBy('cases.created_at', 'desc')
      .orderBy('cases.id')
      .limit(pageSize)
      .offset(((q.page ?? 1) - 1) * pageSize)
      .execute(),
    query
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: (rows as SummaryRow[]).map(toSummary), total: Number(count.n) };
}

const CSV_COLUMNS = [
  ['number', '工单号'],
  ['createdAt', '上报时间'],
  ['scenarioName', '场景'],
  ['status', '状态'],
  ['source', '来源'],
  ['areaName', '区域'],
  ['address', '地址'],
  ['assigneeName', '处置人'],
  ['unitName', '处置单位'],
  ['acceptDueAt', '接单时限'],
  ['resolveDueAt', '处置时限'],
  ['overdue', '超时'],
  ['description', '描述'],
] as const;

const STATUS_ZH: Record<CaseStatus, string> = {
  reported: '待派单',
  dispatched: '已派单',
  accepted: '已接单',
  in_progress: '处置中',
  resolved: '已办结',
  closed: '已结案',
  returned: '已退回',
  escalated: '已升级',
  reopened: '重新打开',
  merged: '已合并',
  rejected: '已驳回',
};
const SOURCE_ZH: Record<CaseSource, string> = {
  inspector: '巡查上报',
  resident: '居民上报',
  hotline: '12345热线',
  open311: 'Open311',
  staff: '工作人员',
  sensor: '感知设备',
};

/** The filtered list as CSV (UTF-8 with BOM, so Excel reads the Chinese), in pages. */
export async function* exportCasesCsv(
  ctx: Ctx,
  q: Omit<CaseListQuery, 'page' | 'pageSize'>,
): AsyncGenerator<string> {
  const query = await filteredQuery(ctx, q);
  await recordAudit(ctx, {
    action: 'case.export',
    objectType: 'case',
    objectId: null,
    detail: { filter: { ...q } },
  });
  yield `\uFEFF${CSV_COLUMNS.map(([, zh]) => csvCell(zh)).join(',')}\r\n`;
  const PAGE = 2000;
  for (let offset = 0; offset < 200_000; offset += PAGE) {
    const rows = (await query
      .orderBy('cases.created_at', 'desc')
      .orderBy('cases.id')
      .limit(PAGE)
      .offset(offset)
      .execute()) as SummaryRow[];
    for (const r of rows) {
      const s = toSummary(r);
      const readable = {
        ...s,
        status: STATUS_ZH[s.status],
        source: SOURCE_ZH[s.source],
        overdue: s.overdue ? '是' : '否',
      };
      yield `${CSV_COLUMNS.map(([k]) => csvCell(readable[k])).join(',')}\r\n`;
    }
    if (rows.length < PAGE) return;
  }
}

/** Open cases of the same scenario near the point and within the scenario's window. */
export async function findNearbyCases(ctx: Ctx, q: NearbyQuery): Promise<NearbyCase[]> {
  const s = requireScenario(q.scenarioCode);
  const b = boxAround(q.lat, q.lng, s.duplicateRadiusMeters);
  const rows = await ctx.db
    .selectFrom('cases')
    .selectAll()
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
  const allowed = bindingsWith(ctx.actor, CONTACT_REVEALERS).some(
    (b) => isWithin(row.area_path, b.areaPath) || isWithin(row.queue_area_path, b.areaPath),
  );
  if (!allowed) {
    await denyAndAudit(
      ctx,
      { action: 'case.contact.reveal', objectType: 'case', objectId: id },
      'Your roles may not see callers in clear / 您无权查看来电人信息',
    );
  }
  await recordAudit(ctx, {
    action: 'case.contact.reveal',
    objectType: 'case',
    objectId: id,
    detail: { reason },
  });
  return {
    name: row.contact_name_enc ? ctx.cipher.decrypt(row.contact_name_enc) : null,
    phone: row.contact_phone_enc ? ctx.cipher.decrypt(row.contact_phone_enc) : null,
  };
}

// ---- the closed loop ----

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

/**
 * One step of the loop by a person. The row is locked for the transaction, so of two people
 * acting at once the second sees the first's result and gets a 409 that says what is allowed.
 */
export async function actOnCase(ctx: Ctx, id: string, body: CaseActionBody): Promise<CaseDetail> {
  const actor = ctx.actor!;
  const now = new Date();
  let forbidden = false;
  let changed: repo.CaseRow | null = null;
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const c = await repo.lockCase(trx, id);
      if (!c || !canSeeCase(actor, facts(c))) throw AppError.notFound(NOT_FOUND);
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
      const event = (extra: Partial<repo.EventInput> = {}) =>
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
        });
      // the queue's operators hear of a case only when nobody holds it
      const watchers = async (target: DispatchTarget | null) =>
        target?.assigneeId ? [] : (await queueOperatorsFor(trx, [c.area_path]))[0]!;
      let set: CaseChanges = { status: to };
      const scenario = findScenario(c.scenario_code)!;
      if (body.photoIds?.length) await attachPhotosToCase(trx, body.photoIds, id, actor.id);
      switch (body.action) {
        case 'dispatch': {
          if (!body.assigneeId && !body.unitName) {
            throw AppError.invalid(
              'assigneeId',
              'required',
              'assigneeId or unitName is required to dispatch / 请指定处置人或单位',
            );
          }
          let unitName = body.unitName ?? null;
          if (body.assigneeId) {
            const a = await trx
              .selectFrom('accounts')
              .select(['display_name', 'disabled'])
              .where('id', '=', body.assigneeId)
              .executeTakeFirst();
            if (!a || a.disabled)
              throw AppError.invalid(
                'assigneeId',
                'exists',
                `assigneeId: no active account ${body.assigneeId}`,
              );
            unitName ??= a.display_name;
          }
          const target = {
            assigneeId: body.assigneeId ?? null,
            unitName: unitName!,
            ruleId: null,
            pointId: null,
            via: 'manual',
          };
          set = await assignCase(trx, writes, c, {
            target,
            actor: who,
            action: 'dispatch',
            note: body.note ?? null,
            now,
            queueOperators: await watchers(target),
          });
          if (!body.assigneeId) set.status = 'dispatched';
          break;
        }
        case 'accept':
        case 'progress':
          if (body.action === 'progress') requireField(body.note, 'note', 'progress');
          event();
          break;
        case 'resolve': {
          requireField(body.photoIds, 'photoIds', 'resolve (an after photo)');
          event({ detail: { onTime: !c.resolve_due_at || now <= c.resolve_due_at } });
          if (c.reporter_id) {
            writes.notices.push({
              caseId: id,
              recipientId: c.reporter_id,
              channels: ['inapp'],
              text: `【社区云】您上报的工单${c.number}（${scenario.name}）已处置，请核实。`,
            });
          }
          break;
        }
        case 'return':
          // the assignee stays on record (and keeps seeing the case) until it is re-dispatched
          requireField(body.note, 'note', 'return (the reason)');
          event();
          break;
        case 'close':
          event();
          set.closed_at = now;
          break;
        case 'reopen': {
          requireField(body.note, 'note', 'reopen (what is still wrong)');
          const target = c.assignee_id
            ? {
                assigneeId: c.assignee_id,
                unitName: c.unit_name ?? '',
                ruleId: c.dispatch_rule_id,
                pointId: c.point_id,
                via: 'reopened',
              }
            : null;
          set = await assignCase(trx, writes, c, {
            target,
            actor: who,
            action: 'reopen',
            note: body.note!,
            now,
            queueOperators: await watchers(target),
          });
          set.status = 'reopened';
          break;
        }
        case 'reject':
          requireField(body.note, 'note', 'reject (the reason)');
          event();
          set.closed_at = now;
          break;
        case 'merge': {
          const targetId = requireField(body.targetCaseId, 'targetCaseId', 'merge');
          if (targetId === id)
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
            actorId: who.id,
            actorName: who.name,
            action: 'merge-in',
            fromStatus: null,
            toStatus: null,
            note: body.note ?? null,
            detail: { from: id, fromNumber: c.number },
          });
          set.merged_into = targetId;
          set.closed_at = now;
          break;
        }
        case 'rate':
          set.rating = requireField(body.rating, 'rating', 'rate');
          event({ toStatus: null, detail: { rating: body.rating } });
          break;
        case 'supplement':
          if (!body.note && !body.photoIds?.length) {
            throw AppError.invalid(
              'note',
              'required',
              'note or photoIds is required to add to a case / 请补充说明或照片',
            );
          }
          event({ toStatus: null });
          break;
      }
      await updateCase(trx, id, set, now);
      changed = { ...c, ...set };
      writes.webhooks.push({
        caseId: id,
        event: { event: `case.${body.action}`, caseId: id, number: c.number, status: set.status },
      });
      writes.audits.push(
        auditEntry(ctx, {
          action: `case.${body.action}`,
          objectType: 'case',
          objectId: id,
          detail: { from, to: set.status },
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
      });
    }
    throw e;
  }
  ctx.jobs.kick();
  if (changed) void ctx.live.publish([caseLiveEvent(changed, now)]);
  return getCaseDetail(ctx, id);
}

// ---- deadlines ----

interface DeadlineStep {
  kind: 'accept' | 'warn' | 'resolve';
  /** ISO times: when the step runs, and the deadline it watches */
  runAt: string;
  due: string;
}

/**
 * One job for a case's deadlines: it runs the first step, and enqueues the next step when it
 * has run (one row at intake instead of one per deadline).
 */
function deadlineJob(caseId: string, steps: DeadlineStep[]): JobSpec {
  const [first, ...next] = steps;
  return {
    kind: DEADLINE_JOB,
    payload: { caseId, kind: first!.kind, due: first!.due, ...(next.length ? { next } : {}) },
    runAt: new Date(first!.runAt),
    // every step in the key: another chain starting at the same moment is not this one
    dedupeKey: `case:${caseId}:${steps.map((s) => `${s.kind}@${s.runAt}`).join(',')}`,
  };
}

/**
 * A deadline job: warn the responsible person before the resolve deadline; when a deadline
 * passes with nobody acting, escalate up the area tree (street → district → city). Then the
 * case's next deadline step, while the case is open.
 * Idempotent: a step whose deadline was replaced (re-dispatch, reopen) does nothing and ends
 * its chain (the new dispatch made its own). A step that fails its last attempt ends its chain.
 */
export async function runDeadline(deps: AppDeps, payload: Record<string, unknown>): Promise<void> {
  const caseId = String(payload.caseId);
  const next = (payload.next ?? []) as DeadlineStep[];
  const now = new Date();
  let escalated: repo.CaseRow | null = null;
  await deps.db.transaction().execute(async (trx) => {
    const c = await repo.lockCase(trx, caseId);
    if (!c) return;
    const writes = new CaseWrites();
    const step = await runDeadlineStep(trx, writes, c, payload, now);
    if (step === 'superseded') return; // a re-dispatch or reopen started a chain of its own
    escalated = step;
    const status = (escalated?.status ?? c.status) as CaseStatus;
    if (next.length > 0 && OPEN_STATUSES.includes(status)) {
      writes.jobs.push(deadlineJob(caseId, next));
    }
    await writes.flush(trx, deps);
  });
  deps.jobs.kick();
  if (escalated) void deps.live.publish([caseLiveEvent(escalated, now)]);
}

/**
 * One deadline step on the locked case `c`: its writes go into `writes`. Returns the case if it
 * escalated, or 'superseded' when the deadline it watches was replaced.
 */
async function runDeadlineStep(
  trx: Kysely<DB>,
  writes: CaseWrites,
  c: repo.CaseRow,
  payload: Record<string, unknown>,
  now: Date,
): Promise<repo.CaseRow | 'superseded' | null> {
  const caseId = c.id;
  const kind = String(payload.kind) as DeadlineStep['kind'];
  const due = String(payload.due);
  const status = c.status as CaseStatus;
  const current = (kind === 'accept' ? c.accept_due_at : c.resolve_due_at)?.toISOString();
  if (current !== due) return 'superseded';
  const s = findScenario(c.scenario_code)!;
  const system = { caseId, at: now, actorId: null, actorName: '系统 system' };
  if (kind === 'warn') {
    if (!OPEN_STATUSES.includes(status)) return null;
    writes.event(c, {
      ...system,
      action: 'warn',
      fromStatus: null,
      toStatus: null,
      detail: { resolveDueAt: due },
    });
    if (c.assignee_id) {
      writes.notices.push({
        caseId,
        recipientId: c.assignee_id,
        channels: ['sms', 'inapp'],
        text: `【社区云】工单${c.number}（${s.name}）将于${due.slice(11, 16)}超时，请尽快处置。`,
      });
    }
    return null;
  }
  const stillOwed = kind === 'accept' ? AWAITING_PICKUP_STATUSES : OPEN_STATUSES;
  if (!stillOwed.includes(status)) return null;
  // up one level of the tree from the current queue; the city's queue is the top: a case
  // waiting there stays escalated (and overdue on its list) instead of escalating again
  const codes = c.queue_area_path.split('/');
  if (codes.length === 1 && status === 'escalated') return null;
  const up = codes.length > 1 ? codes.slice(0, -1) : codes;
  const queueCode = up[up.length - 1]!;
  const acceptDue = new Date(now.getTime() + s.acceptMinutes * 60_000);
  writes.event(c, {
    ...system,
    action: 'escalate',
    fromStatus: status,
    toStatus: 'escalated',
    detail: { missed: kind, due, toAreaCode: queueCode },
  });
  await trx
    .updateTable('cases')
    .set((eb) => ({
      status: 'escalated',
      escalation_level: eb('escalation_level', '+', 1),
      queue_area_code: queueCode,
      queue_area_path: up.join('/'),
      accept_due_at: acceptDue,
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', caseId)
    .execute();
  const text = `【社区云】工单${c.number}（${s.name}）已超时升级，请${s.acceptMinutes}分钟内处理。`;
  if (c.assignee_id) {
    writes.notices.push({
      caseId,
      recipientId: c.assignee_id,
      channels: ['sms', 'inapp'],
      text,
    });
  }
  const operators = (await repo.findAccountsAt(trx, [queueCode], OPERATORS)).get(queueCode);
  for (const recipientId of operators ?? []) {
    writes.notices.push({ caseId, recipientId, channels: ['inapp'], text });
  }
  // the higher level gets its own deadline to act, and escalates further if it does not
  const at = acceptDue.toISOString();
  writes.jobs.push(deadlineJob(caseId, [{ kind: 'accept', runAt: at, due: at }]));
  writes.webhooks.push({
    caseId,
    event: { event: 'case.escalate', caseId, number: c.number, toAreaCode: queueCode },
  });
  return { ...c, status: 'escalated' };
}
