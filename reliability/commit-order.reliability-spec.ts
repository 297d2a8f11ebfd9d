import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { kpiEventOf, replayKpis } from '@ledger/kpis';
import { PostgresEventStore, RecordedEvent } from '@ledger/event-store';
import {
  ADMIN_KEY,
  TestLedger,
  bearer,
  createTestDatabase,
  startLedgerOn,
  testBackends,
} from '../test/support/ledger';
import { TestDatabase } from '../libs/event-store/src/testing/databases';
import { record } from './support/figures';

/**
 * Commit-order stress: three store instances (as three API processes) append with random delays just
 * before COMMIT, while a follower and the real projection runner read the ledger as it grows. A reader
 * following positions must never skip an event that commits later with a lower position: 0 skipped,
 * 0 holes, and the projection ends equal to a replay.
 */
const WRITERS = 12;
const APPENDS_PER_WRITER = 60;

describe.each(testBackends())('commit order under random commit delays on %s', (backend) => {
  let db: TestDatabase;
  let ledger: TestLedger;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    ledger = await startLedgerOn(db, false);
  }, 120_000);
  afterAll(async () => {
    await ledger?.close();
    await db?.drop();
  }, 60_000);

  it('lets no reader skip an event and leaves no hole', async () => {
    const formed = (pid: string) => ({
      eventId: randomUUID(),
      type: 'partnership.formed',
      occurredAt: '2025-01-01T00:00:00.000Z',
      recordedBy: 'acme',
      data: {
        name: pid,
        type: 'reseller',
        partnerOrgIds: ['acme', 'globex'],
        currency: 'EUR',
        startedAt: '2025-01-01T00:00:00.000Z',
      },
    });
    const jitter = () => new Promise<void>((r) => setTimeout(r, Math.random() * 15));
    const stores = await Promise.all(
      Array.from({ length: 3 }, () =>
        PostgresEventStore.connect({
          connectionString: db.connectionString,
          poolSize: 4,
          beforeCommit: jitter,
        }),
      ),
    );
    const pids = Array.from({ length: 4 }, (_, i) => `order-${i}`);
    for (const pid of pids) await stores[0].append(pid, [formed(pid)], { expectedVersion: 'no_stream' });
    const start = await stores[0].headPosition();

    let writing = true;
    const seen: number[] = [];
    let skips = 0;
    const follower = (async () => {
      let next = start + 1;
      while (writing || next <= (await stores[0].headPosition())) {
        const page = await stores[0].readAll({ fromPosition: next, limit: 100 });
        for (const e of page) {
          if (e.position !== next) skips += 1;
          seen.push(e.position);
          next = e.position + 1;
        }
        if (page.length === 0) await new Promise((r) => setTimeout(r, 2));
      }
    })();
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        for (let i = 0; i < APPENDS_PER_WRITER; i += 1) {
          const events = Array.from({ length: 1 + (i % 3) }, (__, k) => ({
            eventId: randomUUID(),
            type: 'cost.incurred',
            occurredAt: '2026-01-10T00:00:00.000Z',
            recordedBy: 'acme',
            data: { amount: `${w}.${k}0`, category: 'mdf' },
          }));
          await stores[w % 3].append(pids[w % pids.length], events);
        }
      }),
    );
    writing = false;
    await follower;
    const head = await stores[0].headPosition();
    const expected = Array.from({ length: head - start }, (_, i) => start + 1 + i);
    expect(skips).toBe(0);
    expect(seen).toEqual(expected);

    // The real projection runner read the same ledger concurrently: it must equal a replay, event for event.
    await ledger.http
      .get(`/v1/partnerships/${pids[0]}/kpis?minPosition=${head}`)
      .set(bearer(ADMIN_KEY))
      .expect(200);
    for (const pid of pids) {
      const events: RecordedEvent[] = await stores[0].readStream(pid, { limit: 10_000 });
      const served = (
        await ledger.http
          .get(`/v1/partnerships/${pid}/kpis?asOf=2026-06-30T00:00:00Z`)
          .set(bearer(ADMIN_KEY))
          .expect(200)
      ).body;
      expect(served).toEqual(
        replayKpis(events.map(kpiEventOf), {
          partnershipId: pid,
          currency: 'EUR',
          asOf: '2026-06-30T00:00:00Z',
        }),
      );
      expect(await foldedEvents(db, pid)).toBe(events.length);
    }
    await Promise.all(stores.map((s) => s.close()));
    record(`commit-order-${backend}`, {
      summary:
        `${head - start} events from ${WRITERS} writers on 3 store instances with random commit ` +
        `delays; the follower read all of them in order: 0 skipped, 0 holes; the projection folded ` +
        `each once`,
      numbers: { events: head - start, skipped: skips, holes: expected.length - seen.length },
    });
  });
});

async function foldedEvents(db: TestDatabase, pid: string): Promise<number> {
  const sql = new Client({ connectionString: db.connectionString });
  await sql.connect();
  try {
    const { rows } = await sql.query(
      `SELECT (f.payload->>'events')::int AS n FROM kpi_facts f ` +
        `JOIN projections p ON p.active_generation = f.generation AND p.name = 'kpis'
        WHERE f.partnership_id = $1 AND f.fact_key = 'meta'`,
      [pid],
    );
    return rows[0]?.n ?? 0;
  } finally {
    await sql.end();
  }
}
