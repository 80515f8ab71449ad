import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  REGISTRY_LABELS,
  type ImportKind,
  type RegistryColumn,
  type RegistryDictionary,
  type RegistryImport,
  type RegistryImportList,
} from '@cc/contracts';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AppDeps, Ctx } from '../../platform/context.js';
import { csvCell } from '../../platform/csv.js';
import { copyLines, runsApart } from '../../platform/db/copy.js';
import type { DB, RegistryImportsTable } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { readRows, sniffFile, type FileFormat } from './import-files.js';
import { IMPORT_KINDS_SPEC, type Lines, type Prepared, type RowResult } from './import-kinds.js';
import { mayEditRegistry } from './registry.policy.js';
import { requireRegistryArea } from './registry.shared.js';
import { startSealer, type Sealer } from './sealer.js';
import type { Plain } from './sealing.js';
import { refreshCommitteeStats } from './stats.js';

/**
 * Bulk import of residents, housing or organisations into one committee, all or nothing:
 * 1. the file streams row by row; each row is checked here, sealed (encrypted, hashed,
 *    masked) on a worker thread 500 rows at a time, and copied into a staging table of its own
 *    (COPY on PostgreSQL) 2,000 rows at a time; bad rows go into the report;
 * 2. whole-file checks run in SQL over the staging table (duplicates within the file, rooms
 *    that do not exist, people registered in another committee);
 * 3. one transaction merges the staging table: new rows inserted, changed rows updated,
 *    identical rows untouched — so a re-import of the same file changes nothing. On PostgreSQL
 *    that transaction is open from the start and merges while the file is still being read;
 *    a bad file rolls it back.
 * A process killed midway leaves only its staging table, dropped at the next start.
 */

export const IMPORT_MAX_BYTES = 200 * 1024 * 1024;
const PROBLEMS_SHOWN = 100;
const PROBLEMS_KEPT = 100_000;
const PROGRESS_EVERY_MS = 500;
/**
 * rows checked, placed and sealed at a time: few, so that fewer of them outlive the young
 * generation (a heap sample counted a third fewer surviving bytes than with 2,000)
 */
const SEAL_ROWS = 500;
/** sealed rows copied into the stage at a time */
const COPY_ROWS = 2_000;
/** copies on their way (being sealed or copied) while the next rows are read */
const COPIES_IN_FLIGHT = 2;
/** staged rows merged at a time, on PostgreSQL */
const MERGE_ROWS = 20_000;

const importsDir = (deps: AppDeps) => path.join(deps.config.dataDir, 'imports');
const stageTable = (id: string) => `registry_stage_${id.replaceAll('-', '')}`;

export interface Upload {
  /** a file in the imports directory, removed when the import ends */
  filePath: string;
  fileName: string;
  bytes: number;
}

/** Where the route streams an upload before the import starts. */
export function uploadPath(deps: AppDeps): string {
  fs.mkdirSync(importsDir(deps), { recursive: true, mode: 0o700 });
  return path.join(importsDir(deps), `${crypto.randomUUID()}.upload`);
}

/** Start an import; the work continues after the reply, its progress on the import row. */
export async function startImport(
  ctx: Ctx,
  kind: ImportKind,
  committeeCode: string,
  upload: Upload,
): Promise<{ started: RegistryImport; done: Promise<void> }> {
  try {
    const committee = await requireRegistryArea(
      ctx,
      committeeCode,
      mayEditRegistry,
      'registry.import',
    );
    if (committee.level !== 'committee')
      throw AppError.invalid(
        'committee',
        'level',
        'committee must be a residents committee / 须为居委编码',
      );
    const { format, encoding } = await sniffFile(upload.filePath, upload.fileName);
    const id = crypto.randomUUID();
    await ctx.db
      .insertInto('registry_imports')
      .values({
        id,
        kind,
        committee_code: committee.code,
        actor_id: ctx.actor!.id,
        file_name: upload.fileName.slice(0, 200),
        format,
        status: 'running',
        total_bytes: upload.bytes,
        message: encoding === 'gbk' ? 'read as GBK / 按 GBK 编码读取' : null,
      })
      .execute();
    const done = runImport(ctx, id, kind, committee, upload, format, encoding).finally(() =>
      fs.promises.rm(upload.filePath, { force: true }),
    );
    return { started: await getImport(ctx, id), done };
  } catch (e) {
    await fs.promises.rm(upload.filePath, { force: true });
    throw e;
  }
}

async function runImport(
  ctx: Ctx,
  id: string,
  kind: ImportKind,
  committee: { code: string; path: string; name: string },
  upload: Upload,
  format: FileFormat,
  encoding: 'utf-8' | 'gbk',
): Promise<void> {
  const db = ctx.db;
  const spec = IMPORT_KINDS_SPEC[kind];
  const stage = stageTable(id);
  let sealer: Sealer | null = null;
  let readBytes = 0;
  let rowsRead = 0;
  let rowsBad = 0;
  let lastProgress = 0;
  let problems: { import_id: string; row: number; field: string; reason: string }[] = [];
  const flushProblems = async () => {
    if (problems.length) await db.insertInto('registry_import_problems').values(problems).execute();
    problems = [];
  };
  const problem = async (row: number, field: string, reason: string) => {
    if (rowsBad < PROBLEMS_KEPT) problems.push({ import_id: id, row, field, reason });
    if (problems.length >= 500) await flushProblems();
  };
  const progress = async (force = false) => {
    if (!force && Date.now() - lastProgress < PROGRESS_EVERY_MS) return;
    lastProgress = Date.now();
    await db
      .updateTable('registry_imports')
      .set({ read_bytes: readBytes, rows_read: rowsRead, rows_bad: rowsBad })
      .where('id', '=', id)
      .execute();
  };
  const finish = async (status: 'failed' | 'done', set: Record<string, unknown> = {}) => {
    await flushProblems();
    await db
      .updateTable('registry_imports')
      .set({
        status,
        read_bytes: readBytes,
        rows_read: rowsRead,
        rows_bad: rowsBad,
        finished_at: new Date(),
        ...set,
      })
      .where('id', '=', id)
      .execute();
  };

  try {
    const prepared: Prepared = await spec.prepare(ctx, committee);
    // (no autovacuum: it would vacuum and analyse the growing table, which lives minutes)
    await sql`create unlogged table ${sql.table(stage)} (line integer not null, ${sql.raw(
      prepared.stageColumns.map(([c, t]) => `${c} ${t}`).join(', '),
    )}) with (autovacuum_enabled = off)`.execute(db);
    // each merge takes a range of lines: a b-tree finds it (rows come in line order, so the
    // index only grows at its right edge); a BRIN index would stay unsummarised until a vacuum
    await sql`create index on ${sql.table(stage)} (line)`.execute(db);
    const columns = ['line', ...prepared.stageColumns.map(([c]) => c)];
    sealer = await startSealer(ctx.cipher);
    let staged = 0;

    /**
     * Read, check and stage the file in chunks; `chunkStaged` gets each chunk's first and
     * last line. Good rows are staged even after a bad one, so the whole-file checks see them all.
     */
    const stageFile = async (
      chunkStaged: (lines: [number, number], rows: number) => Promise<void>,
    ) => {
      const rows = readRows(upload.filePath, format, encoding, (n) => {
        readBytes += n;
      });
      let header: ((cells: string[]) => Record<string, string>) | null = null;
      let lines: number[] = [];
      let plains: Plain[] = [];
      // rows on their way: every SEAL_ROWS read have their rooms looked up and are sealed on the
      // worker at once; COPY_ROWS of sealed rows are copied into the stage together, after the
      // copy before them, while the next rows are read here. Only sealed bytes (outside the
      // heap) wait for a copy or a merge: plain rows kept waiting are more to outlive the young
      // generation
      let copy: {
        first: number;
        last: number;
        rows: number;
        sealed: Promise<Uint8Array>[];
      } | null = null;
      const inFlight: Promise<void>[] = [];
      const placeAndSeal = async (chunkLines: number[], chunkPlains: Plain[]) => {
        await prepared.place?.(db, chunkPlains);
        return sealer!.seal(kind, chunkLines, chunkPlains);
      };
      const startCopy = async () => {
        if (!copy) return;
        const { first, last, rows, sealed } = copy;
        copy = null;
        const before = inFlight.at(-1);
        const staging = (async () => {
          const chunks = await Promise.all(sealed);
          await before;
          await copyLines(db, stage, columns, chunks);
          for (const bytes of chunks) sealer!.release(bytes);
          staged += rows;
          await chunkStaged([first, last], rows);
        })();
        staging.catch(() => {}); // awaited with a later copy or at the end
        inFlight.push(staging);
        if (inFlight.length > COPIES_IN_FLIGHT) await inFlight.shift();
      };
      const flush = async () => {
        if (!plains.length) return;
        copy ??= { first: lines[0]!, last: 0, rows: 0, sealed: [] };
        copy.last = lines.at(-1)!;
        copy.rows += lines.length;
        const sealed = placeAndSeal(lines, plains);
        sealed.catch(() => {}); // awaited with its copy
        copy.sealed.push(sealed);
        [lines, plains] = [[], []];
        if (copy.rows >= COPY_ROWS) await startCopy();
      };
      for await (const { row, cells } of rows) {
        if (!header) {
          const h = mapHeader(spec.columns, cells);
          if ('missing' in h) {
            await problem(row, 'header', h.missing);
            rowsBad++;
            break;
          }
          header = h.map;
          continue;
        }
        if (cells.every((c) => c.trim() === '')) continue;
        rowsRead++;
        const result = checkRow(spec.columns, header(cells), prepared);
        if ('problems' in result) {
          rowsBad++;
          for (const [field, reason] of result.problems) await problem(row, field, reason);
        } else {
          lines.push(row);
          plains.push(result.plain);
          if (plains.length >= SEAL_ROWS) await flush();
        }
        await progress();
      }
      await flush();
      await startCopy();
      for (const staging of inFlight) await staging;
      if (!header && rowsBad === 0) {
        await problem(1, 'file', 'the file has no header row / 文件没有表头');
        rowsBad++;
      }
      await progress(true);
    };

    /** The whole-file checks (SQL over the staging table), once every row is read. */
    const fileIsBad = async (reader: Kysely<DB>) => {
      for (const check of prepared.fileChecks(stage)) {
        const { rows: found } = await check.execute(reader);
        for (const f of found) {
          rowsBad++;
          await problem(f.line, f.field, f.reason);
        }
      }
      return rowsBad > 0;
    };

    const merged = { inserted: 0, updated: 0 };
    const merge = async (trx: Kysely<DB>, lines: Lines) => {
      const m = await prepared.merge(trx, stage, id, lines);
      merged.inserted += m.inserted;
      merged.updated += m.updated;
    };
    const conclude = async (trx: Kysely<DB>) => {
      await refreshCommitteeStats(trx, [committee.code]);
      const counts = { ...merged, unchanged: staged - merged.inserted - merged.updated };
      await recordAudit(
        ctx,
        {
          action: 'registry.import',
          objectType: 'registry_import',
          objectId: id,
          detail: {
            kind,
            committee: committee.code,
            file: upload.fileName.slice(0, 200),
            ...counts,
          },
        },
        trx,
      );
      return counts;
    };

    let counts: Awaited<ReturnType<typeof conclude>>;
    if (runsApart(db)) {
      // PostgreSQL works in processes of its own: the staged rows are merged, MERGE_ROWS at a
      // time, in the import's one transaction while the next are read; a bad file rolls all of
      // it back.
      counts = await db.transaction().execute(async (trx) => {
        // a merge sorts MERGE_ROWS staged rows (≈ 10 MB): in memory, not in temporary files
        await sql`set local work_mem = '32MB'`.execute(trx);
        let merging: Promise<void> = Promise.resolve();
        let waiting: { first: number; last: number; rows: number } | null = null;
        const mergeWaiting = async (atLeast: number) => {
          if (!waiting || waiting.rows < atLeast) return;
          const lines = [waiting.first, waiting.last] as const;
          waiting = null;
          await merging;
          if (rowsBad > 0) return; // the file will fail: no use merging more
          merging = merge(trx, lines);
          merging.catch(() => {}); // awaited before the next merge or at the end
        };
        await stageFile(async ([first, last], rows) => {
          waiting = { first: waiting?.first ?? first, last, rows: (waiting?.rows ?? 0) + rows };
          await mergeWaiting(MERGE_ROWS);
        });
        await mergeWaiting(1);
        await merging;
        if (await fileIsBad(trx)) throw new BadFile();
        return conclude(trx);
      });
    } else {
      // the embedded database shares this thread: stage everything, then merge at once
      await stageFile(async () => {});
      if (await fileIsBad(db)) throw new BadFile();
      counts = await db.transaction().execute(async (trx) => {
        await merge(trx, null);
        return conclude(trx);
      });
    }
    await finish('done', counts);
  } catch (e) {
    const message =
      e instanceof BadFile
        ? `${rowsBad} bad rows: nothing was stored / ${rowsBad} 行有误，未导入任何数据`
        : e instanceof AppError
          ? e.message
          : `the import stopped: ${(e as Error).message} / 导入中断，未导入任何数据`;
    if (!(e instanceof AppError || e instanceof BadFile))
      console.error('registry import', id, (e as Error).message);
    await finish('failed', { message: message.slice(0, 500) }).catch(() => {});
  } finally {
    await sealer?.close();
    await sql`drop table if exists ${sql.table(stage)}`.execute(db).catch(() => {});
  }
}

/** A file with bad rows: nothing is stored, the report lists them. */
class BadFile extends Error {}

/** One row's cells by column: required ones present, dictionary words as codes, then the kind's checks. */
function checkRow(
  columns: RegistryColumn[],
  values: Record<string, string>,
  prepared: Prepared,
): RowResult {
  const problems: [string, string][] = [];
  for (const col of columns) {
    const v = values[col.key]?.trim() ?? '';
    values[col.key] = v;
    if (col.required && !v) problems.push([`${col.zh} (${col.en})`, 'is required / 必填']);
    else if (v && col.dictionary) {
      const code = DICTIONARY_CODES[col.dictionary].get(v.toLowerCase());
      if (code) values[col.key] = code;
      else problems.push([`${col.zh} (${col.en})`, dictionaryProblem(col, v)]);
    }
  }
  return problems.length ? { problems } : prepared.check(values);
}

/** The headers, in Chinese or English, mapped to the kind's columns; missing required ones named. */
function mapHeader(
  columns: RegistryColumn[],
  cells: string[],
): { map: (cells: string[]) => Record<string, string> } | { missing: string } {
  const norm = (s: string) =>
    s
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase();
  const index = new Map<string, number>();
  cells.forEach((c, i) => {
    const col = columns.find((k) => [k.zh, k.en, k.key].map(norm).includes(norm(c)));
    if (col && !index.has(col.key)) index.set(col.key, i);
  });
  const missing = columns.filter((c) => c.required && !index.has(c.key));
  const unknown = cells.filter(
    (c) => c.trim() && !columns.some((k) => [k.zh, k.en, k.key].map(norm).includes(norm(c))),
  );
  if (missing.length || unknown.length) {
    const parts = [
      missing.length
        ? `missing columns 缺少列: ${missing.map((c) => `${c.zh} (${c.en})`).join(', ')}`
        : '',
      unknown.length
        ? `unknown columns 无法识别的列: ${unknown.map((c) => c.slice(0, 30)).join(', ')}`
        : '',
    ].filter(Boolean);
    return {
      missing: `${parts.join('; ')}. Expected 应为: ${columns.map((c) => c.zh).join(', ')}`,
    };
  }
  const pairs = [...index];
  return {
    map: (row) => {
      const values: Record<string, string> = {};
      for (const [key, i] of pairs) values[key] = row[i] ?? '';
      return values;
    },
  };
}

/** Each dictionary's codes by their code, Chinese and English words (lower case). */
const DICTIONARY_CODES = Object.fromEntries(
  Object.entries(REGISTRY_LABELS).map(([dict, labels]) => [
    dict,
    new Map(
      (Object.entries(labels) as [string, readonly [string, string]][]).flatMap(
        ([code, [zh, en]]) => [
          [code, code],
          [zh.toLowerCase(), code],
          [en.toLowerCase(), code],
        ],
      ),
    ),
  ]),
) as Record<RegistryDictionary, Map<string, string>>;

function dictionaryProblem(col: RegistryColumn, value: string): string {
  const allowed = Object.values(REGISTRY_LABELS[col.dictionary!]).map(([zh]) => zh);
  return `${col.zh} (${col.en}) "${value.slice(0, 30)}" must be one of 应为: ${allowed.join(' / ')}`;
}

// ---- reading the imports ----

export async function getImport(ctx: Ctx, id: string): Promise<RegistryImport> {
  const row = await ctx.db
    .selectFrom('registry_imports')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  const area = row
    ? await ctx.db
        .selectFrom('areas')
        .select('path')
        .where('code', '=', row.committee_code)
        .executeTakeFirst()
    : null;
  if (!row || !area || !mayEditRegistry(ctx.actor, area.path))
    throw AppError.notFound('No such import in your scope / 您的范围内没有此导入记录');
  const problems = await ctx.db
    .selectFrom('registry_import_problems')
    .select(['row', 'field', 'reason'])
    .where('import_id', '=', id)
    .orderBy('row')
    .limit(PROBLEMS_SHOWN)
    .execute();
  return toImport(row, problems);
}

function toImport(
  r: Selectable<RegistryImportsTable>,
  problems: RegistryImport['problems'],
): RegistryImport {
  return {
    id: r.id,
    kind: r.kind as ImportKind,
    committeeCode: r.committee_code,
    fileName: r.file_name,
    format: r.format as RegistryImport['format'],
    status: r.status as RegistryImport['status'],
    totalBytes: r.total_bytes,
    readBytes: Math.min(r.read_bytes, r.total_bytes),
    rowsRead: r.rows_read,
    rowsBad: r.rows_bad,
    inserted: r.inserted,
    updated: r.updated,
    unchanged: r.unchanged,
    message: r.message,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    problems,
  };
}

export async function listImports(ctx: Ctx, committeeCode: string): Promise<RegistryImportList> {
  const committee = await requireRegistryArea(
    ctx,
    committeeCode,
    mayEditRegistry,
    'registry.import.list',
  );
  const rows = await ctx.db
    .selectFrom('registry_imports')
    .selectAll()
    .where('committee_code', '=', committee.code)
    .orderBy('started_at', 'desc')
    .limit(20)
    .execute();
  return { items: rows.map((r) => toImport(r, [])) };
}

/** Every bad row of an import as CSV (row, field, reason), with a BOM for Excel. */
export async function importReport(ctx: Ctx, id: string): Promise<string> {
  await getImport(ctx, id);
  const rows = await ctx.db
    .selectFrom('registry_import_problems')
    .select(['row', 'field', 'reason'])
    .where('import_id', '=', id)
    .orderBy('row')
    .execute();
  return `\uFEFF行号 row,字段 field,原因 reason\n${rows.map((r) => `${r.row},${csvCell(r.field)},${csvCell(r.reason)}`).join('\n')}\n`;
}

/** At start: imports cut off by a crash are marked, their staging tables and uploads removed. */
export async function cleanUpImports(deps: AppDeps): Promise<void> {
  const stale = await deps.db
    .updateTable('registry_imports')
    .set({
      status: 'interrupted',
      finished_at: new Date(),
      message:
        'the server stopped during the import: nothing was stored; run it again / 导入期间服务器停止，未导入任何数据，请重新导入',
    })
    .where('status', '=', 'running')
    .returning('id')
    .execute();
  for (const { id } of stale)
    await sql`drop table if exists ${sql.table(stageTable(id))}`.execute(deps.db);
  await fs.promises.rm(importsDir(deps), { recursive: true, force: true });
}
