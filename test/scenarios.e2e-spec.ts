import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import canonicalize from 'canonicalize';
import { ledgerCli } from './support/cli';
import { ADMIN_KEY, Fixtures, TestLedger, bearer, testBackends, unique, useLedger } from './support/ledger';

/**
 * Scenarios (API.md, "Forecasts and scenarios") over HTTP, worked by hand. A partnership of orgs a and b
 * started 2025-10-01 (Fixtures.world); b records partner deals (sourced or influenced) and one direct deal,
 * read quarterly at asOf 2026-10-15, whose last four complete quarters are 2025-Q4 … 2026-Q3:
 *   2025-Q4  A1, A2 registered; A1 won for 1000.00, A2 lost       → new 2, win rate 1/2, size 1000.00
 *   2026-Q1  A3, A4, A5 and the direct X1 registered; A3 won for 2000.00, A4 for 3000.00, X1 for 9000.00
 *                                                                 → new 3, win rate 2/2, size 2500.00
 *   2026-Q2  A6 registered; A5 lost                              → new 1, win rate 0/1, size null
 *   2026-Q3  A7, A8 registered; A6 won for 1500.00               → new 2, win rate 1/1, size 1500.00
 * Baseline drivers: new deals (2 + 3 + 1 + 2)/4 = 2, win rate (0.5 + 1 + 0 + 1)/4 = 0.625, deal size
 * (1000 + 2500 + 1500)/3 = 1666.666…; revenue 2 × 0.625 × 1666.666… = 2083.33 a quarter.
 * Every answer is in EUR (Fixtures.world's currency).
 * Real: the app and its database. Faked: nothing.
 */
const AS_OF = '2026-10-15T00:00:00.000Z';
const QUARTERS = ['2026-10-01', '2027-01-01', '2027-04-01', '2027-07-01'].map((d) => `${d}T00:00:00.000Z`);
const each = (revenue: string) => QUARTERS.map((periodStart) => ({ periodStart, revenue }));
/** The quarterly history at AS_OF, from the header's table. */
const HISTORY = [
  { periodStart: '2025-10-01T00:00:00.000Z', newDeals: 2, winRate: 0.5, dealSize: '1000.00' },
  { periodStart: '2026-01-01T00:00:00.000Z', newDeals: 3, winRate: 1, dealSize: '2500.00' },
  { periodStart: '2026-04-01T00:00:00.000Z', newDeals: 1, winRate: 0, dealSize: null },
  { periodStart: '2026-07-01T00:00:00.000Z', newDeals: 2, winRate: 1, dealSize: '1500.00' },
];
const DRIVERS = { newDeals: 2, winRate: 0.625, dealSize: '1666.67' };
const STRESS = { newDealsPct: -20, winRatePp: -10, dealSizePct: -10 };
type Assumptions = { newDealsPct: number; winRatePp: number; dealSizePct: number };

/** SHA-256 (hex) of the RFC 8785 canonical JSON of what a projection hashes (projection.ts). */
function inputHash(
  scenario: string,
  period: string,
  horizon: number,
  assumptions: Assumptions,
  history: object[],
) {
  const hashed = { kpiId: 'joint_revenue', period, scenario, assumptions, history, horizon };
  return createHash('sha256').update(canonicalize(hashed)!).digest('hex');
}

function deals() {
  const at = (day: string) => `${day}T09:00:00Z`;
  const register = (dealId: string, day: string, source = 'partner_sourced') => ({
    type: 'deal.registered',
    occurredAt: at(day),
    data: { dealId, customerId: `c-${dealId}`, amount: '500.00', source },
  });
  const won = (dealId: string, day: string, amount: string) => ({
    type: 'deal.won',
    occurredAt: at(day),
    data: { dealId, amount },
  });
  const lost = (dealId: string, day: string) => ({
    type: 'deal.lost',
    occurredAt: at(day),
    data: { dealId },
  });
  return [
    register('A1', '2025-10-05'),
    register('A2', '2025-10-06', 'partner_influenced'),
    won('A1', '2025-11-10', '1000.00'),
    lost('A2', '2025-11-20'),
    register('A3', '2026-01-05'),
    register('A4', '2026-01-06'),
    register('A5', '2026-01-07', 'partner_influenced'),
    register('X1', '2026-01-08', 'direct'),
    won('A3', '2026-02-10', '2000.00'),
    won('A4', '2026-03-01', '3000.00'),
    won('X1', '2026-03-02', '9000.00'),
    register('A6', '2026-04-02'),
    lost('A5', '2026-05-01'),
    register('A7', '2026-07-01'),
    register('A8', '2026-07-02'),
    won('A6', '2026-08-01', '1500.00'),
  ];
}

describe.each(testBackends())('Scenarios on %s', (backend) => {
  let ledger: TestLedger;
  let fixtures: Fixtures;
  useLedger(backend, (l, f) => {
    ledger = l;
    fixtures = f;
  });

  const projection = (key: string, id: string, name: string, query: object) =>
    ledger.http.get(`/v1/partnerships/${id}/scenarios/${name}/projection`).query(query).set(bearer(key));
  const define = (key: string, id: string, body: unknown) =>
    ledger.http
      .post(`/v1/partnerships/${id}/scenarios`)
      .set(bearer(key))
      .send(body as object);
  const eventCount = async (id: string) =>
    (await ledger.http.get(`/v1/partnerships/${id}/events?limit=1000`).set(bearer(ADMIN_KEY)).expect(200))
      .body.items.length as number;

  const dir = mkdtempSync(join(tmpdir(), 'ledger-scenarios-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let url: string;

  async function world() {
    await ledger.app.listen(0, '127.0.0.1');
    url = (await ledger.app.getUrl()).replace('[::1]', '127.0.0.1');
    const w = await fixtures.world(unique('sc'));
    const res = await ledger.http
      .post(`/v1/partnerships/${w.partnershipId}/events`)
      .set(bearer(w.keys.b))
      .send({ events: deals() })
      .expect(201);
    const head = (res.body.events as { position: number }[]).at(-1)!.position;
    return { ...w, id: w.partnershipId, head };
  }
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    w = await world();
  }, 120_000);

  /** A quarterly projection at AS_OF, horizon 4, of a predefined scenario at the world's head. */
  const quarterly = (name: string, assumptions: Assumptions, scenarioDrivers: object, revenue: string) => ({
    partnershipId: w.id,
    name,
    period: 'quarter',
    horizon: 4,
    asOf: AS_OF,
    position: w.head,
    currency: 'EUR',
    definition: { predefined: true },
    assumptions,
    drivers: DRIVERS,
    scenarioDrivers,
    history: HISTORY,
    baseline: each('2083.33'),
    scenario: each(revenue),
    inputHash: inputHash(name, 'quarter', 4, assumptions, HISTORY),
  });

  it('projects the predefined baseline, stress and upside as worked by hand', async () => {
    const query = { period: 'quarter', horizon: 4, asOf: AS_OF, minPosition: w.head };
    const base = await projection(w.keys.a, w.id, 'baseline', query).expect(200);
    const zero = { newDealsPct: 0, winRatePp: 0, dealSizePct: 0 };
    expect(base.body).toEqual(quarterly('baseline', zero, DRIVERS, '2083.33'));
    // Stress −20/−10/−10: 1.6 × 0.525 × 1500.00 = 1260.00.
    const stress = await projection(w.keys.governance, w.id, 'stress', query).expect(200);
    const stressDrivers = { newDeals: 1.6, winRate: 0.525, dealSize: '1500.00' };
    expect(stress.body).toEqual(quarterly('stress', STRESS, stressDrivers, '1260.00'));
    // Upside +15/+5/+10: 2.3 × 0.675 × 1833.33… = 1.5525 × 5500/3 = 2846.25.
    const upside = await projection(w.keys.auditor, w.id, 'upside', query).expect(200);
    const upsideDrivers = { newDeals: 2.3, winRate: 0.675, dealSize: '1833.33' };
    const upsideAssumptions = { newDealsPct: 15, winRatePp: 5, dealSizePct: 10 };
    expect(upside.body).toEqual(quarterly('upside', upsideAssumptions, upsideDrivers, '2846.25'));
  });

  it('applies a member’s own stress from its position on, and the predefined one before it', async () => {
    const body = {
      name: 'stress',
      description: 'a lost reseller',
      assumptions: { newDealsPct: -50, winRatePp: -25, dealSizePct: 0 },
    };
    const res = await define(w.keys.a, w.id, body).expect(201);
    expect(res.body).toEqual({
      ...body,
      eventId: expect.any(String),
      position: expect.any(Number),
      definedBy: w.orgs.a,
      definedAt: expect.any(String),
    });
    const query = { period: 'quarter', horizon: 4, asOf: AS_OF, minPosition: res.body.position };
    // 1 × 0.375 × 1666.666… = 625.00.
    const now = await projection(w.keys.b, w.id, 'stress', query).expect(200);
    const mine = { newDeals: 1, winRate: 0.375, dealSize: '1666.67' };
    expect(now.body).toEqual({
      ...quarterly('stress', body.assumptions, mine, '625.00'),
      position: res.body.position,
      definition: {
        predefined: false,
        description: 'a lost reseller',
        eventId: res.body.eventId,
        position: res.body.position,
        definedBy: w.orgs.a,
        definedAt: res.body.definedAt,
      },
    });
    const before = { period: 'quarter', horizon: 4, asOf: AS_OF, atPosition: res.body.position - 1 };
    const then = await projection(w.keys.b, w.id, 'stress', before).expect(200);
    const predefined = { newDeals: 1.6, winRate: 0.525, dealSize: '1500.00' };
    expect(then.body).toEqual({
      ...quarterly('stress', STRESS, predefined, '1260.00'),
      position: res.body.position - 1,
    });
    const events = await ledger.http.get(`/v1/partnerships/${w.id}/events?limit=1000`).set(bearer(w.keys.b));
    expect(events.body.items.at(-1)).toMatchObject({ type: 'scenario.defined', data: body });
  });

  it('defines a new name, projected monthly with its defaults (horizon 12)', async () => {
    const body = { name: 'more-deals', assumptions: { newDealsPct: 100, winRatePp: 0, dealSizePct: 0 } };
    const res = await define(ADMIN_KEY, w.id, body).expect(201);
    const query = { period: 'month', asOf: '2026-09-15T00:00:00Z', minPosition: res.body.position };
    const p = await projection(w.keys.a, w.id, 'more-deals', query).expect(200);
    // Months June–August 2026 complete; the last 4: May (0 new, A5 lost: 0, no size), June (none: 0 new,
    // no rate, no size), July (A7, A8: 2 new, nothing closed), August (0 new, A6 won 1500.00).
    // new deals (0 + 0 + 2 + 0)/4 = 0.5 (doubled: 1), win rate (0 + 1)/2 = 0.5, size 1500.00 → 750.00.
    // The 12 months after August 2026 are September 2026 … August 2027, each with the same drivers:
    // baseline 0.5 × 0.5 × 1500.00 = 375.00, scenario 1 × 0.5 × 1500.00 = 750.00.
    const history = [
      { periodStart: '2026-05-01T00:00:00.000Z', newDeals: 0, winRate: 0, dealSize: null },
      { periodStart: '2026-06-01T00:00:00.000Z', newDeals: 0, winRate: null, dealSize: null },
      { periodStart: '2026-07-01T00:00:00.000Z', newDeals: 2, winRate: null, dealSize: null },
      { periodStart: '2026-08-01T00:00:00.000Z', newDeals: 0, winRate: 1, dealSize: '1500.00' },
    ];
    const months = [
      ...['2026-09', '2026-10', '2026-11', '2026-12'],
      ...['2027-01', '2027-02', '2027-03', '2027-04', '2027-05', '2027-06', '2027-07', '2027-08'],
    ].map((m) => `${m}-01T00:00:00.000Z`);
    const monthly = (revenue: string) => months.map((periodStart) => ({ periodStart, revenue }));
    expect(p.body).toEqual({
      partnershipId: w.id,
      name: 'more-deals',
      period: 'month',
      horizon: 12,
      asOf: '2026-09-15T00:00:00.000Z',
      position: res.body.position,
      currency: 'EUR',
      definition: {
        predefined: false,
        eventId: res.body.eventId,
        position: res.body.position,
        definedBy: 'admin',
        definedAt: res.body.definedAt,
      },
      assumptions: body.assumptions,
      drivers: { newDeals: 0.5, winRate: 0.5, dealSize: '1500.00' },
      scenarioDrivers: { newDeals: 1, winRate: 0.5, dealSize: '1500.00' },
      history,
      baseline: monthly('375.00'),
      scenario: monthly('750.00'),
      inputHash: inputHash('more-deals', 'month', 12, body.assumptions, history),
    });
  });

  it('gives the server’s bytes from `ledger scenario` over an export, before and after a redefinition', async () => {
    const file = join(dir, 'ledger.ndjson');
    const exported = await ledgerCli(['export', '--url', url, '--key', w.keys.auditor, '--out', file]);
    expect(exported).toMatchObject({ code: 0 });
    const events = await ledger.http.get(`/v1/partnerships/${w.id}/events?limit=1000`).set(bearer(w.keys.b));
    const redefined = (
      events.body.items as { type: string; data: { name: string }; position: number }[]
    ).find((e) => e.type === 'scenario.defined' && e.data.name === 'stress')!.position;
    const cases = [
      { query: {}, args: [] },
      {
        query: { period: 'month', horizon: 3, atPosition: redefined - 1 },
        args: ['--period', 'month', '--horizon', '3', '--atPosition', String(redefined - 1)],
      },
    ];
    for (const { query, args } of cases) {
      const served = await projection(w.keys.auditor, w.id, 'stress', { asOf: AS_OF, ...query });
      expect(served.status).toBe(200);
      const base = ['--export', file, '--partnership', w.id, '--name', 'stress', '--asOf', AS_OF];
      const offline = await ledgerCli(['scenario', ...base, ...args]);
      expect(offline).toMatchObject({ code: 0, stderr: '' });
      expect(offline.stdout).toBe(`${served.text}\n`);
    }
    const unknown = await ledgerCli(['scenario', '--export', file, '--partnership', w.id, '--name', 'nope']);
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining('there is no scenario nope') });
  }, 180_000);

  it('refuses bad assumptions and bad queries (400, naming the field), storing nothing', async () => {
    const before = await eventCount(w.id);
    const assumptions = { newDealsPct: 0, winRatePp: 0, dealSizePct: 0 };
    for (const [body, path, message] of [
      [
        { name: 'x', assumptions: { ...assumptions, newDealsPct: 101 } },
        'assumptions.newDealsPct',
        'must be at most 100',
      ],
      [
        { name: 'x', assumptions: { ...assumptions, winRatePp: -100.5 } },
        'assumptions.winRatePp',
        'must be at least -100',
      ],
      [
        { name: 'x', assumptions: { ...assumptions, dealSizePct: '5' } },
        'assumptions.dealSizePct',
        'must be a number',
      ],
      [{ name: 'x' }, 'assumptions', 'is required'],
      [{ name: 'Not A Name', assumptions }, 'name', expect.stringContaining('lower-case')],
    ] as const) {
      const res = await define(w.keys.a, w.id, body).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors).toEqual([{ path, message }]);
    }
    for (const query of [{ horizon: 0 }, { horizon: 13 }, { period: 'week' }]) {
      const res = await projection(w.keys.a, w.id, 'baseline', query).expect(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(Object.keys(query));
    }
    expect(await eventCount(w.id)).toBe(before);
  });

  it('lets only members and admin define (403), and hides what is not there (404)', async () => {
    const body = { name: 'x', assumptions: { newDealsPct: 0, winRatePp: 0, dealSizePct: 0 } };
    await define(w.keys.auditor, w.id, body).expect(403);
    await define(w.keys.governance, w.id, body).expect(403);
    const outsider = unique('sc-out');
    await fixtures.org(outsider);
    const key = await fixtures.key('partner', outsider);
    await define(key, w.id, body).expect(404);
    await projection(key, w.id, 'baseline', { asOf: AS_OF }).expect(404);
    const unknown = await projection(w.keys.a, w.id, 'never-defined', { asOf: AS_OF }).expect(404);
    expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
    await projection(w.keys.a, 'no-such-partnership', 'baseline', {}).expect(404);
  });
});
