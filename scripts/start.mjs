// `npm start`: builds the API and the dashboard when missing or older than their sources, then runs it.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, buildIfStale, isStale } from './build-if-stale.mjs';
import { DASHBOARD_OUT, DASHBOARD_SOURCES, buildDashboard } from './build-dashboard.mjs';

const main = join(ROOT, 'dist/apps/ledger-api/src/main.js');
await buildIfStale('ledger-api', main, [
  'apps/ledger-api',
  'libs',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
]);
// The dashboard's bundle (under a second; a rebuilt API took dist/ with it).
if (isStale(join(DASHBOARD_OUT, 'index.html'), DASHBOARD_SOURCES)) {
  await buildDashboard();
  console.log('Built the dashboard');
}
await import(pathToFileURL(main).href);
