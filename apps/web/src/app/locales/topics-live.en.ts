import type { zhCNTopicsLive } from './topics-live';

export const enTopicsLive: typeof zhCNTopicsLive = {
  live: 'Live',
  fedTitle:
    'Fed live by 社区通 (declarations, home observation, check-ins, volunteer service), never imported',
  fedEmpty: 'Fed live · nothing yet',
  stream: {
    off: 'Past range, not live',
    connecting: 'Connecting to live data…',
    retrying: 'Live connection lost, reconnecting…',
    open: 'Live · refreshes on each new declaration',
    last: 'Live · updated {{time}}',
  },
  fedNote:
    'Arrivals declared, home observation, check-ins and volunteer service are fed live by 社区通 and never imported; the other metrics come from the departments’ daily figures.',
  origins: {
    title: 'Where arrivals came from (top 10)',
    empty: 'No declarations in the range',
    origin: 'Origin',
    count: 'People',
    hidden: 'Fewer than 5 people are not shown exactly; where needed one more is withheld (*).',
  },
};
