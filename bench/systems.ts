import { randomBytes, randomUUID } from 'node:crypto';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { Pool } from 'pg';
import { NewEvent, PostgresEventStore } from '@ledger/event-store';

/**
 * The three writers the append benchmark compares on one database: our event store through its port,
 * raw `pg` INSERTs into a table of the same shape (the most PostgreSQL allows through this driver), and
 * Emmett's PostgreSQL event store (`appendToStream`), the established Node event store on PostgreSQL.
 * Each `append` writes `count` events to stream `s-<worker>` and resolves when they are committed.
 */
export interface Writer {
  append(worker: number, count: number): Promise<void>;
  close(): Promise<void>;
}

const OCCURRED = '2026-01-01T00:00:00.000Z';
const payload = (n: number) => ({ customerId: `c-${n}`, channel: 'partner' });
const POOL = 10;

export function newEvents(count: number): NewEvent[] {
  return Array.from({ length: count }, (_, n) => ({
    eventId: randomUUID(),
    type: 'customer.acquired',
    occurredAt: OCCURRED,
    recordedBy: 'acme',
    data: payload(n),
  }));
}

export async function ours(url: string, maintainTree = true): Promise<Writer> {
  const store = await PostgresEventStore.connect({ connectionString: url, poolSize: POOL, maintainTree });
  return {
    append: async (worker, count) => void (await store.append(`s-${worker}`, newEvents(count))),
    close: () => store.close(),
  };
}

/**
 * Same columns as `ledger_events`, a bigserial key and a unique event id; no streams, no tree, no hashing.
 */
const RAW_TABLE =
  `CREATE TABLE IF NOT EXISTS raw_events (
  position bigserial PRIMARY KEY, stream_id text NOT NULL, version bigint NOT NULL, ` +
  `event_id uuid NOT NULL UNIQUE,
  type text NOT NULL, occurred_at timestamptz NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now(),
  recorded_by text NOT NULL, data jsonb NOT NULL, hash text NOT NULL)`;

export async function raw(url: string, clients: number): Promise<Writer> {
  const pool = new Pool({ connectionString: url, max: clients });
  await pool.query(RAW_TABLE);
  const versions = new Map<number, number>();
  return {
    append: async (worker, count) => {
      const params: unknown[] = [];
      const rows: string[] = [];
      for (let n = 0; n < count; n += 1) {
        const version = (versions.get(worker) ?? 0) + 1;
        versions.set(worker, version);
        const b = params.length;
        rows.push(`($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8})`);
        params.push(
          `s-${worker}`,
          version,
          randomUUID(),
          'customer.acquired',
          OCCURRED,
          'acme',
          JSON.stringify(payload(n)),
          randomBytes(32).toString('hex'),
        );
      }
      await pool.query(
        `INSERT INTO raw_events (stream_id, version, event_id, type, occurred_at, recorded_by, ` +
          `data, hash) VALUES ${rows.join(', ')}`,
        params,
      );
    },
    close: () => pool.end(),
  };
}

export async function emmett(url: string): Promise<Writer> {
  const pool = new Pool({ connectionString: url, max: POOL });
  const store = getPostgreSQLEventStore(url, { connectionOptions: { pool, pooled: true } });
  await store.schema.migrate();
  return {
    append: async (worker, count) => {
      const events = Array.from({ length: count }, (_, n) => ({
        type: 'customer.acquired',
        data: payload(n),
      }));
      await store.appendToStream(`s-${worker}`, events);
    },
    close: async () => {
      await store.close();
      await pool.end().catch(() => undefined);
    },
  };
}

/** Events/s of `workers` concurrent callers, each appending `batch` events per call, for `seconds`. */
export async function rate(writer: Writer, workers: number, batch: number, seconds: number): Promise<number> {
  await writer.append(0, batch); // warm the pool and the statement path before the clock starts
  let events = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      while (performance.now() < end) {
        await writer.append(w, batch);
        events += batch;
      }
    }),
  );
  return events / ((performance.now() - start) / 1000);
}
