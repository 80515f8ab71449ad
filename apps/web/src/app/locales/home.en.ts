import type { zhCNRoleHome } from './home';

export const enRoleHome: typeof zhCNRoleHome = {
  firstActions: 'Today’s work',
  moreTitle: 'More',
  open: 'Open',
  action: {
    report: {
      title: 'Report',
      hint: 'Photograph a problem you find; it goes to the unit in charge.',
    },
    tasks: {
      title: 'My tasks',
      hint: 'Cases to accept, in hand and to verify, the overdue ones first.',
    },
    hotline: {
      title: '12345 intake',
      hint: 'Enter a caller’s request, place it by address, dispatch it.',
    },
    cases: {
      title: 'Cases',
      hint: 'Every case of your area: dispatch, follow up, search, export.',
    },
    dashboards: { title: 'Dashboards', hint: 'Your area’s indicators, trends and rankings.' },
    dispatch: { title: 'Dispatch rules', hint: 'Units and fixed points by scenario and area.' },
    registry: {
      title: 'Community screen',
      hint: 'Housing, households, people and organisations of your area.',
    },
    verifications: {
      title: 'Resident verification',
      hint: 'Review residents’ requests to be verified.',
    },
    affairs: { title: 'Service requests', hint: 'Requests residents filed online.' },
    declarations: { title: 'Arrival declarations', hint: 'Review the declarations of arrivals.' },
    observations: {
      title: 'Home observation',
      hint: 'Today’s health check-ins and what is wrong.',
    },
    consultations: {
      title: 'Consultations',
      hint: 'Ask residents about a plan and read the results.',
    },
    areas: { title: 'Areas', hint: 'Browse the area tree, boundaries and sub-areas.' },
    accounts: { title: 'Accounts', hint: 'Manage staff accounts and roles in your scope.' },
    audit: { title: 'Audit log', hint: 'Sign-ins, grants and data changes.' },
  },
  count: {
    tasks: '{{count}} in hand',
    queue: '{{count}} to dispatch',
    verifications: '{{count}} to review',
    affairs: '{{count}} to accept',
    declarations: '{{count}} to review',
    observations: '{{count}} not checked in today',
    capped: '{{count}}+',
  },
  resident: {
    title: 'My community',
    report: { title: 'Snap and report', hint: 'Photograph a problem near you' },
    myReports: { title: 'My reports', hint: 'See how your reports are going' },
    affairs: { title: 'Services', hint: 'Apply for community services online' },
    together: { title: 'Have a say', hint: 'Join discussions and votes' },
    openReports: '{{count}} in progress',
  },
  myReports: {
    title: 'My reports',
    empty: 'You have not reported anything yet',
    reportNow: 'Report',
    back: 'Back to home',
    more: 'The latest {{shown}} of {{total}}',
  },
};
