import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { ADMIN_KEY, Fixtures, TestLedger, bearer, testBackends, unique, useLedger } from './support/ledger';
import { point } from './support/forecast-points';

/**
 * Forecast vs actual (API.md, "Forecasts and scenarios") over HTTP, worked by hand. A forecast is made
 * "as it is now", so this world is built around the real clock: month m is the current one, and a
 * partnership started at the start of m − 6 has b win one partner deal in each of m − 6 … m − 1 for
 * REVENUE[i]. Recorded now, a monthly naive forecast of joint revenue is 1800.00 for m, m + 1, m + 2
 * (the last value), σ̂ = √(380,000/5) from the residuals 200, −100, 400, −100, 400. Then b wins 2000.00
 * in m (occurring at m's first instant, which is past) and nothing can occur later than now, so read at
 * asOf = the start of m + 2 the actuals are m 2000.00 and m + 1 0.00.
 * Real: the app, its database, the clock. Faked: nothing.
 */
const REVENUE = [1000, 1200, 1100, 1500, 1400, 1800];
const NOW = new Date();
const monthStart = (offset: number) =>
  new Date(Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth() + offset, 1)).toISOString();

describe.each(testBackends())('Recorded forecasts on %s', (backend) => {
  let ledger: TestLedger;
  let fixtures: Fixtures;
  useLedger(backend, (l, f) => {
    ledger = l;
    fixtures = f;
  });

  const record = (key: string, id: string, body: object) =>
    ledger.http.post(`/v1/partnerships/${id}/forecasts`).set(bearer(key)).send(body);
  const list = (key: string, id: string, query: object) =>
    ledger.http.get(`/v1/partnerships/${id}/forecasts`).query(query).set(bearer(key));
  const append = async (key: string, id: string, events: object[]) =>
    (await ledger.http.post(`/v1/partnerships/${id}/events`).set(bearer(key)).send({ events }).expect(201))
      .body.events as { eventId: string; position: number }[];

  async function world() {
    const prefix = unique('rf');
    const [a, b] = [`${prefix}-a`, `${prefix}-b`];
    await fixtures.org(a);
    await fixtures.org(b);
    const keys = {
      a: await fixtures.key('partner', a),
      b: await fixtures.key('partner', b),
      auditor: await fixtures.key('auditor'),
    };
    const form = (partnershipId: string, startedAt: string) =>
      fixtures.partnership(keys.a, {
        partnershipId,
        name: partnershipId,
        type: 'reseller',
        partnerOrgIds: [a, b],
        currency: 'EUR',
        startedAt,
      });
    const id = await form(`${prefix}-p`, monthStart(-6));
    // Started a month ago: one complete month, too few points for any forecast.
    const young = await form(`${prefix}-young`, monthStart(-1));
    const events = REVENUE.flatMap((amount, i) => {
      const month = monthStart(i - 6).slice(0, 8);
      const data = {
        dealId: `d-${i}`,
        customerId: `c-${i}`,
        amount: `${amount}.00`,
        source: 'partner_sourced',
      };
      return [
        { type: 'deal.registered', occurredAt: `${month}03T09:00:00Z`, data },
        {
          type: 'deal.won',
          occurredAt: `${month}20T09:00:00Z`,
          data: { dealId: data.dealId, amount: data.amount },
        },
      ];
    });
    await append(keys.b, id, events);
    return { id, young, keys, orgs: { a, b } };
  }
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    w = await world();
  }, 120_000);

  const sigma = Math.sqrt(380_000 / 5);
  const naivePoints = [0, 1, 2].map((h) => point(monthStart(h), 1800, sigma * Math.sqrt(h + 1)));
  const sha256 = (hashed: object) => createHash('sha256').update(canonicalize(hashed)!).digest('hex');
  const naiveHash = sha256({
    kpiId: 'joint_revenue',
    period: 'month',
    method: 'naive',
    params: {},
    history: REVENUE.map((v, i) => ({ periodStart: monthStart(i - 6), value: `${v}.00` })),
    horizon: 3,
  });
  // The baseline scenario's drivers read months m − 4 … m − 1: one deal registered and one won in each.
  const scenarioHash = sha256({
    kpiId: 'joint_revenue',
    period: 'month',
    scenario: 'baseline',
    assumptions: { newDealsPct: 0, winRatePp: 0, dealSizePct: 0 },
    history: REVENUE.slice(2).map((v, i) => ({
      periodStart: monthStart(i - 4),
      newDeals: 1,
      winRate: 1,
      dealSize: `${v}.00`,
    })),
    horizon: 2,
  });
  const scenarioPoints = [
    { periodStart: monthStart(0), value: '1450.00' },
    { periodStart: monthStart(1), value: '1450.00' },
  ];
  let naive: { forecastId: string; eventId: string; position: number; asOf: string };
  let scenario: { forecastId: string; eventId: string; position: number; asOf: string };
  /** A recorded forecast as the list gives it, but for its judged points and accuracy. */
  const listed = (made: typeof naive) => ({
    forecastId: made.forecastId,
    kpiId: 'joint_revenue',
    period: 'month',
    asOf: made.asOf,
    eventId: made.eventId,
    position: made.position,
  });
  const naiveListed = () => ({
    ...listed(naive),
    horizon: 3,
    method: 'naive',
    madeBy: 'naive',
    inputHash: naiveHash,
    recordedBy: w.orgs.a,
  });
  const scenarioListed = () => ({
    ...listed(scenario),
    horizon: 2,
    scenario: 'baseline',
    inputHash: scenarioHash,
    recordedBy: w.orgs.b,
  });

  it('records a naive forecast as the forecast route makes it now, with its inputHash', async () => {
    const body = { kpiId: 'joint_revenue', period: 'month', horizon: 3, method: 'naive' };
    const res = await record(w.keys.a, w.id, body).expect(201);
    expect(res.body).toEqual({
      ...body,
      forecastId: expect.any(String),
      eventId: expect.any(String),
      position: expect.any(Number),
      asOf: expect.any(String),
      madeBy: 'naive',
      points: naivePoints,
      inputHash: naiveHash,
    });
    // h = 1: 1800 ± 1.2816 × 275.68 = ± 353.31.
    expect(naivePoints[0]).toMatchObject({ lower80: '1446.69', upper80: '2153.31' });
    naive = res.body;
  });

  it('records the baseline scenario: 1 deal × 1 × 1450.00 (the last 4 months)', async () => {
    const body = { kpiId: 'joint_revenue', period: 'month', horizon: 2, scenario: 'baseline' };
    const res = await record(w.keys.b, w.id, body).expect(201);
    // Months m − 4 … m − 1 won 1100, 1500, 1400, 1800: mean 1450.00; one deal registered and won in each.
    // No method and no madeBy: a scenario's forecast is its projection.
    expect(res.body).toEqual({
      ...body,
      forecastId: expect.any(String),
      eventId: expect.any(String),
      position: expect.any(Number),
      asOf: expect.any(String),
      points: scenarioPoints,
      inputHash: scenarioHash,
    });
    const projection = await ledger.http
      .get(`/v1/partnerships/${w.id}/scenarios/baseline/projection`)
      .query({ period: 'month', horizon: 2 })
      .set(bearer(w.keys.a))
      .expect(200);
    expect(res.body.inputHash).toBe(projection.body.inputHash);
    scenario = res.body;
  });

  it('judges both against the actuals of the months ended by asOf, worked by hand', async () => {
    const [won] = await append(w.keys.b, w.id, [
      {
        type: 'deal.registered',
        occurredAt: monthStart(0),
        data: { dealId: 'now', customerId: 'c-now', amount: '2000.00', source: 'partner_influenced' },
      },
      { type: 'deal.won', occurredAt: monthStart(0), data: { dealId: 'now', amount: '2000.00' } },
    ]).then((e) => e.slice(1));
    const query = { asOf: monthStart(2), minPosition: won.position };
    const res = await list(w.keys.auditor, w.id, query).expect(200);
    expect(res.body).toMatchObject({ partnershipId: w.id, asOf: monthStart(2), position: won.position });
    const [first, second] = res.body.items;
    // m: 2000.00 − 1800.00 = 200.00 (inside 1446.69–2153.31); m + 1: 0.00 − 1800.00 = −1800.00 (outside
    // 1300.35–2299.65, no percentage error); MAPE 200/2000 = 10, bias (200 − 1800)/2 = −800.00, coverage 50.
    expect(first).toEqual({
      ...naiveListed(),
      points: [
        { ...naivePoints[0], actual: '2000.00', error: '200.00' },
        { ...naivePoints[1], actual: '0.00', error: '-1800.00' },
        naivePoints[2],
      ],
      accuracy: { mape: 10, bias: '-800.00', coverage80: 50 },
    });
    // The scenario: 550.00 and −1450.00; MAPE 550/2000 = 27.5, bias (550 − 1450)/2 = −450.00, no interval.
    expect(second).toEqual({
      ...scenarioListed(),
      points: [
        { ...scenarioPoints[0], actual: '2000.00', error: '550.00' },
        { ...scenarioPoints[1], actual: '0.00', error: '-1450.00' },
      ],
      accuracy: { mape: 27.5, bias: '-450.00', coverage80: null },
    });
  });

  it('has no accuracy before a period has ended, and no forecast before it was made', async () => {
    // Now, in month m, no forecast month has ended: no actuals, and all three measures null for both.
    const now = await list(w.keys.a, w.id, {}).expect(200);
    const none = { mape: null, bias: null, coverage80: null };
    expect(now.body.items).toEqual([
      { ...naiveListed(), points: naivePoints, accuracy: none },
      { ...scenarioListed(), points: scenarioPoints, accuracy: none },
    ]);
    const earlier = await list(w.keys.a, w.id, { asOf: monthStart(0) }).expect(200);
    expect(earlier.body.items).toEqual([]);
    const before = await list(w.keys.a, w.id, { asOf: monthStart(2), atPosition: naive.position - 1 });
    expect(before.status).toBe(200);
    expect(before.body.items).toEqual([]);
  });

  it('can never be revised: it is a forecast.recorded event, and its retraction is refused', async () => {
    const events = await ledger.http.get(`/v1/partnerships/${w.id}/events?limit=1000`).set(bearer(w.keys.b));
    const stored = (events.body.items as { eventId: string; type: string; data: unknown }[]).find(
      (e) => e.eventId === naive.eventId,
    );
    expect(stored).toMatchObject({ type: 'forecast.recorded', data: { forecastId: naive.forecastId } });
    const retraction = { type: 'event.retracted', occurredAt: new Date().toISOString() };
    const refused = await ledger.http
      .post(`/v1/partnerships/${w.id}/events`)
      .set(bearer(ADMIN_KEY))
      .send({ ...retraction, data: { eventId: naive.eventId, reason: 'a better forecast' } })
      .expect(409);
    expect(refused.body).toMatchObject({ code: 'event_not_retractable' });
    const posted = await ledger.http
      .post(`/v1/partnerships/${w.id}/events`)
      .set(bearer(w.keys.a))
      .send({ type: 'forecast.recorded', occurredAt: new Date().toISOString(), data: {} })
      .expect(400);
    expect(JSON.stringify(posted.body)).toContain('POST /v1/partnerships/:id/forecasts');
  });

  it('refuses bad requests (400 naming the field) and stores nothing', async () => {
    const count = async () =>
      (await ledger.http.get(`/v1/partnerships/${w.id}/events?limit=1000`).set(bearer(ADMIN_KEY))).body.items
        .length as number;
    const before = await count();
    const base = { kpiId: 'joint_revenue', period: 'month', horizon: 3 };
    for (const [body, path] of [
      [{ ...base, horizon: 0, method: 'naive' }, 'horizon'],
      [{ ...base, horizon: 13, method: 'naive' }, 'horizon'],
      [{ ...base, method: 'arima' }, 'method'],
      [base, 'method'],
      [{ ...base, method: 'naive', scenario: 'baseline' }, 'scenario'],
      [{ ...base, kpiId: 'win_rate', scenario: 'baseline' }, 'kpiId'],
      [{ ...base, period: 'week', method: 'naive' }, 'period'],
    ] as const) {
      const res = await record(w.keys.a, w.id, body).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([path]);
    }
    expect(await count()).toBe(before);
    const young = await record(w.keys.a, w.young, { ...base, method: 'naive' }).expect(400);
    expect(young.body.errors).toEqual([
      { path: 'history', message: 'naive needs at least 2 points of history, there are 1' },
    ]);
    const youngEvents = await ledger.http.get(`/v1/partnerships/${w.young}/events`).set(bearer(ADMIN_KEY));
    expect(youngEvents.body.items.map((e: { type: string }) => e.type)).toEqual(['partnership.formed']);
  });

  it('lets only members and admin record (403), and hides what is not there (404)', async () => {
    const body = { kpiId: 'joint_revenue', period: 'month', horizon: 1, method: 'naive' };
    await record(w.keys.auditor, w.id, body).expect(403);
    await record(w.keys.a, w.id, { ...body, kpiId: 'no_such_kpi' }).expect(404);
    await record(w.keys.a, w.id, { ...body, method: undefined, scenario: 'never-defined' }).expect(404);
    const outsider = unique('rf-out');
    await fixtures.org(outsider);
    const key = await fixtures.key('partner', outsider);
    await record(key, w.id, body).expect(404);
    await list(key, w.id, {}).expect(404);
    await record(ADMIN_KEY, w.id, body).expect(201);
  });
});
