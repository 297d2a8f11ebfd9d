import 'reflect-metadata';
import { relative } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ApiProcess, LoadResult, load, startApi } from './api-process';
import { RESULTS_FILE, writeSection } from './results-file';
import { SCALE, fmt, freshDatabase, interleaved, logger, machine, median, run } from './support';
import { ours, rate } from './systems';

/**
 * Appends through HTTP (the API in its own process, PostgreSQL mode, autocannon with 32 connections)
 * against the same appends through the event-store port in the same run, on the same database: single
 * events, and batches of 100.
 */
const SECONDS = { small: 1, default: 10 }[SCALE];
const RUNS = 3;
const CONNECTIONS = 32;
const PARTNERSHIPS = 32;
const log = logger('http');

type Variant = 'port single' | 'http single' | 'port ×100' | 'http ×100';
const VARIANTS: Variant[] = ['port single', 'http single', 'port ×100', 'http ×100'];

async function main(): Promise<void> {
  const db = await freshDatabase();
  const api = await startApi(db.url, { LEDGER_PROJECTIONS: process.env.BENCH_PROJECTIONS ?? 'on' });
  try {
    const setup = await partnerships(api);
    const latencies: Partial<Record<Variant, LoadResult[]>> = {};
    const results = await interleaved(RUNS, VARIANTS, async (variant, r) => {
      // Each HTTP cell starts on a caught-up, idle API: the port cells' events are in the same ledger,
      // and the API's projection would otherwise still be folding them during the next cell.
      if (variant.startsWith('http')) await caughtUp(api, db.url);
      const figure = variant.startsWith('port')
        ? await portRate(db.url, variant)
        : await httpRate(api, setup, variant, latencies);
      log(`run ${r + 1} ${variant}: ${fmt(figure)} events/s`);
      return figure;
    });
    writeSection('http', report(results, latencies, await machine(db.url)));
    log(`${relative(process.cwd(), RESULTS_FILE)} updated`);
  } finally {
    await api.stop();
    await db.drop();
  }
}

async function caughtUp(api: ApiProcess, url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const head = Number((await client.query<{ p: string }>('SELECT position AS p FROM ledger_head')).rows[0].p);
  await client.end();
  while (
    ((await api.call('GET', '/v1/projections')).body as { items: { position: number }[] }).items[0].position <
    head
  ) {
    await new Promise((r) => setTimeout(r, 200));
  }
  await api.settled();
}

async function portRate(url: string, variant: Variant): Promise<number> {
  const writer = await ours(url);
  try {
    return await rate(writer, CONNECTIONS, variant === 'port single' ? 1 : 100, SECONDS);
  } finally {
    await writer.close();
  }
}

interface Setup {
  readonly key: string;
  readonly ids: string[];
}

async function partnerships(api: ApiProcess): Promise<Setup> {
  for (const orgId of ['acme', 'globex']) await api.call('POST', '/v1/organizations', { orgId, name: orgId });
  const key = (await api.call('POST', '/v1/api-keys', { role: 'partner', orgId: 'acme' })).body.key as string;
  const ids: string[] = [];
  for (let i = 0; i < PARTNERSHIPS; i += 1) {
    const body = {
      name: `bench ${i}`,
      type: 'reseller',
      partnerOrgIds: ['acme', 'globex'],
      currency: 'EUR',
      startedAt: '2025-01-01T00:00:00Z',
    };
    ids.push((await api.call('POST', '/v1/partnerships', body, key)).body.partnershipId as string);
  }
  return { key, ids };
}

const event = () => ({
  eventId: randomUUID(),
  type: 'customer.acquired',
  occurredAt: '2026-01-01T00:00:00.000Z',
  data: { customerId: randomUUID(), channel: 'partner' },
});

async function httpRate(
  api: ApiProcess,
  setup: Setup,
  variant: Variant,
  latencies: Partial<Record<Variant, LoadResult[]>>,
): Promise<number> {
  const batch = variant === 'http single' ? 1 : 100;
  let next = 0;
  const result = await load({
    url: api.url,
    key: setup.key,
    connections: CONNECTIONS,
    seconds: SECONDS,
    method: 'POST',
    path: () => `/v1/partnerships/${setup.ids[next++ % setup.ids.length]}/events`,
    body: () => JSON.stringify(batch === 1 ? event() : { events: Array.from({ length: batch }, event) }),
  });
  (latencies[variant] ??= []).push(result);
  return result.rps * batch;
}

function report(
  results: Record<Variant, number[]>,
  latencies: Partial<Record<Variant, LoadResult[]>>,
  described: string,
): string {
  const m = (v: Variant) => median(results[v]);
  const lat = (v: Variant) =>
    `p50 ${median(latencies[v]!.map((l) => l.p50))} ms, p99 ${median(latencies[v]!.map((l) => l.p99))} ms`;
  const row = (workload: string, http: Variant, port: Variant) =>
    `| ${workload} | ${fmt(m(http))} events/s; ${lat(http)} | ${fmt(m(port))} events/s ` +
    `| ${fmt((100 * m(http)) / m(port), 1)} % |`;
  return [
    `## Appends over HTTP against the port (\`npm run bench:http\`, BENCH_SCALE=${SCALE})`,
    '',
    `Machine: ${described}. The API runs as users run it (\`npm start\`, PostgreSQL mode, ` +
      `projections ${process.env.BENCH_PROJECTIONS ?? 'on'}) in its own process; autocannon (in the ` +
      `benchmark's process, on the same two cores) posts \`customer.acquired\` events as a partner, ` +
      `spread over ${PARTNERSHIPS} partnerships, ${CONNECTIONS} connections, ${SECONDS} s per cell. ` +
      `The port figure is \`PostgresEventStore.append\` from ${CONNECTIONS} concurrent callers on the ` +
      `same database in the same run. Medians of ${RUNS} interleaved runs.`,
    '',
    '| workload | over HTTP | through the port | HTTP / port |',
    '|---|---|---|---|',
    row('single events, 32 connections', 'http single', 'port single'),
    row('batches of 100 events, 32 connections', 'http ×100', 'port ×100'),
    '',
    'Runs: ' +
      VARIANTS.map((v) => `${v} ${results[v].map((x) => fmt(x)).join(' / ')}`).join('; ') +
      ' events/s.',
  ].join('\n');
}

run(main);
