import 'reflect-metadata';
import { relative } from 'node:path';
import { RESULTS_FILE, writeSection } from './results-file';
import { SCALE, fmt, freshDatabase, interleaved, logger, machine, median, run } from './support';
import { Writer, emmett, ours, rate, raw } from './systems';

/**
 * Appends through our event-store port against raw `pg` INSERTs and Emmett's `appendToStream`, on one
 * database, each cell the median of interleaved runs (every run measures every variant once, on a fresh
 * database). Single events with 1 and 64 callers; batches of 10 and 1000 events with one caller.
 */
const SECONDS = { small: 0.5, default: 5 }[SCALE];
const RUNS = 3;
const log = logger('appends');

interface Cell {
  readonly workers: number;
  readonly batch: number;
  readonly open: (url: string, spare: string) => Promise<Writer>;
}

const CELLS = {
  'ours 1': { workers: 1, batch: 1, open: (url) => ours(url) },
  'raw 1': { workers: 1, batch: 1, open: (url) => raw(url, 1) },
  'emmett 1': { workers: 1, batch: 1, open: (url) => emmett(url) },
  'ours 64': { workers: 64, batch: 1, open: (url) => ours(url) },
  'ours 64 no tree': { workers: 64, batch: 1, open: (_, spare) => ours(spare, false) },
  'raw 8': { workers: 8, batch: 1, open: (url) => raw(url, 8) },
  'raw 64': { workers: 64, batch: 1, open: (url) => raw(url, 10) },
  'emmett 64': { workers: 64, batch: 1, open: (url) => emmett(url) },
  'ours ×10': { workers: 1, batch: 10, open: (url) => ours(url) },
  'raw ×10': { workers: 1, batch: 10, open: (url) => raw(url, 1) },
  'emmett ×10': { workers: 1, batch: 10, open: (url) => emmett(url) },
  'ours ×1000': { workers: 1, batch: 1000, open: (url) => ours(url) },
  'raw ×1000': { workers: 1, batch: 1000, open: (url) => raw(url, 1) },
  'emmett ×1000': { workers: 1, batch: 1000, open: (url) => emmett(url) },
} satisfies Record<string, Cell>;
type Name = keyof typeof CELLS;

async function main(): Promise<void> {
  let described = '';
  let databases: { url: string; drop: () => Promise<void> }[] = [];
  const results = await interleaved(RUNS, Object.keys(CELLS) as Name[], async (name, r) => {
    if (name === 'ours 1') databases = [await freshDatabase(), await freshDatabase()];
    const [db, spare] = databases;
    described ||= await machine(db.url);
    const cell: Cell = CELLS[name];
    const writer = await cell.open(db.url, spare.url);
    try {
      const figure = await rate(writer, cell.workers, cell.batch, SECONDS);
      log(`run ${r + 1} ${name}: ${fmt(figure)} events/s`);
      return figure;
    } finally {
      await writer.close();
      if (name === 'emmett ×1000') await Promise.all(databases.map((d) => d.drop()));
    }
  });
  writeSection('appends', report(results, described));
  log(`${relative(process.cwd(), RESULTS_FILE)} updated`);
}

function report(results: Record<Name, number[]>, described: string): string {
  const m = (name: Name) => median(results[name]);
  const x = (a: Name, b: Name) => `${fmt(m(a) / m(b), 2)} ×`;
  const row = (workload: string, name: Name, baselines: Name[]) =>
    `| ${workload} | ${fmt(m(name))} ` +
    `| ${baselines.map((b) => `${b}: ${fmt(m(b))} (ours ${x(name, b)})`).join('; ')} |`;
  return [
    `## Appends: our event store against raw \`pg\` and Emmett (\`npm run bench:appends\`, ` +
      `BENCH_SCALE=${SCALE})`,
    '',
    `Machine: ${described}. Every cell ran ${SECONDS} s, ${RUNS} interleaved runs, each on a fresh ` +
      `database; figures are medians in events/s.`,
    'Ours: `PostgresEventStore.append` through the port (gap-free positions, optimistic ' +
      'concurrency, idempotency check, hash, Merkle tree grown in the same transaction; concurrent ' +
      'appends coalesced into one transaction). Raw: `INSERT … VALUES` of the same columns into a ' +
      'table with a bigserial key and a unique event id, one statement per call, autocommit. Emmett: ' +
      '`@event-driven-io/emmett-postgresql` 0.42 `appendToStream`. Ours and Emmett use pools of 10 ' +
      'connections; caller `k` writes to stream `s-k`.',
    '',
    '| workload | ours, events/s | baselines in the same run (events/s, and ours as a multiple) |',
    '|---|---|---|',
    row('single events, 1 caller', 'ours 1', ['raw 1', 'emmett 1']),
    row('single events, 64 concurrent callers', 'ours 64', [
      'raw 8',
      'raw 64',
      'emmett 64',
      'ours 64 no tree',
    ]),
    row('batches of 10 events, 1 caller', 'ours ×10', ['raw ×10', 'emmett ×10']),
    row('batches of 1000 events, 1 caller', 'ours ×1000', ['raw ×1000', 'emmett ×1000']),
    '',
    `Goals: at 64 callers ≥ 3 × Emmett (${x('ours 64', 'emmett 64')}) and ≥ 1 × raw with 8 clients ` +
      `(${x('ours 64', 'raw 8')}); batches of 1000 ≥ 70 % of raw ` +
      `(${fmt((100 * m('ours ×1000')) / m('raw ×1000'), 1)} %).`,
    '',
    'Runs: ' +
      (Object.keys(results) as Name[])
        .map((n) => `${n} ${results[n].map((v) => fmt(v)).join(' / ')}`)
        .join('; ') +
      '.',
  ].join('\n');
}

run(main);
