import 'reflect-metadata';
import { relative } from 'node:path';
import { ApiProcess, BENCH_BUILT_API, LoadResult, load, startApi } from './api-process';
import { Target, alone, freshAsOf, loads, probe } from './charter-loads';
import { Keys, adopt, memberKeys, partnership, post, projected } from './charter-setup';
import { Pauses, QualityFigures, report } from './data-quality-report';
import { Shape, generateEvents } from './partnership-events';
import { RESULTS_FILE, writeSection } from './results-file';
import { SCALE, fmt, freshDatabase, logger, machine, run } from './support';

/**
 * Issue 17: `GET …/data-quality` of a partnership of 50,000 events at 8 connections (goal: p99 ≤ 300 ms),
 * against `/health` and the KPI snapshot of the same partnership in the same run:
 * - a new asOf each request: every request computes its answer (the index of events and the judged
 *   months are kept between requests, as they are in service);
 * - "now", as a dashboard polls it (answers reused for LEDGER_KPI_REUSE_MS);
 * and one request at a time: the first answer (the index read from the store, twelve months of series
 * computed), the first after an append that restates the oldest judged month (those months computed
 * again), and at atPosition (the partnership's events replayed, every month computed).
 * The API runs in its own process (PostgreSQL mode, projections on), compiled by `bench:build` with the
 * same compiler and options as `npm start`'s.
 */
interface Size {
  readonly shape: Shape;
  readonly seconds: number;
}
/** 1 formation + the generated events + 4 of the charter (proposal, two approvals, adoption). */
const SIZES: Record<typeof SCALE, Size> = {
  small: {
    shape: { wonDeals: 500, lostDeals: 100, openDeals: 50, touchesPerWin: 4, records: 1_745 },
    seconds: 3,
  },
  default: {
    shape: { wonDeals: 5_000, lostDeals: 1_000, openDeals: 500, touchesPerWin: 4, records: 17_495 },
    seconds: 10,
  },
};
const size = SIZES[SCALE];
const RUNS = 3;
const CONNECTIONS = 8;
/** Requests of each kind timed one at a time. */
const ALONE = 3;
/** After every generated event (they end 2026-11-25): the months judged are 2025-11 … 2026-10. */
const AS_OF = '2026-11-30T00:00:00.000Z';
const ID = 'quality';
/**
 * Monthly costs from each member and a quarterly survey from anyone, effective from the start: 35
 * months × 3 orgs + 11 quarters of completeness items.
 */
const CHARTER = {
  dataQuality: {
    expected: [
      { type: 'cost.incurred', every: 'month', fromEachPartner: true },
      { type: 'survey.answered', every: 'quarter', fromEachPartner: false },
    ],
    lateAfterDays: 7,
  },
};
const log = logger('data-quality');

async function main(): Promise<void> {
  const db = await freshDatabase();
  // Compiled into dist-bench/ by bench:build: starting it never rebuilds dist/ under other runs.
  const api = await startApi(db.url, {}, BENCH_BUILT_API);
  try {
    const keys = await memberKeys(api);
    const setup = await ledger(api, keys);
    const figures = await measure(api, keys[0], setup);
    const described = await machine(db.url);
    writeSection('data-quality', report({ ...figures, described, ...constants() }));
    log(`${relative(process.cwd(), RESULTS_FILE)} updated`);
  } finally {
    await api.stop();
    await db.drop();
  }
}

const constants = () => ({
  scale: SCALE,
  runs: RUNS,
  connections: CONNECTIONS,
  seconds: size.seconds,
  asOf: AS_OF,
  charter: CHARTER,
});

interface Setup {
  readonly events: number;
  /** The ledger position of the last generated event (before the charter). */
  readonly lastGenerated: number;
  readonly head: number;
}

/** The partnership through the routes: formed, the generated events, the charter; the read models awaited. */
async function ledger(api: ApiProcess, keys: Keys): Promise<Setup> {
  const events = generateEvents(size.shape);
  await partnership(api, keys, ID);
  const started = performance.now();
  const lastGenerated = await post(api, keys, ID, events);
  const head = await adopt(api, keys, ID, CHARTER);
  await projected(api, keys[0], ID, head);
  const count = (await api.call('GET', `/v1/partnerships/${ID}`, undefined, keys[0])).body.version as number;
  log(
    `posted ${fmt(count)} events and adopted the charter in ${fmt((performance.now() - started) / 1000, 1)} s`,
  );
  return { events: count, lastGenerated, head };
}

const qualityPath = (query: string) => `/v1/partnerships/${ID}/data-quality?${query}`;

async function measure(
  api: ApiProcess,
  key: string,
  setup: Setup,
): Promise<Omit<QualityFigures, 'described'>> {
  const rssBefore = api.rssMiB();
  const first = await alone(api, key, () => qualityPath(`asOf=${AS_OF}`), 1);
  const rssAfter = api.rssMiB();
  const answer = await probe(api, key, qualityPath(`asOf=${AS_OF}`));
  log(`first answer ${fmt(first[0])} ms; RSS ${fmt(rssBefore)} → ${fmt(rssAfter)} MiB`);
  const fresh = freshAsOf(AS_OF);
  const targets: Record<string, Target> = {
    '/health': { key, path: () => '/health' },
    'KPI snapshot, new asOf': { key, path: () => `/v1/partnerships/${ID}/kpis?asOf=${fresh()}` },
    'data quality, new asOf': { key, path: () => qualityPath(`asOf=${fresh()}`) },
    'data quality, now': { key, path: () => qualityPath('') },
  };
  const results: Record<string, LoadResult[]> = await loads(api, targets, {
    runs: RUNS,
    seconds: size.seconds,
    connections: CONNECTIONS,
    log,
  });
  const paused = await pausesDuring(api, () =>
    load({
      url: api.url,
      key,
      connections: CONNECTIONS,
      seconds: size.seconds,
      path: targets['data quality, new asOf'].path,
    }),
  );
  log(`one more load, new asOf: ${latencyOf(paused.load)}; ${JSON.stringify(paused.gc)}`);
  const restated = await afterRestatements(api, key, fresh);
  const atPosition = await alone(
    api,
    key,
    () => qualityPath(`asOf=${fresh()}&atPosition=${setup.lastGenerated}`),
    ALONE,
  );
  log(
    `restated: ${restated.map((ms) => fmt(ms)).join(' / ')} ms; atPosition: ${atPosition.map((ms) => fmt(ms)).join(' / ')} ms`,
  );
  return {
    events: setup.events,
    first: first[0],
    rssBefore,
    rssAfter,
    answer,
    results,
    paused,
    restated,
    atPosition,
  };
}

/**
 * Each time: a cost of the oldest judged month (2025-11) appended, the read models awaited, then one
 * answer timed (a new asOf): its twelve months are computed again, as after any restatement.
 */
async function afterRestatements(api: ApiProcess, key: string, asOf: () => string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < ALONE; i += 1) {
    const cost = {
      type: 'cost.incurred',
      occurredAt: '2025-11-15T00:00:00Z',
      data: { amount: '10.00', category: 'mdf' },
    };
    const receipt = await api.call('POST', `/v1/partnerships/${ID}/events`, { events: [cost] }, key);
    const position = (receipt.body.events as { position: number }[])[0].position;
    await projected(api, key, ID, position);
    times.push(...(await alone(api, key, () => qualityPath(`asOf=${asOf()}`), 1)));
  }
  return times;
}

const latencyOf = (l: LoadResult) => `${fmt(l.rps, 1)} req/s, p50 ${l.p50} ms, p99 ${l.p99} ms`;

/**
 * What held the API's event loop during a load, from its /metrics (prom-client's default metrics): the
 * garbage collector's pauses by kind (count and total), and the event loop's delay (p99 and maximum,
 * which prom-client measures since the previous scrape, so the scrape before the load starts it).
 */
async function pausesDuring(api: ApiProcess, body: () => Promise<LoadResult>): Promise<Pauses> {
  const scrape = async () => (await fetch(`${api.url}/metrics`)).text();
  const before = gcOf(await scrape());
  const result = await body();
  const after = await scrape();
  const gc = gcOf(after);
  const delta = Object.fromEntries(
    Object.entries(gc).map(([kind, g]) => [
      kind,
      {
        count: g.count - (before[kind]?.count ?? 0),
        ms: Math.round((g.sum - (before[kind]?.sum ?? 0)) * 1000),
      },
    ]),
  );
  const lag = (name: string) =>
    Math.round(Number(metric(after, `ledger_nodejs_eventloop_lag_${name}_seconds`)) * 1000);
  return { load: result, gc: delta, lagP99: lag('p99'), lagMax: lag('max') };
}

function gcOf(text: string): Record<string, { count: number; sum: number }> {
  const out: Record<string, { count: number; sum: number }> = {};
  for (const [, part, kind, value] of text.matchAll(
    /^ledger_nodejs_gc_duration_seconds_(sum|count)\{kind="(\w+)"\} (\S+)$/gm,
  )) {
    out[kind] ??= { count: 0, sum: 0 };
    out[kind][part as 'sum' | 'count'] = Number(value);
  }
  return out;
}

function metric(text: string, name: string): string | undefined {
  return new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1];
}

run(main);
