import {
  CASE_SOURCE_LABELS,
  CASE_STATUS_LABELS,
  labelsIn,
  type CaseListQuery,
} from '@cc/contracts';
import type { Ctx } from '../../platform/context.js';
import { csvCell } from '../../platform/csv.js';
import { recordAudit } from '../audit/index.js';
import { toSummary, withPeopleNames } from './case-presenters.js';
import { filteredCases } from './cases.service.js';

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

const STATUS_ZH = labelsIn(CASE_STATUS_LABELS, 'zh');
const SOURCE_ZH = labelsIn(CASE_SOURCE_LABELS, 'zh');

/** The filtered list as CSV (UTF-8 with BOM, so Excel reads the Chinese), in pages. */
export async function* exportCasesCsv(
  ctx: Ctx,
  q: Omit<CaseListQuery, 'page' | 'pageSize'>,
): AsyncGenerator<string> {
  const query = await filteredCases(ctx, q);
  await recordAudit(ctx, {
    action: 'case.export',
    objectType: 'case',
    objectId: null,
    detail: { filter: { ...q } },
  });
  yield `\uFEFF${CSV_COLUMNS.map(([, zh]) => csvCell(zh)).join(',')}\r\n`;
  const PAGE = 2000;
  for (let offset = 0; offset < 200_000; offset += PAGE) {
    const page = await query
      .orderBy('cases.created_at', 'desc')
      .orderBy('cases.id')
      .limit(PAGE)
      .offset(offset)
      .execute();
    for (const r of await withPeopleNames(ctx.db, page)) {
      const s = toSummary(r);
      const readable = {
        ...s,
        status: STATUS_ZH[s.status],
        source: SOURCE_ZH[s.source],
        overdue: s.overdue ? '是' : '否',
      };
      yield `${CSV_COLUMNS.map(([k]) => csvCell(readable[k])).join(',')}\r\n`;
    }
    if (page.length < PAGE) return;
  }
}
