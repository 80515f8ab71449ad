import type { zhCNBoards } from './boards';

export const enBoards: typeof zhCNBoards = {
  listTitle: '2.0 boards',
  title: '{{area}} · {{board}}',
  screenTitle: '{{area}} · {{board}}',
  toMine: 'Open my boards',
  toDashboard: 'Operations dashboard',
  toTopics: 'Topics',
  indicators: 'Indicators',
  apps: 'Special apps',
  leadNote: 'The map is shaded by "{{name}}"',
  map: { title: 'Situation map', points: 'Flood points', cases: 'Open cases' },
  points: {
    title: 'Flood points',
    name: 'Point',
    leader: 'Point leader',
    unit: 'Responsible unit',
    noLeader: 'None',
    empty:
      'No flood points in the area yet. Add a fixed point of the kind "Flood point" under "Dispatch rules and points".',
    more: '{{count}} more',
  },
  affected: {
    title: 'Committees affected',
    committee: 'Committee',
    openCases: 'Open cases',
    elderlyAlone: 'Elderly living alone',
    total: '{{total}} elderly people living alone in all',
    empty: 'No committee affected',
    note: 'Counts only, never people; fewer than five show as "<5", and where one could be worked out another is hidden too (*).',
    more: '{{count}} more',
  },
  latest: {
    title: 'Latest open cases',
    empty: 'No open cases',
    open: 'Open',
    more: '{{count}} more',
  },
  stream: {
    off: 'Past range, not live',
    connecting: 'Connecting to live data…',
    retrying: 'Live connection lost, reconnecting…',
    open: 'Live · refreshes on new cases and figures',
    last: 'Live · last update {{time}}',
  },
};
