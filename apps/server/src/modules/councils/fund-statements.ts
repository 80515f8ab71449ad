import { Readable } from 'node:stream';
import { FUND_ENTRY_KIND_LABELS, type FundEntryKind } from '@cc/contracts';
import type { Kysely } from 'kysely';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { Ctx } from '../../platform/context.js';
import { csvCell } from '../../platform/csv.js';
import type { DB } from '../../platform/db/schema.js';
import { embedChineseFont, wrap } from '../../platform/pdf-font.js';
import { shanghaiDate, shanghaiMinute } from '../../platform/shanghai-time.js';
import { recordAudit } from '../audit/index.js';
import { requireCouncilReader } from './councils.policy.js';
import { findCouncil, type CouncilRecord } from './councils.repo.js';
import { yuan } from './fund-ledger.js';
import { entryRows, requireMemberOf, totalsOf, uuidList, type FundEntryRow } from './fund-read.js';

/**
 * The fund's statements (decision 022): the whole ledger or one member's, oldest first.
 * - CSV: UTF-8 with a BOM (so Excel reads the Chinese), zh headers, read and sent page by page
 *   by keyset on seq — never the whole ledger in memory, whatever its length;
 * - PDF: A4 landscape with Noto Sans SC cut to its characters, paged, its totals and chain
 *   head on the first page; the newest PDF_MAX entries at most (the CSV has them all).
 */

const PAGE = 1000;
/** The most entries a PDF prints: some 25 pages (the CSV has them all). */
export const PDF_MAX = 1000;

interface Statement {
  council: CouncilRecord;
  member: { id: string; name: string } | null;
}

async function statementOf(
  ctx: Ctx,
  councilId: string,
  memberId: string | undefined,
  format: 'csv' | 'pdf',
): Promise<Statement> {
  const { council } = await requireCouncilReader(ctx, await findCouncil(ctx.db, councilId));
  let member: Statement['member'] = null;
  if (memberId) {
    await requireMemberOf(ctx.db, councilId, memberId);
    const m = await ctx.db
      .selectFrom('council_members')
      .select(['id', 'name'])
      .where('id', '=', memberId)
      .executeTakeFirstOrThrow();
    member = { id: m.id, name: m.name };
  }
  await recordAudit(ctx, {
    action: 'council.fund.statement',
    objectType: 'council',
    objectId: councilId,
    areaPath: council.area_path,
    detail: { format, memberId: memberId ?? null },
  });
  return { council, member };
}

/** The entries oldest first, a page at a time (the member's through its index). */
async function* entriesInOrder(
  db: Kysely<DB>,
  councilId: string,
  memberId: string | null,
): AsyncGenerator<FundEntryRow[]> {
  let after = 0;
  for (;;) {
    let q = entryRows(db, councilId).where('e.seq', '>', after);
    if (memberId) q = q.where('e.member_id', '=', memberId).where('e.member_id', 'is not', null);
    const rows = await q.orderBy('e.seq').limit(PAGE).execute();
    if (rows.length > 0) yield rows;
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1]!.seq;
  }
}

/** 1234.56 from fen, for a spreadsheet (no ¥, no thousands separator). */
const plainYuan = (fen: number) =>
  `${fen < 0 ? '-' : ''}${Math.floor(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;

const kindLabel = (k: string) => FUND_ENTRY_KIND_LABELS[k as FundEntryKind]?.zh ?? k;

const EXPENSE_STATE_ZH: Record<string, string> = {
  pending: '待审批',
  approved: '已批准',
  refused: '已驳回',
};

const CSV_HEADERS = [
  '序号',
  '记录时间',
  '类型',
  '成员单位',
  '金额（元）',
  '记录后余额（元）',
  '关联记录序号',
  '支出状态',
  '说明',
  '票据数',
  '记录人',
  '哈希',
];

async function* csvText(db: Kysely<DB>, s: Statement): AsyncGenerator<string> {
  yield `\uFEFF${CSV_HEADERS.map(csvCell).join(',')}\r\n`;
  for await (const rows of entriesInOrder(db, s.council.id, s.member?.id ?? null)) {
    let chunk = '';
    for (const r of rows)
      chunk +=
        [
          r.seq,
          shanghaiMinute(new Date(r.recorded_at)),
          kindLabel(r.kind),
          r.member_name ?? '',
          plainYuan(Number(r.amount_fen)),
          plainYuan(Number(r.balance_fen)),
          r.refers_to ?? '',
          r.expense_state ? EXPENSE_STATE_ZH[r.expense_state] : '',
          r.note,
          uuidList(r.receipt_ids).length,
          r.recorded_by_name,
          r.hash,
        ]
          .map(csvCell)
          .join(',') + '\r\n';
    yield chunk;
  }
}

const fileBase = (s: Statement) =>
  `fund-${s.council.id.slice(0, 8)}${s.member ? `-member-${s.member.id.slice(0, 8)}` : ''}-${shanghaiDate()}`;

/** GET /api/councils/:id/fund/statement.csv — streamed; the checks are done before it starts. */
export async function fundStatementCsv(
  ctx: Ctx,
  councilId: string,
  memberId: string | undefined,
): Promise<{ fileName: string; body: Readable }> {
  const s = await statementOf(ctx, councilId, memberId, 'csv');
  return { fileName: `${fileBase(s)}.csv`, body: Readable.from(csvText(ctx.db, s)) };
}

// ---------------------------------------------------------------------------------------------
// PDF

const PAGE_SIZE: [number, number] = [841.89, 595.28]; // A4 landscape
const MARGIN = 40;
const INK = rgb(0.1, 0.1, 0.12);
const GREY = rgb(0.42, 0.42, 0.46);
const SIZE = 8.5;
const LINE = 11;

/** The table's columns: title, width (points), right-aligned. */
const COLUMNS = [
  { title: '序号', width: 44, right: true },
  { title: '记录时间', width: 80, right: false },
  { title: '类型', width: 48, right: false },
  { title: '成员单位', width: 116, right: false },
  { title: '金额（元）', width: 86, right: true },
  { title: '余额（元）', width: 92, right: true },
  { title: '说明', width: 170, right: false },
  { title: '记录人', width: 60, right: false },
] as const;
const GAP = 8;

/** The newest PDF_MAX entries, oldest first. */
async function newestEntries(
  db: Kysely<DB>,
  councilId: string,
  memberId: string | null,
): Promise<FundEntryRow[]> {
  let q = entryRows(db, councilId);
  if (memberId) q = q.where('e.member_id', '=', memberId).where('e.member_id', 'is not', null);
  const rows = await q.orderBy('e.seq', 'desc').limit(PDF_MAX).execute();
  return rows.reverse();
}

/** GET /api/councils/:id/fund/statement.pdf */
export async function fundStatementPdf(
  ctx: Ctx,
  councilId: string,
  memberId: string | undefined,
): Promise<{ fileName: string; body: Uint8Array }> {
  const s = await statementOf(ctx, councilId, memberId, 'pdf');
  const rows = await newestEntries(ctx.db, councilId, s.member?.id ?? null);
  const totals = totalsOf(s.council);
  const cells = rows.map((r) => [
    String(r.seq),
    shanghaiMinute(new Date(r.recorded_at)),
    kindLabel(r.kind),
    r.member_name ?? '—',
    yuan(Number(r.amount_fen)),
    yuan(Number(r.balance_fen)),
    r.note + (r.refers_to !== null ? `（关联 #${r.refers_to}）` : ''),
    r.recorded_by_name,
  ]);
  const generated = shanghaiMinute(new Date());
  const title = s.member
    ? `${s.council.name} · 基金对账单：${s.member.name}`
    : `${s.council.name} · 共治基金明细`;
  const titleEn = s.member ? 'Fund statement of a member' : 'Fund statement';
  const summary = [
    `余额 Balance ${yuan(totals.balanceFen)}`,
    `认捐 Pledged ${yuan(totals.pledgedFen)}`,
    `实缴 Contributed ${yuan(totals.contributedFen)}`,
    `支出 Spent ${yuan(totals.spentFen)}`,
    `待批 Pending ${yuan(totals.pendingFen)}`,
  ].join('    ');
  const info = `共 ${totals.entries} 条记录 entries · 链头 chain head ${totals.chainHead ?? '—'}`;
  const shown =
    rows.length === 0
      ? '暂无记录 No entries'
      : `本对账单列出第 ${rows[0]!.seq}–${rows.at(-1)!.seq} 号中的 ${rows.length} 条` +
        (rows.length === PDF_MAX ? `（最近 ${PDF_MAX} 条；完整明细请下载 CSV）` : '');
  const foot = `生成于 ${generated}（上海时间） · Community Cloud 社区云 · 可在“基金”页校验哈希链`;

  const doc = await PDFDocument.create();
  const font = await embedChineseFont(
    doc,
    [
      title,
      titleEn,
      summary,
      info,
      shown,
      foot,
      '第页共/Page of 0123456789',
      ...COLUMNS.map((c) => c.title),
      ...cells.flat(),
    ].join(''),
  );
  // a text's width as the sum of its characters' (measured once each): laying out every cell
  // with the font costs more than drawing it; a cell near its column's width is wrapped exactly
  const widths = new Map<string, number>();
  const widthOf = (t: string) => {
    let w = 0;
    for (const ch of t) {
      let x = widths.get(ch);
      if (x === undefined) widths.set(ch, (x = font.widthOfTextAtSize(ch, SIZE)));
      w += x;
    }
    return w;
  };
  const pages: PDFPage[] = [];
  let page!: PDFPage;
  let y = 0;
  const newPage = () => {
    page = doc.addPage(PAGE_SIZE);
    pages.push(page);
    y = PAGE_SIZE[1] - MARGIN;
  };
  const text = (t: string, x: number, size: number, color = INK) =>
    page.drawText(t, { x, y, size, font, color });
  const header = () => {
    let x = MARGIN;
    for (const c of COLUMNS) {
      drawCell(page, font, c.title, x, y, c.width, c.right ? widthOf(c.title) : null, GREY);
      x += c.width + GAP;
    }
    y -= 6;
    page.drawLine({
      start: { x: MARGIN, y },
      end: { x: PAGE_SIZE[0] - MARGIN, y },
      thickness: 0.6,
      color: GREY,
    });
    y -= LINE + 2;
  };

  newPage();
  text(title, MARGIN, 16);
  y -= 18;
  text(titleEn, MARGIN, 9, GREY);
  y -= 20;
  text(summary, MARGIN, 10);
  y -= 16;
  text(info, MARGIN, 7.5, GREY);
  y -= 14;
  text(shown, MARGIN, 8, GREY);
  y -= 22;
  header();
  for (const row of cells) {
    const lines = row.map((v, i) =>
      COLUMNS[i]!.right || widthOf(v) <= COLUMNS[i]!.width - 4
        ? [v]
        : wrap(font, v, SIZE, COLUMNS[i]!.width),
    );
    const height = Math.max(...lines.map((l) => l.length)) * LINE;
    if (y - height < MARGIN + 16) {
      newPage();
      header();
    }
    let x = MARGIN;
    lines.forEach((ls, i) => {
      ls.forEach((l, k) =>
        drawCell(
          page,
          font,
          l,
          x,
          y - k * LINE,
          COLUMNS[i]!.width,
          COLUMNS[i]!.right ? widthOf(l) : null,
          INK,
        ),
      );
      x += COLUMNS[i]!.width + GAP;
    });
    y -= height + 3;
  }
  pages.forEach((p, i) => {
    p.drawText(foot, { x: MARGIN, y: MARGIN - 14, size: 7, font, color: GREY });
    const no = `第 ${i + 1} 页 共 ${pages.length} 页 / Page ${i + 1} of ${pages.length}`;
    const w = font.widthOfTextAtSize(no, 7);
    p.drawText(no, { x: PAGE_SIZE[0] - MARGIN - w, y: MARGIN - 14, size: 7, font, color: GREY });
  });
  doc.setTitle(title);
  doc.setSubject(`${titleEn} · chain head ${totals.chainHead ?? '—'}`);
  doc.setCreator('Community Cloud 社区云');
  doc.setProducer('Community Cloud 社区云 (pdf-lib)');
  return { fileName: `${fileBase(s)}.pdf`, body: await doc.save() };
}

function drawCell(
  page: PDFPage,
  font: PDFFont,
  t: string,
  x: number,
  y: number,
  width: number,
  /** the text's width, to align it right; null: left */
  textWidth: number | null,
  color: ReturnType<typeof rgb>,
): void {
  const dx = textWidth === null ? 0 : width - textWidth;
  page.drawText(t, { x: x + dx, y, size: SIZE, font, color });
}
