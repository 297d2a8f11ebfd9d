import { LoadResult } from './api-process';
import { Probe } from './charter-loads';
import { fmt, median } from './support';
import { latency, loadTable } from './load-report';

/** What `npm run bench:data-quality` measured, and the section of BENCHMARKS.md it writes. */
export interface QualityFigures {
  /** Events in the partnership (its version). */
  readonly events: number;
  /** The first answer, one request on a settled API (index read, twelve months computed), in ms. */
  readonly first: number;
  /** The API's resident memory before and after that first answer, MiB. */
  readonly rssBefore: number;
  readonly rssAfter: number;
  readonly answer: Probe;
  readonly results: Record<string, LoadResult[]>;
  /** One more load of `data quality, new asOf`, with what paused the event loop meanwhile. */
  readonly paused: Pauses;
  /** One request at a time after a restatement of the oldest judged month, ms each. */
  readonly restated: readonly number[];
  /** One request at a time at atPosition (a replay), ms each. */
  readonly atPosition: readonly number[];
  readonly described: string;
}

/** A load and, during it, the API's garbage-collection pauses by kind and its event-loop delay (ms). */
export interface Pauses {
  readonly load: LoadResult;
  readonly gc: Record<string, { readonly count: number; readonly ms: number }>;
  readonly lagP99: number;
  readonly lagMax: number;
}

interface Report extends QualityFigures {
  readonly scale: string;
  readonly runs: number;
  readonly connections: number;
  readonly seconds: number;
  readonly asOf: string;
  readonly charter: object;
}

const GOAL_MS = 300;
const ms = (values: readonly number[]) => values.map((v) => `${fmt(v)} ms`).join(' / ');

export function report(r: Report): string {
  const { row, runs } = loadTable(r.results, GOAL_MS);
  return [
    `## Data quality (issue 17) (\`npm run bench:data-quality\`, BENCH_SCALE=${r.scale})`,
    '',
    `Run ${new Date().toISOString().slice(0, 10)}. Machine: ${r.described}. The API runs in its own ` +
      `process (PostgreSQL mode, projections on; compiled by \`bench:build\` with \`npm start\`'s compiler ` +
      `and options, so the run never rebuilds dist/); autocannon (in the benchmark's ` +
      `process, on the same cores) loads it with ${r.connections} connections as a member's partner key, ` +
      `${r.seconds} s per cell, ${r.runs} interleaved runs (each figure: the median over the runs). One ` +
      `partnership of three member orgs and ${fmt(r.events)} events (\`bench/partnership-events.ts\`, ` +
      `posted in batches of 1000 through \`POST …/events\`, all recorded now and so mostly late), and a ` +
      `charter adopted through the routes: \`${JSON.stringify(r.charter)}\`; asOf ${r.asOf} (the months ` +
      `judged: 2025-11 … 2026-10, the default KPIs); the read models awaited before any load.`,
    '',
    '| load, 8 connections | figure | against /health (same run) | goal |',
    '|---|---|---|---|',
    row('`GET /health` (baseline)', '/health', false),
    row(
      'KPI snapshot of the same partnership, a new asOf each request (baseline)',
      'KPI snapshot, new asOf',
      false,
    ),
    row(
      '`GET …/data-quality?asOf=` a new instant each request (every request computes)',
      'data quality, new asOf',
      true,
    ),
    row('`GET …/data-quality` (asOf now), as a dashboard polls it', 'data quality, now', true),
    '',
    `Runs (req/s): ${runs}.`,
    '',
    ...answerLines(r.answer),
    '',
    pausesLine(r.paused, r.seconds),
    '',
    'One request at a time, on a settled API:',
    '',
    '| request | latency (each) |',
    '|---|---|',
    `| the first answer (the index read from the store, 12 months of 4 KPIs computed by a worker) | ${ms([r.first])} |`,
    `| after a cost of 2025-11 is appended (its month and every later one computed again), a new asOf | ${ms(r.restated)} (median ${fmt(median([...r.restated]))} ms) |`,
    `| \`atPosition\` = the last generated event (the events replayed and folded, every month computed) | ${ms(r.atPosition)} (median ${fmt(median([...r.atPosition]))} ms) |`,
    '',
    `The API's resident memory: ${fmt(r.rssBefore)} MiB before the first answer, ${fmt(r.rssAfter)} MiB after ` +
      `it (the index of ${fmt(r.events)} events, the months, the facts it read).`,
  ].join('\n');
}

function answerLines(answer: Probe): string[] {
  if (answer.kind !== 'ok')
    return [`The answer: ${answer.kind === 'failed' ? answer.detail : 'no such route'}.`];
  const b = answer.body as {
    score: number;
    completeness: { score: number; items: unknown[] };
    timeliness: { lagHours: { p50: number; p95: number }; late: { count: number; share: number } };
    anomalies: unknown[];
  };
  return [
    `The answer: ${fmt(answer.bytes / 1024, 1)} KiB; score ${b.score}, completeness ${b.completeness.score} ` +
      `(${b.completeness.items.length} items shown), lag p50 ${b.timeliness.lagHours.p50} h and p95 ` +
      `${b.timeliness.lagHours.p95} h, ${fmt(b.timeliness.late.count)} late events ` +
      `(${b.timeliness.late.share} %), ${b.anomalies.length} anomalies.`,
  ];
}

function pausesLine(p: Pauses, seconds: number): string {
  const kinds = Object.entries(p.gc)
    .filter(([, g]) => g.count > 0)
    .map(([kind, g]) => `${kind} ${fmt(g.count)} (${fmt(g.ms)} ms)`)
    .join(', ');
  return (
    `One more ${seconds}-s load of \`…/data-quality?asOf=\` a new instant each request, after the runs above: ` +
    `${latency(p.load)}. Meanwhile the API's garbage collector paused it ${kinds || 'never'} (count, total), ` +
    `and its event loop's delay was p99 ${fmt(p.lagP99)} ms, max ${fmt(p.lagMax)} ms (prom-client's ` +
    `default metrics on \`/metrics\`).`
  );
}
