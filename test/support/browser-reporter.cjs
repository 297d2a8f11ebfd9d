// Ends every run that included the browser tests with one line saying whether they ran in Chromium or
// were skipped for want of one, so a machine without Chromium never passes for one that ran them.
const SKIPPED = 'SKIPPED: no Chromium';

class BrowserReporter {
  onRunComplete(_contexts, results) {
    const suites = results.testResults.filter((s) => s.testFilePath.endsWith('.browser-spec.ts'));
    if (suites.length === 0) return;
    const tests = suites.flatMap((s) => s.testResults);
    const skipped = tests.find((t) => (t.ancestorTitles[0] ?? '').includes(SKIPPED));
    const line = skipped
      ? `Browser: ${skipped.ancestorTitles[0].slice(skipped.ancestorTitles[0].indexOf(SKIPPED))}`
      : `Browser: ${tests.filter((t) => t.status === 'passed').length} of ${tests.length} dashboard tests passed in Chromium`;
    process.stdout.write(`${line}\n`);
  }
}

module.exports = BrowserReporter;
