import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { Fixtures, TestLedger, bearer, startLedger, testBackends, unique } from '../test/support/ledger';
import { record } from './support/figures';

/**
 * Limits: body size (413), batch and page sizes (400), a rate limit per key (429 + Retry-After), the
 * helmet headers, and a slow (slowloris) or huge request that cannot starve the others.
 */
describe.each(testBackends())('limits on %s', (backend) => {
  let ledger: TestLedger;
  let url: string;
  let w: Awaited<ReturnType<Fixtures['world']>>;

  beforeAll(async () => {
    ledger = await startLedger(backend, { LEDGER_RATE_LIMIT: '40' });
    await ledger.app.listen(0, '127.0.0.1');
    url = (await ledger.app.getUrl()).replace('[::1]', '127.0.0.1');
    w = await new Fixtures(ledger).world(unique('limits'));
  }, 120_000);
  afterAll(() => ledger?.close(), 60_000);

  const cost = () => ({
    eventId: randomUUID(),
    type: 'cost.incurred',
    occurredAt: '2026-01-10T00:00:00Z',
    data: { amount: '1.00', category: 'mdf', note: undefined },
  });
  const pause = () => new Promise((r) => setTimeout(r, 1100)); // a fresh rate-limit window

  it(
    'refuses a body over 4 MB (413), a batch over 1000 ' +
      'events and a page over 1000 (400), as problem documents',
    async () => {
      await pause();
      const big = JSON.stringify({
        events: [{ ...cost(), data: { amount: '1.00', category: 'x'.repeat(5 * 1024 * 1024) } }],
      });
      const tooBig = await ledger.http
        .post(`/v1/partnerships/${w.partnershipId}/events`)
        .set(bearer(w.keys.a))
        .set('content-type', 'application/json')
        .send(big)
        .expect(413);
      expect(tooBig.headers['content-type']).toMatch(/^application\/problem\+json/);
      await pause();
      const batch = await ledger.http
        .post(`/v1/partnerships/${w.partnershipId}/events`)
        .set(bearer(w.keys.a))
        .send({ events: Array.from({ length: 1001 }, cost) })
        .expect(400);
      expect(batch.body.errors[0]).toEqual({ path: 'events', message: 'must hold at most 1000 events' });
      const page = await ledger.http
        .get(`/v1/partnerships/${w.partnershipId}/events?limit=1001`)
        .set(bearer(w.keys.a))
        .expect(400);
      expect(page.body.errors[0].path).toBe('limit');
      record(`limits-sizes-${backend}`, {
        summary: '4 MB body → 413, 1001-event batch → 400, page of 1001 → 400',
        numbers: { bodyLimitMiB: 4, batch: 1000, page: 1000 },
      });
    },
  );

  it('limits each key to its rate with 429 and Retry-After, without slowing another key', async () => {
    await pause();
    const burst = await Promise.all(
      Array.from({ length: 100 }, () =>
        ledger.http.get(`/v1/partnerships/${w.partnershipId}`).set(bearer(w.keys.a)),
      ),
    );
    const limited = burst.filter((r) => r.status === 429);
    const other = await ledger.http.get(`/v1/partnerships/${w.partnershipId}`).set(bearer(w.keys.b));
    expect(burst.filter((r) => r.status === 200)).toHaveLength(40);
    expect(limited).toHaveLength(60);
    expect(limited[0].headers['retry-after']).toMatch(/^\d+$/);
    expect(limited[0].body).toMatchObject({ status: 429, title: 'Too many requests' });
    expect(other.status).toBe(200);
    record(`limits-rate-${backend}`, {
      summary:
        `100 requests in one window with a limit of 40/s: 40 answered, 60 refused with 429 + ` +
        `Retry-After; another key unaffected`,
      numbers: { limit: 40, answered: 40, refused: limited.length },
    });
  });

  it('sends the helmet security headers', async () => {
    await pause();
    const res = await ledger.http.get('/health');
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': expect.stringContaining('max-age'),
    });
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('keeps answering others while a client trickles its headers, and then drops that client', async () => {
    await pause();
    const started = Date.now();
    let closedAfter = 0;
    const slow = new Promise<void>((resolve) => {
      const socket = connect(Number(new URL(url).port), '127.0.0.1', () =>
        socket.write('GET /health HTTP/1.1\r\nHost: x\r\n'),
      );
      const drip = setInterval(() => socket.writable && socket.write('X-Slow: 1\r\n'), 500);
      socket.on('close', () => {
        clearInterval(drip);
        closedAfter = Date.now() - started;
        resolve();
      });
      socket.on('error', () => undefined);
    });
    const latencies: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const t = Date.now();
      await fetch(`${url}/health`);
      latencies.push(Date.now() - t);
      await new Promise((r) => setTimeout(r, 100));
    }
    await slow;
    expect(Math.max(...latencies)).toBeLessThan(2_000);
    // headersTimeout is 10 s; Node checks it every 30 s, so the drop comes within 40 s.
    expect(closedAfter).toBeGreaterThanOrEqual(10_000);
    expect(closedAfter).toBeLessThan(45_000);
    record(`limits-slow-${backend}`, {
      summary:
        `a client trickling headers was dropped after ${closedAfter} ms; meanwhile 20 requests ` +
        `answered, slowest ${Math.max(...latencies)} ms`,
      numbers: { droppedAfterMs: closedAfter, slowestOtherMs: Math.max(...latencies) },
    });
  }, 60_000);

  it('keeps answering small requests while huge batches are appended', async () => {
    await pause();
    const huge = Array.from({ length: 3 }, () =>
      fetch(`${url}/v1/partnerships/${w.partnershipId}/events`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${w.keys.b}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          events: Array.from({ length: 1000 }, () => ({
            ...cost(),
            data: { amount: '1.00', category: 'mdf' },
          })),
        }),
      }),
    );
    const latencies: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      const t = Date.now();
      expect((await fetch(`${url}/health`)).status).toBe(200);
      latencies.push(Date.now() - t);
    }
    expect((await Promise.all(huge)).map((r) => r.status)).toEqual([201, 201, 201]);
    expect(Math.max(...latencies)).toBeLessThan(5_000);
    record(`limits-huge-${backend}`, {
      summary:
        `3 batches of 1000 events appended while 10 health checks were answered, ` +
        `slowest ${Math.max(...latencies)} ms`,
      numbers: { slowestOtherMs: Math.max(...latencies) },
    });
  }, 60_000);
});
