import 'reflect-metadata';
import { relative } from 'node:path';
import { eachMs, loadTable } from './load-report';
import { ApiProcess, BENCH_BUILT_API, LoadResult, startApi } from './api-process';
import { Probe, Target, alone, freshAsOf, loads, probe } from './charter-loads';
import { Keys, memberKeys, post, projected } from './charter-setup';
import { ORGS, Shape, generateEvents } from './partnership-events';
import { RESULTS_FILE, writeSection } from './results-file';
import { SCALE, fmt, freshDatabase, logger, machine, run } from './support';

/**
 * Issue 18: `GET …/kpis/joint_revenue/forecast` with `auto` over 36 monthly points at 8 connections (goal:
 * p99 ≤ 50 ms), against `/health` and the `window=period` series the history is (the same 36 months) in
 * the same run; and one request at a time: the first forecast, each method by name, at atPosition.
 * The API runs in its own process (PostgreSQL mode, projections on), compiled by `bench:build` with the
 * same compiler and options as `npm start`'s, so the run never rebuilds dist/.
 */
interface Size {
  readonly shape: Shape;
  readonly seconds: number;
}
const SIZES: Record<typeof SCALE, Size> = {
  small: {
    shape: { wonDeals: 200, lostDeals: 50, openDeals: 20, touchesPerWin: 4, records: 680 },
    seconds: 3,
  },
  default: {
    shape: { wonDeals: 2_000, lostDeals: 500, openDeals: 200, touchesPerWin: 4, records: 6_800 },
    seconds: 10,
  },
};
const size = SIZES[SCALE];
const RUNS = 3;
const CONNECTIONS = 8;
const ALONE = 3;
const ID = 'forecast';
/**
 * Formed 2023-12-01, a month before the generated events start; read in December 2026, after the last
 * of them: the complete months are 2023-12 … 2026-11, exactly 36.
 */
const STARTED_AT = '2023-12-01T00:00:00.000Z';
const AS_OF = '2026-12-10T00:00:00.000Z';
const METHODS = ['naive', 'mean', 'drift', 'linear', 'holt', 'seasonal_naive'] as const;
const GOAL_MS = 50;
const log = logger('forecast');

async function main(): Promise<void> {
  const db = await freshDatabase();
  const api = await startApi(db.url, {}, BENCH_BUILT_API);
  try {
    const keys = await memberKeys(api);
    const setup = await ledger(api, keys);
    const figures = await measure(api, keys[0], setup);
    writeSection('forecast', report({ ...figures, events: setup.events, described: await machine(db.url) }));
    log(`${relative(process.cwd(), RESULTS_FILE)} updated`);
  } finally {
    await api.stop();
    await db.drop();
  }
}

async function ledger(api: ApiProcess, keys: Keys) {
  const body = {
    partnershipId: ID,
    name: ID,
    type: 'strategic_alliance',
    partnerOrgIds: [...ORGS],
    currency: 'EUR',
    startedAt: STARTED_AT,
  };
  await api.call('POST', '/v1/partnerships', body, keys[0]);
  const started = performance.now();
  const last = await post(api, keys, ID, generateEvents(size.shape));
  await projected(api, keys[0], ID, last);
  const events = (await api.call('GET', `/v1/partnerships/${ID}`, undefined, keys[0])).body.version as number;
  log(`posted ${fmt(events)} events in ${fmt((performance.now() - started) / 1000, 1)} s`);
  // atPosition: the ledger half-way through the generated events.
  return { events, halfway: last - Math.floor(events / 2) };
}

const forecastPath = (query: string) => `/v1/partnerships/${ID}/kpis/joint_revenue/forecast?${query}`;
/** The history's series as the series route answers it (nothing of it is reused between requests). */
const SERIES =
  `/v1/partnerships/${ID}/kpis/joint_revenue/series?period=month&window=period&from=${STARTED_AT}` +
  `&to=2026-11-30T23:59:59.999Z`;

async function measure(api: ApiProcess, key: string, setup: { halfway: number }) {
  const first = await alone(api, key, () => forecastPath(`asOf=${AS_OF}`), 1);
  const answer = await probe(api, key, forecastPath(`asOf=${AS_OF}`));
  log(`first forecast ${fmt(first[0])} ms`);
  const fresh = freshAsOf(AS_OF);
  const targets: Record<string, Target> = {
    '/health': { key, path: () => '/health' },
    series: { key, path: () => SERIES },
    'forecast, new asOf': { key, path: () => forecastPath(`asOf=${fresh()}`) },
  };
  const results = await loads(api, targets, {
    runs: RUNS,
    seconds: size.seconds,
    connections: CONNECTIONS,
    log,
  });
  const methods: Record<string, number[]> = {};
  for (const method of METHODS) {
    methods[method] = await alone(api, key, () => forecastPath(`method=${method}&asOf=${fresh()}`), ALONE);
    log(`${method} alone: ${methods[method].map((ms) => fmt(ms)).join(' / ')} ms`);
  }
  const atPosition = await alone(
    api,
    key,
    () => forecastPath(`asOf=${fresh()}&atPosition=${setup.halfway}`),
    ALONE,
  );
  return { first: first[0], answer, results, methods, atPosition };
}

interface Figures {
  readonly events: number;
  readonly first: number;
  readonly answer: Probe;
  readonly results: Record<string, LoadResult[]>;
  readonly methods: Record<string, number[]>;
  readonly atPosition: number[];
  readonly described: string;
}

function report(r: Figures): string {
  const { row, runs } = loadTable(r.results, GOAL_MS);
  return [
    `## Forecasts (issue 18) (\`npm run bench:forecast\`, BENCH_SCALE=${SCALE})`,
    '',
    `Run ${new Date().toISOString().slice(0, 10)}. Machine: ${r.described}. The API runs in its own ` +
      `process (PostgreSQL mode, projections on; compiled by \`bench:build\`); autocannon (in the ` +
      `benchmark's process, on the same cores) loads it with ${CONNECTIONS} connections as a member's ` +
      `partner key, ${size.seconds} s per cell, ${RUNS} interleaved runs (each figure: the median over the ` +
      `runs). One partnership of three member orgs formed ${STARTED_AT.slice(0, 10)} and ${fmt(r.events)} ` +
      `events (\`bench/partnership-events.ts\`, posted in batches of 1000), read at asOf in December 2026: ` +
      `the history is the 36 complete months 2023-12 … 2026-11 of joint_revenue; the read models awaited ` +
      `before any load.`,
    '',
    `| load, ${CONNECTIONS} connections | figure | against /health (same run) | goal |`,
    '|---|---|---|---|',
    row('`GET /health` (baseline)', '/health', false),
    row('`GET …/series?period=month&window=period` over the same 36 months (baseline)', 'series', false),
    row('`GET …/forecast?asOf=` (`auto`), a new instant each request', 'forecast, new asOf', true),
    '',
    `Runs (req/s): ${runs}.`,
    '',
    ...answerLines(r.answer),
    '',
    'One request at a time, on a settled API:',
    '',
    '| request | latency (each) |',
    '|---|---|',
    `| the first forecast (\`auto\`: the 36 months computed by a KPI worker, as after any new event) | ${fmt(r.first)} ms |`,
    ...Object.entries(r.methods).map(
      ([method, times]) => `| \`method=${method}\`, a new asOf (the months reused) | ${eachMs(times)} |`,
    ),
    `| \`auto\` at \`atPosition\` half-way (the events replayed and folded first) | ${eachMs(r.atPosition)} |`,
  ].join('\n');
}

function answerLines(answer: Probe): string[] {
  if (answer.kind !== 'ok')
    return [`The answer: ${answer.kind === 'failed' ? answer.detail : 'no such route'}.`];
  const b = answer.body as { method: string; history: unknown[]; points: unknown[]; residualSd: string };
  return [
    `The answer: ${fmt(answer.bytes / 1024, 1)} KiB; \`auto\` chose ${b.method} over ${b.history.length} ` +
      `points, ${b.points.length} points ahead, residualSd ${b.residualSd}.`,
  ];
}

run(main);
