import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import {
  createTestDatabase,
  postgresBackends,
  TestDatabase,
} from '../libs/event-store/src/testing/databases';
import { describeOn } from './support/backends';
import { TEST_SIGNING_KEY } from './support/ledger';
import { START_TIMEOUT_MS, Running, call, startService, stopService } from './support/process';

/**
 * A database outage during appends, against the real process on PostgreSQL: the connection serving an
 * append is killed while it waits. The process must answer 503, stay up, and take the retry (same
 * eventId) as one event. PostgreSQL only: PGlite lives inside the process, it cannot fail on its own.
 */
const KEY = 'outage-admin-key-0123456789abcdef0123456789';
describeOn(postgresBackends(), 'a database connection lost mid-append (%s)', (backend) => {
  let db: TestDatabase;
  let service: Running;
  let sql: Client;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    service = await startService({
      ...process.env,
      DATABASE_URL: db.connectionString,
      LEDGER_ADMIN_KEY: KEY,
      LOG_LEVEL: 'fatal',
      LEDGER_PROJECTIONS: 'off',
      LEDGER_SIGNING_KEY: TEST_SIGNING_KEY,
    });
    sql = new Client({ connectionString: db.connectionString });
    await sql.connect();
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await sql?.end();
    if (service) await stopService(service);
    await db?.drop();
  }, 60_000);

  it('answers 503, stays up, and stores the retried event once', async () => {
    for (const orgId of ['acme', 'globex'])
      await call(service.url, KEY, 'POST', '/v1/organizations', { orgId, name: orgId });
    const formed = await call(service.url, KEY, 'POST', '/v1/partnerships', {
      partnershipId: 'outage-p',
      name: 'P',
      type: 'referral',
      partnerOrgIds: ['acme', 'globex'],
      currency: 'EUR',
      startedAt: '2025-10-01T00:00:00Z',
    });
    expect(formed.status).toBe(201);
    const holder = new Client({ connectionString: db.connectionString });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT * FROM ledger_head FOR UPDATE');
    const event = {
      eventId: randomUUID(),
      type: 'customer.referred',
      occurredAt: '2026-01-01T00:00:00Z',
      data: { customerId: 'c1' },
    };
    const pending = call(service.url, KEY, 'POST', '/v1/partnerships/outage-p/events', event);
    let pid: number | undefined;
    for (let i = 0; i < 200 && pid === undefined; i += 1) {
      // The append waits for the head row lock, whichever of its statements takes it.
      const { rows } = await sql.query(
        `SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE ` +
          `'%ledger_head%' AND pid <> pg_backend_pid()`,
      );
      pid = rows[0]?.pid;
      if (pid === undefined) await new Promise((r) => setTimeout(r, 25));
    }
    expect(pid).toBeDefined();
    await sql.query('SELECT pg_terminate_backend($1)', [pid]);
    const answer = await pending;
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('1');
    await holder.query('ROLLBACK');
    await holder.end();
    expect((await call(service.url, KEY, 'GET', '/health')).status).toBe(200);
    const retried = await call(service.url, KEY, 'POST', '/v1/partnerships/outage-p/events', event);
    expect(retried.status).toBe(201);
    const again = await call(service.url, KEY, 'POST', '/v1/partnerships/outage-p/events', event);
    expect([again.status, again.body]).toEqual([200, retried.body]);
    const stream = await call(service.url, KEY, 'GET', '/v1/partnerships/outage-p/events');
    expect((stream.body.items as unknown[]).length).toBe(2);
  }, 60_000);
});
