import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ImportKind, RegistryImport, RegistryImportList } from '@cc/contracts';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AppDeps, Ctx } from '../../platform/context.js';
import { csvCell } from '../../platform/csv.js';
import { copyLines, runsApart } from '../../platform/db/copy.js';
import type { DB } from '../../platform/db/schema.js';
import type { RegistryImportsTable } from './registry.tables.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { readRows, sniffFile, type FileFormat } from './import-files.js';
import { IMPORT_KINDS_SPEC, type Lines, type Merged, type Prepared } from './import-kinds.js';
import { checkRow, mapHeader, withoutValues } from './import-rows.js';
import { mayEditRegistry } from './registry.policy.js';
import { requireRegistryArea } from './registry.repo.js';
import { startSealer, type Sealer } from './sealer.js';
import type { Plain } from './sealing.js';
import { refreshCommitteeStats } from './stats.repo.js';

/**
 * Bulk import of residents, housing or organisations into one committee, all or nothing:
 * 1. `readAndStage`: the file streams row by row; each row is checked here, sealed (encrypted,
 *    hashed, masked) on a worker thread 500 rows at a time, and copied into a staging table of
 *    its own (COPY on PostgreSQL) 2,000 rows at a time; bad rows go into the report;
 * 2. `checkWholeFile`: whole-file checks run in SQL over the staging table (duplicates within
 *    the file, rooms that do not exist, people registered in another committee);
 * 3. `mergeStaged`: one transaction merges the staging table: new rows inserted, changed rows
 *    updated, identical rows untouched — so a re-import of the same file changes nothing. On
 *    PostgreSQL that transaction is open from the start and merges while the file is still
 *    being read; a bad file rolls it back. It ends with the committee's statistics refreshed
 *    and the import audited (`concludeMerge`).
 * A process killed midway leaves only its staging table, dropped at the next start.
 */

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

/**
 * The import, from the staging table made to the result on its row: read, check and stage the
 * file (merging as it goes on PostgreSQL), check it whole, merge it, refresh the committee's
 * statistics; on any failure nothing is stored. The stage is dropped either way.
 */
async function runImport(
  ctx: Ctx,
  id: string,
  kind: ImportKind,
  committee: Committee,
  upload: Upload,
  format: FileFormat,
  encoding: 'utf-8' | 'gbk',
): Promise<void> {
  const run = new ImportRun(ctx, id, kind, committee, upload, format, encoding);
  let staging: Staging | null = null;
  try {
    staging = await openStaging(run);
    const counts = runsApart(run.db)
      ? await stageAndMergeAlongside(run, staging)
      : await stageThenMerge(run, staging);
    await run.finish('done', counts);
    // what the merge's events queued (residents' links to re-read) runs now
    ctx.jobs.kick();
  } catch (e) {
    await recordFailure(run, e);
  } finally {
    await staging?.sealer.close();
    await dropStage(run.db, run.stage).catch(() => {});
  }
}

/** The kind prepared for the committee, the staging table made and the sealing worker started. */
async function openStaging(run: ImportRun): Promise<Staging> {
  const prepared = await IMPORT_KINDS_SPEC[run.kind].prepare(run.ctx, run.committee);
  // (no autovacuum: it would vacuum and analyse the growing table, which lives minutes)
  await sql`create unlogged table ${sql.table(run.stage)} (line integer not null, ${sql.raw(
    prepared.stageColumns.map(([c, t]) => `${c} ${t}`).join(', '),
  )}) with (autovacuum_enabled = off)`.execute(run.db);
  // each merge takes a range of lines: a b-tree finds it (rows come in line order, so the
  // index only grows at its right edge); a BRIN index would stay unsummarised until a vacuum
  await sql`create index on ${sql.table(run.stage)} (line)`.execute(run.db);
  const columns = ['line', ...prepared.stageColumns.map(([c]) => c)];
  return { prepared, columns, sealer: await startSealer(run.ctx.cipher) };
}

/**
 * PostgreSQL works in processes of its own: the staged rows are merged, MERGE_ROWS at a time,
 * in the import's one transaction while the next are read; a bad file rolls all of it back.
 */
function stageAndMergeAlongside(run: ImportRun, staging: Staging): Promise<ImportCounts> {
  return run.db.transaction().execute(async (trx) => {
    // a merge sorts MERGE_ROWS staged rows (≈ 10 MB): in memory, not in temporary files
    await sql`set local work_mem = '32MB'`.execute(trx);
    const merges = mergeAsStaged(run, staging, trx);
    await readAndStage(run, staging, merges.chunkStaged);
    await merges.end();
    await checkWholeFile(run, staging, trx);
    return concludeMerge(run, trx);
  });
}

/** The embedded database shares this thread: stage everything, then merge at once. */
async function stageThenMerge(run: ImportRun, staging: Staging): Promise<ImportCounts> {
  await readAndStage(run, staging, async () => {});
  await checkWholeFile(run, staging, run.db);
  return run.db.transaction().execute(async (trx) => {
    await mergeStaged(run, staging, trx, null);
    return concludeMerge(run, trx);
  });
}

/**
 * Read, check and stage the file in chunks; `chunkStaged` gets each chunk's first and
 * last line. Good rows are staged even after a bad one, so the whole-file checks see them all.
 */
async function readAndStage(
  run: ImportRun,
  staging: Staging,
  chunkStaged: ChunkStaged,
): Promise<void> {
  const { columns } = IMPORT_KINDS_SPEC[run.kind];
  const rows = readRows(run.upload.filePath, run.format, run.encoding, (n) => {
    run.readBytes += n;
  });
  const chunks = stageInChunks(run, staging, chunkStaged);
  let header: ((cells: string[]) => Record<string, string>) | null = null;
  for await (const { row, cells } of rows) {
    if (!header) {
      const h = mapHeader(columns, cells);
      if ('missing' in h) {
        await run.problem(row, 'header', h.missing);
        run.rowsBad++;
        break;
      }
      header = h.map;
      continue;
    }
    if (cells.every((c) => c.trim() === '')) continue;
    run.rowsRead++;
    const result = checkRow(columns, header(cells), staging.prepared);
    if ('problems' in result) {
      run.rowsBad++;
      for (const [field, reason] of result.problems)
        await run.problem(row, field, withoutValues(reason, cells));
    } else if (chunks.add(row, result.plain)) await chunks.seal();
    await run.progress();
  }
  await chunks.end();
  if (!header && run.rowsBad === 0) {
    await run.problem(1, 'file', 'the file has no header row / 文件没有表头');
    run.rowsBad++;
  }
  await run.progress(true);
}

/**
 * Checked rows on their way to the stage: every SEAL_ROWS read have their rooms looked up and
 * are sealed on the worker at once; COPY_ROWS of sealed rows are copied into the stage
 * together, after the copy before them, while the next rows are read. Only sealed bytes
 * (outside the heap) wait for a copy or a merge: plain rows kept waiting are more to outlive
 * the young generation.
 */
function stageInChunks(run: ImportRun, staging: Staging, chunkStaged: ChunkStaged) {
  const { prepared, sealer, columns } = staging;
  let lines: number[] = [];
  let plains: Plain[] = [];
  let copy: {
    first: number;
    last: number;
    rows: number;
    sealed: Promise<Uint8Array>[];
  } | null = null;
  const inFlight: Promise<void>[] = [];
  const placeAndSeal = async (chunkLines: number[], chunkPlains: Plain[]) => {
    await prepared.place?.(run.db, chunkPlains);
    return sealer.seal(run.kind, chunkLines, chunkPlains);
  };
  const startCopy = async () => {
    if (!copy) return;
    const { first, last, rows, sealed } = copy;
    copy = null;
    const before = inFlight.at(-1);
    const copying = (async () => {
      const chunks = await Promise.all(sealed);
      await before;
      await copyLines(run.db, run.stage, columns, chunks);
      for (const bytes of chunks) sealer.release(bytes);
      run.staged += rows;
      await chunkStaged([first, last], rows);
    })();
    copying.catch(() => {}); // awaited with a later copy or at the end
    inFlight.push(copying);
    if (inFlight.length > COPIES_IN_FLIGHT) await inFlight.shift();
  };
  /** The rows read since the last seal to the worker; a copy starts once COPY_ROWS are sealed. */
  const seal = async () => {
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
  return {
    /** A checked row; true when SEAL_ROWS wait and it is time to `seal`. */
    add(line: number, plain: Plain): boolean {
      lines.push(line);
      plains.push(plain);
      return plains.length >= SEAL_ROWS;
    },
    seal,
    /** The last rows sealed and every copy done. */
    async end() {
      await seal();
      await startCopy();
      for (const copying of inFlight) await copying;
    },
  };
}

/**
 * On PostgreSQL, the staged chunks merged MERGE_ROWS at a time, each merge after the one
 * before; once a row is bad no more are merged (the file will fail).
 */
function mergeAsStaged(run: ImportRun, staging: Staging, trx: Kysely<DB>) {
  let merging: Promise<void> = Promise.resolve();
  let waiting: { first: number; last: number; rows: number } | null = null;
  const mergeWaiting = async (atLeast: number) => {
    if (!waiting || waiting.rows < atLeast) return;
    const lines = [waiting.first, waiting.last] as const;
    waiting = null;
    await merging;
    if (run.rowsBad > 0) return; // the file will fail: no use merging more
    merging = mergeStaged(run, staging, trx, lines);
    merging.catch(() => {}); // awaited before the next merge or at the end
  };
  return {
    chunkStaged: async ([first, last]: [number, number], rows: number) => {
      waiting = { first: waiting?.first ?? first, last, rows: (waiting?.rows ?? 0) + rows };
      await mergeWaiting(MERGE_ROWS);
    },
    /** The rows still waiting merged, and every merge done. */
    async end() {
      await mergeWaiting(1);
      await merging;
    },
  };
}

/** The staged rows of these lines (all of them if null) merged into the tables, and counted. */
async function mergeStaged(run: ImportRun, staging: Staging, trx: Kysely<DB>, lines: Lines) {
  const m = await staging.prepared.merge(trx, run.stage, run.id, lines);
  run.merged.inserted += m.inserted;
  run.merged.updated += m.updated;
}

/**
 * The whole-file checks (SQL over the staging table), once every row is read; BadFile if any
 * row is bad.
 */
async function checkWholeFile(run: ImportRun, staging: Staging, reader: Kysely<DB>) {
  for (const check of staging.prepared.fileChecks(run.stage)) {
    const { rows: found } = await check.execute(reader);
    for (const f of found) {
      run.rowsBad++;
      await run.problem(f.line, f.field, f.reason);
    }
  }
  if (run.rowsBad > 0) throw new BadFile();
}

/** In the merge's transaction: the committee's statistics refreshed and the import audited. */
async function concludeMerge(run: ImportRun, trx: Kysely<DB>): Promise<ImportCounts> {
  await refreshCommitteeStats(trx, [run.committee.code]);
  const counts = run.counts();
  await recordAudit(
    run.ctx,
    {
      action: 'registry.import',
      objectType: 'registry_import',
      objectId: run.id,
      areaPath: run.committee.path,
      detail: {
        kind: run.kind,
        committee: run.committee.code,
        file: run.upload.fileName.slice(0, 200),
        ...counts,
      },
    },
    trx,
  );
  return counts;
}

/**
 * The import's failure on its row: a bad file by its count of bad rows, a refused file by its
 * message (which names the line or limit, never a value), else what stopped it — by its kind
 * and code only, on the row and in the log: a driver's or parser's message may quote a value.
 */
async function recordFailure(run: ImportRun, e: unknown): Promise<void> {
  let message: string;
  if (e instanceof BadFile)
    message = `${run.rowsBad} bad rows: nothing was stored / ${run.rowsBad} 行有误，未导入任何数据`;
  else if (e instanceof AppError) message = e.message;
  else {
    const { name, code } = e as { name?: string; code?: string };
    const what = [name ?? 'Error', code].filter(Boolean).join(' ');
    message = `the import stopped (${what}): nothing was stored / 导入中断（${what}），未导入任何数据`;
    console.error('registry import', run.id, 'stopped:', what);
  }
  await run.finish('failed', { message: message.slice(0, 500) }).catch(() => {});
}

const dropStage = (db: Kysely<DB>, stage: string) =>
  sql`drop table if exists ${sql.table(stage)}`.execute(db);

/** An import as it runs: what it reads into which committee, and its tally on its row. */
class ImportRun {
  readonly db: Kysely<DB>;
  /** the staging table of its own */
  readonly stage: string;
  readBytes = 0;
  rowsRead = 0;
  rowsBad = 0;
  /** rows copied into the stage */
  staged = 0;
  readonly merged: Merged = { inserted: 0, updated: 0 };
  private problems: { import_id: string; row: number; field: string; reason: string }[] = [];
  private lastProgress = 0;

  constructor(
    readonly ctx: Ctx,
    readonly id: string,
    readonly kind: ImportKind,
    readonly committee: Committee,
    readonly upload: Upload,
    readonly format: FileFormat,
    readonly encoding: 'utf-8' | 'gbk',
  ) {
    this.db = ctx.db;
    this.stage = stageTable(id);
  }

  /** A problem of a bad row for the report (those of the first PROBLEMS_KEPT bad rows). */
  async problem(row: number, field: string, reason: string): Promise<void> {
    if (this.rowsBad < PROBLEMS_KEPT)
      this.problems.push({ import_id: this.id, row, field, reason });
    if (this.problems.length >= 500) await this.flushProblems();
  }

  private async flushProblems(): Promise<void> {
    if (this.problems.length)
      await this.db.insertInto('registry_import_problems').values(this.problems).execute();
    this.problems = [];
  }

  /** The counts so far on the import's row: every PROGRESS_EVERY_MS, or now if `force`. */
  async progress(force = false): Promise<void> {
    if (!force && Date.now() - this.lastProgress < PROGRESS_EVERY_MS) return;
    this.lastProgress = Date.now();
    await this.db
      .updateTable('registry_imports')
      .set({ read_bytes: this.readBytes, rows_read: this.rowsRead, rows_bad: this.rowsBad })
      .where('id', '=', this.id)
      .execute();
  }

  /** What the merges did; the staged rows they left alone are unchanged. */
  counts(): ImportCounts {
    const { inserted, updated } = this.merged;
    return { inserted, updated, unchanged: this.staged - inserted - updated };
  }

  /** The import's end on its row, with the problems not yet written. */
  async finish(status: 'failed' | 'done', set: Record<string, unknown> = {}): Promise<void> {
    await this.flushProblems();
    await this.db
      .updateTable('registry_imports')
      .set({
        status,
        read_bytes: this.readBytes,
        rows_read: this.rowsRead,
        rows_bad: this.rowsBad,
        finished_at: new Date(),
        ...set,
      })
      .where('id', '=', this.id)
      .execute();
  }
}

interface Committee {
  code: string;
  path: string;
  name: string;
}
type ImportCounts = Merged & { unchanged: number };

/** What staging needs: the kind prepared for the committee, the stage's columns, the worker. */
interface Staging {
  prepared: Prepared;
  columns: string[];
  sealer: Sealer;
}

/** Called as each chunk is copied into the stage, with its first and last line. */
type ChunkStaged = (lines: [number, number], rows: number) => Promise<void>;

/** A file with bad rows: nothing is stored, the report lists them. */
class BadFile extends Error {}

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
  for (const { id } of stale) await dropStage(deps.db, stageTable(id));
  await fs.promises.rm(importsDir(deps), { recursive: true, force: true });
}
