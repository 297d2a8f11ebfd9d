import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = join(__dirname, '..', '..', 'BENCHMARKS.md');
const HEADER = '# Benchmarks\n\nRun on demand (`npm run bench`, or one part: `bench:appends`, `bench:http`, `bench:scale`; `BENCH_SCALE=small` for a run of about two minutes), never as tests. Every figure is measured against a baseline taken in the same run on the same database, since these machines are shared and noisy. Each section between markers is rewritten by its benchmark.\n';

/** Replaces (or appends) one benchmark's section of BENCHMARKS.md, between its markers. */
export function writeSection(name: string, markdown: string): void {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const body = `${start}\n${markdown.trim()}\n${end}`;
  const current = existsSync(FILE) ? readFileSync(FILE, 'utf8') : HEADER;
  const at = current.indexOf(start);
  const next = at >= 0 ? current.slice(0, at) + body + current.slice(current.indexOf(end) + end.length) : `${current.trimEnd()}\n\n${body}\n`;
  writeFileSync(FILE, next);
}
