// A jest reporter that ends every run with one line saying which suites ran on PostgreSQL and which did
// not (and why), so a run without TEST_DATABASE_URL can never pass for a run that covered PostgreSQL.
// Suites name their backend in their top-level title ("… on postgres", "… (pglite)"); a suite that needs
// PostgreSQL and had none is skipped under a title saying so (test/support/backends.ts).
const path = require('node:path');

const ON_POSTGRES = /\bpostgres\b/i;
const ON_PGLITE = /\bpglite\b/i;
const NEEDS_POSTGRES = 'needs PostgreSQL: set TEST_DATABASE_URL';

class BackendsReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const ran = [];
    const skipped = [];
    let pgliteOnly = 0;
    for (const suite of results.testResults) {
      const name = path.relative(this.rootDir, suite.testFilePath);
      const tests = suite.testResults;
      const titled = (re, status) =>
        tests.some((t) => re.test(t.ancestorTitles[0] ?? '') && status(t.status));
      if (titled(ON_POSTGRES, (s) => s === 'passed' || s === 'failed')) ran.push(name);
      else if (tests.some((t) => (t.ancestorTitles[0] ?? '').includes(NEEDS_POSTGRES))) skipped.push(name);
      else if (titled(ON_PGLITE, () => true)) pgliteOnly += 1;
    }
    process.stdout.write(`${summary(ran, skipped, pgliteOnly, results.testResults.length)}\n`);
  }
}

function summary(ran, skipped, pgliteOnly, total) {
  const none = total - ran.length - skipped.length - pgliteOnly;
  if (ran.length > 0) {
    const notRun = skipped.length > 0 ? `; skipped, needing PostgreSQL: ${skipped.join(', ')}` : '';
    return (
      `PostgreSQL: ${ran.length} suites ran on PostgreSQL (${ran.join(', ')}); ${total - ran.length} did not` +
      ` (${pgliteOnly} on PGlite only, ${none} need no database${notRun}).`
    );
  }
  const why = process.env.TEST_DATABASE_URL
    ? 'LEDGER_TEST_BACKENDS excluded it'
    : 'TEST_DATABASE_URL is unset';
  return (
    `PostgreSQL: no suite ran on PostgreSQL (${why}): ${pgliteOnly} suites ran on PGlite only, ` +
    `${none} need no database, ${skipped.length} have tests that need PostgreSQL and were skipped` +
    `${skipped.length > 0 ? ` (${skipped.join(', ')})` : ''}. Set TEST_DATABASE_URL=postgres://… to run them.`
  );
}

module.exports = BackendsReporter;
