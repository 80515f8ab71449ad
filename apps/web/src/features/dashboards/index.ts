/**
 * The operation-centre dashboards (城运中心大屏), and the board kit the topic boards are built
 * on: the shell (head, panels, the big-screen frame), the range, the export menu, the charts.
 */
export { DashboardPage, DashboardRedirect } from './dashboard-page';
export { dashboardRoot } from './dashboard-roles';
export type { DashboardRange } from './dashboards-api';
export { presetRange, presetStart, rangeText, type RangePreset } from './dashboard-range';
export {
  BoardHead,
  BoardLinkButton,
  BoardWait,
  Panel,
  RefreshButton,
  ScreenFrame,
  useBoardUrl,
  type BoardHeading,
  type BoardView,
} from './board-shell';
export { chartPng, type ChartHandle } from './chart-handle';
export { scenarioOption } from './chart-options';
export { CompareTable } from './compare-table';
export { ChartBox, EmptyNote, ExportMenu, formatNumber, MapBox } from './dashboard-parts';
export { exportName } from './dashboard-panels';
