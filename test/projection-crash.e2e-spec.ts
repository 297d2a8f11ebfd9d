import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { replayKpis } from '@ledger/kpis';
import { TestDatabase, createTestDatabase, testBackends } from '../libs/event-store/src/testing/databases';
import { TEST_SIGNING_KEY } from './support/ledger';
import { START_TIMEOUT_MS, Running, call, envWithout, startService, stopService } from './support/process';
import { foldedPerPartnership } from './support/read-model';

/**
 * kill -9 of the process that runs the projection, while a batch transaction is open, then a restart:
 * every KPI equals a clean replay of the ledger, and every partnership's facts have folded each of its
 * events exactly once. Real: the process, its database (PostgreSQL, or PGlite on disk), SIGKILL.
 * The one knob: LEDGER_PROJECTION_COMMIT_DELAY_MS keeps each batch transaction open for a while, so the
 * kill lands inside one.
 */
const KEY = 'crash-admin-key-0123456789abcdef0123456789';
const AS_OFS = ['2026-03-31T23:59:59Z', '2026-11-01T00:00:00Z'];

describe.each(testBackends())('the projection runner killed mid-batch on %s', (backend) => {
  let db: TestDatabase | undefined;
  let dataDir: string | undefined;
  const env = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
    ...envWithout('DATABASE_URL', 'LEDGER_ADMIN_KEY'),
    LEDGER_ADMIN_KEY: KEY,
    LOG_LEVEL: 'fatal',
    LEDGER_SIGNING_KEY: TEST_SIGNING_KEY,
    ...(db ? { DATABASE_URL: db.connectionString } : { LEDGER_DATA_DIR: dataDir! }),
    ...extra,
  });

  beforeAll(async () => {
    if (backend === 'postgres') db = await createTestDatabase('postgres');
    else dataDir = mkdtempSync(join(tmpdir(), 'ledger-crash-'));
  });
  afterAll(async () => {
    await db?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const projection = async (s: Running) =>
    ((await call(s.url, KEY, 'GET', '/v1/projections')).body.items as Record<string, number | string>[])[0];

  it(
    'applies every event exactly once after a restart',
    async () => {
      // Seed with the projection off, so it starts far behind; then run it slowly and kill it mid-batch.
      const seeding = await startService(env({ LEDGER_PROJECTIONS: 'off' }));
      const partnerships = await seed(seeding);
      const head = Number((await projection(seeding)).ledgerPosition);
      expect(await stopService(seeding)).toBe(0);
      const slow = await startService(
        env({ LEDGER_PROJECTION_BATCH: '25', LEDGER_PROJECTION_COMMIT_DELAY_MS: '400' }),
      );
      let view = await projection(slow);
      for (let i = 0; i < 200 && Number(view.position) < 50; i += 1) {
        await new Promise((r) => setTimeout(r, 50));
        view = await projection(slow);
      }
      expect(Number(view.position)).toBeGreaterThan(0);
      expect(Number(view.position)).toBeLessThan(head);
      if (db) expect(await openTransactions(db)).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 150)); // well inside the next 400 ms batch transaction
      await stopService(slow, 'SIGKILL');

      const restarted = await startService(env({}));
      try {
        view = await projection(restarted);
        for (let i = 0; i < 600 && Number(view.position) < head; i += 1) {
          await new Promise((r) => setTimeout(r, 50));
          view = await projection(restarted);
        }
        expect(view).toMatchObject({ position: head, lag: 0, state: 'live' });
        for (const pid of partnerships) {
          const events = (await call(restarted.url, KEY, 'GET', `/v1/partnerships/${pid}/events?limit=1000`))
            .body.items as never[];
          for (const asOf of AS_OFS) {
            const served = await call(restarted.url, KEY, 'GET', `/v1/partnerships/${pid}/kpis?asOf=${asOf}`);
            expect(served.body).toEqual(replayKpis(events, { partnershipId: pid, currency: 'EUR', asOf }));
          }
        }
        if (db) expect(await foldedPerPartnership(db)).toEqual(await versions(restarted, partnerships));
      } finally {
        await stopService(restarted);
      }
    },
    4 * START_TIMEOUT_MS,
  );
});

/** Three partnerships with 120 events each: deals, costs, surveys and a retraction or two. */
async function seed(s: Running): Promise<string[]> {
  for (const orgId of ['acme', 'globex'])
    await call(s.url, KEY, 'POST', '/v1/organizations', { orgId, name: orgId });
  const ids: string[] = [];
  for (let p = 0; p < 3; p += 1) {
    const pid = `crash-${p}`;
    ids.push(pid);
    await call(s.url, KEY, 'POST', '/v1/partnerships', {
      partnershipId: pid,
      name: pid,
      type: 'reseller',
      partnerOrgIds: ['acme', 'globex'],
      currency: 'EUR',
      startedAt: '2025-10-01T00:00:00Z',
    });
    const events = [];
    for (let i = 0; i < 40; i += 1) {
      const day =
        `2026-${String(1 + (i % 9)).padStart(2, '0')}-` +
        `${String(1 + (i % 27)).padStart(2, '0')}T10:00:00Z`;
      const costId = randomUUID();
      events.push(
        {
          type: 'deal.registered',
          occurredAt: day,
          data: {
            dealId: `D${i}`,
            customerId: `c${i}`,
            amount: `${1000 + i}.00`,
            source: i % 3 === 0 ? 'direct' : 'partner_sourced',
          },
        },
        {
          eventId: costId,
          type: 'cost.incurred',
          occurredAt: day,
          data: { amount: `${10 + i}.50`, category: 'mdf' },
        },
        i % 4 === 0
          ? { type: 'event.retracted', occurredAt: day, data: { eventId: costId, reason: 'duplicate' } }
          : {
              type: 'survey.answered',
              occurredAt: day,
              data: { surveyId: `s${i}`, respondent: 'partner', metric: 'nps', score: i % 11 },
            },
      );
    }
    for (let i = 0; i < 40; i += 2)
      events.push({
        type: i % 4 === 0 ? 'deal.won' : 'deal.lost',
        occurredAt: '2026-10-01T00:00:00Z',
        data: i % 4 === 0 ? { dealId: `D${i}`, amount: '2000.00' } : { dealId: `D${i}` },
      });
    for (let i = 0; i < events.length; i += 20) {
      const res = await call(s.url, KEY, 'POST', `/v1/partnerships/${pid}/events`, {
        events: events.slice(i, i + 20),
      });
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    }
  }
  return ids;
}

async function openTransactions(db: TestDatabase): Promise<number> {
  const sql = new Client({ connectionString: db.connectionString });
  await sql.connect();
  try {
    const { rows } = await sql.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity ` +
        `WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
    );
    return rows[0].n;
  } finally {
    await sql.end();
  }
}

async function versions(s: Running, pids: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const pid of pids)
    out[pid] = Number((await call(s.url, KEY, 'GET', `/v1/partnerships/${pid}`)).body.version);
  return out;
}
