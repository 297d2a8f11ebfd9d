#!/usr/bin/env node
// `npx ledger …`: builds the CLI when its build is missing or older than its sources, then runs it.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, buildIfStale } from '../../../scripts/build-if-stale.mjs';

const main = join(ROOT, 'dist-cli/apps/ledger-cli/src/main.js');
await buildIfStale(
  'ledger-cli',
  main,
  ['apps/ledger-cli/src', 'libs/verification', 'libs/kpis', 'libs/domain'],
  { quiet: true },
);
const { run } = await import(pathToFileURL(main).href);
process.exitCode = await run(process.argv.slice(2));
