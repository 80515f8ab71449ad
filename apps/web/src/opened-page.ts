/**
 * The first script a page runs, beside the app (index.html, `async`): its only static import is
 * the bundler's small preload helper, so it runs as soon as it has arrived, while the app's code
 * still downloads. A page opened
 * by its address (a phone's bookmark, a reload) starts fetching its own code and the data its
 * form waits for now, instead of once the app has loaded and asked who is signed in: on a phone
 * link every lazy step in turn costs round trips (issue 26). The router imports the same modules
 * later and gets these, fetched once.
 */
const pathname = window.location.pathname;
const ignore = () => undefined;
if (pathname === '/report') void import('./app/app-layout').catch(ignore);
if (pathname === '/report' || pathname === '/r/report') {
  void import('./features/cases/report-page').catch(ignore);
  // the scenarios the form waits for, kept for the visit by the taxonomy module
  void import('./lib/taxonomy').then((m) => m.loadTaxonomy()).catch(ignore);
}
