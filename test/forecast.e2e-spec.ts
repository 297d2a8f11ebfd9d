import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import canonicalize from 'canonicalize';
import { ledgerCli } from './support/cli';
import { cents, point } from './support/forecast-points';
import { ADMIN_KEY, Fixtures, TestLedger, bearer, testBackends, unique, useLedger } from './support/ledger';

/**
 * KPI forecasts (API.md, "Forecasts and scenarios") over HTTP, worked by hand. One partnership of orgs a
 * and b, started 2025-10-01 (Fixtures.world); b registers a partner-sourced deal and wins it in each month
 * October 2025 … March 2026 for REVENUE[i]. Read at asOf 2026-04-15: the monthly joint revenue history is
 * those six complete months. Real: the app, its database, the CLI as its own process. Faked: nothing.
 */
const REVENUE = [1000, 1200, 1100, 1500, 1400, 1800];
const AS_OF = '2026-04-15T00:00:00.000Z';
const MONTHS = ['2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03'];
const start = (month: string) => `${month}-01T00:00:00.000Z`;

describe.each(testBackends())('KPI forecasts on %s', (backend) => {
  let ledger: TestLedger;
  let fixtures: Fixtures;
  let url: string;
  useLedger(backend, (l, f) => {
    ledger = l;
    fixtures = f;
  });
  const dir = mkdtempSync(join(tmpdir(), 'ledger-forecast-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const forecast = (key: string, id: string, kpiId: string, query: object) =>
    ledger.http.get(`/v1/partnerships/${id}/kpis/${kpiId}/forecast`).query(query).set(bearer(key));

  async function world() {
    await ledger.app.listen(0, '127.0.0.1');
    url = (await ledger.app.getUrl()).replace('[::1]', '127.0.0.1');
    const w = await fixtures.world(unique('fc'));
    const events = REVENUE.flatMap((amount, i) => {
      const dealId = `deal-${i + 1}`;
      const data = { dealId, customerId: `c-${i + 1}`, amount: `${amount}.00`, source: 'partner_sourced' };
      return [
        { type: 'deal.registered', occurredAt: `${MONTHS[i]}-03T09:00:00Z`, data },
        { type: 'deal.won', occurredAt: `${MONTHS[i]}-20T09:00:00Z`, data: { dealId, amount: data.amount } },
      ];
    });
    const res = await ledger.http
      .post(`/v1/partnerships/${w.partnershipId}/events`)
      .set(bearer(w.keys.b))
      .send({ events })
      .expect(201);
    const positions = (res.body.events as { position: number }[]).map((e) => e.position);
    // The head, for minPosition; and the ledger before March's win (March then has no revenue: "0.00").
    return { ...w, id: w.partnershipId, head: positions.at(-1)!, beforeMarchWin: positions.at(-2)! };
  }
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    w = await world();
  }, 120_000);

  it('forecasts monthly joint revenue by drift as FPP3 §5.2/§5.5 compute it by hand', async () => {
    const query = { period: 'month', horizon: 3, method: 'drift', asOf: AS_OF, minPosition: w.head };
    const res = await forecast(w.keys.governance, w.id, 'joint_revenue', query).expect(200);
    // T = 6, slope c = (1800 − 1000) / 5 = 160. One-step residuals y_t − y_{t−1} − c: 40, −260, 240,
    // −260, 240; SSE = 252,000, N = 5, K = 1: σ̂ = √(252000 / 4) = 250.998… Point h: 1800 + 160h, its
    // standard deviation σ̂√(h(1 + h/(T − 1))).
    const sigma = Math.sqrt(252_000 / 4);
    const history = REVENUE.map((v, i) => ({ periodStart: start(MONTHS[i]), value: `${v}.00` }));
    const points = ['2026-04', '2026-05', '2026-06'].map((month, i) => {
      const h = i + 1;
      return point(start(month), 1800 + 160 * h, sigma * Math.sqrt(h * (1 + h / 5)));
    });
    const answer = { kpiId: 'joint_revenue', period: 'month', method: 'drift', params: {}, history };
    const inputHash = createHash('sha256')
      .update(canonicalize({ ...answer, horizon: 3 })!)
      .digest('hex');
    expect(res.body).toEqual({ ...answer, points, residualSd: cents(sigma), inputHash });
    // h = 1: sd = 250.998 × √1.2 = 274.954; half-widths 1.2816 × sd = 352.38 and 1.96 × sd = 538.91.
    expect(points[0]).toEqual({
      periodStart: '2026-04-01T00:00:00.000Z',
      value: '1960.00',
      lower80: '1607.62',
      upper80: '2312.38',
      lower95: '1421.09',
      upper95: '2498.91',
    });
  });

  it('chooses naive by AICc under auto, and answers as the method it chose', async () => {
    // AICc = N ln(SSE/N) + 2(K+1) + 2(K+1)(K+2)/(N−K−2): naive (SSE 380,000, N 5, K 0) 59.53; drift
    // 64.14; linear (SSE 76,190.5, N 6, K 2) 74.70; mean (SSE 433,333.3, N 6, K 1) 75.12; Holt has
    // N − K − 2 = 0 (+∞); seasonal naive needs 24 months.
    const query = { horizon: 2, asOf: AS_OF, minPosition: w.head };
    const auto = await forecast(w.keys.a, w.id, 'joint_revenue', query).expect(200);
    const sigma = Math.sqrt(380_000 / 5);
    expect(auto.body).toMatchObject({
      method: 'naive',
      params: {},
      residualSd: cents(sigma),
      points: [point(start('2026-04'), 1800, sigma), point(start('2026-05'), 1800, sigma * Math.SQRT2)],
    });
    const naive = await forecast(w.keys.a, w.id, 'joint_revenue', { ...query, method: 'naive' }).expect(200);
    expect(naive.text).toBe(auto.text);
  });

  it('gives the server’s bytes from `ledger forecast` over an export, with and without atPosition', async () => {
    const file = join(dir, 'ledger.ndjson');
    const exported = await ledgerCli(['export', '--url', url, '--key', w.keys.auditor, '--out', file]);
    expect(exported).toMatchObject({ code: 0 });
    const cases = [
      { query: {}, args: [] },
      {
        query: { method: 'drift', horizon: 5, atPosition: w.beforeMarchWin },
        args: ['--method', 'drift', '--horizon', '5', '--atPosition', String(w.beforeMarchWin)],
      },
    ];
    for (const { query, args } of cases) {
      const served = await forecast(w.keys.auditor, w.id, 'joint_revenue', { asOf: AS_OF, ...query });
      expect(served.status).toBe(200);
      const base = ['--export', file, '--partnership', w.id, '--kpi', 'joint_revenue', '--asOf', AS_OF];
      const offline = await ledgerCli(['forecast', ...base, ...args]);
      expect(offline).toMatchObject({ code: 0, stderr: '' });
      expect(offline.stdout).toBe(`${served.text}\n`);
    }
    const at = { asOf: AS_OF, ...cases[1].query };
    const before = await forecast(w.keys.auditor, w.id, 'joint_revenue', at).expect(200);
    expect(before.body.history.at(-1)).toEqual({ periodStart: start('2026-03'), value: '0.00' });
  }, 180_000);

  it('refuses horizon 0 or 13, an unknown method and fewer than two points (400), and hides what is not there (404)', async () => {
    const base = { asOf: AS_OF, minPosition: w.head };
    for (const [query, path] of [
      [{ horizon: 0 }, 'horizon'],
      [{ horizon: 13 }, 'horizon'],
      [{ method: 'arima' }, 'method'],
      // On 2025-11-15 October alone is complete: one point.
      [{ asOf: '2025-11-15T00:00:00Z' }, 'history'],
      // Linear trend needs 4 points, asked by name with 3 (to December).
      [{ asOf: '2026-01-10T00:00:00Z', method: 'linear' }, 'history'],
    ] as const) {
      const res = await forecast(w.keys.a, w.id, 'joint_revenue', { ...base, ...query }).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([path]);
    }
    const unknown = await forecast(w.keys.a, w.id, 'no_such_kpi', base).expect(404);
    expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
    const outsider = unique('fc-out');
    await fixtures.org(outsider);
    await forecast(await fixtures.key('partner', outsider), w.id, 'joint_revenue', base).expect(404);
    await forecast(ADMIN_KEY, w.id, 'joint_revenue', base).expect(200);
  });
});
