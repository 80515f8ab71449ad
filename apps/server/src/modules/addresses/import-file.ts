import crypto from 'node:crypto';
import { ErrorCode, type FileLineProblem, type AddressImportResult } from '@cc/contracts';
import type { Kysely } from 'kysely';
import type { Ctx } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import {
  fileLines,
  LineProblems as Problems,
  readProblem,
  splitCsvLine,
} from '../../platform/line-file.js';
import { auditEntry, appendAudits } from '../audit/index.js';
import { findAreaCached, normalizeAreaCode, resolveAreaCode } from '../areas/index.js';
import { upsertAddresses, type NewAddress } from './addresses.repo.js';
import { normaliseAddress } from './normalise.js';

/**
 * The address file (data/addresses/README.md): UTF-8 CSV with a header naming `address`,
 * `lng`, `lat` and optionally `area_code`, in any order. Read as a stream twice: first every
 * row is checked (nothing is written while a problem can still turn up), then, when none was
 * found, the rows are written in batches inside one transaction, so a file is stored whole
 * or not at all. Memory stays bounded by a batch.
 */

export const COLUMNS = ['address', 'lng', 'lat', 'area_code'] as const;
type Column = (typeof COLUMNS)[number];
const REQUIRED: Column[] = ['address', 'lng', 'lat'];
export const MAX_ADDRESS_LENGTH = 200;
const BATCH = 1000;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** One data row of the file, checked and placed. */
interface GoodRow {
  line: number;
  row: NewAddress;
}

interface Header {
  index: Record<Column, number>;
}

function parseHeader(fields: string[], problems: Problems): Header | null {
  const names = fields.map((f) => f.trim().toLowerCase());
  const index = {} as Record<Column, number>;
  for (const [i, n] of names.entries()) {
    if (!(COLUMNS as readonly string[]).includes(n)) {
      problems.add(1, n || `#${i + 1}`, 'unknown-column', `unknown column "${n}" / 未知的列`);
      continue;
    }
    if (index[n as Column] !== undefined) {
      problems.add(1, n, 'duplicate-column', `column ${n} appears twice / 列重复`);
    }
    index[n as Column] = i;
  }
  for (const c of REQUIRED) {
    if (index[c] === undefined)
      problems.add(1, c, 'required', `the header lacks ${c} / 表头缺少 ${c} 列`);
  }
  return problems.count > 0 ? null : { index };
}

/**
 * Areas by code, looked up once per import: the first reading fills it, the second (inside the
 * transaction) finds them here, so it never asks the database outside its transaction.
 */
class Places {
  private readonly known = new Map<string, { code: string; path: string } | undefined>();
  constructor(readonly db: Kysely<DB>) {}
  async area(code: string) {
    if (!this.known.has(code)) {
      const a = await findAreaCached(this.db, code);
      this.known.set(code, a ? { code: a.code, path: a.path } : undefined);
    }
    return this.known.get(code);
  }
}

/** Check one data row; the address row when it is good. */
async function checkRow(
  places: Places,
  line: number,
  fields: string[],
  header: Header,
  problems: Problems,
  importId: string,
): Promise<NewAddress | null> {
  const before = problems.count;
  const get = (c: Column) => {
    const i = header.index[c];
    return i === undefined ? '' : (fields[i] ?? '').trim();
  };
  const address = get('address');
  const search = normaliseAddress(address);
  if (!address || !search) problems.add(line, 'address', 'required', 'address is empty / 地址为空');
  else if (address.length > MAX_ADDRESS_LENGTH)
    problems.add(
      line,
      'address',
      'maxLength',
      `address is longer than ${MAX_ADDRESS_LENGTH} characters / 地址超过 ${MAX_ADDRESS_LENGTH} 字`,
    );
  const coordinate = (c: 'lng' | 'lat', max: number): number | null => {
    const v = get(c);
    if (!v) {
      problems.add(line, c, 'required', `${c} is empty / ${c === 'lng' ? '经度' : '纬度'}为空`);
      return null;
    }
    const n = Number(v);
    if (!NUMBER.test(v) || !Number.isFinite(n) || Math.abs(n) > max) {
      problems.add(
        line,
        c,
        'range',
        `${c} "${v.slice(0, 30)}" is not a number within ±${max} / ${c === 'lng' ? '经度' : '纬度'}不是 ±${max} 以内的数`,
      );
      return null;
    }
    return n;
  };
  const lng = coordinate('lng', 180);
  const lat = coordinate('lat', 90);
  let area: { code: string; path: string } | undefined;
  const rawCode = get('area_code');
  if (rawCode) {
    let code = rawCode;
    try {
      code = normalizeAreaCode(rawCode);
    } catch {
      // reported below as unknown
    }
    area = await places.area(code);
    if (!area)
      problems.add(
        line,
        'area_code',
        'exists',
        `no area has code ${rawCode.slice(0, 40)} / 没有该区域编码`,
      );
  } else if (lng !== null && lat !== null) {
    const code = resolveAreaCode(places.db, lng, lat);
    if (code) area = await places.area(code);
    if (!area)
      problems.add(
        line,
        'lng',
        'inside-city',
        `(${lng}, ${lat}) lies outside every area of this city / 坐标不在本市范围内`,
      );
  }
  if (problems.count > before || lng === null || lat === null || !area) return null;
  return {
    kind: 'address',
    source: 'import',
    ref: search,
    label: address,
    search,
    lng,
    lat,
    area_code: area.code,
    area_path: area.path,
    import_id: importId,
  };
}

/** Read the file once, calling `each` with every good row; problems collect as they are found. */
async function readFile(
  places: Places,
  filePath: string,
  importId: string,
  problems: Problems,
  each: (good: GoodRow) => Promise<void>,
): Promise<number> {
  let header: Header | null = null;
  let line = 0;
  let rows = 0;
  try {
    for await (const text of fileLines(filePath)) {
      line++;
      const fields = splitCsvLine(text);
      if (line === 1) {
        header = fields ? parseHeader(fields, problems) : null;
        if (!fields)
          problems.add(1, 'file', 'format', 'the header is not a CSV line / 表头格式有误');
        if (!header) return 0;
        continue;
      }
      if (text.trim() === '') continue;
      rows++;
      if (!fields) {
        problems.add(line, 'file', 'format', 'a quote is not closed on this line / 引号未闭合');
        continue;
      }
      const row = await checkRow(places, line, fields, header!, problems, importId);
      if (row) await each({ line, row });
    }
  } catch (e) {
    const problem = readProblem(e);
    if (problem) {
      problems.add(line + 1, 'file', problem.rule, problem.message);
      return rows;
    }
    throw e;
  }
  if (line === 0) problems.add(1, 'file', 'required', 'the file is empty / 文件为空');
  return rows;
}

/**
 * Import an address file: every row or none. A refused file is recorded with its problems
 * (line and column) and answered with a 400 naming the first; a good one is written and the
 * platform-derived rows are left as they are. Audited either way.
 */
export async function importAddressFile(
  ctx: Ctx,
  filePath: string,
  fileName: string,
): Promise<AddressImportResult> {
  const id = crypto.randomUUID();
  const problems = new Problems();
  const actorId = ctx.actor?.id ?? null;
  const places = new Places(ctx.db);
  const rowsRead = await readFile(places, filePath, id, problems, async () => {});
  if (problems.count > 0 || rowsRead === 0) {
    if (problems.count === 0)
      problems.add(2, 'file', 'required', 'the file has no rows / 文件没有数据行');
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('address_imports')
        .values({
          id,
          file_name: fileName.slice(0, 200),
          outcome: 'refused',
          rows_read: rowsRead,
          rows_stored: 0,
          problems: JSON.stringify({ list: problems.list, count: problems.count }),
          created_by: actorId,
        })
        .execute();
      await appendAudits(trx, ctx, [
        auditEntry(ctx, {
          action: 'addresses.import',
          objectType: 'address_import',
          objectId: id,
          outcome: 'failed',
          detail: { fileName: fileName.slice(0, 200), rowsRead, problems: problems.count },
        }),
      ]);
    });
    const first = problems.list[0]!;
    throw new AppError(
      ErrorCode.validation,
      `${problems.count} problem(s), nothing stored; first at line ${first.line}, ${first.column}: ${first.message} / 共 ${problems.count} 处问题，未导入任何地址；首处在第 ${first.line} 行 ${first.column} 列`,
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

  let stored = 0;
  const created = await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('address_imports')
      .values({
        id,
        file_name: fileName.slice(0, 200),
        outcome: 'imported',
        rows_read: rowsRead,
        rows_stored: 0,
        problems: JSON.stringify({ list: [], count: 0 }),
        created_by: actorId,
      })
      .execute();
    let batch = new Map<string, NewAddress>();
    const flush = async () => {
      stored += await upsertAddresses(trx, [...batch.values()]);
      batch = new Map();
    };
    const again = new Problems();
    await readFile(places, filePath, id, again, async ({ row }) => {
      batch.set(row.ref, row);
      if (batch.size >= BATCH) await flush();
    });
    // the file changed between the readings: refuse it whole
    if (again.count > 0)
      throw AppError.invalid('file', 'changed', 'file: it changed while read / 文件在读取时被改动');
    await flush();
    const r = await trx
      .updateTable('address_imports')
      .set({ rows_stored: stored })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudits(trx, ctx, [
      auditEntry(ctx, {
        action: 'addresses.import',
        objectType: 'address_import',
        objectId: id,
        detail: { fileName: fileName.slice(0, 200), rowsRead, rowsStored: stored },
      } as never),
    ]);
    return r;
  });
  return toResult(created);
}

export function toResult(r: {
  id: string;
  file_name: string;
  outcome: 'imported' | 'refused';
  rows_read: number;
  rows_stored: number;
  problems: unknown;
  created_by: string | null;
  created_at: Date;
}): AddressImportResult {
  const p = r.problems as { list?: FileLineProblem[]; count?: number } | null;
  const list = p?.list ?? [];
  return {
    id: r.id,
    fileName: r.file_name,
    outcome: r.outcome,
    rowsRead: r.rows_read,
    rowsStored: r.rows_stored,
    problems: list,
    moreProblems: (p?.count ?? 0) > list.length,
    createdAt: new Date(r.created_at).toISOString(),
    createdBy: r.created_by,
  };
}
