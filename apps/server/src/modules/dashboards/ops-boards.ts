import fs from 'node:fs';
import path from 'node:path';
import {
  isSmallGroup,
  SMALL_GROUP_DISPLAY,
  TERMINAL_STATUSES,
  type BoardList,
  type BoardSummary,
  type DashboardQuery,
  type OpsBoard,
} from '@cc/contracts';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import { REPO_ROOT } from '../../platform/config.js';
import { type Ctx, readerOf } from '../../platform/context.js';
import { loadDataFile } from '../../platform/data-file.js';
import { scopeWithin } from '../../platform/db/path-within.js';
import { AppError } from '../../platform/errors.js';
import { findAreaCached, listChildAreas, toArea } from '../areas/index.js';
import { findScenario, listCasePoints, pointsOfKind } from '../cases/index.js';
import { accountNames } from '../identity/index.js';
import { tagCountsByCommittee } from '../registry/index.js';
import {
  compareChildren,
  indicatorsAt,
  openCasesByScenario,
  parseRange,
  requireViewableArea,
  viewableChain,
} from './dashboards.service.js';

/**
 * The 2.0 boards (一网统管 2.0, decision 028): typhoon and flood, outage repair. Each is a file
 * in data/boards/ naming its indicators (the departments' feeds beside ours), its case
 * scenarios, the kind of fixed point it watches and, for an outage, the scenario whose open
 * cases mark the committees affected and the registry tag counted in them (counts only).
 * Built from the dashboards' parts: the same indicator values, 交叉比对 and case rollups.
 */

export const BOARDS_DIR = path.join(REPO_ROOT, 'data/boards');

const BoardFile = Type.Object({
  id: Type.String({ pattern: '^[a-z0-9-]{2,40}$' }),
  name: Type.String({ minLength: 1 }),
  nameEn: Type.String({ minLength: 1 }),
  description: Type.String({ minLength: 1 }),
  descriptionEn: Type.String({ minLength: 1 }),
  lead: Type.String(),
  indicators: Type.Array(Type.String(), { minItems: 1 }),
  scenarios: Type.Array(Type.String(), { minItems: 1 }),
  pointKind: Type.Union([Type.String(), Type.Null()]),
  affected: Type.Union([
    Type.Object({ scenario: Type.String(), careTag: Type.String({ minLength: 1 }) }),
    Type.Null(),
  ]),
});

function boards() {
  return fs
    .readdirSync(BOARDS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) =>
      loadDataFile(path.join(BOARDS_DIR, f), BoardFile, (b) => {
        const problems = [...b.scenarios, ...(b.affected ? [b.affected.scenario] : [])]
          .filter((s) => !findScenario(s))
          .map((s) => `no scenario ${s}`);
        if (!b.indicators.includes(b.lead))
          problems.push(`the lead ${b.lead} is not among its indicators`);
        if (`${b.id}.json` !== f) problems.push(`its id ${b.id} is not its file's name`);
        return problems;
      }),
    );
}

const summaryOf = (b: ReturnType<typeof boards>[number]): BoardSummary => ({
  id: b.id,
  name: b.name,
  nameEn: b.nameEn,
  description: b.description,
  descriptionEn: b.descriptionEn,
});

export function listBoards(): BoardList {
  return { items: boards().map(summaryOf) };
}

export async function getOpsBoard(
  ctx: Ctx,
  boardId: string,
  rawCode: string,
  q: DashboardQuery,
): Promise<OpsBoard> {
  const board = boards().find((b) => b.id === boardId);
  if (!board) {
    throw AppError.invalid('board', 'exists', `board: no board "${boardId}" / 没有该专题`);
  }
  const area = await requireViewableArea(ctx, rawCode);
  const range = parseRange(q);
  const scenarios = new Set(board.scenarios);
  const [all, chain, children, lead, open, latest, points, affected] = await Promise.all([
    indicatorsAt(ctx, area, range),
    viewableChain(ctx, area),
    listChildAreas(ctx, area.code),
    compareChildren(ctx, area.code, { ...q, indicator: board.lead }),
    openCasesByScenario(readerOf(ctx), area),
    listCasePoints(readerOf(ctx), {
      areaPath: area.path,
      // open cases reported in the last 30 days: a storm's, not last year's
      from: new Date(range.to.getTime() - 30 * 86_400_000),
      to: range.to,
      limit: 200,
      scenarios: board.scenarios,
      openOnly: true,
    }),
    board.pointKind ? pointsOfKind(readerOf(ctx), area.path, board.pointKind) : [],
    board.affected ? affectedCommittees(ctx, area.path, board.affected) : null,
  ]);
  const byId = new Map(all.indicators.map((i) => [i.id, i]));
  const leaders = await accountNames(
    readerOf(ctx),
    points.map((p) => p.leaderId),
  );
  const byScenario = board.scenarios.map((code) => {
    const s = findScenario(code)!;
    return {
      scenarioCode: code,
      name: s.name,
      nameEn: s.nameEn,
      reported: all.t.byScenario.get(code) ?? 0,
      open: open.get(code) ?? 0,
    };
  });
  return {
    board: summaryOf(board),
    area: toArea(area),
    chain,
    children: children.items,
    range: { from: range.from.toISOString(), to: range.to.toISOString() },
    indicators: board.indicators.flatMap((id) => byId.get(id) ?? []),
    lead: {
      indicator: board.lead,
      byChild: lead.items.map((i) => ({
        areaCode: i.area.code,
        value: i.value,
        display: i.display,
        state: i.state,
      })),
    },
    cases: {
      reported: byScenario.reduce((n, s) => n + s.reported, 0),
      open: byScenario.reduce((n, s) => n + s.open, 0),
      byScenario,
      latest: latest
        .filter((c) => scenarios.has(c.scenarioCode))
        .map((c) => ({
          id: c.id,
          scenarioCode: c.scenarioCode,
          status: c.status,
          lat: c.lat,
          lng: c.lng,
        })),
    },
    points: points.map((p) => ({
      id: p.id,
      name: p.name,
      lat: p.lat,
      lng: p.lng,
      leaderName: leaders.get(p.leaderId) ?? null,
      unitName: p.unitName,
    })),
    affected,
  };
}

/**
 * The committees at or below an area with open cases of the scenario (from the stock rollup),
 * most cases first, each with how many of its residents carry the care tag — a count, hidden
 * as "<5" when small, as the registry's screens do.
 */
async function affectedCommittees(
  ctx: Ctx,
  areaPath: string,
  affected: { scenario: string; careTag: string },
): Promise<NonNullable<OpsBoard['affected']>> {
  const ended = [...TERMINAL_STATUSES];
  const { rows } = await sql<{ code: string; n: number }>`
    select a.code, sum(s.n)::int as n
      from case_status_counts s join areas a on a.code = s.area_code
     where a.level = 'committee' and ${scopeWithin('s.district_code', 'a.path', [areaPath])}
       and s.scenario_code = ${affected.scenario}
       and s.status <> all(${ended}::text[])
     group by 1
    having sum(s.n) > 0
     order by n desc, a.code
     limit 200`.execute(readerOf(ctx));
  const areas = await Promise.all(rows.map((r) => findAreaCached(ctx.db, r.code)));
  const counts = await tagCountsByCommittee(
    readerOf(ctx),
    rows.map((r) => r.code),
    affected.careTag,
  );
  const committees = rows.map((r, i) => {
    const n = counts.get(r.code) ?? 0;
    const small = isSmallGroup(n);
    return {
      area: toArea(areas[i]!),
      openCases: r.n,
      elderlyAlone: small ? null : n,
      elderlyAloneDisplay: small ? SMALL_GROUP_DISPLAY : String(n),
    };
  });
  // one hidden count could be worked out as the total less the others: hide the next smallest
  const hidden = committees.filter((c) => c.elderlyAlone === null);
  const shown = committees.filter((c) => c.elderlyAlone !== null);
  if (hidden.length === 1 && shown.length > 0) {
    const next = shown.reduce((a, b) => (b.elderlyAlone! < a.elderlyAlone! ? b : a));
    next.elderlyAlone = null;
    next.elderlyAloneDisplay = '*';
  }
  return {
    committees,
    elderlyAloneTotal: [...counts.values()].reduce((a, b) => a + b, 0),
  };
}
