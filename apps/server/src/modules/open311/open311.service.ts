import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  CASE_STATUSES,
  PUBLIC_CASE_STATUS,
  publicCaseStatusNotes,
  type Scenario,
  type ScenarioField,
} from '@cc/contracts';
import type { Kysely } from 'kysely';
import { REPO_ROOT } from '../../platform/config.js';
import type { Ctx } from '../../platform/context.js';
import { sha256 } from '../../platform/crypto.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import {
  fileCase,
  findCaseNumber,
  findOpen311CaseNumber,
  findScenario,
  getTaxonomy,
  listOpen311Cases,
  type FileCaseInput,
  type Open311Case,
} from '../cases/index.js';
import * as repo from './open311.repo.js';
import {
  FORMATS,
  SPECIFICATION,
  type CreatedRequest,
  type Discovery,
  type Service,
  type ServiceAttribute,
  type ServiceDefinition,
  type ServiceRequest,
  type TokenAnswer,
} from './open311.schemas.js';

/** A parsed application/x-www-form-urlencoded body or query string: repeated names give arrays. */
export type Params = Record<string, string | string[] | undefined>;

const DAY_MS = 86_400_000;
/** The spec: a GET requests range "may not span more than 90 days" and defaults to the last 90. */
const MAX_SPAN_MS = 90 * DAY_MS;
// the spec: "90 days or first 1000 requests" unless the client pages
const DEFAULT_PAGE_SIZE = 1000;
const MAX_PAGE_SIZE = 1000;
const MAX_IDS = 500;
const MAX_DESCRIPTION = 4000;
/** Our case numbers: the day, then a sequence (20260501000042). */
const REQUEST_ID = /^\d{14,24}$/;
const TOKEN = /^[A-Za-z0-9_-]{8,64}$/;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,100}$/;
const OPEN_STATUSES = CASE_STATUSES.filter((s) => PUBLIC_CASE_STATUS[s] === 'open');
const CLOSED_STATUSES = CASE_STATUSES.filter((s) => PUBLIC_CASE_STATUS[s] === 'closed');

// ---- clients ----

/**
 * Register an Open311 client (another city's app, a 12345 integration). Only the sha256 of its
 * api_key is stored, so the key is shown once. Given a fixed key (the demo), a second call
 * returns the client that already holds it.
 */
export async function registerOpen311Client(
  db: Kysely<DB>,
  name: string,
  apiKey?: string,
): Promise<{ id: string; name: string; apiKey: string; created: boolean }> {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 100) {
    throw AppError.invalid('name', 'length', 'name: 1–100 characters / 名称 1–100 字');
  }
  if (apiKey !== undefined && !/^[\x21-\x7e]{16,200}$/.test(apiKey)) {
    throw AppError.invalid(
      'apiKey',
      'pattern',
      'apiKey: 16–200 printable ASCII characters without spaces',
    );
  }
  const key = apiKey ?? crypto.randomBytes(24).toString('base64url');
  const { row, created } = await repo.insertClient(db, {
    id: crypto.randomUUID(),
    name: trimmed,
    apiKeyHash: sha256(key),
  });
  return { id: row.id, name: row.name, apiKey: key, created };
}

/** The client an api_key belongs to; 403 when it is missing, unknown or disabled. */
export async function authenticateClient(
  db: Kysely<DB>,
  apiKey: string | undefined,
): Promise<repo.ClientRow> {
  if (!apiKey) {
    throw AppError.forbidden('api_key is required to create a service request / 缺少 api_key');
  }
  const client = await repo.findClientByKeyHash(db, sha256(apiKey));
  if (!client) throw AppError.forbidden('Invalid api_key / api_key 无效');
  if (client.disabled) throw AppError.forbidden('This api_key is disabled / 该 api_key 已停用');
  return client;
}

// ---- parameters ----

/**
 * One parameter. The spec: an optional argument passed empty is the same as one not passed.
 * A scalar sent twice is ambiguous, so it is refused.
 */
function param(params: Params, name: string): string | undefined {
  const v = params[name];
  if (Array.isArray(v)) {
    throw AppError.invalid(name, 'single', `${name} was sent ${v.length} times; send it once`);
  }
  const t = v === undefined ? undefined : clean(v);
  return t ? t : undefined;
}

/** Trimmed, without control characters (PostgreSQL refuses NUL; none belongs in a report). */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').trim();
}

/** A list parameter: comma delimited, and (the spec says) it "can be declared multiple times". */
function listParam(params: Params, name: string): string[] | undefined {
  const v = params[name];
  if (v === undefined) return undefined;
  const items = (Array.isArray(v) ? v : [v])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}

function integerParam(params: Params, name: string, min: number, max: number): number | undefined {
  const text = param(params, name);
  if (text === undefined) return undefined;
  const n = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) {
    throw AppError.invalid(
      name,
      'range',
      `${name} must be an integer from ${min} to ${max}, got "${text.slice(0, 20)}"`,
    );
  }
  return n;
}

const W3C_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|([+-])(\d{2}):(\d{2}))$/;

/** A w3 note date-time with its time zone (the spec requires one), e.g. 2010-01-01T00:00:00Z. */
function dateParam(params: Params, name: string): Date | undefined {
  const text = param(params, name);
  if (text === undefined) return undefined;
  const m = W3C_DATETIME.exec(text);
  const fail = () =>
    AppError.invalid(
      name,
      'format',
      `${name} must be a w3c date-time with a time zone, e.g. 2010-01-01T00:00:00Z or 2010-01-01T08:00:00+08:00; got "${text.slice(0, 40)}"`,
    );
  if (!m) throw fail();
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const local = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Date.UTC rolls 2026-02-30 over to March: a round trip catches impossible dates
  if (
    local.getUTCFullYear() !== y ||
    local.getUTCMonth() !== mo - 1 ||
    local.getUTCDate() !== d ||
    local.getUTCHours() !== h ||
    local.getUTCMinutes() !== mi ||
    s > 59 ||
    Number(m[10] ?? 0) > 23 ||
    Number(m[11] ?? 0) > 59
  ) {
    throw fail();
  }
  return new Date(Date.parse(text));
}

/** w3 format in Shanghai time (no daylight saving: always +08:00), to the second. */
export function toW3c(d: Date): string {
  return `${new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

// ---- services ----

function duration(minutes: number): { zh: string; en: string } {
  if (minutes % 1440 === 0) {
    const d = minutes / 1440;
    return { zh: `${d}天`, en: `${d} day${d > 1 ? 's' : ''}` };
  }
  if (minutes >= 60 && minutes % 60 === 0) {
    const h = minutes / 60;
    return { zh: `${h}小时`, en: `${h} hour${h > 1 ? 's' : ''}` };
  }
  return { zh: `${minutes}分钟`, en: `${minutes} minutes` };
}

/** What the city will do: the scenario's service levels. */
function serviceNotice(s: Scenario): string {
  const accept = duration(s.acceptMinutes);
  const resolve = duration(s.resolveMinutes);
  return `已受理：${accept.zh}内派单接单，${resolve.zh}内处置。/ Received: a responsible unit takes it up within ${accept.en} and deals with it within ${resolve.en}.`;
}

function toService(s: Scenario, groups: Map<string, string>): Service {
  // "中文说明 / English description": keep the Chinese first, then the English name and text
  const cut = s.description.indexOf(' / ');
  const description =
    cut < 0
      ? `${s.description} / ${s.nameEn}`
      : `${s.description.slice(0, cut)} / ${s.nameEn}: ${s.description.slice(cut + 3)}`;
  return {
    service_code: s.code,
    service_name: s.name,
    description,
    metadata: s.fields.length > 0,
    type: 'realtime',
    keywords: s.keywords.join(', '),
    group: groups.get(s.domain) ?? s.domain,
  };
}

/** GET services: every scenario of the taxonomy. */
export function listServices(): Service[] {
  const t = getTaxonomy();
  const groups = new Map(t.domains.map((d) => [d.code, d.name]));
  return t.scenarios.map((s) => toService(s, groups));
}

function datatypeDescription(f: ScenarioField): string | null {
  switch (f.type) {
    case 'string':
    case 'text': {
      const lines = f.type === 'string' ? '单行文字 / one line of text' : '文字 / text';
      return f.maxLength
        ? `${lines}, ≤ ${f.maxLength} characters / 最多${f.maxLength}字`
        : `${lines}`;
    }
    case 'number': {
      const range = [
        f.min !== undefined ? `≥ ${f.min}` : null,
        f.max !== undefined ? `≤ ${f.max}` : null,
      ].filter(Boolean);
      return `数字 / a number${range.length ? `, ${range.join(', ')}` : ''}`;
    }
    case 'datetime':
      return '日期时间 / ISO 8601 date-time, e.g. 2026-05-01T08:30:00+08:00';
    case 'singlevaluelist':
      return `选择一项 / one key of values: attribute[${f.code}]=key`;
    case 'multivaluelist':
      return `可选多项 / one or more keys of values: attribute[${f.code}][]=key1&attribute[${f.code}][]=key2`;
  }
}

function requireService(code: string): Scenario {
  const s = findScenario(code);
  if (!s) {
    throw AppError.notFound(`service_code "${code.slice(0, 60)}" was not found / 没有这个服务类型`);
  }
  return s;
}

/** GET services/{service_code}: the scenario's form fields as attributes. */
export function getServiceDefinition(code: string): ServiceDefinition {
  const s = requireService(code);
  return {
    service_code: s.code,
    attributes: s.fields.map((f, i): ServiceAttribute => {
      const isList = f.type === 'singlevaluelist' || f.type === 'multivaluelist';
      return {
        variable: true,
        code: f.code,
        datatype: f.type,
        required: f.required,
        datatype_description: datatypeDescription(f),
        order: i + 1,
        description: `${f.name} / ${f.nameEn}`,
        ...(isList
          ? {
              values: (f.values ?? []).map((v) => ({
                key: v.key,
                name: `${v.name} / ${v.nameEn}`,
              })),
            }
          : {}),
      };
    }),
  };
}

// ---- discovery ----

let changeset: string | null = null;

/** Service discovery: this one endpoint, as the request reached it. */
export function describeDiscovery(isProduction: boolean, baseUrl: string): Discovery {
  // the services and their definitions change when the taxonomy file does
  changeset ??= toW3c(fs.statSync(path.join(REPO_ROOT, 'data/taxonomy/scenarios.json')).mtime);
  return {
    changeset,
    contact:
      '社区云 Community Cloud: the city operation centre that runs this server (城运中心) answers questions about this endpoint.',
    key_service:
      'API keys are issued by the administrator of this server (npm run cli -- open311-client "<name>") / API 密钥由平台管理员签发',
    endpoints: [
      {
        specification: SPECIFICATION,
        url: `${baseUrl}/open311/v2`,
        changeset,
        type: isProduction ? 'production' : 'test',
        formats: [...FORMATS],
      },
    ],
  };
}

// ---- creating a request ----

type AttributeValue = string | number | string[];
const ATTRIBUTE = /^attribute\[([^[\]]+)\](\[\])?$/;

/**
 * attribute[code]=value and, for a multivaluelist, attribute[code][]=v1&attribute[code][]=v2.
 * Empty values are "not passed". Numbers become numbers; validation is the taxonomy's.
 */
function parseAttributes(form: Params, s: Scenario): Record<string, AttributeValue> {
  // no prototype: attribute[__proto__] is just an unknown attribute
  const out = Object.create(null) as Record<string, AttributeValue>;
  for (const [key, raw] of Object.entries(form)) {
    if (!key.startsWith('attribute')) continue;
    const m = ATTRIBUTE.exec(key);
    if (!m) {
      throw AppError.invalid(
        key.slice(0, 60),
        'format',
        `${key.slice(0, 60)}: send attributes as attribute[code]=value (attribute[code][]=value for a list)`,
      );
    }
    const code = m[1]!;
    const values = (Array.isArray(raw) ? raw : [raw ?? '']).map(clean).filter(Boolean);
    if (!values.length) continue;
    const field = s.fields.find((f) => f.code === code);
    const previous = out[code];
    if (m[2] || field?.type === 'multivaluelist' || previous !== undefined) {
      const before = previous === undefined ? [] : Array.isArray(previous) ? previous : [previous];
      out[code] = [...before.map(String), ...values];
    } else {
      out[code] = values.length === 1 ? values[0]! : values;
    }
  }
  for (const f of s.fields) {
    const v = out[f.code];
    if (f.type === 'number' && typeof v === 'string' && /^[+-]?\d+(\.\d+)?$/.test(v)) {
      out[f.code] = Number(v);
    }
  }
  return out;
}

function coordinate(text: string, name: 'lat' | 'long', limit: number): number {
  const n = /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : NaN;
  if (!(Math.abs(n) <= limit)) {
    throw AppError.invalid(
      name,
      'range',
      `${name} must be a WGS84 ${name === 'lat' ? 'latitude' : 'longitude'} in decimal degrees (−${limit} to ${limit}), got "${text.slice(0, 30)}"`,
    );
  }
  return n;
}

function locate(form: Params): { lat: number; lng: number } {
  const lat = param(form, 'lat');
  const lng = param(form, 'long');
  if (lat !== undefined && lng !== undefined) {
    return { lat: coordinate(lat, 'lat', 90), lng: coordinate(lng, 'long', 180) };
  }
  if (lat !== undefined || lng !== undefined) {
    const missing = lat === undefined ? 'lat' : 'long';
    throw AppError.invalid(
      missing,
      'required',
      `lat and long are sent together; ${missing} is missing`,
    );
  }
  if (param(form, 'address_string') !== undefined || param(form, 'address_id') !== undefined) {
    throw AppError.invalid(
      'lat',
      'required',
      'lat and long are required: this server cannot locate an address_string or address_id / 请提供经纬度',
    );
  }
  throw AppError.invalid(
    'lat',
    'required',
    'A location is required: lat and long (WGS84) / 请提供位置（经纬度）',
  );
}

const CJK = /[\u3400-\u9fff]/;

/** The person, for a call back: stored encrypted by the cases module, shown masked to staff. */
function parseContact(form: Params): FileCaseInput['contact'] {
  const first = param(form, 'first_name');
  const last = param(form, 'last_name');
  const phoneText = param(form, 'phone');
  // a Chinese name is family name first, with no space
  const name =
    first && last
      ? CJK.test(first + last)
        ? `${last}${first}`
        : `${first} ${last}`
      : (first ?? last);
  if (name && name.length > 50) {
    throw AppError.invalid(
      'first_name',
      'maxLength',
      'first_name and last_name: at most 50 characters together',
    );
  }
  let phone: string | undefined;
  if (phoneText !== undefined) {
    phone = phoneText.replace(/[\s().-]/g, '');
    if (!/^\+?\d{5,20}$/.test(phone)) {
      throw AppError.invalid(
        'phone',
        'format',
        `phone must be a telephone number, got "${phoneText.slice(0, 30)}"`,
      );
    }
  }
  if (!name && !phone) return null;
  return { ...(name ? { name } : {}), ...(phone ? { phone } : {}) };
}

function parseMediaUrl(form: Params): string | undefined {
  const text = param(form, 'media_url');
  if (text === undefined) return undefined;
  let ok: boolean;
  try {
    const u = new URL(text);
    ok = (u.protocol === 'http:' || u.protocol === 'https:') && !/\s/.test(text);
  } catch {
    ok = false;
  }
  if (!ok || text.length > 2000) {
    throw AppError.invalid(
      'media_url',
      'format',
      'media_url must be an http(s) URL of at most 2,000 characters',
    );
  }
  return text;
}

/**
 * POST requests: a case filed by an Open311 client, dispatched at once (type realtime). A retry
 * with the same Idempotency-Key (header, or an idempotency_key field for clients that cannot
 * set headers) answers with the first request instead of filing a second.
 */
export async function createServiceRequest(
  ctx: Ctx,
  form: Params,
  idempotencyHeader: string | undefined,
): Promise<CreatedRequest[]> {
  const client = await authenticateClient(ctx.db, param(form, 'api_key'));
  const code = param(form, 'service_code');
  if (code === undefined) {
    throw AppError.invalid(
      'service_code',
      'required',
      'service_code is required / 缺少 service_code',
    );
  }
  const scenario = requireService(code);
  const description = param(form, 'description') ?? '';
  const length = [...description].length;
  if (length > MAX_DESCRIPTION) {
    throw AppError.invalid(
      'description',
      'maxLength',
      `description is ${length} characters; the limit is 4,000 / 描述不得超过4000字`,
    );
  }
  const mediaUrl = parseMediaUrl(form);
  const address = param(form, 'address_string');
  if (address && address.length > 500) {
    throw AppError.invalid('address_string', 'maxLength', 'address_string: at most 500 characters');
  }
  const key = idempotencyHeader?.trim() || param(form, 'idempotency_key');
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw AppError.invalid(
      'Idempotency-Key',
      'pattern',
      'Idempotency-Key: 8–100 characters of letters, digits, _ . : -',
    );
  }
  const attributes = parseAttributes(form, scenario);
  const contact = parseContact(form);
  const { lat, lng } = locate(form);
  const { caseId } = await fileCase(
    { ...ctx, actor: null },
    {
      scenarioCode: scenario.code,
      description,
      mediaUrl: mediaUrl ?? null,
      lat,
      lng,
      areaCode: null,
      address: address ?? null,
      attributes,
      photoIds: [],
      contact,
      source: 'open311',
      reporterId: null,
      reporterName: client.name,
      open311ClientId: client.id,
      idempotency: key ? { scope: `open311:${client.id}`, key } : null,
      fieldNames: { lat: 'lat', lng: 'long', attributes: 'attribute' },
    },
  );
  const number = await findCaseNumber(ctx.db, caseId);
  return [
    {
      service_request_id: number,
      service_notice: serviceNotice(scenario),
      account_id: param(form, 'account_id') ?? null,
    },
  ];
}

// ---- reading requests ----

function toServiceRequest(r: Open311Case): ServiceRequest {
  const s = findScenario(r.scenarioCode);
  // the one mapping other systems read (the webhooks' payloads say the same)
  const status = PUBLIC_CASE_STATUS[r.status];
  const isClosed = status === 'closed';
  return {
    service_request_id: r.number,
    status,
    status_notes: publicCaseStatusNotes(r.status, r),
    service_name: s?.name ?? r.scenarioCode,
    service_code: r.scenarioCode,
    description: r.description || null,
    // before a unit is assigned, the street's operation centre holds the case
    agency_responsible: r.unitName ?? `${r.queueAreaName}城运中心`,
    service_notice: s && !isClosed ? serviceNotice(s) : null,
    requested_datetime: toW3c(r.createdAt),
    // the spec: for a closed request, the date it was closed
    updated_datetime: toW3c(isClosed ? (r.closedAt ?? r.updatedAt) : r.updatedAt),
    expected_datetime: r.resolveDueAt ? toW3c(r.resolveDueAt) : null,
    address: r.address ?? r.areaName,
    address_id: null,
    zipcode: null,
    lat: r.lat,
    long: r.lng,
    media_url: r.mediaUrl,
  };
}

/**
 * GET requests: public, so only what Open311 clients filed (our residents' and the hotline's
 * reports are not published), and never the reporter's name, phone or email.
 */
export async function listServiceRequests(
  db: Kysely<DB>,
  query: Params,
): Promise<ServiceRequest[]> {
  const ids = listParam(query, 'service_request_id');
  if (ids) {
    // the spec: service_request_id "overrides all other arguments"
    if (ids.length > MAX_IDS) {
      throw AppError.invalid(
        'service_request_id',
        'maxItems',
        `service_request_id: at most ${MAX_IDS} ids at once`,
      );
    }
    const numbers = [...new Set(ids.filter((id) => REQUEST_ID.test(id)))];
    if (!numbers.length) return [];
    const rows = await listOpen311Cases(db, { numbers, limit: numbers.length, offset: 0 });
    return rows.map(toServiceRequest);
  }
  const codes = listParam(query, 'service_code');
  const statuses = listParam(query, 'status');
  for (const s of statuses ?? []) {
    if (s !== 'open' && s !== 'closed') {
      throw AppError.invalid(
        'status',
        'enum',
        `status must be open or closed (comma delimited), got "${s.slice(0, 20)}"`,
      );
    }
  }
  let from = dateParam(query, 'start_date');
  let to = dateParam(query, 'end_date');
  if (!from && !to) to = new Date();
  if (!from) from = new Date(to!.getTime() - MAX_SPAN_MS);
  if (!to) to = new Date(from.getTime() + MAX_SPAN_MS);
  if (to < from) {
    throw AppError.invalid('end_date', 'order', 'end_date is before start_date');
  }
  if (to.getTime() - from.getTime() > MAX_SPAN_MS) {
    throw AppError.invalid(
      'end_date',
      'span',
      'start_date to end_date may not span more than 90 days',
    );
  }
  const page = integerParam(query, 'page', 1, 100_000) ?? 1;
  const pageSize = integerParam(query, 'page_size', 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE;
  const wanted = new Set(statuses);
  const rows = await listOpen311Cases(db, {
    ...(codes ? { scenarioCodes: codes } : {}),
    from,
    to,
    ...(wanted.size === 1
      ? { statuses: wanted.has('open') ? OPEN_STATUSES : CLOSED_STATUSES }
      : {}),
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  return rows.map(toServiceRequest);
}

/** GET requests/{id}: one request, as a list of one; 404 for an unknown or malformed id. */
export async function getServiceRequest(db: Kysely<DB>, id: string): Promise<ServiceRequest[]> {
  const rows = REQUEST_ID.test(id)
    ? await listOpen311Cases(db, { numbers: [id], limit: 1, offset: 0 })
    : [];
  if (!rows.length) {
    throw AppError.notFound(`service_request_id ${id.slice(0, 40)} was not found / 没有这个请求`);
  }
  return rows.map(toServiceRequest);
}

/** GET tokens/{token}: the service_request_id behind a token. */
export async function getServiceRequestIdFromToken(
  db: Kysely<DB>,
  token: string,
): Promise<TokenAnswer[]> {
  const number = TOKEN.test(token) ? await findOpen311CaseNumber(db, token) : undefined;
  if (!number) throw AppError.notFound(`token ${token.slice(0, 40)} was not found / 没有这个令牌`);
  return [{ service_request_id: number, token }];
}
