import type { Domain, OpsBoard, Taxonomy } from '@cc/contracts';
import { Table, Tag, Typography } from 'antd';
import { useMemo, useRef, type HTMLAttributes, type ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DepartmentApps, useDepartmentApps } from '../../components/department-apps';
import { STATUS_COLORS } from '../../lib/case-status';
import type { MapShading } from '../../lib/chart-base';
import type { CsvCell } from '../../lib/csv';
import { areaName, inLanguage } from '../../lib/format';
import {
  chartPng,
  EmptyNote,
  exportName,
  ExportMenu,
  IndicatorTile,
  MapBox,
  Panel,
  type ChartHandle,
  type MapPlace,
} from '../dashboards';

/** What a 2.0 board's view does with a click: the page turns them into navigation. */
export interface OpsBoardActions {
  drill: (code: string) => void;
  /** The link of another area's board, with this view's range and mode. */
  linkTo: (code: string) => string;
  openCase: (id: string) => void;
}

interface PanelProps {
  board: OpsBoard;
  isScreen: boolean;
}

/** Rows of a list on the wall: never more than fit, the rest counted in the title. */
const WALL_ROWS = { points: 5, committees: 5, cases: 6 } as const;

/** The lead indicator of the board: the one the map colours the children by. */
export function leadIndicator(board: OpsBoard) {
  return board.indicators.find((i) => i.id === board.lead.indicator);
}

/** The children coloured by the lead indicator, those at red outlined. */
export function leadShading(board: OpsBoard): MapShading | undefined {
  const lead = leadIndicator(board);
  if (!lead) return undefined;
  const byCode = new Map(board.lead.byChild.map((c) => [c.areaCode, c]));
  return {
    measure: lead,
    items: board.children.map((area) => {
      const child = byCode.get(area.code);
      return { area, value: child?.value ?? null, display: child?.display ?? '—' };
    }),
    marked: board.lead.byChild.filter((c) => c.state === 'red').map((c) => c.areaCode),
  };
}

/**
 * 专题指标: every indicator the board names, ours and the departments', as tiles coloured by
 * state (a department's naming its department; 暂无数据接入 where it sends nothing); on the
 * desktop, the special apps of the departments that feed the board, one click away.
 */
export function BoardIndicators({ board, isScreen }: PanelProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const departments = useMemo(() => {
    const byCode = new Map<string, { name: string; label: string }>();
    for (const i of board.indicators) {
      if (i.department && !byCode.has(i.department.code)) {
        byCode.set(i.department.code, {
          name: i.department.name,
          label: inLanguage(i.department.name, i.department.nameEn, language),
        });
      }
    }
    return [...byCode.values()];
  }, [board.indicators, language]);
  const appsOf = useDepartmentApps(!isScreen && departments.length > 0);
  const withApps = departments.filter((d) => appsOf(d.name).length > 0);
  return (
    <Panel
      isScreen={isScreen}
      testId="board-indicators"
      className="cc-board-indicators"
      title={t('boards.indicators')}
    >
      <div
        className={isScreen ? 'cc-board-tiles' : 'cc-indicator-grid'}
        // on the wall, two columns of at least six rows: a short board's tiles keep their size
        style={
          isScreen
            ? {
                gridTemplateRows: `repeat(${Math.max(6, Math.ceil(board.indicators.length / 2))}, minmax(0, 1fr))`,
              }
            : undefined
        }
      >
        {board.indicators.map((indicator) => (
          <IndicatorTile key={indicator.id} indicator={indicator} />
        ))}
      </div>
      {withApps.length > 0 ? (
        <div className="cc-board-apps" data-testid="board-apps">
          <Typography.Text type="secondary">{t('boards.apps')}</Typography.Text>
          {withApps.map((d) => (
            <span key={d.name} className="cc-board-app">
              <Typography.Text>{d.label}</Typography.Text>
              <DepartmentApps department={d.name} systems={appsOf(d.name)} />
            </span>
          ))}
        </div>
      ) : null}
    </Panel>
  );
}

/** The map's figures: the lead indicator in every child, as the map colours them. */
export function leadRows(board: OpsBoard, t: TFunction, language: string): CsvCell[][] {
  const lead = leadIndicator(board);
  const byCode = new Map(board.lead.byChild.map((c) => [c.areaCode, c]));
  return [
    [
      t('dashboards.csv.areaCode'),
      t('dashboards.csv.area'),
      lead ? inLanguage(lead.name, lead.nameEn, language) : t('dashboards.csv.value'),
      t('dashboards.csv.unit'),
      t('dashboards.csv.state'),
    ],
    ...board.children.map((area) => {
      const child = byCode.get(area.code);
      return [
        area.code,
        areaName(area, language),
        child?.display ?? '',
        lead ? inLanguage(lead.unit, lead.unitEn, language) : '',
        child?.state ? t(`dashboards.state.${child.state}`) : '',
      ];
    }),
  ];
}

/** Domains by scenario, from the taxonomy: the map's case layers are named by domain. */
function useDomainOf(taxonomy: Taxonomy | undefined) {
  return useMemo(() => {
    const byScenario = new Map(taxonomy?.scenarios.map((s) => [s.code, s.domain]) ?? []);
    return (scenarioCode: string) => byScenario.get(scenarioCode) ?? 'other';
  }, [taxonomy]);
}

const NO_DOMAINS: readonly Domain[] = [];

/**
 * 态势地图: the children coloured by the lead indicator (rainfall, households without power; a
 * click drills down), the flood points as diamonds with their leaders, the latest open cases
 * as dots (a click opens the case).
 */
export function BoardMapPanel({
  board,
  isScreen,
  actions,
  taxonomy,
  scenarioName,
}: PanelProps & {
  actions: OpsBoardActions;
  taxonomy: Taxonomy | undefined;
  scenarioName: (code: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const chartRef = useRef<ChartHandle | undefined>(undefined);
  const domainOf = useDomainOf(taxonomy);
  const shading = useMemo(() => leadShading(board), [board]);
  const points = useMemo(
    () =>
      board.cases.latest.map((c) => ({
        id: c.id,
        lat: c.lat,
        lng: c.lng,
        scenarioCode: c.scenarioCode,
        domain: domainOf(c.scenarioCode),
        status: c.status,
      })),
    [board.cases.latest, domainOf],
  );
  const places = useMemo(
    (): MapPlace[] =>
      board.points.map((p) => ({
        id: p.id,
        name: p.name,
        lat: p.lat,
        lng: p.lng,
        lines: [
          `${t('boards.points.leader')}：${p.leaderName ?? t('boards.points.noLeader')}`,
          `${t('boards.points.unit')}：${p.unitName}`,
        ],
      })),
    [board.points, t],
  );
  const lead = leadIndicator(board);
  const fileName = exportName(board, language);
  return (
    <Panel
      isScreen={isScreen}
      testId="board-map-panel"
      className="cc-dash-map-panel"
      title={
        lead
          ? `${t('boards.map.title')} · ${inLanguage(lead.name, lead.nameEn, language)}`
          : t('boards.map.title')
      }
      extra={
        <ExportMenu
          fileName={fileName(t('boards.map.title'))}
          csv={() => leadRows(board, t, language)}
          png={() => chartPng(chartRef.current, isScreen)}
          testId="export-board-map"
        />
      }
    >
      <div className="cc-dash-map-wrap">
        <MapBox
          code={board.area.code}
          shading={shading}
          points={points}
          places={places}
          placesName={t('boards.map.points')}
          domains={taxonomy?.domains ?? NO_DOMAINS}
          scenarioName={scenarioName}
          isDark={isScreen}
          onDrill={actions.drill}
          onOpenCase={actions.openCase}
          onReady={(chart) => {
            chartRef.current = chart;
          }}
        />
      </div>
    </Panel>
  );
}

/**
 * Rows on the wall: as many as fit, each one line (under an optional `head` naming the
 * columns), the rest counted in the panel's title.
 */
function WallRows<T>({
  items,
  rows,
  testId,
  head,
  render,
  attributes,
}: {
  items: readonly T[];
  rows: number;
  testId: string;
  head?: ReactNode;
  render: (item: T) => ReactNode;
  attributes: (item: T) => Record<string, string>;
}) {
  return (
    <ol
      className="cc-board-rows"
      style={{ gridTemplateRows: `repeat(${rows + (head ? 1 : 0)}, minmax(0, 1fr))` }}
    >
      {head ? <li className="cc-board-row cc-board-row-head">{head}</li> : null}
      {items.slice(0, rows).map((item, index) => (
        <li
          key={index}
          className="cc-board-row"
          data-testid={testId}
          {...(attributes(item) as HTMLAttributes<HTMLLIElement>)}
        >
          {render(item)}
        </li>
      ))}
    </ol>
  );
}

/** "积水点 · 另有 3 处": a wall panel's title with what did not fit. */
function wallTitle(title: string, hidden: number, more: string) {
  return hidden > 0 ? `${title} · ${more}` : title;
}

type BoardPoint = OpsBoard['points'][number];

/** 积水点: the flood points the board watches, each with its leader and unit. */
export function BoardPointsPanel({ board, isScreen }: PanelProps) {
  const { t } = useTranslation();
  const { points } = board;
  const leader = (p: BoardPoint) => p.leaderName ?? t('boards.points.noLeader');
  const attributes = (p: BoardPoint) => ({
    'data-id': p.id,
    'data-name': p.name,
    'data-leader': p.leaderName ?? '',
  });
  const hidden = isScreen ? Math.max(0, points.length - WALL_ROWS.points) : 0;
  const body =
    points.length === 0 ? (
      <EmptyNote description={t('boards.points.empty')} testId="board-points-empty" />
    ) : isScreen ? (
      <WallRows
        items={points}
        rows={WALL_ROWS.points}
        testId="board-point"
        attributes={attributes}
        head={
          <>
            <span className="cc-board-row-main">{t('boards.points.name')}</span>
            <span className="cc-board-row-side">{t('boards.points.leader')}</span>
          </>
        }
        render={(p) => (
          <>
            <span className="cc-board-row-main cc-board-place" data-user-text>
              {p.name}
            </span>
            <span className="cc-board-row-side" data-user-text>
              {leader(p)}
            </span>
          </>
        )}
      />
    ) : (
      <Table<BoardPoint>
        size="small"
        rowKey="id"
        pagination={points.length > 10 ? { pageSize: 10, size: 'small' } : false}
        dataSource={points}
        onRow={(p) =>
          ({ 'data-testid': 'board-point', ...attributes(p) }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            key: 'name',
            title: t('boards.points.name'),
            render: (_, p) => <span data-user-text>{p.name}</span>,
          },
          {
            key: 'leader',
            title: t('boards.points.leader'),
            render: (_, p) => <span data-user-text>{leader(p)}</span>,
          },
          {
            key: 'unit',
            title: t('boards.points.unit'),
            render: (_, p) => <span data-user-text>{p.unitName}</span>,
          },
        ]}
      />
    );
  return (
    <Panel
      isScreen={isScreen}
      testId="board-points"
      className="cc-board-list-panel"
      title={wallTitle(
        t('boards.points.title'),
        hidden,
        t('boards.points.more', { count: hidden }),
      )}
    >
      {body}
    </Panel>
  );
}

type Committee = NonNullable<OpsBoard['affected']>['committees'][number];

/**
 * 受影响居委会: the committees with open outage cases, most first, with how many of their
 * residents are elderly people living alone — counts only, small ones hidden.
 */
export function AffectedPanel({
  board,
  isScreen,
  actions,
}: PanelProps & { actions: OpsBoardActions }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const affected = board.affected;
  if (!affected) return null;
  const { committees } = affected;
  const attributes = (c: Committee) => ({
    'data-code': c.area.code,
    'data-open': String(c.openCases),
    'data-elderly': c.elderlyAloneDisplay,
  });
  const hidden = isScreen ? Math.max(0, committees.length - WALL_ROWS.committees) : 0;
  const title = wallTitle(
    t('boards.affected.title'),
    hidden,
    t('boards.affected.more', { count: hidden }),
  );
  const body =
    committees.length === 0 ? (
      <EmptyNote description={t('boards.affected.empty')} testId="board-affected-empty" />
    ) : isScreen ? (
      <WallRows
        items={committees}
        rows={WALL_ROWS.committees}
        testId="board-committee"
        attributes={attributes}
        head={
          <>
            <span className="cc-board-row-main">{t('boards.affected.committee')}</span>
            <span className="cc-board-row-side">{t('boards.affected.openCases')}</span>
            <span className="cc-board-row-side">{t('boards.affected.elderlyAlone')}</span>
          </>
        }
        render={(c) => (
          <>
            <span className="cc-board-row-main">{areaName(c.area, language)}</span>
            <span className="cc-board-row-side">{c.openCases}</span>
            <span className="cc-board-row-side cc-board-elderly">{c.elderlyAloneDisplay}</span>
          </>
        )}
      />
    ) : (
      <>
        <Table<Committee>
          size="small"
          rowKey={(c) => c.area.code}
          pagination={committees.length > 10 ? { pageSize: 10, size: 'small' } : false}
          dataSource={committees}
          onRow={(c) =>
            ({ 'data-testid': 'board-committee', ...attributes(c) }) as HTMLAttributes<HTMLElement>
          }
          columns={[
            {
              key: 'committee',
              title: t('boards.affected.committee'),
              render: (_, c) => (
                <Link to={actions.linkTo(c.area.code)}>{areaName(c.area, language)}</Link>
              ),
            },
            {
              key: 'open',
              title: t('boards.affected.openCases'),
              align: 'right',
              sorter: (a, b) => a.openCases - b.openCases,
              render: (_, c) => c.openCases,
            },
            {
              key: 'elderly',
              title: t('boards.affected.elderlyAlone'),
              align: 'right',
              render: (_, c) => c.elderlyAloneDisplay,
            },
          ]}
        />
        <Typography.Paragraph type="secondary" className="cc-board-note">
          {t('boards.affected.total', { total: affected.elderlyAloneTotal })} ·{' '}
          {t('boards.affected.note')}
        </Typography.Paragraph>
      </>
    );
  return (
    <Panel
      isScreen={isScreen}
      testId="board-affected"
      className="cc-board-list-panel"
      title={title}
      extra={
        isScreen ? (
          <span className="cc-board-total" data-testid="board-elderly-total">
            {t('boards.affected.total', { total: affected.elderlyAloneTotal })}
          </span>
        ) : undefined
      }
    >
      {body}
    </Panel>
  );
}

type LatestCase = OpsBoard['cases']['latest'][number];

/** 最新在办工单: the newest open cases of the board's scenarios; a click opens one. */
export function LatestCasesPanel({
  board,
  isScreen,
  actions,
  scenarioName,
}: PanelProps & { actions: OpsBoardActions; scenarioName: (code: string) => string }) {
  const { t } = useTranslation();
  const { latest } = board.cases;
  const rows = isScreen ? WALL_ROWS.cases : latest.length;
  const hidden = Math.max(0, latest.length - rows);
  const title = wallTitle(
    t('boards.latest.title'),
    hidden,
    t('boards.latest.more', { count: hidden }),
  );
  const status = (c: LatestCase) => (
    <span
      className="cc-feed-status"
      style={{ borderColor: STATUS_COLORS[c.status], color: STATUS_COLORS[c.status] }}
    >
      {t(`cases.status.${c.status}`)}
    </span>
  );
  return (
    <Panel
      isScreen={isScreen}
      testId="board-cases-latest"
      className="cc-board-list-panel"
      title={title}
    >
      {latest.length === 0 ? (
        <EmptyNote description={t('boards.latest.empty')} />
      ) : isScreen ? (
        <WallRows
          items={latest}
          rows={rows}
          testId="board-case"
          attributes={(c) => ({ 'data-id': c.id, 'data-status': c.status })}
          render={(c) => (
            <button type="button" className="cc-board-case" onClick={() => actions.openCase(c.id)}>
              <span className="cc-board-row-main">{scenarioName(c.scenarioCode)}</span>
              {status(c)}
            </button>
          )}
        />
      ) : (
        <ul className="cc-board-cases">
          {latest.map((c) => (
            <li key={c.id} data-testid="board-case" data-id={c.id} data-status={c.status}>
              <Link to={`/cases/${encodeURIComponent(c.id)}`}>{scenarioName(c.scenarioCode)}</Link>
              <Tag color={STATUS_COLORS[c.status]}>{t(`cases.status.${c.status}`)}</Tag>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
