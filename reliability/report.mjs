// Renders RELIABILITY.md from the figures the last `npm run test:reliability` recorded (reliability/results).
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const resultsDir = join(here, 'results');
const results = existsSync(resultsDir)
  ? readdirSync(resultsDir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => JSON.parse(readFileSync(join(resultsDir, f), 'utf8')))
  : [];
if (results.length === 0) {
  process.stderr.write('no results: run `npm run test:reliability` first\n');
  process.exit(1);
}
const intro = readFileSync(join(here, 'INTRO.md'), 'utf8').trim();
const rows = results.map(
  (r) => `| ${r.name} | ${r.summary.replaceAll('|', '\\|')} | ${r.at.slice(0, 16).replace('T', ' ')} |`,
);
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
writeFileSync(
  join(here, '..', 'RELIABILITY.md'),
  `${intro}\n\n## Figures of the last run\n\nMachine: ${machine}.\n\n| test | what was measured | when (UTC) |\n|---|---|---|\n${rows.join('\n')}\n`,
);
process.stdout.write(`RELIABILITY.md written from ${results.length} results\n`);
