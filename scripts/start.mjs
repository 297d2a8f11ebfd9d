// `npm start`: builds the API when the build is missing or older than its sources, then runs it.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, buildIfStale } from './build-if-stale.mjs';

const main = join(ROOT, 'dist/apps/ledger-api/src/main.js');
await buildIfStale('ledger-api', main, [
  'apps/ledger-api',
  'libs',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
]);
await import(pathToFileURL(main).href);
