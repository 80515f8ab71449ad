/**
 * 指标目录 (/indicators) on the web: the indicators the departments feed, by group — owner,
 * unit, roll-up and over-time rules, thresholds, levels, the last figure or 暂无数据接入 — with
 * how a department pushes figures; the city's administrators edit an indicator in a drawer. The
 * menu entry is in indicators-nav, the role checks in indicators-roles.
 */
export { IndicatorsPage } from './indicators-page';
