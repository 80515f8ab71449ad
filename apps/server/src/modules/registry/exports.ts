import { Readable } from 'node:stream';
import {
  maskName,
  REGISTRY_COLUMNS,
  sharePercent,
  REGISTRY_LABELS,
  type ExportQuery,
  type ImportKind,
  type RegistryColumn,
} from '@cc/contracts';
import { sql } from 'kysely';
import { type Ctx, readerOf } from '../../platform/context.js';
import { csvCell, spreadsheetSafe } from '../../platform/csv.js';
import { pathWithin } from '../../platform/db/path-within.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { mayEditRegistry, maySeePeople } from './registry.policy.js';
import { requireRegistryArea } from './registry.repo.js';
import { xlsxFile } from './xlsx-writer.js';

/**
 * Export in the import's own columns (so a revealed export can be imported again), streamed
 * page by page; masked unless committee staff give a reason, which the audit row keeps.
 */

const PAGE = 2000;
type Row = Record<string, string>;

export async function exportRegistry(
  ctx: Ctx,
  q: ExportQuery,
): Promise<{ fileName: string; contentType: string; body: Readable }> {
  const area = await requireRegistryArea(ctx, q.area, maySeePeople, 'registry.export');
  if (area.path.split('/').length < 4)
    throw AppError.invalid(
      'area',
      'level',
      'export a committee, grid or compound / 请按居委、网格或小区导出',
    );
  const reveal = q.reveal === true;
  if (reveal && !q.reason)
    throw AppError.invalid(
      'reason',
      'required',
      'an export in clear needs a reason / 导出完整信息须填写事由',
    );
  if (reveal && !mayEditRegistry(ctx.actor, area.path))
    throw AppError.forbidden(
      'Only committee staff may export personal data in clear / 仅居委工作人员可导出完整信息',
    );
  await recordAudit(ctx, {
    action: 'registry.export',
    objectType: 'area',
    objectId: area.code,
    areaPath: area.path,
    detail: { kind: q.kind, reveal, ...(q.reason ? { reason: q.reason } : {}) },
  });
  const columns = REGISTRY_COLUMNS[q.kind];
  // a grid's or compound's rows are its committee's, within its path
  const committee = area.level === 'committee' ? area.code : area.path.split('/')[3]!;
  const rows = pages(ctx, q.kind, committee, area.path, reveal);
  const format = q.format ?? 'csv';
  const fileName = `${q.kind}-${area.code}-${new Date().toISOString().slice(0, 10)}.${format}`;
  if (format === 'csv')
    return {
      fileName,
      contentType: 'text/csv; charset=utf-8',
      body: Readable.from(csvLines(columns, rows)),
    };
  return {
    fileName,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body: xlsxStream(columns, rows),
  };
}

const label = (dict: keyof typeof REGISTRY_LABELS, code: string | null) =>
  code
    ? ((REGISTRY_LABELS[dict] as Record<string, readonly [string, string]>)[code]?.[0] ?? code)
    : '';

async function* pages(
  ctx: Ctx,
  kind: ImportKind,
  committee: string,
  path: string,
  reveal: boolean,
): AsyncGenerator<Row> {
  const dec = (v: string | null) => (v ? ctx.cipher.decrypt(v) : '');
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const batch = await pageOf(ctx, kind, committee, path, after);
    for (const r of batch) {
      if (kind === 'residents')
        yield {
          name: reveal ? r.name : maskName(r.name),
          documentType: label('documentType', r.document_type),
          documentNumber: reveal ? dec(r.document_enc) : r.document_masked,
          phone: reveal ? dec(r.phone_enc) : (r.phone_masked ?? ''),
          birthDate: reveal ? r.birth : `${r.birth.slice(0, 4)}`,
          sex: label('sex', r.sex),
          registration: label('registration', r.registration),
          nationality: r.nationality,
          compound: r.compound ?? '',
          building: r.building ?? '',
          unit: r.unit ?? '',
          room: r.number ?? '',
          householdNumber: r.household ?? '',
          relation: label('relation', r.relation),
          tags: (r.tags as string[]).join(';'),
        };
      else if (kind === 'housing')
        yield {
          compound: r.compound,
          building: r.building,
          unit: r.unit,
          room: r.number,
          floor: r.floor === null ? '' : String(r.floor),
          floorArea: r.floor_area === null ? '' : String(r.floor_area),
          use: label('use', r.use),
          ownership: label('ownership', r.ownership),
          occupancy: label('occupancy', r.occupancy),
        };
      else if (kind === 'owners')
        yield {
          compound: r.compound,
          building: r.building,
          unit: r.unit,
          room: r.number,
          ownerName: reveal || r.kind !== 'person' ? r.name : maskName(r.name),
          ownerKind: label('ownerKind', r.kind),
          documentType: label('ownerDocumentType', r.document_type),
          documentNumber: reveal ? dec(r.document_enc) : r.document_masked,
          share: String(sharePercent(r.share_bp)),
          registeredArea: r.registered_area === null ? '' : String(r.registered_area),
        };
      else
        yield {
          name: r.name,
          kind: label('organisationKind', r.kind),
          contactName: r.contact_name ?? '',
          contactPhone: reveal ? dec(r.contact_phone_enc) : (r.contact_phone_masked ?? ''),
          address: r.address ?? '',
        };
    }
    if (batch.length < PAGE) return;
    after = batch[batch.length - 1]!.id;
  }
}

// the three kinds' rows, each read by keyset on id within the committee
async function pageOf(
  ctx: Ctx,
  kind: ImportKind,
  committee: string,
  path: string,
  after: string,
): Promise<any[]> {
  if (kind === 'residents')
    return readerOf(ctx)
      .selectFrom('residents as r')
      .leftJoin('rooms as rm', 'rm.id', 'r.room_id')
      .leftJoin('buildings as b', 'b.id', 'rm.building_id')
      .leftJoin('areas as c', 'c.code', 'b.compound_code')
      .leftJoin('households as h', 'h.id', 'r.household_id')
      .selectAll('r')
      .select([
        sql<string>`to_char(r.birth_date, 'YYYY-MM-DD')`.as('birth'),
        'c.name as compound',
        'b.name as building',
        'rm.unit',
        'rm.number',
        'h.number as household',
      ])
      .where('r.committee_code', '=', committee)
      .where(pathWithin('r.area_path', [path]))
      .where('r.status', '=', 'present')
      .where('r.id', '>', after)
      .orderBy('r.id')
      .limit(PAGE)
      .execute();
  if (kind === 'housing')
    return readerOf(ctx)
      .selectFrom('rooms as rm')
      .innerJoin('buildings as b', 'b.id', 'rm.building_id')
      .innerJoin('areas as c', 'c.code', 'b.compound_code')
      .selectAll('rm')
      .select([
        'c.name as compound',
        'b.name as building',
        sql<number | null>`rm.floor_area::float8`.as('floor_area'),
      ])
      .where('rm.committee_code', '=', committee)
      .where(pathWithin('rm.area_path', [path]))
      .where('rm.id', '>', after)
      .orderBy('rm.id')
      .limit(PAGE)
      .execute();
  if (kind === 'owners')
    return readerOf(ctx)
      .selectFrom('room_owners as o')
      .innerJoin('room_ownership as w', 'w.room_id', 'o.room_id')
      .innerJoin('rooms as rm', 'rm.id', 'o.room_id')
      .innerJoin('buildings as b', 'b.id', 'rm.building_id')
      .innerJoin('areas as c', 'c.code', 'b.compound_code')
      .selectAll('o')
      .select([
        'c.name as compound',
        'b.name as building',
        'rm.unit',
        'rm.number',
        sql<number | null>`w.registered_area::float8`.as('registered_area'),
      ])
      .where('w.committee_code', '=', committee)
      .where(pathWithin('w.area_path', [path]))
      .where('o.id', '>', after)
      .orderBy('o.id')
      .limit(PAGE)
      .execute();
  return readerOf(ctx)
    .selectFrom('organisations')
    .selectAll()
    .where('committee_code', '=', committee)
    .where('id', '>', after)
    .orderBy('id')
    .limit(PAGE)
    .execute();
}

async function* csvLines(
  columns: RegistryColumn[],
  rows: AsyncIterable<Row>,
): AsyncGenerator<string> {
  yield `\uFEFF${columns.map((c) => c.zh).join(',')}\n`;
  let chunk = '';
  for await (const r of rows) {
    chunk += columns.map((c) => csvCell(r[c.key] ?? '')).join(',') + '\n';
    if (chunk.length > 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** The header and the rows as an XLSX workbook, every cell text (xlsx-writer.ts). */
function xlsxStream(columns: RegistryColumn[], rows: AsyncIterable<Row>): Readable {
  async function* cells() {
    yield columns.map((c) => c.zh);
    for await (const r of rows) yield columns.map((c) => spreadsheetSafe(r[c.key] ?? ''));
  }
  return xlsxFile(cells(), { sheetName: 'registry', columns: columns.length });
}
