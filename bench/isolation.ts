import 'reflect-metadata';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PostgresEventStore } from '@ledger/event-store';
import { ADMIN_KEY, ApiProcess, startApi } from './api-process';
import { RESULTS_FILE, writeSection } from './results-file';
import { seedLedger } from './seed';
import { SCALE, fmt, freshDatabase, interleaved, logger, machine, median, percentile, run } from './support';

/**
 * Cheap requests under expensive ones: /health, a current KPI read and a one-event append, each probed one
 * request at a time, first with the API idle, then while 32 clients run expensive reads (16 atPosition
 * replays of random partnerships at random positions, 16 portfolios each for its own asOf, so none shares
 * a run). The expensive clients honour 429's Retry-After as a well-behaved client would. Two variants of
 * the same build on the same database, interleaved: `event loop` (LEDGER_KPI_WORKERS=0 and no limits: how
 * the API computed before the pool) and `workers` (the defaults).
 */
const SIZES = {
  small: { partnerships: 10, events: 20_000, seconds: 8 },
  default: { partnerships: 40, events: 200_000, seconds: 20 },
};
const size = SIZES[SCALE];
const RUNS = 3;
const CLIENTS = { replay: 16, portfolio: 16 };
const PROBE_GAP_MS = 10;
const log = logger('isolation');

const VARIANTS = {
  'event loop': {
    LEDGER_KPI_WORKERS: '0',
    LEDGER_KPI_REPLAY_LIMIT: '0',
    LEDGER_KPI_SERIES_LIMIT: '0',
    LEDGER_KPI_PORTFOLIO_LIMIT: '0',
  },
  workers: {},
  'workers, nice 0': { LEDGER_KPI_WORKER_NICE: '0' },
} as const;
type Variant = keyof typeof VARIANTS;
const PROBES = ['health', 'kpi', 'append'] as const;
type Probe = (typeof PROBES)[number];
const PHASES = ['idle', 'loaded'] as const;
type Phase = (typeof PHASES)[number];

interface Setup {
  readonly url: string;
  /** One signing key for every start: the ledger refuses a key other than its heads'. */
  readonly signingKey: string;
  readonly ids: string[];
  readonly head: number;
  readonly key: string;
}

interface Expensive {
  readonly ok: Record<'replay' | 'portfolio', number[]>;
  readonly refused: number;
}

interface RunResult {
  readonly latency: Record<Phase, Record<Probe, number[]>>;
  readonly expensive: Expensive;
  readonly rssPeak: number;
  /**
   * While loaded: the API's event-loop delay (ms) and CPU (share of one core) of its main thread and of the
   * rest.
   */
  readonly loop: { readonly p99: number; readonly max: number };
  readonly cpu: { readonly main: number; readonly others: number };
}

async function main(): Promise<void> {
  const db = await freshDatabase();
  try {
    const store = await PostgresEventStore.connect({ connectionString: db.url });
    const ids = await seedLedger(store, size.partnerships, size.events);
    const head = await store.headPosition();
    await store.close();
    log(`seeded ${fmt(head)} events in ${size.partnerships} partnerships`);
    const signingKey = generateKeyPairSync('ed25519').privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
    const key = await prepare(db.url, signingKey, head);
    const setup = { url: db.url, signingKey, ids, head, key };
    const results: Record<Variant, RunResult[]> = { 'event loop': [], workers: [], 'workers, nice 0': [] };
    await interleaved(RUNS, Object.keys(VARIANTS) as Variant[], async (variant, r) => {
      const result = await oneRun(setup, variant);
      results[variant].push(result);
      const p99 = (phase: Phase) => percentile(result.latency[phase].health, 99);
      log(
        `run ${r + 1} ${variant}: /health p99 idle ${fmt(p99('idle'), 1)} ms, ` +
          `loaded ${fmt(p99('loaded'), 1)} ms`,
      );
      return p99('loaded');
    });
    writeSection('isolation', report(results, head, await machine(db.url)));
    log(`${relative(process.cwd(), RESULTS_FILE)} updated`);
  } finally {
    await db.drop();
  }
}

/** Organizations, a partner key and the probes' own partnership, with every read model caught up. */
async function prepare(url: string, signingKey: string, head: number): Promise<string> {
  const api = await startApi(url, { LEDGER_SIGNING_KEY: signingKey });
  try {
    for (const orgId of ['acme', 'globex'])
      await api.call('POST', '/v1/organizations', { orgId, name: orgId });
    const key = (await api.call('POST', '/v1/api-keys', { role: 'partner', orgId: 'acme' })).body
      .key as string;
    const body = {
      partnershipId: 'probe',
      name: 'probe',
      type: 'reseller',
      partnerOrgIds: ['acme', 'globex'],
      currency: 'EUR',
      startedAt: '2025-01-01T00:00:00Z',
    };
    await api.call('POST', '/v1/partnerships', body, key);
    await caughtUp(api, head + 1);
    return key;
  } finally {
    await api.stop();
  }
}

async function caughtUp(api: ApiProcess, position: number): Promise<void> {
  while (
    ((await api.call('GET', '/v1/projections')).body as { items: { position: number }[] }).items[0].position <
    position
  ) {
    await sleep(200);
  }
  await api.settled();
}

/** One variant: a fresh API process, the probes idle, then the probes under the expensive clients. */
async function oneRun(setup: Setup, variant: Variant): Promise<RunResult> {
  const api = await startApi(setup.url, { LEDGER_SIGNING_KEY: setup.signingKey, ...VARIANTS[variant] });
  try {
    await caughtUp(api, setup.head);
    let rssPeak = api.rssMiB();
    const sampler = setInterval(() => {
      try {
        rssPeak = Math.max(rssPeak, api.rssMiB());
      } catch {
        clearInterval(sampler); // the API is gone: the run's own error says why
      }
    }, 250);
    const idle = await probe(api, setup, size.seconds / 2);
    const stop = new AbortController();
    const clients = expensiveClients(api, setup, stop.signal);
    await sleep(1000); // every client has its first request in flight
    await loopDelay(api); // prom-client restarts its event-loop histogram at each scrape
    const before = cpuTicks(api.pid);
    const loaded = await probe(api, setup, size.seconds);
    const [after, loop] = [cpuTicks(api.pid), await loopDelay(api)];
    stop.abort();
    const expensive = await clients;
    clearInterval(sampler);
    const share = (ticks: number) => ticks / TICKS_PER_SECOND / size.seconds;
    const cpu = {
      main: share(after.main - before.main),
      others: share(after.all - after.main - (before.all - before.main)),
    };
    return { latency: { idle, loaded }, expensive, rssPeak, loop, cpu };
  } finally {
    await api.stop();
  }
}

/** Each probe one request at a time, PROBE_GAP_MS apart, for `seconds`: its latencies in ms. */
async function probe(api: ApiProcess, setup: Setup, seconds: number): Promise<Record<Probe, number[]>> {
  const end = performance.now() + seconds * 1000;
  const requests: Record<Probe, () => Promise<Response>> = {
    health: () => fetch(`${api.url}/health`),
    kpi: () => fetch(`${api.url}/v1/partnerships/${setup.ids[0]}/kpis`, auth(setup.key)),
    append: () =>
      fetch(`${api.url}/v1/partnerships/probe/events`, {
        ...auth(setup.key),
        method: 'POST',
        body: JSON.stringify(cost()),
      }),
  };
  const loop = async (name: Probe) => {
    const times: number[] = [];
    while (performance.now() < end) {
      const start = performance.now();
      const res = await requests[name]();
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${name} probe: ${res.status}`);
      times.push(performance.now() - start);
      await sleep(PROBE_GAP_MS);
    }
    return [name, times] as const;
  };
  return Object.fromEntries(await Promise.all(PROBES.map(loop))) as Record<Probe, number[]>;
}

/** The 32 expensive clients until `signal`: answered requests' latencies by kind, and refusals (429). */
async function expensiveClients(api: ApiProcess, setup: Setup, signal: AbortSignal): Promise<Expensive> {
  const ok: Expensive['ok'] = { replay: [], portfolio: [] };
  let refused = 0;
  const path = (kind: 'replay' | 'portfolio') => {
    if (kind === 'portfolio')
      return (
        `/v1/kpis?asOf=` +
        `${new Date(Date.UTC(2025, 0, 1) + Math.floor(Math.random() * 600) * 86_400_000).toISOString()}`
      );
    const at = Math.floor(setup.head / 2 + (Math.random() * setup.head) / 2);
    return (
      `/v1/partnerships/${setup.ids[Math.floor(Math.random() * setup.ids.length)]}` + `/kpis?atPosition=${at}`
    );
  };
  const client = async (kind: 'replay' | 'portfolio') => {
    while (!signal.aborted) {
      const start = performance.now();
      const res = await fetch(`${api.url}${path(kind)}`, { ...auth(ADMIN_KEY), signal }).catch(
        () => undefined,
      );
      if (!res) return; // aborted at the end of the load
      await res.arrayBuffer().catch(() => undefined);
      if (res.status === 429) {
        refused += 1;
        await sleep(Number(res.headers.get('retry-after') ?? '1') * 1000, undefined, { signal }).catch(
          () => undefined,
        );
      } else if (res.ok) ok[kind].push(performance.now() - start);
      else throw new Error(`${kind}: ${res.status}`);
    }
  };
  const kinds = [...Array(CLIENTS.replay).fill('replay'), ...Array(CLIENTS.portfolio).fill('portfolio')] as (
    'replay' | 'portfolio'
  )[];
  await Promise.all(kinds.map(client));
  await api.settled();
  return { ok, refused };
}

/**
 * Event-loop delay since the last scrape, from the API's own metrics (prom-client's monitorEventLoopDelay).
 */
async function loopDelay(api: ApiProcess): Promise<{ p99: number; max: number }> {
  const text = await (await fetch(`${api.url}/metrics`)).text();
  const value = (name: string) =>
    1000 * Number(new RegExp(`^ledger_nodejs_eventloop_lag_${name}_seconds (\\S+)$`, 'm').exec(text)?.[1]);
  return { p99: value('p99'), max: value('max') };
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux
/**
 * CPU time (user + system, in ticks) of the API's main thread and of the whole process (worker threads too).
 */
function cpuTicks(pid: number): { main: number; all: number } {
  const ticks = (path: string) => {
    const fields = readFileSync(path, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime and stime: fields 14 and 15 of stat(5)
  };
  return { main: ticks(`/proc/${pid}/task/${pid}/stat`), all: ticks(`/proc/${pid}/stat`) };
}

const auth = (key: string) => ({
  headers: { Authorization: `Bearer ${key}`, 'content-type': 'application/json' },
});
const cost = () => ({
  eventId: randomUUID(),
  type: 'cost.incurred',
  occurredAt: '2026-01-10T09:00:00Z',
  data: { amount: '10.00', category: 'mdf' },
});

function report(results: Record<Variant, RunResult[]>, head: number, described: string): string {
  const cell = (variant: Variant, phase: Phase, name: Probe) => {
    const runs = results[variant].map((r) => r.latency[phase][name]);
    const of = (p: number) => fmt(median(runs.map((t) => percentile(t, p))), 1);
    return `p50 ${of(50)} ms, p99 ${of(99)} ms`;
  };
  const rows = PROBES.map((name) => {
    const label = {
      health: '`GET /health`',
      kpi: 'current KPIs of one partnership',
      append: 'append of one event',
    }[name];
    const cells = (Object.keys(VARIANTS) as Variant[]).flatMap((v) =>
      PHASES.map((phase) => cell(v, phase, name)),
    );
    return `| ${label} | ${cells.join(' | ')} |`;
  });
  const seconds = size.seconds;
  const runsOf = (v: Variant) =>
    results[v].map((r) => fmt(percentile(r.latency.loaded.health, 99), 1)).join(' / ');
  const throughput = (v: Variant) => {
    const rs = results[v];
    const per = (kind: 'replay' | 'portfolio') =>
      fmt(median(rs.map((r) => r.expensive.ok[kind].length / seconds)), 1);
    // A kind none of whose requests finished within the load has no latency to show.
    const answered = (kind: 'replay' | 'portfolio') => {
      const finished = rs.filter((r) => r.expensive.ok[kind].length > 0);
      if (finished.length === 0) return `none finished within ${seconds} s`;
      const p50 = fmt(median(finished.map((r) => percentile(r.expensive.ok[kind], 50))));
      return `${per(kind)} /s (p50 ${p50} ms)`;
    };
    const refused = fmt(median(rs.map((r) => r.expensive.refused / seconds)), 1);
    const loop = (pick: (r: RunResult) => number) => fmt(median(rs.map(pick)), 0);
    const cpu = (pick: (r: RunResult) => number) => fmt(100 * median(rs.map(pick)), 0);
    return (
      `| ${v} | ${answered('replay')} | ${answered('portfolio')} ` +
      `| ${refused} /s | p99 ${loop((r) => r.loop.p99)} ms, ` +
      `max ${loop((r) => r.loop.max)} ms | ${cpu((r) => r.cpu.main)} % / ${cpu((r) => r.cpu.others)} % ` +
      `| ${fmt(median(rs.map((r) => r.rssPeak)))} MiB |`
    );
  };
  return [
    `## Cheap requests under expensive reads (\`npm run bench:isolation\`, BENCH_SCALE=${SCALE})`,
    '',
    `Machine: ${described}. Ledger: ${fmt(head)} events in ${size.partnerships} partnerships ` +
      `(${fmt(head / size.partnerships)} each; \`bench/seed.ts\`). The API runs as users run it ` +
      `(\`npm start\`, PostgreSQL mode, projections on) in its own process, restarted for each cell. ` +
      `Each probe sends one request at a time, ${PROBE_GAP_MS} ms apart: ${seconds / 2} s with the API ` +
      `idle, then ${seconds} s while ${CLIENTS.replay + CLIENTS.portfolio} clients run expensive reads ` +
      `(${CLIENTS.replay} \`atPosition\` replays of random partnerships at random positions in the ` +
      `second half of the ledger, ${CLIENTS.portfolio} portfolios each for its own asOf, so none ` +
      `shares a run; a 429 is honoured by waiting its Retry-After). Variants on the same build and ` +
      `database, interleaved, ${RUNS} runs each: **event loop** = \`LEDGER_KPI_WORKERS=0\` and no ` +
      `limits (the computation as before the pool), **workers** = the defaults (\`LEDGER_KPI_WORKERS\` ` +
      `one less than the cores, nice +10, limits 8 replays, 8 series, 4 portfolio runs), **workers, ` +
      `nice 0** = the same at the event loop's CPU priority. Figures: medians over the runs of each ` +
      `run's percentile.`,
    '',
    `| probe | ` +
      `${(Object.keys(VARIANTS) as Variant[]).flatMap((v) => [`${v}, idle`, `${v}, loaded`]).join(' | ')} |`,
    `|---|${(Object.keys(VARIANTS) as Variant[]).map(() => '---|---|').join('')}`,
    ...rows,
    '',
    '| variant, while loaded | replays answered | portfolios answered | refused (429) | API ' +
      'event-loop delay | API CPU: main thread / other threads (% of a core) | API peak RSS |',
    '|---|---|---|---|---|---|---|',
    ...(Object.keys(VARIANTS) as Variant[]).map(throughput),
    '',
    `Runs, /health p99 loaded ` +
      `(ms): ${(Object.keys(VARIANTS) as Variant[]).map((v) => `${v} ${runsOf(v)}`).join('; ')}.`,
  ].join('\n');
}

run(main);
