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
 * Three API processes on one PostgreSQL, projections on in all, as behind a load balancer: each has its
 * own store, caches and projection runner (one leads). A portal's requests land on any of them. Every
 * valid write must be taken whichever process decides it — once a deal registered through one process
 * was refused as unknown when won through another, a correct expectedVersion was refused as stale, and
 * concurrent appends got 503s.
 */
describeOn(postgresBackends(), 'three API processes on one %s', (backend) => {
  let db: TestDatabase;
  let apps: TestLedger[];
  let w: Awaited<ReturnType<Fixtures['world']>>;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    apps = [await startLedgerOn(db, false), await startLedgerOn(db, false), await startLedgerOn(db, false)];
    w = await new Fixtures(apps[0]).world(unique('three'));
  }, 120_000);
  afterAll(async () => {
    for (const app of apps ?? []) await app.close().catch(() => undefined);
    await db?.drop();
  }, 60_000);

  const at = (i: number) => apps[i % 3];
  const post = (i: number, body: object, key = w.keys.a) =>
    at(i).http.post(`/v1/partnerships/${w.partnershipId}/events`).set(bearer(key)).send(body);
  const event = (type: string, data: object) => ({
    eventId: randomUUID(),
    type,
    occurredAt: '2026-02-01T10:00:00Z',
    data,
  });

  it('takes a deal registered through one process and won or lost through another, every time', async () => {
    const statuses: number[] = [];
    for (let n = 0; n < 30; n += 1) {
      const dealId = `D${n}`;
      statuses.push(
        (
          await post(
            n,
            event('deal.registered', {
              dealId,
              customerId: `c${n}`,
              amount: '100.00',
              source: 'partner_sourced',
            }),
          )
        ).status,
      );
      const close =
        n % 2 === 0 ? event('deal.won', { dealId, amount: '120.00' }) : event('deal.lost', { dealId });
      statuses.push((await post(n + 1, close, w.keys.b)).status);
    }
    expect(statuses).toEqual(Array.from({ length: 60 }, () => 201));
  });

  it(
    'takes an expectedVersion read on one process and written on another, ' +
      'and refuses a stale one with the true version',
    async () => {
      for (let n = 0; n < 20; n += 1) {
        const version = (
          await at(n).http.get(`/v1/partnerships/${w.partnershipId}`).set(bearer(w.keys.a)).expect(200)
        ).body.version as number;
        const res = await post(n + 1, {
          expectedVersion: version,
          events: [event('cost.incurred', { amount: '1.00', category: 'mdf' })],
        });
        expect([res.status, res.body.version]).toEqual([201, version + 1]);
        const stale = await post(n + 2, {
          expectedVersion: version,
          events: [event('cost.incurred', { amount: '1.00', category: 'mdf' })],
        });
        expect([stale.status, stale.body.currentVersion]).toEqual([409, version + 1]);
      }
    },
  );

  it(
    'takes concurrent single appends over all three without a 409 or 503, ' +
      'gap-free, with one snapshotHash everywhere',
    async () => {
      const before = (await apps[0].http.get(`/v1/partnerships/${w.partnershipId}`).set(bearer(w.keys.a)))
        .body.version as number;
      const answers = await Promise.all(
        Array.from({ length: 240 }, (_, n) =>
          post(n, event('engagement.logged', { activity: 'co_selling' }), n % 2 ? w.keys.a : w.keys.b),
        ),
      );
      expect(answers.map((a) => a.status).filter((s) => s !== 201)).toEqual([]);
      const versions = answers.map((a) => a.body.version as number).sort((x, y) => x - y);
      expect(versions).toEqual(Array.from({ length: 240 }, (_, i) => before + i + 1));
      const all = (await apps[0].http.get(`/v1/events?limit=1000`).set(bearer(ADMIN_KEY)).expect(200)).body
        .items as { position: number }[];
      expect(all.map((e) => e.position)).toEqual(all.map((_, i) => i + 1));

      const head = all.length;
      const hashes = await Promise.all(
        apps.map(
          async (app) =>
            (
              await app.http
                .get(`/v1/partnerships/${w.partnershipId}/kpis`)
                .query({ asOf: '2026-06-30T23:59:59Z', minPosition: head })
                .set(bearer(w.keys.a))
                .expect(200)
            ).body.snapshotHash,
        ),
      );
      expect(new Set(hashes).size).toBe(1);
    },
    120_000,
  );
});
