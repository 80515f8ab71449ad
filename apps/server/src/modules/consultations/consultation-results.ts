import {
  CONSULTATION_ANONYMOUS_MIN_RESPONSES as MIN_ANONYMOUS,
  type ConsultationQuestion,
  type ConsultationResults,
} from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { csvCell } from '../../platform/csv.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { pinCells, tallies } from './consultation-tallies.js';
import { canManage, canReadAsStaff } from './consultations.policy.js';
import * as repo from './consultations.repo.js';
import { NOT_FOUND } from './consultations.service.js';

/** Texts shown per free-text question (the export has them all). */
const TEXTS_SHOWN = 50;
/** Heat-map cells per map question: the fullest cells, enough to draw any area. */
const PIN_CELLS = 2000;

/** Staff of the target's area (and above): aggregates only, no account, no name. */
async function requireResultsReader(ctx: Ctx, id: string) {
  const row = await repo.findConsultation(ctx.db, id);
  if (!row || !canReadAsStaff(ctx.actor, row.area_path)) throw AppError.notFound(NOT_FOUND);
  return row;
}

/** The export (one line per respondent) only to those who run consultations there. */
async function requireExporter(ctx: Ctx, id: string) {
  const row = await requireResultsReader(ctx, id);
  if (!canManage(ctx.actor, row.area_path)) {
    throw AppError.forbidden(
      '区、市级只查看汇总结果，不导出答卷 / District and city roles see the totals, not the answer sheets',
    );
  }
  return row;
}

/** An anonymous consultation with too few answers to show any without putting it to a name. */
const isWithheld = (row: { is_anonymous: boolean; response_count: number }) =>
  row.is_anonymous && row.response_count < MIN_ANONYMOUS;

/**
 * Results: per question the counts kept per option or scale value (a few rows whatever the
 * number of answers), free texts (in random-key order) and the pins' ~10 m cells for the heat
 * map. Withheld (nothing but the count) for an anonymous consultation with fewer than 5 answers.
 */
export async function getResults(ctx: Ctx, id: string): Promise<ConsultationResults> {
  const row = await requireResultsReader(ctx, id);
  if (isWithheld(row)) {
    return { consultationId: id, responseCount: row.response_count, withheld: true, questions: [] };
  }
  const counts = await tallies(ctx.db, id);
  const questions = await Promise.all(
    row.questions.map(async (q) => {
      const mine = counts.get(q.id) ?? new Map<string, number>();
      const scale =
        q.kind === 'scale'
          ? range(q.scaleMin!, q.scaleMax!).map((value) => ({
              value,
              count: mine.get(`v${value}`) ?? 0,
            }))
          : [];
      const scaleTotal = scale.reduce((s, v) => s + v.count, 0);
      const [texts, pins] = await Promise.all([
        q.kind === 'text' ? repo.someTexts(ctx.db, id, q.id, TEXTS_SHOWN) : [],
        q.kind === 'pin' ? pinCells(ctx.db, id, q.id, PIN_CELLS) : [],
      ]);
      const answered = mine.get('*') ?? 0;
      return {
        id: q.id,
        kind: q.kind,
        title: q.title,
        answered,
        options: q.options.map((o) => ({ ...o, count: mine.get(o.id) ?? 0 })),
        scale,
        average:
          scaleTotal > 0
            ? Math.round((scale.reduce((s, v) => s + v.value * v.count, 0) / scaleTotal) * 100) /
              100
            : null,
        texts: texts.map((t) => t.text ?? ''),
        pins,
        pinCount: q.kind === 'pin' ? answered : 0,
      };
    }),
  );
  return { consultationId: id, responseCount: row.response_count, withheld: false, questions };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** One answer cell of the export. */
function answerCell(
  q: ConsultationQuestion,
  rows: {
    option_id: string | null;
    value: number | null;
    text: string | null;
    lng: number | null;
    lat: number | null;
  }[],
): string {
  switch (q.kind) {
    case 'single':
    case 'multiple':
      // in the options' order (the rows' keys are random)
      return q.options
        .filter((o) => rows.some((r) => r.option_id === o.id))
        .map((o) => o.label)
        .join('; ');
    case 'scale':
      return rows.map((r) => String(r.value ?? '')).join('; ');
    case 'text':
      return rows.map((r) => r.text ?? '').join('; ');
    case 'pin':
      return rows.map((r) => `${r.lng},${r.lat}`).join('; ');
  }
}

/**
 * The answers as CSV, one line per response: named consultations give the respondent's masked
 * name and the time; anonymous ones no name column at all. Free text was masked when stored.
 * Audited: who took the export.
 */
export async function exportResultsCsv(
  ctx: Ctx,
  id: string,
): Promise<{ filename: string; csv: string }> {
  const row = await requireExporter(ctx, id);
  if (isWithheld(row)) {
    throw AppError.conflict(
      `匿名征询满 ${MIN_ANONYMOUS} 份答卷后才能导出 / An anonymous consultation is exported once ${MIN_ANONYMOUS} residents have answered`,
    );
  }
  const rows = await repo.exportRows(ctx.db, id);
  const header = [
    ...(row.is_anonymous ? [] : ['答卷人 respondent', '提交时间 submitted at']),
    ...row.questions.map((q) => `${q.id} ${q.title}`),
  ];
  const lines = [header.map(csvCell).join(',')];
  for (let i = 0; i < rows.length;) {
    const responseId = rows[i]!.id;
    const mine: typeof rows = [];
    while (i < rows.length && rows[i]!.id === responseId) mine.push(rows[i++]!);
    const first = mine[0]!;
    const cells = [
      ...(row.is_anonymous
        ? []
        : [first.respondent_name_masked ?? '', first.submitted_at?.toISOString() ?? '']),
      ...row.questions.map((q) =>
        answerCell(
          q,
          mine.filter((m) => m.question_id === q.id),
        ),
      ),
    ];
    lines.push(cells.map(csvCell).join(','));
  }
  await recordAudit(ctx, {
    action: 'consultation.export',
    objectType: 'consultation',
    objectId: id,
    areaPath: row.area_path,
    detail: { responses: lines.length - 1, anonymous: row.is_anonymous },
  });
  return { filename: `consultation-${id.slice(0, 8)}.csv`, csv: `\uFEFF${lines.join('\r\n')}\r\n` };
}
