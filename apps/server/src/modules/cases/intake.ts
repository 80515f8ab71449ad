import crypto from 'node:crypto';
import {
  maskName,
  maskPhone,
  type CaseDetail,
  type CaseSource,
  type CreateCaseBody,
  type Scenario,
} from '@cc/contracts';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { Batcher } from '../../platform/batcher.js';
import type { Actor, AppDeps, Ctx } from '../../platform/context.js';
import { insertRows } from '../../platform/db/insert-rows.js';
import { districtOf } from '../../platform/district.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { findAreaCached, normalizeAreaCode, resolveAreaCode } from '../areas/index.js';
import { auditEntry, canonicalJson, denyAndAudit } from '../audit/index.js';
import { attachPhotosToCase } from '../media/index.js';
import { CaseWrites, caseWebhookEvent } from './case-writes.js';
import { reportSource } from './cases.policy.js';
import type * as repo from './cases.repo.js';
import { assignCase, queueArea, queueOperatorsFor } from './case-assignment.js';
import {
  caseLiveEvent,
  presentCases,
  withPeopleNames,
  type SummaryRow,
} from './case-presenters.js';
import { getCaseDetails } from './cases.service.js';
import { findDispatchTargets } from './dispatch.js';
import { requireScenario, validateAttributes } from './taxonomy.js';

export interface FileCaseInput {
  scenarioCode: string;
  description: string;
  lat: number | null;
  lng: number | null;
  areaCode: string | null;
  address: string | null;
  attributes: Record<string, string | number | string[]>;
  photoIds: string[];
  /** Open311's media_url: a link to the reporter's own picture */
  mediaUrl?: string | null;
  /** when it was reported, if not now (imports and the demo city's history) */
  at?: Date;
  contact: { name?: string; phone?: string } | null;
  source: CaseSource;
  reporterId: string | null;
  reporterName: string;
  open311ClientId?: string | null;
  /** a retry with the same key returns the first case instead of making a second */
  idempotency?: { scope: string; key: string } | null;
  /** false: the filer needs only the case's id (a bulk import), so it is not read back */
  withDetail?: boolean;
  /** field names in errors: Open311 says `lat`/`long`/`attribute[x]` */
  fieldNames?: { lat: string; lng: string; attributes: string };
}

/** Where the case is: a point resolved to the deepest area, or an area picked by hand. */
async function locate(db: Kysely<DB>, input: FileCaseInput) {
  const names = input.fieldNames ?? { lat: 'lat', lng: 'lng', attributes: 'attributes' };
  if ((input.lat === null) !== (input.lng === null)) {
    const missing = input.lat === null ? names.lat : names.lng;
    throw AppError.invalid(
      missing,
      'required',
      `${missing} is required with ${missing === names.lat ? names.lng : names.lat}`,
    );
  }
  if (input.lat !== null && input.lng !== null) {
    const code = resolveAreaCode(db, input.lng, input.lat);
    if (!code) {
      throw AppError.invalid(
        names.lat,
        'inside-city',
        `${names.lat}/${names.lng}: (${input.lat}, ${input.lng}) lies outside the city / 坐标不在本市范围内`,
      );
    }
    return (await findAreaCached(db, code))!;
  }
  if (input.areaCode) {
    const code = normalizeAreaCode(input.areaCode, 'areaCode');
    const area = await findAreaCached(db, code);
    if (!area) throw AppError.invalid('areaCode', 'exists', `areaCode: no area ${code}`);
    return area;
  }
  throw AppError.invalid(
    names.lat,
    'required',
    `a place is required: ${names.lat} and ${names.lng}, or areaCode / 请提供位置`,
  );
}

interface PreparedCase {
  input: FileCaseInput;
  scenario: Scenario;
  area: NonNullable<Awaited<ReturnType<typeof findAreaCached>>>;
  /** what a retry with the same Idempotency-Key must match (null without a key) */
  requestHash: string | null;
  /** the row as reported; the batch gives it its number and dispatch */
  row: repo.CaseRow;
  by: { actor: Actor | null; ip: string | null };
}

export interface FiledCase {
  caseId: string;
  /** false when an earlier request with the same Idempotency-Key made the case */
  created: boolean;
  /** as the filer may see it (undefined for a filer who may not, e.g. an Open311 client) */
  detail: CaseDetail | undefined;
}

/** Check everything that needs no database write; a bad input never reaches a batch. */
async function prepareCase(ctx: Ctx, input: FileCaseInput): Promise<PreparedCase> {
  const names = input.fieldNames ?? { lat: 'lat', lng: 'lng', attributes: 'attributes' };
  const scenario = requireScenario(input.scenarioCode, 'scenarioCode');
  validateAttributes(scenario, input.attributes, names.attributes);
  const area = await locate(ctx.db, input);
  const now = input.at ?? new Date();
  const queue = queueArea(area.path);
  const contact = input.contact;
  return {
    input,
    scenario,
    area,
    // keyed: a hotline caller's phone is in the request, and an unkeyed hash of it could be
    // matched phone by phone by whoever reads the table
    requestHash: input.idempotency
      ? ctx.cipher.lookupHash(`idempotency:${canonicalJson({ ...input, idempotency: null })}`)
      : null,
    by: { actor: ctx.actor, ip: ctx.ip },
    row: {
      id: crypto.randomUUID(),
      number: '',
      scenario_code: scenario.code,
      status: 'reported',
      source: input.source,
      description: input.description,
      attributes: input.attributes,
      lng: input.lng,
      lat: input.lat,
      address: input.address,
      media_url: input.mediaUrl ?? null,
      area_code: area.code,
      area_path: area.path,
      district_code: districtOf(area.path),
      queue_area_code: queue.code,
      queue_area_path: queue.path,
      reporter_id: input.reporterId,
      open311_client_id: input.open311ClientId ?? null,
      open311_token: input.open311ClientId ? crypto.randomBytes(12).toString('base64url') : null,
      contact_name_enc: contact?.name ? ctx.cipher.encrypt(contact.name) : null,
      contact_name_masked: contact?.name ? maskName(contact.name) : null,
      contact_phone_enc: contact?.phone ? ctx.cipher.encrypt(contact.phone) : null,
      contact_phone_hmac: contact?.phone ? ctx.cipher.lookupHash(contact.phone) : null,
      contact_phone_masked: contact?.phone ? maskPhone(contact.phone) : null,
      assignee_id: null,
      unit_name: null,
      dispatch_rule_id: null,
      point_id: null,
      merged_into: null,
      accept_due_at: null,
      resolve_due_at: null,
      escalation_level: 0,
      rating: null,
      version: 0,
      created_at: now,
      updated_at: now,
      closed_at: null,
    },
  };
}

const keyOf = (p: PreparedCase) =>
  p.input.idempotency ? `${p.input.idempotency.scope}\u0000${p.input.idempotency.key}` : null;

const reusedKey = () =>
  new AppError(
    'CONFLICT',
    'This Idempotency-Key was used for a different request / 幂等键已用于另一请求',
    {
      field: 'Idempotency-Key',
      rule: 'same-request',
    },
  );

/**
 * Store new cases in one transaction: their numbers, dispatch, first timeline steps, texts,
 * deadline jobs and audit rows, each kind in one statement for the whole batch. A retry with
 * a known Idempotency-Key answers with the first case instead.
 */
async function storeCases(
  deps: AppDeps,
  items: PreparedCase[],
  retried = false,
): Promise<(FiledCase | Error)[]> {
  const caseIds: (string | Error | undefined)[] = items.map(() => undefined);
  const created = items.map(() => false);
  // the same key twice in one batch: the later ones answer like a retry of the first
  const firstWithKey = new Map<string, number>();
  const sameAs = items.map((p, i) => {
    const key = keyOf(p);
    if (key === null) return undefined;
    const first = firstWithKey.get(key);
    if (first === undefined) firstWithKey.set(key, i);
    return first;
  });
  const keyed = [...firstWithKey.values()].map((i) => items[i]!.input.idempotency!);
  if (keyed.length > 0) {
    const prior = await deps.db
      .selectFrom('idempotency_keys')
      .select(['scope', 'key', 'request_hash', 'case_id'])
      .where((eb) =>
        eb(
          eb.refTuple('scope', 'key'),
          'in',
          keyed.map((k) => eb.tuple(k.scope, k.key)),
        ),
      )
      .execute();
    for (const r of prior) {
      const i = firstWithKey.get(`${r.scope}\u0000${r.key}`)!;
      caseIds[i] = r.request_hash === items[i]!.requestHash ? r.case_id : reusedKey();
    }
  }
  const fresh = items
    .map((p, i) => ({ p, i }))
    .filter(({ i }) => caseIds[i] === undefined && sameAs[i] === undefined);
  let written: Written = { rows: [], events: [], sms: new Map() };
  if (fresh.length > 0) {
    try {
      written = await writeCases(
        deps,
        fresh.map(({ p }) => p),
      );
    } catch (e) {
      // a concurrent request with the same key won the race: look again, once
      if ((e as { code?: string }).code === '23505' && keyed.length > 0 && !retried) {
        return storeCases(deps, items, true);
      }
      throw e;
    }
    deps.jobs.kick();
    for (const { p, i } of fresh) {
      caseIds[i] = p.row.id;
      created[i] = true;
    }
  }
  sameAs.forEach((first, i) => {
    if (first === undefined) return;
    const id = caseIds[first];
    caseIds[i] = items[i]!.requestHash === items[first]!.requestHash ? id : reusedKey();
  });
  // the cases this batch wrote are shown as written; the ones an earlier request made are read
  const isWritten = new Set(written.rows.map((r) => r.id));
  const reads = items.flatMap((p, i) => {
    const id = caseIds[i];
    return typeof id === 'string' && p.input.withDetail !== false
      ? [{ actor: p.by.actor, id }]
      : [];
  });
  const [asWritten, asRead] = await Promise.all([
    presentCases(
      deps.db,
      reads.filter((r) => isWritten.has(r.id)),
      written.rows,
      written.events,
      written.sms,
    ),
    getCaseDetails(
      deps.db,
      reads.filter((r) => !isWritten.has(r.id)),
    ),
  ]);
  let w = 0;
  let r = 0;
  return items.map((_, i) => {
    const id = caseIds[i]!;
    if (id instanceof Error) return id;
    if (items[i]!.input.withDetail === false)
      return { caseId: id, created: created[i]!, detail: undefined };
    const detail = isWritten.has(id) ? asWritten[w++] : asRead[r++];
    return { caseId: id, created: created[i]!, detail };
  });
}

/** What a batch wrote: the cases with their names, their timeline steps and texts' status. */
interface Written {
  rows: SummaryRow[];
  events: repo.EventRow[];
  sms: ReadonlyMap<string, string>;
}

async function writeCases(deps: AppDeps, items: PreparedCase[]): Promise<Written> {
  // reads that need no transaction, side by side: numbers, who is responsible, who watches the queue
  const [{ rows: seq }, targets, operators] = await Promise.all([
    sql<{ n: string | number }>`
      select nextval('case_number_seq') as n from generate_series(1, ${items.length})`.execute(
      deps.db,
    ),
    findDispatchTargets(
      deps.db,
      items.map((p) => ({
        scenarioCode: p.scenario.code,
        areaPath: p.area.path,
        lat: p.input.lat,
        lng: p.input.lng,
      })),
    ),
    queueOperatorsFor(
      deps.db,
      items.map((p) => p.area.path),
    ),
  ]);
  const writes = new CaseWrites();
  const rows: repo.CaseRow[] = [];
  for (const [i, p] of items.entries()) {
    const now = p.row.created_at;
    const day = now.toISOString().slice(0, 10).replaceAll('-', '');
    const row = { ...p.row, number: `${day}${String(seq[i]!.n).padStart(6, '0')}` };
    writes.event(row, {
      caseId: row.id,
      at: now,
      actorId: p.input.reporterId,
      actorName: p.input.reporterName,
      action: 'report',
      fromStatus: null,
      toStatus: 'reported',
      note: p.input.description,
      // as the uuid[] column gives them back
      photoIds: p.input.photoIds.map((id) => id.toLowerCase()),
      detail: { source: p.input.source, areaCode: p.area.code },
    });
    const target = targets[i]!;
    Object.assign(
      row,
      await assignCase(deps.db, writes, row, {
        target,
        actor: { id: null, name: null },
        action: target ? 'dispatch' : 'queue',
        note: null,
        now,
        queueOperators: operators[i]!,
      }),
    );
    writes.webhooks.push(caseWebhookEvent('case.filed', row, now));
    // a rule or a fixed point dispatched it as it came in
    if (row.status === 'dispatched')
      writes.webhooks.push(caseWebhookEvent('case.dispatched', row, now));
    writes.audits.push(
      auditEntry(p.by, {
        action: 'case.create',
        objectType: 'case',
        objectId: row.id,
        areaPath: row.area_path,
        detail: {
          number: row.number,
          scenario: row.scenario_code,
          source: row.source,
          hasContact: !!p.input.contact,
        },
      }),
    );
    rows.push(row);
  }
  const keys = items.flatMap((p, i) =>
    p.input.idempotency
      ? [
          {
            scope: p.input.idempotency.scope,
            key: p.input.idempotency.key,
            request_hash: p.requestHash!,
            case_id: rows[i]!.id,
          },
        ]
      : [],
  );
  // side by side, outside the transaction: the steps' ids, and the names of who holds the
  // cases and who reported them (as a read of the case would give them)
  const [, named] = await Promise.all([
    writes.numberSteps(deps.db),
    withPeopleNames(
      deps.db,
      rows.map((r, i) => ({ ...r, area_name: items[i]!.area.name })),
    ),
  ]);
  const { smsStatus } = await deps.db.transaction().execute((trx) =>
    writes.flush(
      trx,
      deps,
      [insertRows('cases', rows), insertRows('idempotency_keys', keys)],
      async () => {
        for (const p of items) {
          if (p.input.photoIds.length && p.input.reporterId) {
            await attachPhotosToCase(trx, p.input.photoIds, p.row.id, p.input.reporterId);
          }
        }
      },
    ),
  );
  // the screens hear of it after the commit; the reporter does not wait for them
  void deps.live.publish(rows.map((r) => caseLiveEvent(r, r.created_at)));
  return {
    rows: named,
    events: writes.stepRows(),
    sms: smsStatus,
  };
}

const intakes = new WeakMap<object, Batcher<PreparedCase, FiledCase>>();

/**
 * File a case from any source (the web, the hotline, Open311): check it, then store it with
 * its first timeline step and photos and dispatch it in one transaction, together with the
 * other cases arriving at the same moment (group commit), and kick the job runner so the text
 * goes out at once.
 */
export async function fileCase(ctx: Ctx, input: FileCaseInput): Promise<FiledCase> {
  const prepared = await prepareCase(ctx, input);
  let intake = intakes.get(ctx.db);
  if (!intake) {
    const deps: AppDeps = {
      db: ctx.db,
      cipher: ctx.cipher,
      config: ctx.config,
      jobs: ctx.jobs,
      sms: ctx.sms,
      live: ctx.live,
      hits: ctx.hits,
      replica: ctx.replica,
      events: ctx.events,
    };
    // two batches in flight: one is being written while the next fills; a batch of 100 stays
    // well under PostgreSQL's 65,535 parameters per statement
    intake = new Batcher((items) => storeCases(deps, items), {
      maxBatch: 100,
      concurrency: 2,
      lingerMs: 2,
    });
    intakes.set(ctx.db, intake);
  }
  return intake.submit(prepared);
}

/** A person reports through the web app or the hotline desk. */
export async function reportCase(
  ctx: Ctx,
  body: CreateCaseBody,
  idempotencyKey: string | null,
): Promise<{ detail: CaseDetail; created: boolean }> {
  const source = reportSource(ctx.actor!);
  if (!source) {
    await denyAndAudit(
      ctx,
      { action: 'case.create', objectType: 'case', objectId: null },
      'Your roles do not report cases / 您的角色不能上报工单',
    );
  }
  if (body.contact && source !== 'hotline') {
    throw AppError.invalid(
      'contact',
      'hotline-only',
      'contact: only 12345 hotline operators enter a caller / 仅热线受理员可录入来电人',
    );
  }
  if (idempotencyKey !== null && !/^[A-Za-z0-9_.:-]{8,100}$/.test(idempotencyKey)) {
    throw AppError.invalid(
      'Idempotency-Key',
      'pattern',
      'Idempotency-Key: 8–100 characters of letters, digits, _ . : -',
    );
  }
  const { detail, created } = await fileCase(ctx, {
    scenarioCode: body.scenarioCode,
    description: body.description,
    lat: body.lat ?? null,
    lng: body.lng ?? null,
    areaCode: body.areaCode ?? null,
    address: body.address ?? null,
    attributes: body.attributes ?? {},
    photoIds: body.photoIds ?? [],
    contact: body.contact ?? null,
    source: source!,
    reporterId: ctx.actor!.id,
    reporterName: ctx.actor!.displayName,
    idempotency: idempotencyKey ? { scope: `account:${ctx.actor!.id}`, key: idempotencyKey } : null,
  });
  // the reporter may always see what they filed
  return { detail: detail!, created };
}
