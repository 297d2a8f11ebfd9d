import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SCALE } from './support';

/**
 * The full-size figures are the ones checked in (BENCHMARKS.md); a quick BENCH_SCALE=small run writes
 * beside them (bench/results/, not versioned) so reproducing the shape never overwrites the figures.
 */
const ROOT = join(__dirname, '..', '..');
export const RESULTS_FILE =
  SCALE === 'default'
    ? join(ROOT, 'BENCHMARKS.md')
    : join(ROOT, 'bench', 'results', `BENCHMARKS-${SCALE}.md`);
const HEADER =
  '# Benchmarks\n\nRun on demand (`npm run bench`, or one part: `bench:appends`, `bench:http`, ' +
  '`bench:scale`; `BENCH_SCALE=small` for a quick run whose figures go to ' +
  '`bench/results/BENCHMARKS-small.md`), never as tests. Every figure is measured against a baseline ' +
  'taken in the same run on the same database, since these machines are shared and noisy. Each ' +
  'section between markers is rewritten by its benchmark.\n';

/** Replaces (or appends) one benchmark's section of BENCHMARKS.md, between its markers. */
export function writeSection(name: string, markdown: string): void {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const body = `${start}\n${markdown.trim()}\n${end}`;
  const current = existsSync(RESULTS_FILE) ? readFileSync(RESULTS_FILE, 'utf8') : HEADER;
  const at = current.indexOf(start);
  const next =
    at >= 0
      ? current.slice(0, at) + body + current.slice(current.indexOf(end) + end.length)
      : `${current.trimEnd()}\n\n${body}\n`;
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, next);
}
