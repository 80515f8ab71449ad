/**
 * The operation-centre dashboards (城运中心大屏), and the board kit the topic boards and the 2.0
 * boards are built on: the shell (head, panels, the big-screen frame), the range, the export
 * menu, the charts, the map, the indicator tile, the live stream's case events.
 */
export { DashboardPage, DashboardRedirect } from './dashboard-page';
export { dashboardRoot } from './dashboard-roles';
export type { DashboardRange } from './dashboards-api';
export {
  isOpenEnded,
  presetRange,
  presetStart,
  rangeText,
  type RangePreset,
} from './dashboard-range';
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
export { parseCaseEvent } from './use-dashboard-stream';
export { scenarioOption } from './chart-options';
export { CompareTable } from './compare-table';
export {
  ChartBox,
  EmptyNote,
  ExportMenu,
  formatNumber,
  IndicatorTile,
  MapBox,
} from './dashboard-parts';
export type { MapPlace } from './dashboard-map';
export { exportName } from './dashboard-panels';
