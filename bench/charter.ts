import 'reflect-metadata';
import { relative } from 'node:path';
import { ApiProcess, startApi } from './api-process';
import { charterDocument } from './charter-doc';
import { Probe, Target, alone, alternating, freshAsOf, loads, probe } from './charter-loads';
import { measurePure } from './charter-pure';
import { AttributionFigures, KpiFigures, report } from './charter-report';
import { Keys, adopt, catalogue, memberKeys, partnership, post, projected } from './charter-setup';
import { Shape, generateEvents } from './partnership-events';
import { RESULTS_FILE, writeSection } from './results-file';
import { SCALE, fmt, freshDatabase, logger, machine, run } from './support';

/**
 * Issue 15, each figure against a baseline in the same run:
 * 1. the KPI snapshot of a partnership under an adopted charter (20 scorecard KPIs, 5 custom KPIs) against
 *    the same snapshot without one, in-process (`computeSnapshot`) and over HTTP (two partnerships with
 *    the same events, one of which adopts the charter through the routes; autocannon, 8 connections);
 * 2. `GET …/attribution` over 5,000 won deals and 20,000 touches (8 connections) against `/health` and
 *    the KPI snapshot of the same partnership.
 * The API runs as users run it (`npm start`, PostgreSQL mode, projections on) in its own process.
 */
interface Size {
  readonly charter: Shape;
  readonly attribution: Shape;
  readonly seconds: number;
  /** In-process snapshots of each variant: under the charter, under it with time_decay. */
  readonly iterations: { readonly charter: number; readonly timeDecay: number };
}
const SIZES: Record<typeof SCALE, Size> = {
  small: {
    charter: { wonDeals: 200, lostDeals: 50, openDeals: 20, touchesPerWin: 4, records: 680 },
    attribution: { wonDeals: 500, lostDeals: 100, openDeals: 50, touchesPerWin: 4, records: 250 },
    seconds: 2,
    iterations: { charter: 20, timeDecay: 4 },
  },
  default: {
    charter: { wonDeals: 2_000, lostDeals: 500, openDeals: 200, touchesPerWin: 4, records: 6_800 },
    attribution: { wonDeals: 5_000, lostDeals: 1_000, openDeals: 500, touchesPerWin: 4, records: 2_500 },
    seconds: 10,
    iterations: { charter: 100, timeDecay: 10 },
  },
};
const size = SIZES[SCALE];
const RUNS = 3;
/** The KPI loads' cells are short of requests (a snapshot takes ~150 ms here): more runs of them. */
const KPI_RUNS = 5;
/** KPI snapshots of each partnership timed one request at a time, the two taking turns. */
const SEQUENTIAL = 30;
const CONNECTIONS = 8;
/** Requests of each attribution model timed one at a time. */
const ALONE = 3;
/** A fixed past instant after every generated event. */
const AS_OF = '2026-11-30T00:00:00.000Z';
const log = logger('charter');

async function main(): Promise<void> {
  const pure = measurePure(size.charter, AS_OF, size.iterations);
  log(
    `in-process: ${fmt(pure.events)} events; ${size.iterations.charter} + ${size.iterations.timeDecay} snapshots`,
  );
  const db = await freshDatabase();
  const api = await startApi(db.url);
  try {
    const keys = await memberKeys(api);
    const kpis = await kpiFigures(api, keys);
    const attribution = await attributionFigures(api, keys);
    const described = await machine(db.url);
    writeSection('charter', report({ pure, kpis, attribution, described, ...constants() }));
    log(`${relative(process.cwd(), RESULTS_FILE)} updated`);
  } finally {
    await api.stop();
    await db.drop();
  }
}

const constants = () => ({
  scale: SCALE,
  runs: RUNS,
  kpiRuns: KPI_RUNS,
  sequential: SEQUENTIAL,
  connections: CONNECTIONS,
  seconds: size.seconds,
  iterations: size.iterations,
  asOf: AS_OF,
});

/** Two partnerships with the same events; `charter` adopts the charter through the routes. */
async function kpiFigures(api: ApiProcess, keys: Keys): Promise<KpiFigures> {
  const events = generateEvents(size.charter);
  for (const id of ['plain', 'charter']) await partnership(api, keys, id);
  const charter = charterDocument(await catalogue(api, keys[0]));
  const started = performance.now();
  await projected(api, keys[0], 'plain', await post(api, keys, 'plain', events));
  await post(api, keys, 'charter', events);
  await projected(api, keys[0], 'charter', await adopt(api, keys, 'charter', charter));
  log(
    `posted ${fmt(events.length)} events twice and adopted the charter in ${fmt((performance.now() - started) / 1000, 1)} s`,
  );
  const answers = {
    plain: await probe(api, keys[0], kpiPath('plain', AS_OF)),
    charter: await probe(api, keys[0], kpiPath('charter', AS_OF)),
  };
  const fresh = freshAsOf(AS_OF);
  const targets: Record<string, Target> = {
    'without, new asOf': { key: keys[0], path: () => kpiPath('plain', fresh()) },
    'with charter, new asOf': { key: keys[0], path: () => kpiPath('charter', fresh()) },
    'without, fixed asOf': { key: keys[0], path: () => kpiPath('plain', AS_OF) },
    'with charter, fixed asOf': { key: keys[0], path: () => kpiPath('charter', AS_OF) },
  };
  const results = await loads(api, targets, {
    runs: KPI_RUNS,
    seconds: size.seconds,
    connections: CONNECTIONS,
    log,
  });
  const sequential = await alternating(
    api,
    keys[0],
    { without: () => kpiPath('plain', fresh()), 'with charter': () => kpiPath('charter', fresh()) },
    SEQUENTIAL,
  );
  return { events: events.length + 1, answers, results, sequential };
}

const kpiPath = (id: string, asOf: string) => `/v1/partnerships/${id}/kpis?asOf=${asOf}`;

/** One partnership of 5,000 won deals with 4 touches each; the route is measured only if it exists. */
async function attributionFigures(api: ApiProcess, keys: Keys): Promise<AttributionFigures> {
  const events = generateEvents(size.attribution);
  await partnership(api, keys, 'attribution');
  await projected(api, keys[0], 'attribution', await post(api, keys, 'attribution', events));
  log(`posted ${fmt(events.length)} events for attribution`);
  const base = { events: events.length + 1, counts: countTypes(events) };
  const answer: Probe = await probe(api, keys[0], ATTRIBUTION);
  if (answer.kind !== 'ok') return { ...base, answer };
  const fresh = freshAsOf(AS_OF);
  const targets: Record<string, Target> = {
    '/health': { key: keys[0], path: () => '/health' },
    'KPI snapshot, new asOf': { key: keys[0], path: () => kpiPath('attribution', fresh()) },
    'attribution, defaults': { key: keys[0], path: () => ATTRIBUTION },
    'attribution, new asOf': { key: keys[0], path: () => `${ATTRIBUTION}?asOf=${fresh()}` },
  };
  const options = { runs: RUNS, seconds: size.seconds, connections: CONNECTIONS, log };
  // A refusal under load (429, 5xx) is a finding to report, not a reason to lose the charter figures.
  const results = await loads(api, targets, options).catch((error: unknown) => String(error));
  const models = await modelsAlone(api, keys[0], fresh);
  return typeof results === 'string'
    ? { ...base, answer, models, failed: results }
    : { ...base, answer, models, results };
}

const ATTRIBUTION = '/v1/partnerships/attribution/attribution';
const MODELS = ['linear', 'first_touch', 'last_touch', 'position_based', 'time_decay'] as const;

/** Each model's answer alone (one request at a time on a settled API), ALONE times. */
async function modelsAlone(
  api: ApiProcess,
  key: string,
  asOf: () => string,
): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const model of MODELS) {
    out[model] = await alone(
      api,
      key,
      () => `${ATTRIBUTION}?model=${model}${model === 'time_decay' ? '&halfLifeDays=30' : ''}&asOf=${asOf()}`,
      ALONE,
    );
    log(`${model} alone: ${out[model].map((ms) => fmt(ms)).join(' / ')} ms`);
  }
  return out;
}

function countTypes(events: readonly { type: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of events) counts[e.type] = (counts[e.type] ?? 0) + 1;
  return counts;
}

run(main);
