import 'reflect-metadata';
import { relative } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { Client } from 'pg';
import { PostgresEventStore } from '@ledger/event-store';
import { ApiProcess, LoadResult, load, projected, rebuildRate, startApi } from './api-process';
import { startFloor } from './http-floor';
import { RESULTS_FILE, writeSection } from './results-file';
import { seedLedger } from './seed';
import { SCALE, fmt, freshDatabase, interleaved, logger, machine, median, run } from './support';

/**
 * The read side at scale (1,000,000 events by default): projection rebuild and full verification, each
 * against a raw cursor read of the same rows in the same run; KPI, proof and head latency over HTTP
 * (autocannon, 32 connections); and the API process's resident memory, sampled throughout.
 */
const SIZES = {
  small: { events: 20_000, partnerships: 20, seconds: 1 },
  default: { events: 1_000_000, partnerships: 200, seconds: 10 },
};
const RUNS = 3;
const CONNECTIONS = 32;
const IDLE_MS = SCALE === 'small' ? 5_000 : 45_000;
const log = logger('scale');
const LOADS = ['floor', 'head', 'inclusion', 'consistency', 'one', 'portfolio'] as const;
type LoadName = (typeof LOADS)[number];

async function main(): Promise<void> {
  const size = SIZES[SCALE];
  const db = await freshDatabase();
  let api: ApiProcess | undefined;
  try {
    const store = await PostgresEventStore.connect({ connectionString: db.url });
    const t0 = performance.now();
    const ids = await seedLedger(store, size.partnerships, size.events);
    const total = await store.headPosition();
    await store.close();
    log(`seeded ${fmt(total)} events in ${fmt((performance.now() - t0) / 1000, 1)} s`);

    api = await startApi(db.url, { LEDGER_SIGNING_KEY: signingKey() });
    const rss = sampleRss(api);
    await projected(api, total);
    const caughtUp = api.rssMiB();
    log(`projections caught up; API RSS ${fmt(caughtUp)} MiB`);
    // V8 gives back the heap a catch-up grew only once the process has been idle for a while.
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const atRest = api.rssMiB();
    log(`after ${IDLE_MS / 1000} s idle: API RSS ${fmt(atRest)} MiB`);

    const replay = await interleaved(RUNS, ['raw', 'rebuild'] as const, async (variant, r) => {
      const figure =
        variant === 'raw' ? total / (await rawRead(db.url, total)) : await rebuildRate(api!, total);
      log(`run ${r + 1} ${variant}: ${fmt(figure)} events/s`);
      return figure;
    });
    const verify = await interleaved(RUNS, ['raw', 'verify'] as const, async (variant, r) => {
      const seconds = variant === 'raw' ? await rawRead(db.url, total) : await verifySeconds(api!, total);
      log(`run ${r + 1} ${variant}: ${fmt(seconds, 1)} s`);
      return seconds;
    });
    // Each load starts on an idle API: requests a load generator leaves running must not slow the next.
    const floor = await startFloor();
    const random = () => 1 + Math.floor(Math.random() * total);
    const targets: Record<LoadName, { url: string; path: () => string; timeoutsExpected?: boolean }> = {
      floor: { url: floor.url, path: () => '/' },
      head: { url: api.url, path: () => '/v1/ledger/head' },
      inclusion: {
        url: api.url,
        path: () => `/v1/ledger/proofs/inclusion?position=${random()}&treeSize=${total}`,
      },
      consistency: { url: api.url, path: () => `/v1/ledger/proofs/consistency?from=${random()}&to=${total}` },
      one: { url: api.url, path: () => `/v1/partnerships/${ids[0]}/kpis` },
      // Portfolios queue (one at a time per process): at scale most requests wait beyond autocannon's 30 s.
      portfolio: { url: api.url, path: () => '/v1/kpis?category=financial', timeoutsExpected: true },
    };
    const runs = Object.fromEntries(LOADS.map((n) => [n, [] as LoadResult[]])) as Record<
      LoadName,
      LoadResult[]
    >;
    await interleaved(RUNS, LOADS, async (name) => {
      const result = await load({ connections: CONNECTIONS, seconds: size.seconds, ...targets[name] });
      await api!.settled();
      runs[name].push(result);
      log(`${name}: p50 ${result.p50} ms, p99 ${result.p99} ms, ${fmt(result.rps)} req/s`);
      return result.p99;
    });
    floor.stop();
    const loads = Object.fromEntries(LOADS.map((n) => [n, medianLoad(runs[n])])) as Record<
      LoadName,
      LoadResult
    >;
    // One portfolio with nothing else running: how long a governance tool waits for it at this size.
    const alone = await interleaved(RUNS, ['portfolio'] as const, async (_, r) => {
      const start = performance.now();
      await api!.call('GET', '/v1/kpis?category=financial');
      const seconds = (performance.now() - start) / 1000;
      log(`run ${r + 1} one portfolio alone: ${fmt(seconds, 1)} s`);
      return seconds;
    });
    const memory = { caughtUp, atRest, last: api.rssMiB(), peak: rss.stop() };
    writeSection(
      'scale',
      report({
        total,
        partnerships: size.partnerships,
        seconds: size.seconds,
        replay,
        loads,
        alone: alone.portfolio,
        verify,
        memory,
        described: await machine(db.url),
      }),
    );
    log(`${relative(process.cwd(), RESULTS_FILE)} updated`);
  } finally {
    await api?.stop();
    await db.drop();
  }
}

/** Seconds to read every event row through a cursor, JSON parsed by the driver. */
async function rawRead(url: string, total: number): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const start = performance.now();
  await client.query('BEGIN');
  await client.query(
    'DECLARE c NO SCROLL CURSOR FOR SELECT position, stream_id, version, event_id, type, ' +
      'occurred_at, recorded_at, recorded_by, data, hash FROM ledger_events ORDER BY position',
  );
  let read = 0;
  for (let n = -1; n !== 0; read += n) n = (await client.query('FETCH 5000 FROM c')).rows.length;
  await client.query('COMMIT');
  const seconds = (performance.now() - start) / 1000;
  await client.end();
  if (read !== total) throw new Error(`read ${read} of ${total}`);
  return seconds;
}

async function verifySeconds(api: ApiProcess, total: number): Promise<number> {
  const start = performance.now();
  const report = (await api.call('POST', '/v1/ledger/verify')).body as { ok: boolean; eventsChecked: number };
  if (!report.ok || report.eventsChecked !== total)
    throw new Error(`verify: ${JSON.stringify(report).slice(0, 300)}`);
  return (performance.now() - start) / 1000;
}

function sampleRss(api: ApiProcess): { stop: () => number } {
  let peak = api.rssMiB();
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, api.rssMiB());
    } catch {
      clearInterval(timer); // the API is gone; the benchmark's own error says why
    }
  }, 250);
  return { stop: () => (clearInterval(timer), peak) };
}

function signingKey(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
}

interface Results {
  readonly total: number;
  readonly partnerships: number;
  readonly seconds: number;
  readonly replay: Record<'raw' | 'rebuild', number[]>;
  readonly loads: Record<LoadName, LoadResult>;
  /** Seconds for one portfolio request with nothing else running. */
  readonly alone: number[];
  readonly verify: Record<'raw' | 'verify', number[]>;
  readonly memory: { caughtUp: number; atRest: number; last: number; peak: number };
  readonly described: string;
}

/** Each figure of a load is the median of that figure over the runs. */
function medianLoad(results: readonly LoadResult[]): LoadResult {
  const of = (pick: (l: LoadResult) => number) => median(results.map(pick));
  return {
    requests: of((l) => l.requests),
    p50: of((l) => l.p50),
    p99: of((l) => l.p99),
    rps: of((l) => l.rps),
    timeouts: of((l) => l.timeouts),
  };
}

function report(r: Results): string {
  const [raw, rebuild] = [median(r.replay.raw), median(r.replay.rebuild)];
  const [read, verify] = [median(r.verify.raw), median(r.verify.verify)];
  const f = r.loads.floor;
  const floor = (l: LoadResult) =>
    `bare \`node:http\` (the floor): p99 ${f.p99} ms, ${fmt(f.rps)} req/s; ` +
    `${fmt((100 * l.rps) / f.rps, 1)} % of its req/s`;
  const latency = (workload: string, l: LoadResult, goal: number) =>
    l.requests === 0 || l.timeouts > 0
      ? `| ${workload}, ${CONNECTIONS} connections | ${fmt(l.requests)} answered in the ` +
        `${r.seconds} s of the load${l.requests > 0 ? ` (p50 ${l.p50} ms)` : ''}` +
        `${l.timeouts > 0 ? `, ${fmt(l.timeouts)} not answered within 30 s` : ''} ` +
        `| ${floor(l)} | p99 ≤ ${goal} ms: missed |`
      : `| ${workload}, ${CONNECTIONS} connections | p50 ${l.p50} ms, p99 ${l.p99} ms, ` +
        `${fmt(l.rps)} req/s | ${floor(l)} | p99 ≤ ${goal} ms: ${l.p99 <= goal ? 'met' : 'missed'} |`;
  return [
    `## The read side at ${fmt(r.total)} events (\`npm run bench:scale\`, BENCH_SCALE=${SCALE})`,
    '',
    `Machine: ${r.described}. Ledger: ${fmt(r.total)} events in ${r.partnerships} partnerships ` +
      `(deals, costs, surveys, leads, engagements, milestones, escalations, retractions). The API runs ` +
      `as users run it (\`npm start\`, PostgreSQL mode, projections on) in its own process; autocannon ` +
      `(${CONNECTIONS} connections) runs in the benchmark's, on the same two cores. Medians of ${RUNS} ` +
      `interleaved runs (each load figure: the median of that figure over its runs). The floor is a ` +
      `bare \`node:http\` server in its own process answering a constant body of a signed head's size, ` +
      `loaded the same way: what this machine allows any Node service.`,
    '',
    '| workload | figure | baseline in the same run, ratio | goal |',
    '|---|---|---|---|',
    `| projection rebuild from position 1 (read, verify hashes, fold, write facts, swap) ` +
      `| ${fmt(rebuild)} events/s | raw cursor read of the same rows, JSON parsed: ${fmt(raw)} ` +
      `events/s; ${fmt((100 * rebuild) / raw, 1)} % | ≥ 50 %: ${rebuild >= raw / 2 ? 'met' : 'missed'} |`,
    latency(`KPI snapshot of one partnership (${fmt(r.total / r.partnerships)} events)`, r.loads.one, 10),
    latency(`portfolio, financial category, ${r.partnerships} partnerships`, r.loads.portfolio, 10),
    `| one portfolio request with nothing else running (financial category) ` +
      `| ${fmt(median(r.alone), 1)} s | — | — |`,
    latency('inclusion proof, random positions', r.loads.inclusion, 5),
    latency('consistency proof, random sizes', r.loads.consistency, 5),
    latency('signed head', r.loads.head, 5),
    `| full verification (every leaf and the root recomputed) | ${fmt(verify, 1)} s ` +
      `| raw cursor read of the same rows: ${fmt(read, 1)} s; ${fmt(verify / read, 1)} × ` +
      `| ≤ 15 s: ${verify <= 15 ? 'met' : 'missed'} |`,
    `| API process resident memory (PostgreSQL mode) ` +
      `| ${fmt(r.memory.caughtUp)} MiB as projections caught up, ${fmt(r.memory.atRest)} MiB after ` +
      `${IDLE_MS / 1000} s idle; peak ${fmt(r.memory.peak)} MiB (portfolios), ${fmt(r.memory.last)} MiB ` +
      `at the end | — | ≤ 300 MiB: ` +
      (r.memory.peak <= 300 ? 'met' : r.memory.atRest <= 300 ? 'met at rest, missed at the peak' : 'missed') +
      ' |',
    '',
    `Runs: raw read ${r.replay.raw.map((x) => fmt(x)).join(' / ')}, ` +
      `rebuild ${r.replay.rebuild.map((x) => fmt(x)).join(' / ')} events/s; raw ` +
      `read ${r.verify.raw.map((x) => fmt(x, 1)).join(' / ')}, ` +
      `verify ${r.verify.verify.map((x) => fmt(x, 1)).join(' / ')} s; one portfolio ` +
      `alone ${r.alone.map((x) => fmt(x, 1)).join(' / ')} s.`,
  ].join('\n');
}

run(main);
