import crypto from 'node:crypto';
import {
  ErrorCode,
  HOTLINE_COLUMNS,
  HOTLINE_FUTURE_TOLERANCE_MINUTES,
  HOTLINE_REQUIRED_COLUMNS,
  type HotlineColumn,
  type HotlineFormat,
  type HotlineImport,
} from '@cc/contracts';
import type { Selectable } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { fileLines, LineProblems, readProblem, splitCsvLine } from '../../platform/line-file.js';
import { placeAddress, type Placed } from '../addresses/index.js';
import { resolveAreaCode } from '../areas/index.js';
import { auditEntry, appendAudits } from '../audit/index.js';
import { fileCase, findScenario, validateAttributes } from '../cases/index.js';
import type { SendingDepartment } from '../departments/index.js';
import { readMapping } from './categories.service.js';
import type { HotlineImportReport, HotlineImportsTable } from './hotline.tables.js';

/**
 * The 12345 hotline's work orders in bulk (decision 028). The file is read twice as a stream:
 * first every row is checked — a malformed row refuses the whole file, nothing stored — then
 * each order is filed as a case through the cases' one intake (group commit, dispatch, texts),
 * a few hundred in flight, so memory stays bounded whatever the file's size. An order whose
 * category has no mapping, or whose address the address book does not know, is held back and
 * reported, not refused: the same file posted again once the mapping has it files just those,
 * because an order is a case once per hotline id (the cases' idempotency keys).
 */

/** Every order of the city's hotline shares one idempotency scope: an id is a case once. */
const SCOPE = 'hotline';
/** What the cases show as their reporter. */
const REPORTER = '12345市民服务热线';
/** Orders filed at once: enough to fill the intake's batches, few enough to bound memory. */
const IN_FLIGHT = 400;
const MAX_IDS = 20;
const MAX_CHANGED = 100;
const ID = /^[A-Za-z0-9_.:-]{1,64}$/;
const PHONE = /^[0-9+()\- ]{3,20}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const LIMITS: Partial<Record<HotlineColumn, number>> = {
  category: 60,
  text: 2000,
  caller_name: 50,
  address: 200,
};

export interface Order {
  line: number;
  hotlineId: string;
  category: string;
  text: string;
  callerName: string | null;
  callerPhone: string | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  receivedAt: Date;
}

export interface HotlineFile {
  via: 'api' | 'upload';
  department: SendingDepartment | null;
  fileName: string;
  format: HotlineFormat;
  filePath: string;
}

type Fields = Partial<Record<HotlineColumn, string | number | null>>;

/** One row's fields checked; the order when they are good. */
function checkOrder(
  ctx: Ctx,
  line: number,
  f: Fields,
  problems: LineProblems,
  now: number,
): Order | null {
  const before = problems.count;
  const text = (c: HotlineColumn): string | null => {
    const v = f[c];
    if (v === undefined || v === null || v === '') return null;
    if (typeof v !== 'string') {
      problems.add(line, c, 'type', `${c} must be text / ${c} 应为文本`);
      return null;
    }
    const t = v.trim();
    const max = LIMITS[c];
    if (max !== undefined && [...t].length > max) {
      problems.add(
        line,
        c,
        'maxLength',
        `${c} is longer than ${max} characters / ${c} 超过 ${max} 字`,
      );
    }
    return t || null;
  };
  for (const c of HOTLINE_REQUIRED_COLUMNS) {
    if (f[c] === undefined || f[c] === null || f[c] === '')
      problems.add(line, c, 'required', `${c} is empty / ${c} 为空`);
  }
  const hotlineId = text('hotline_id');
  if (hotlineId && !ID.test(hotlineId))
    problems.add(
      line,
      'hotline_id',
      'pattern',
      'hotline_id: 1–64 letters, digits, _ . : - / 工单号格式有误',
    );
  const category = text('category');
  const body = text('text');
  const callerName = text('caller_name');
  const callerPhone = text('caller_phone');
  if (callerPhone && !PHONE.test(callerPhone))
    problems.add(
      line,
      'caller_phone',
      'pattern',
      'caller_phone: digits, + - ( ) and spaces, 3–20 / 来电号码格式有误',
    );
  const address = text('address');
  const coordinate = (c: 'lng' | 'lat', max: number): number | null => {
    const v = f[c];
    if (v === undefined || v === null || v === '') return null;
    const n = typeof v === 'number' ? v : NUMBER.test(v.trim()) ? Number(v) : NaN;
    if (!Number.isFinite(n) || Math.abs(n) > max) {
      problems.add(
        line,
        c,
        'range',
        `${c} is not a number within ±${max} / ${c === 'lng' ? '经度' : '纬度'}不是 ±${max} 以内的数`,
      );
      return null;
    }
    return n;
  };
  const lng = coordinate('lng', 180);
  const lat = coordinate('lat', 90);
  const hasLng = f.lng !== undefined && f.lng !== null && f.lng !== '';
  const hasLat = f.lat !== undefined && f.lat !== null && f.lat !== '';
  if (hasLng !== hasLat) {
    const missing = hasLng ? 'lat' : 'lng';
    problems.add(
      line,
      missing,
      'required',
      `${missing} is required with ${missing === 'lat' ? 'lng' : 'lat'} / 经纬度须成对`,
    );
  } else if (!hasLng && !address) {
    problems.add(
      line,
      'address',
      'required',
      'give an address or lng and lat / 请提供地址或经纬度',
    );
  } else if (lng !== null && lat !== null && !resolveAreaCode(ctx.db, lng, lat)) {
    problems.add(
      line,
      'lng',
      'inside-city',
      `(${lng}, ${lat}) lies outside the city / 坐标不在本市范围内`,
    );
  }
  let receivedAt: Date | null = null;
  const rawTime = text('received_at');
  if (rawTime) {
    const t = ISO_TIME.test(rawTime) ? Date.parse(rawTime) : NaN;
    if (!Number.isFinite(t)) {
      problems.add(
        line,
        'received_at',
        'format',
        'received_at: ISO 8601 with its offset, e.g. 2026-12-07T08:30:00+08:00 / 受理时间格式有误',
      );
    } else if (t > now + HOTLINE_FUTURE_TOLERANCE_MINUTES * 60_000) {
      problems.add(
        line,
        'received_at',
        'future',
        `received_at is more than ${HOTLINE_FUTURE_TOLERANCE_MINUTES} minutes ahead / 受理时间晚于当前时间`,
      );
    } else {
      receivedAt = new Date(t);
    }
  }
  if (problems.count > before) return null;
  return {
    line,
    hotlineId: hotlineId!,
    category: category!,
    text: body!,
    callerName,
    callerPhone,
    address,
    lat,
    lng,
    receivedAt: receivedAt!,
  };
}

/** A CSV header's columns by index; problems for unknown, doubled and missing ones. */
function csvHeader(fields: string[], problems: LineProblems): HotlineColumn[] | null {
  const names = fields.map((n) => n.trim().toLowerCase());
  const seen = new Set<string>();
  for (const [i, n] of names.entries()) {
    if (!(HOTLINE_COLUMNS as readonly string[]).includes(n))
      problems.add(
        1,
        n || `#${i + 1}`,
        'unknown-column',
        `unknown column "${n.slice(0, 40)}" / 未知的列`,
      );
    else if (seen.has(n))
      problems.add(1, n, 'duplicate-column', `column ${n} appears twice / 列重复`);
    seen.add(n);
  }
  for (const c of HOTLINE_REQUIRED_COLUMNS) {
    if (!seen.has(c)) problems.add(1, c, 'required', `the header lacks ${c} / 表头缺少 ${c} 列`);
  }
  return problems.count > 0 ? null : (names as HotlineColumn[]);
}

/** One JSON line's fields; problems for what is not an object of known keys. */
function jsonFields(line: number, text: string, problems: LineProblems): Fields | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    problems.add(line, 'file', 'format', 'this line is not JSON / 该行不是 JSON');
    return null;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    problems.add(
      line,
      'file',
      'format',
      'each line must be a JSON object / 每行应为一个 JSON 对象',
    );
    return null;
  }
  let ok = true;
  for (const [k, value] of Object.entries(v)) {
    if (!(HOTLINE_COLUMNS as readonly string[]).includes(k)) {
      problems.add(
        line,
        k.slice(0, 40),
        'unknown-field',
        `unknown key "${k.slice(0, 40)}" / 未知字段`,
      );
      ok = false;
    } else if (value !== null && typeof value !== 'string' && typeof value !== 'number') {
      problems.add(line, k, 'type', `${k} must be text or a number / ${k} 应为文本或数字`);
      ok = false;
    }
  }
  return ok ? (v as Fields) : null;
}

/** Read the file once, calling `each` with every good order; returns the rows read. */
async function readOrders(
  ctx: Ctx,
  file: HotlineFile,
  problems: LineProblems,
  each: (o: Order) => Promise<void>,
): Promise<number> {
  const now = Date.now();
  let line = 0;
  let rows = 0;
  let header: HotlineColumn[] | null = null;
  try {
    for await (const text of fileLines(file.filePath)) {
      line++;
      if (file.format === 'csv' && line === 1) {
        const fields = splitCsvLine(text);
        if (!fields)
          problems.add(1, 'file', 'format', 'the header is not a CSV line / 表头格式有误');
        else header = csvHeader(fields, problems);
        if (!header) return 0;
        continue;
      }
      if (text.trim() === '') continue;
      rows++;
      let fields: Fields | null;
      if (file.format === 'csv') {
        const cells = splitCsvLine(text);
        if (!cells) {
          problems.add(line, 'file', 'format', 'a quote is not closed on this line / 引号未闭合');
          continue;
        }
        if (cells.length !== header!.length) {
          problems.add(
            line,
            'file',
            'columns',
            `${cells.length} cells for ${header!.length} columns / 列数与表头不符`,
          );
          continue;
        }
        fields = Object.fromEntries(header!.map((c, i) => [c, cells[i]]));
      } else {
        fields = jsonFields(line, text, problems);
      }
      const order = fields ? checkOrder(ctx, line, fields, problems, now) : null;
      if (order) await each(order);
    }
  } catch (e) {
    const problem = readProblem(e);
    if (!problem) throw e;
    problems.add(line + 1, 'file', problem.rule, problem.message);
    return rows;
  }
  if (rows === 0 && problems.count === 0)
    problems.add(
      Math.max(line, 1),
      'file',
      'required',
      'the file has no work orders / 文件没有工单',
    );
  return rows;
}

/** What a filed order came to, counted into the report. */
class Tally {
  created = 0;
  duplicates = 0;
  changed: string[] = [];
  unmapped = new Map<string, { rows: number; hotlineIds: string[] }>();
  unplaced = { rows: 0, hotlineIds: [] as string[] };
  hold(category: string, id: string) {
    const u = this.unmapped.get(category) ?? { rows: 0, hotlineIds: [] };
    u.rows++;
    if (u.hotlineIds.length < MAX_IDS) u.hotlineIds.push(id);
    this.unmapped.set(category, u);
  }
  report(problems: LineProblems): HotlineImportReport {
    return {
      changed: this.changed,
      unmapped: [...this.unmapped].map(([category, u]) => ({ category, ...u })),
      unplaced: this.unplaced,
      problems: { list: problems.list, count: problems.count },
    };
  }
}

/**
 * Import one file of work orders: refused whole (400, nothing filed) when a row is malformed;
 * otherwise every good order is filed, held back or counted as a duplicate, and the report
 * stored and returned. Audited either way.
 */
export async function importHotlineOrders(ctx: Ctx, file: HotlineFile): Promise<HotlineImport> {
  const id = crypto.randomUUID();
  const problems = new LineProblems();
  const rowsRead = await readOrders(ctx, file, problems, async () => {});
  const base = {
    id,
    via: file.via,
    department_code: file.department?.code ?? null,
    account_id: ctx.actor?.id ?? null,
    file_name: file.fileName.slice(0, 200),
    format: file.format,
    rows_read: rowsRead,
  };
  const audit = (outcome: 'ok' | 'failed', detail: Record<string, unknown>) =>
    auditEntry(ctx, {
      action: 'hotline.import',
      objectType: 'hotline_import',
      objectId: id,
      outcome,
      detail: { department: file.department?.code ?? null, via: file.via, rowsRead, ...detail },
    });

  if (problems.count > 0) {
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('hotline_imports')
        .values({
          ...base,
          outcome: 'refused',
          report: JSON.stringify(new Tally().report(problems)),
          finished_at: new Date(),
        })
        .execute();
      await appendAudits(trx, ctx, [audit('failed', { problems: problems.count })]);
    });
    const first = problems.list[0]!;
    throw new AppError(
      ErrorCode.validation,
      `${problems.count} problem(s), no work order filed; first at line ${first.line}, ${first.column}: ${first.message} / 共 ${problems.count} 处问题，未导入任何工单`,
      {
        field: 'file',
        rule: 'rows',
        rows: problems.list.map((p) => ({
          row: p.line,
          field: p.column,
          reason: `${p.rule}: ${p.message}`,
        })),
      },
    );
  }

  await ctx.db
    .insertInto('hotline_imports')
    .values({ ...base, outcome: 'imported', report: JSON.stringify(new Tally().report(problems)) })
    .execute();
  const tally = new Tally();
  const mapping = await readMapping(ctx.db);
  // a category's scenario and answers checked once per import (the taxonomy may have moved)
  const usable = new Map<string, boolean>();
  const isUsable = (category: string): boolean => {
    let ok = usable.get(category);
    if (ok === undefined) {
      const m = mapping.get(category);
      const scenario = m && findScenario(m.scenarioCode);
      ok = !!scenario;
      if (scenario) {
        try {
          validateAttributes(scenario, m!.attributes, 'attributes');
        } catch {
          ok = false;
        }
      }
      usable.set(category, ok);
    }
    return ok;
  };
  const places = new Map<string, Promise<Placed | null>>();
  const place = (address: string) => {
    let p = places.get(address);
    if (!p) {
      if (places.size > 10_000) places.clear();
      p = placeAddress(ctx.db, address);
      places.set(address, p);
    }
    return p;
  };

  const fileOne = async (o: Order): Promise<void> => {
    if (!isUsable(o.category)) {
      tally.hold(o.category, o.hotlineId);
      return;
    }
    const m = mapping.get(o.category)!;
    let point = o.lat !== null && o.lng !== null ? { lat: o.lat, lng: o.lng } : null;
    if (!point) {
      const placed = await place(o.address!);
      if (!placed) {
        tally.unplaced.rows++;
        if (tally.unplaced.hotlineIds.length < MAX_IDS) tally.unplaced.hotlineIds.push(o.hotlineId);
        return;
      }
      point = { lat: placed.lat, lng: placed.lng };
    }
    try {
      const filed = await fileCase(ctx, {
        scenarioCode: m.scenarioCode,
        description: o.text,
        lat: point.lat,
        lng: point.lng,
        areaCode: null,
        address: o.address,
        attributes: m.attributes,
        photoIds: [],
        at: o.receivedAt,
        contact:
          o.callerName || o.callerPhone
            ? {
                ...(o.callerName ? { name: o.callerName } : {}),
                ...(o.callerPhone ? { phone: o.callerPhone } : {}),
              }
            : null,
        source: 'hotline',
        reporterId: null,
        reporterName: REPORTER,
        idempotency: { scope: SCOPE, key: o.hotlineId },
        withDetail: false,
      });
      if (filed.created) tally.created++;
      else tally.duplicates++;
    } catch (e) {
      // the id is a case already, made from other content: the first one stands
      if (e instanceof AppError && e.code === ErrorCode.conflict) {
        tally.duplicates++;
        if (tally.changed.length < MAX_CHANGED) tally.changed.push(o.hotlineId);
        return;
      }
      throw e;
    }
  };

  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  const again = new LineProblems();
  try {
    await readOrders(ctx, file, again, async (o) => {
      if (failure) throw failure;
      const p: Promise<void> = fileOne(o).then(
        () => void inFlight.delete(p),
        (e: unknown) => {
          inFlight.delete(p);
          failure ??= e;
        },
      );
      inFlight.add(p);
      if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
    });
    await Promise.all(inFlight);
    if (failure) throw failure;
  } finally {
    await Promise.allSettled(inFlight);
    const report = tally.report(again);
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('hotline_imports')
        .set({
          created: tally.created,
          duplicates: tally.duplicates,
          report: JSON.stringify(report),
          finished_at: new Date(),
        })
        .where('id', '=', id)
        .execute();
      await appendAudits(trx, ctx, [
        audit(failure ? 'failed' : 'ok', {
          created: tally.created,
          duplicates: tally.duplicates,
          held: report.unplaced.rows + report.unmapped.reduce((n, u) => n + u.rows, 0),
        }),
      ]);
    });
  }
  return toImport(
    await ctx.db
      .selectFrom('hotline_imports')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow(),
  );
}

export function toImport(r: Selectable<HotlineImportsTable>): HotlineImport {
  const report = r.report as unknown as Partial<HotlineImportReport>;
  const problems = report.problems ?? { list: [], count: 0 };
  return {
    id: r.id,
    via: r.via,
    departmentCode: r.department_code,
    fileName: r.file_name,
    format: r.format,
    outcome: r.outcome,
    rowsRead: r.rows_read,
    created: r.created,
    duplicates: r.duplicates,
    changed: report.changed ?? [],
    unmapped: report.unmapped ?? [],
    unplaced: report.unplaced ?? { rows: 0, hotlineIds: [] },
    problems: problems.list,
    moreProblems: problems.count > problems.list.length,
    createdAt: r.created_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
  };
}
