import { randomUUID } from 'node:crypto';
import { TestDatabase, postgresBackends } from '../libs/event-store/src/testing/databases';
import { describeOn } from './support/backends';
import {
  ADMIN_KEY,
  Fixtures,
  TestLedger,
  bearer,
  createTestDatabase,
  startLedgerOn,
  unique,
} from './support/ledger';

/**
 * Two API processes on one PostgreSQL: exactly one applies events (advisory lock), both answer KPIs, and
 * when the leader stops the other takes over. PostgreSQL only: PGlite serves one process by design.
 */
describeOn(postgresBackends(), 'two API processes on one %s', (backend) => {
  let db: TestDatabase;
  let apps: TestLedger[];

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    apps = [await startLedgerOn(db, false), await startLedgerOn(db, false)];
  }, 60_000);
  afterAll(async () => {
    for (const app of apps ?? []) await app.close().catch(() => undefined);
    await db?.drop();
  }, 60_000);

  const view = async (app: TestLedger) =>
    (await app.http.get('/v1/projections').set(bearer(ADMIN_KEY)).expect(200)).body.items[0];
  const until = async (check: () => Promise<boolean>, ms: number) => {
    for (const deadline = Date.now() + ms; Date.now() < deadline;) {
      if (await check()) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  };

  it('refuses a key on the next request to one process once another process has revoked it', async () => {
    const issued = await apps[0].http
      .post('/v1/api-keys')
      .set(bearer(ADMIN_KEY))
      .send({ role: 'auditor' })
      .expect(201);
    for (let i = 0; i < 3; i += 1)
      await apps[1].http.get('/v1/events?limit=1').set(bearer(issued.body.key)).expect(200);
    await apps[0].http.delete(`/v1/api-keys/${issued.body.keyId}`).set(bearer(ADMIN_KEY)).expect(204);
    const after = await Promise.all(
      Array.from({ length: 8 }, () => apps[1].http.get('/v1/events?limit=1').set(bearer(issued.body.key))),
    );
    expect(after.map((r) => r.status)).toEqual(Array.from({ length: 8 }, () => 401));
  });

  it('lets exactly one run the projection, and the other take over when it stops', async () => {
    expect(
      await until(async () => (await view(apps[0])).leader !== (await view(apps[1])).leader, 10_000),
    ).toBe(true);
    const leader = (await view(apps[0])).leader ? 0 : 1;
    const follower = 1 - leader;

    const w = await new Fixtures(apps[follower]).world(unique('lead'));
    const post = async (app: TestLedger, amount: string) =>
      (
        await app.http
          .post(`/v1/partnerships/${w.partnershipId}/events`)
          .set(bearer(w.keys.a))
          .send({
            eventId: randomUUID(),
            type: 'cost.incurred',
            occurredAt: '2026-01-10T00:00:00Z',
            data: { amount, category: 'mdf' },
          })
          .expect(201)
      ).body.events[0].position;
    const costs = async (app: TestLedger, minPosition: number) =>
      (
        await app.http
          .get(`/v1/partnerships/${w.partnershipId}/kpis`)
          .query({ minPosition, category: 'financial' })
          .set(bearer(w.keys.a))
          .expect(200)
      ).body.categories.financial.find((k: { kpiId: string }) => k.kpiId === 'program_costs').value;

    const first = await post(apps[follower], '100.00');
    expect(await costs(apps[follower], first)).toBe('100.00');
    expect(await costs(apps[leader], first)).toBe('100.00');

    await apps[leader].close();
    const second = await post(apps[follower], '50.00');
    expect(await until(async () => (await view(apps[follower])).leader === true, 10_000)).toBe(true);
    expect(await costs(apps[follower], second)).toBe('150.00');
    expect(await view(apps[follower])).toMatchObject({ leader: true, lag: 0 });
    apps.splice(leader, 1);
  }, 60_000);
});
