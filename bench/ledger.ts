import 'reflect-metadata';
import autocannon from 'autocannon';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { NewEvent, PostgresEventStore } from '@ledger/event-store';
import { createLedgerApp } from '../apps/ledger-api/src/app.factory';
import { loadConfig } from '../apps/ledger-api/src/config/config';
import { writeSection } from './results-file';
import { seedLedger } from './seed';
import { SCALE, fmt, freshDatabase, machine, median } from './support';

/**
 * The verifiable ledger's costs, each against a baseline of the same run: appends with and without
 * growing the Merkle tree in the append transaction; proof and head latency over HTTP; and a full
 * verification against a raw read of the same rows.
 */
const SIZES = { small: { ledger: 50_000, appends: 3_000 }, default: { ledger: 200_000, appends: 10_000 }, large: { ledger: 1_000_000, appends: 20_000 } };
const KEY = 'bench-admin-key-0123456789abcdef0123456789';
const RUNS = 3;
const CALLERS = 32;

const event = (): NewEvent => ({ eventId: randomUUID(), type: 'customer.referred', occurredAt: '2026-01-01T00:00:00.000Z', recordedBy: 'acme', data: { customerId: 'c' } });

async function appendRate(url: string, maintainTree: boolean, total: number): Promise<number> {
  const store = await PostgresEventStore.connect({ connectionString: url, maintainTree });
  const start = performance.now();
  let left = total;
  await Promise.all(Array.from({ length: CALLERS }, async (_, c) => {
    while (left > 0) {
      left -= 1;
      await store.append(`s-${c}`, [event()]);
    }
  }));
  const rate = total / ((performance.now() - start) / 1000);
  await store.close();
  return rate;
}

async function main(): Promise<void> {
  const size = SIZES[SCALE];
  const withTree: number[] = [];
  const withoutTree: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    for (const tree of [true, false]) {
      const db = await freshDatabase();
      (tree ? withTree : withoutTree).push(await appendRate(db.url, tree, size.appends));
      await db.drop();
    }
    log(`appends run ${run + 1}: with tree ${fmt(withTree.at(-1)!)} ev/s, without ${fmt(withoutTree.at(-1)!)} ev/s`);
  }

  const db = await freshDatabase();
  try {
    const store = await PostgresEventStore.connect({ connectionString: db.url });
    await seedLedger(store, 100, size.ledger);
    const total = await store.headPosition();
    await store.close();
    log(`seeded ${fmt(total)} events`);
    const config = loadConfig({ DATABASE_URL: db.url, LEDGER_ADMIN_KEY: KEY, LOG_LEVEL: 'error', LEDGER_PROJECTIONS: 'off', LEDGER_SIGNING_KEY: signingKey() });
    const app = await createLedgerApp({ ...config, databaseUrl: db.url });
    await app.listen(0, '127.0.0.1');
    const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const random = () => 1 + Math.floor(Math.random() * total);
    const inclusion = await load(base, () => `/v1/ledger/proofs/inclusion?position=${random()}&treeSize=${total}`);
    const consistency = await load(base, () => {
      const from = random();
      return `/v1/ledger/proofs/consistency?from=${from}&to=${total}`;
    });
    const head = await load(base, () => '/v1/ledger/head');
    const verify: number[] = [];
    const raw: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      raw.push(await rawRead(db.url));
      const start = performance.now();
      const res = await fetch(`${base}/v1/ledger/verify`, { method: 'POST', headers: { Authorization: `Bearer ${KEY}` } });
      const report = (await res.json()) as { ok: boolean; eventsChecked: number };
      if (!report.ok || report.eventsChecked !== total) throw new Error(`verify: ${JSON.stringify(report).slice(0, 300)}`);
      verify.push((performance.now() - start) / 1000);
      log(`verify run ${run + 1}: ${fmt(verify.at(-1)!, 1)} s, raw read ${fmt(raw.at(-1)!, 1)} s`);
    }
    await new Promise((r) => setTimeout(r, 1000));
    await app.close();

    const [w, wo] = [median(withTree), median(withoutTree)];
    writeSection('ledger', [
      `## Verifiable ledger: tree upkeep, proofs, verification (\`npm run bench:ledger\`, BENCH_SCALE=${SCALE})`,
      '',
      `Machine: ${await machine(db.url)}. Medians of ${RUNS} runs; appends interleaved with and without the tree, each on a fresh database.`,
      '',
      '| workload | figure | baseline in the same run | ratio |',
      '|---|---|---|---|',
      `| ${fmt(size.appends)} single-event appends, ${CALLERS} concurrent callers, Merkle tree grown in the append transaction | ${fmt(w)} events/s | the same appends without the tree: ${fmt(wo)} events/s | ${fmt((100 * w) / wo, 1)} % |`,
      `| inclusion proof at ${fmt(total)} events, random positions, 32 connections | p50 ${inclusion.p50} ms, p99 ${inclusion.p99} ms, ${fmt(inclusion.rps)} req/s | — | — |`,
      `| consistency proof to ${fmt(total)} events, random sizes, 32 connections | p50 ${consistency.p50} ms, p99 ${consistency.p99} ms, ${fmt(consistency.rps)} req/s | — | — |`,
      `| signed head at ${fmt(total)} events, 32 connections | p50 ${head.p50} ms, p99 ${head.p99} ms, ${fmt(head.rps)} req/s | — | — |`,
      `| full verification of ${fmt(total)} events (every leaf and the root recomputed) | ${fmt(median(verify), 1)} s | raw cursor read of the same rows: ${fmt(median(raw), 1)} s | ${fmt(median(verify) / median(raw), 1)} × |`,
      '',
      `Runs: appends with tree ${withTree.map((x) => fmt(x)).join(' / ')}, without ${withoutTree.map((x) => fmt(x)).join(' / ')} events/s; verify ${verify.map((x) => fmt(x, 1)).join(' / ')} s.`,
    ].join('\n'));
    log('BENCHMARKS.md updated');
  } finally {
    await db.drop();
  }
}

async function load(base: string, path: () => string) {
  const result = await autocannon({
    url: base,
    connections: 32,
    duration: 10,
    timeout: 30,
    headers: { Authorization: `Bearer ${KEY}` },
    requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, path: path() }) }],
  } as never);
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${path()}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average };
}

async function rawRead(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const start = performance.now();
  await client.query('BEGIN');
  await client.query('DECLARE c NO SCROLL CURSOR FOR SELECT position, stream_id, version, event_id, type, occurred_at, recorded_at, recorded_by, data, hash FROM ledger_events ORDER BY position');
  while ((await client.query('FETCH 5000 FROM c')).rows.length > 0);
  await client.query('COMMIT');
  await client.end();
  return (performance.now() - start) / 1000;
}

function signingKey(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
}

function log(message: string): void {
  process.stdout.write(`[bench:ledger] ${message}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
