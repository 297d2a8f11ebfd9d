import 'reflect-metadata';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { PostgresEventStore } from '@ledger/event-store';
import { createLedgerApp } from '../apps/ledger-api/src/app.factory';
import { loadConfig } from '../apps/ledger-api/src/config/config';
import { writeSection } from './results-file';
import { seedLedger } from './seed';
import { SCALE, fmt, freshDatabase, machine, median } from './support';

/**
 * Projection catch-up (a full rebuild of the KPI read model) in events/s, against a raw cursor read of
 * the same rows with JSON parsed, interleaved three times in one run; then KPI query latency over HTTP
 * (autocannon, 32 connections) for one partnership and for the portfolio.
 */
const SIZES = { small: { events: 20_000, partnerships: 20 }, default: { events: 200_000, partnerships: 100 }, large: { events: 1_000_000, partnerships: 200 } };
const KEY = 'bench-admin-key-0123456789abcdef0123456789';
const RUNS = 3;

async function main(): Promise<void> {
  const size = SIZES[SCALE];
  const db = await freshDatabase();
  try {
    const store = await PostgresEventStore.connect({ connectionString: db.url });
    const t0 = performance.now();
    const ids = await seedLedger(store, size.partnerships, size.events);
    const total = await store.headPosition();
    log(`seeded ${fmt(total)} events in ${fmt((performance.now() - t0) / 1000, 1)} s`);
    await store.close();

    const config = loadConfig({ DATABASE_URL: db.url, LEDGER_ADMIN_KEY: KEY, LOG_LEVEL: 'error' });
    const app = await createLedgerApp({ ...config, databaseUrl: db.url });
    await app.listen(0, '127.0.0.1');
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    await waitLive(url, total);

    const raw: number[] = [];
    const rebuild: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      raw.push(await rawRead(db.url, total));
      rebuild.push(await timeRebuild(url, total));
      log(`run ${run + 1}: raw read ${fmt(raw.at(-1)!)} ev/s, rebuild ${fmt(rebuild.at(-1)!)} ev/s`);
    }
    const one = await load(`${url}/v1/partnerships/${ids[0]}/kpis`);
    const portfolio = await load(`${url}/v1/kpis?category=financial`);
    await new Promise((r) => setTimeout(r, 2_000)); // let requests still in flight finish before closing
    await app.close();

    const r = median(raw);
    const p = median(rebuild);
    writeSection('projection', [
      `## Projection catch-up and KPI queries (\`npm run bench:projection\`, BENCH_SCALE=${SCALE})`,
      '',
      `Machine: ${await machine(db.url)}. Ledger: ${fmt(total)} events in ${size.partnerships} partnerships (deals, costs, surveys, leads, engagements, milestones, escalations, retractions). Medians of ${RUNS} interleaved runs.`,
      '',
      '| workload | figure | baseline in the same run | ratio |',
      '|---|---|---|---|',
      `| projection rebuild from position 1 (read, verify hashes, fold, write facts, swap) | ${fmt(p)} events/s | raw cursor read of the same rows, JSON parsed: ${fmt(r)} events/s | ${fmt((100 * p) / r, 1)} % |`,
      `| KPI snapshot of one partnership (${fmt(total / size.partnerships)} events), 32 connections | p50 ${one.p50} ms, p99 ${one.p99} ms, ${fmt(one.rps)} req/s${one.failed} | — | — |`,
      `| portfolio, financial category, ${size.partnerships} partnerships, 32 connections | p50 ${portfolio.p50} ms, p99 ${portfolio.p99} ms, ${fmt(portfolio.rps)} req/s${portfolio.failed} | — | — |`,
      '',
      `Runs: raw ${raw.map((x) => fmt(x)).join(' / ')}; rebuild ${rebuild.map((x) => fmt(x)).join(' / ')} events/s.`,
    ].join('\n'));
    log('BENCHMARKS.md updated');
  } finally {
    await db.drop();
  }
}

async function rawRead(url: string, total: number): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const start = performance.now();
  await client.query('BEGIN');
  await client.query('DECLARE c NO SCROLL CURSOR FOR SELECT position, stream_id, version, event_id, type, occurred_at, recorded_at, recorded_by, data, hash FROM ledger_events ORDER BY position');
  let read = 0;
  for (;;) {
    const { rows } = await client.query('FETCH 5000 FROM c');
    if (rows.length === 0) break;
    read += rows.length;
  }
  await client.query('COMMIT');
  const seconds = (performance.now() - start) / 1000;
  await client.end();
  if (read !== total) throw new Error(`read ${read} of ${total}`);
  return read / seconds;
}

async function timeRebuild(url: string, total: number): Promise<number> {
  const start = performance.now();
  const { rebuildId } = (await api(url, 'POST', '/v1/projections/rebuild')) as { rebuildId: string };
  for (;;) {
    const view = ((await api(url, 'GET', '/v1/projections')) as { items: { rebuild?: { rebuildId: string; state: string } }[] }).items[0];
    if (view.rebuild?.rebuildId === rebuildId && view.rebuild.state === 'completed') break;
    if (view.rebuild?.state === 'failed') throw new Error('rebuild failed');
    await new Promise((r) => setTimeout(r, 20));
  }
  return total / ((performance.now() - start) / 1000);
}

async function waitLive(url: string, total: number): Promise<void> {
  for (;;) {
    const view = ((await api(url, 'GET', '/v1/projections')) as { items: { position: number }[] }).items[0];
    if (view.position >= total) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function load(url: string): Promise<{ p50: number; p99: number; rps: number; failed: string }> {
  const result = await autocannon({ url, connections: 32, duration: 10, timeout: 30, headers: { Authorization: `Bearer ${KEY}` } });
  if (result.non2xx > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers`);
  const failed = result.errors + result.timeouts > 0 ? ` (${result.errors} errors, ${result.timeouts} timeouts)` : '';
  return { p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average, failed };
}

async function api(url: string, method: string, path: string): Promise<unknown> {
  const res = await fetch(`${url}${path}`, { method, headers: { Authorization: `Bearer ${KEY}` } });
  return res.json();
}

function log(message: string): void {
  process.stdout.write(`[bench:projection] ${message}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
