'use strict';
/**
 * The KPI worker's entry when the app runs from TypeScript sources (jest): a worker thread is a fresh Node
 * isolate that jest's transform does not reach, so this file teaches it TypeScript the way jest compiles it
 * (@swc/core, a dev dependency), and the `@ledger/*` paths of tsconfig.json, then loads kpi-worker.ts.
 * The service never uses it: compiled (dist/), kpi-workers.ts picks kpi-worker.js beside itself. Chosen
 * over "load dist/ when it exists" because a test must never run a stale build of the code it checks.
 */
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { transformSync } = require('@swc/core');

const ROOT = resolve(__dirname, '../../../../..');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveLedgerPaths(request, ...rest) {
  const alias = /^@ledger\/([a-z-]+)(\/.*)?$/.exec(request);
  const target = alias ? join(ROOT, 'libs', alias[1], 'src', alias[2] ?? '') : request;
  return resolveFilename.call(this, target, ...rest);
};

const SWC = {
  swcrc: false,
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'commonjs' },
};
Module._extensions['.ts'] = (module, filename) => {
  module._compile(transformSync(readFileSync(filename, 'utf8'), { ...SWC, filename }).code, filename);
};

module.exports = require('./kpi-worker.ts');
