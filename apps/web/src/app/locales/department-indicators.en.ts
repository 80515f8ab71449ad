import type { zhCNDeptIndicators } from './department-indicators';

export const enDeptIndicators: typeof zhCNDeptIndicators = {
  title: "Departments' indicators",
  intro:
    'Indicators fed live by the city departments, by group; click one for its history and the comparison of the areas below.',
  wallTitle: "Departments' indicators · {{groups}}",
  noFeed: 'No feed',
  noFeedTip: '{{department}} has not sent figures for this indicator yet',
  department: 'From {{department}}',
  alerts: '{{count}} alerts',
  empty: 'No department indicators at this level of area',
  open: 'History and comparison of {{name}}',
  drawer: {
    title: '{{name}} · {{area}}',
    value: 'Now',
    source: 'Source',
    definition: 'Definition',
    thresholds: 'Thresholds',
    noThresholds: 'No thresholds',
    history: 'History',
    historyEmpty: 'No figures of this indicator in the range',
    historyHour: 'Hourly',
    historyDay: 'Daily',
    compare: 'Comparison',
  },
  apps: {
    label: 'Special apps',
    open: 'Open {{name}} in a new window (single sign-on)',
  },
};
