// `npm run rotate-signing-key`: builds the API when needed (like `npm start`), then rotates its signing key.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, buildIfStale } from './build-if-stale.mjs';

const entry = join(ROOT, 'dist/apps/ledger-api/src/rotate-signing-key.js');
await buildIfStale('ledger-api', entry, [
  'apps/ledger-api',
  'libs',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
]);
await import(pathToFileURL(entry).href);
