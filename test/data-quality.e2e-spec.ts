import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ledgerCli } from './support/cli';
import { ADMIN_KEY, Fixtures, TestLedger, bearer, testBackends, unique, useLedger } from './support/ledger';

/**
 * Data quality (API.md, "Data quality") over HTTP, worked by hand. One partnership of orgs a and b,
 * started 2026-01-01, read at asOf 2026-07-15 (January to June complete). Each month i (January … June):
 * b registers a partner-sourced deal on day 3 and a wins it on day 20 for REVENUE[i] (the contract's
 * series in thousands); a records a cost on day 6; b records one on day 5 except in March and June.
 * a posts February's cost twice and retracts the copy. Then a proposes and b approves a charter
 * (effective from 2026-01-01) that expects a monthly cost.incurred from each partner, lateAfterDays 10,
 * and puts joint_revenue on the scorecard. Every event is recorded now, months after the month it
 * occurred in, so every event measured is late; the charter's events occur now, after asOf.
 * Real: the app, its database, the CLI as its own process. Faked: nothing.
 */
const REVENUE = ['10000.00', '11000.00', '12000.00', '11000.00', '10000.00', '30000.00'];
const B_SKIPS = [2, 5];
const AS_OF = '2026-07-15T00:00:00.000Z';
const DAY_MS = 86_400_000;
const month = (i: number) => `2026-${String(i + 1).padStart(2, '0')}`;
const on = (i: number, day: number) => `${month(i)}-${String(day).padStart(2, '0')}T09:00:00.000Z`;
const cost = (amount: string, occurredAt: string) => ({
  type: 'cost.incurred',
  occurredAt,
  data: { amount, category: 'salaries' },
});

interface Recorded {
  readonly eventId: string;
  readonly position: number;
  readonly type: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

describe.each(testBackends())('data quality on %s', (backend) => {
  let ledger: TestLedger;
  let fixtures: Fixtures;
  let url: string;
  useLedger(backend, (l, f) => {
    ledger = l;
    fixtures = f;
  });
  const dir = mkdtempSync(join(tmpdir(), 'ledger-quality-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const post = async (key: string, path: string, body: object) => {
    const res = await ledger.http.post(path).set(bearer(key)).send(body);
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as {
      events: { eventId: string; position: number }[];
      proposalId: string;
      definitionHash: string;
    };
  };
  const quality = (key: string, id: string, query: object) =>
    ledger.http.get(`/v1/partnerships/${id}/data-quality`).query(query).set(bearer(key));

  async function world() {
    await ledger.app.listen(0, '127.0.0.1');
    url = (await ledger.app.getUrl()).replace('[::1]', '127.0.0.1');
    const p = unique('dq');
    const orgs = { a: `${p}-a`, b: `${p}-b` };
    for (const org of Object.values(orgs)) await fixtures.org(org);
    const keys = {
      a: await fixtures.key('partner', orgs.a),
      b: await fixtures.key('partner', orgs.b),
      auditor: await fixtures.key('auditor'),
      governance: await fixtures.key('governance'),
    };
    const w = { orgs, keys };
    const id = await fixtures.partnership(w.keys.a, {
      partnershipId: `${p}-p`,
      name: 'Quality partnership',
      type: 'reseller',
      partnerOrgIds: [w.orgs.a, w.orgs.b],
      currency: 'EUR',
      startedAt: '2026-01-01T00:00:00Z',
    });
    const events = `/v1/partnerships/${id}/events`;
    let lastData = 0;
    let copy = 0;
    for (const [i, amount] of REVENUE.entries()) {
      const dealId = `deal-${i + 1}`;
      const registered = {
        type: 'deal.registered',
        occurredAt: on(i, 3),
        data: { dealId, customerId: `c-${i + 1}`, amount, source: 'partner_sourced' },
      };
      const bCost = B_SKIPS.includes(i) ? [] : [cost('5000.00', on(i, 5))];
      await post(w.keys.b, events, { events: [registered, ...bCost] });
      const won = { type: 'deal.won', occurredAt: on(i, 20), data: { dealId, amount } };
      const mine = await post(w.keys.a, events, { events: [won, cost('3000.00', on(i, 6))] });
      lastData = mine.events[1].position;
      if (i !== 1) continue;
      const twice = await post(w.keys.a, events, { events: [cost('3000.00', on(i, 6))] });
      const { eventId, position } = twice.events[0];
      copy = position;
      const retraction = {
        type: 'event.retracted',
        occurredAt: on(i, 7),
        data: { eventId, reason: 'twice' },
      };
      lastData = (await post(w.keys.a, events, { events: [retraction] })).events[0].position;
    }
    const charter = {
      scorecard: [{ kpiId: 'joint_revenue' }],
      dataQuality: {
        expected: [{ type: 'cost.incurred', every: 'month', fromEachPartner: true }],
        lateAfterDays: 10,
      },
    };
    const proposals = `/v1/partnerships/${id}/charter/proposals`;
    const proposed = await post(w.keys.a, proposals, { charter, effectiveFrom: '2026-01-01T00:00:00Z' });
    const approval = { definitionHash: proposed.definitionHash };
    await post(w.keys.b, `${proposals}/${proposed.proposalId}/approvals`, approval);
    const all = await ledger.http.get(`${events}?limit=100`).set(bearer(w.keys.auditor)).expect(200);
    const head = (await ledger.http.get('/v1/ledger/head').set(bearer(ADMIN_KEY))).body.treeSize as number;
    return { ...w, id, lastData, copy, head, recorded: all.body.items as Recorded[] };
  }
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    w = await world();
  }, 120_000);

  it('flags June’s joint revenue alone and gives completeness, lateness, balance and score', async () => {
    const res = await quality(w.keys.governance, w.id, { asOf: AS_OF, minPosition: w.head }).expect(200);
    const answer = res.body;
    // Series [10, 11, 12, 11, 10, 30] thousand: median 11000, MAD 1000, M(June) = 0.6745 × 19 = 12.82.
    expect(answer.anomalies).toEqual([
      {
        kpiId: 'joint_revenue',
        periodStart: '2026-06-01T00:00:00.000Z',
        value: '30000.00',
        median: '11000.00',
        deviation: '19000.00',
        score: 12.82,
        rule: 'mad',
      },
    ]);
    // 6 months × 2 orgs = 12 items; b sent nothing in March and June: 10 / 12 = 83.33. a's February
    // copy is retracted, so February counts its one cost.
    const items = [5, 4, 3, 2, 1, 0].flatMap((i) => [
      {
        type: 'cost.incurred',
        orgId: w.orgs.a,
        periodStart: `${month(i)}-01T00:00:00.000Z`,
        expected: 1,
        received: 1,
      },
      {
        type: 'cost.incurred',
        orgId: w.orgs.b,
        periodStart: `${month(i)}-01T00:00:00.000Z`,
        expected: 1,
        received: B_SKIPS.includes(i) ? 0 : 1,
      },
    ]);
    expect(answer.completeness).toEqual({ score: 83.33, items });
    // Measured: the events that occurred by asOf and stand: a's formation, 6 wins, 6 costs and its
    // retraction (14); b's 6 registrations and 4 costs (10). All were recorded months after their
    // month ended (> 10 days): 24 late, 100 %. Each daysLate = (recordedAt − next month's start) / day.
    const measured = w.recorded.filter(
      (e) => Date.parse(e.occurredAt) <= Date.parse(AS_OF) && e.position !== w.copy,
    );
    expect(measured).toHaveLength(24);
    expect(answer.timeliness.late).toEqual({
      count: 24,
      share: 100,
      items: [...measured].reverse().map((e) => ({ ...lateOf(e) })),
    });
    const lags = measured.map((e) => Date.parse(e.recordedAt) - Date.parse(e.occurredAt));
    expect(answer.timeliness.lagHours.max).toBe(hundredths(Math.max(...lags), 3_600_000));
    // a 14 / 24 = 58.33 %, b 10 / 24 = 41.67 %; the retracted copy is a's one retracted event.
    expect(answer.balance).toEqual([
      { orgId: w.orgs.a, events: 14, share: 58.33, retracted: 1 },
      { orgId: w.orgs.b, events: 10, share: 41.67, retracted: 0 },
    ]);
    // (83.33 + (100 − 100) + (100 − 10 × 1)) / 3 = 57.7766… → 57.78.
    expect(answer).toMatchObject({ partnershipId: w.id, asOf: AS_OF, score: 57.78, charter: { version: 1 } });
    expect(answer.position).toBe(w.recorded.at(-1)!.position);
  });

  // Before the charter: nothing expected (null), the four default KPIs judged: joint_revenue flags June
  // again; program_costs [8000, 8000, 3000, 8000, 8000, 3000] has MAD 0 and |M| = 5000 / (1.253314 ×
  // 10000 / 6) = 2.39 ≤ 3.5; deals_closed (1 a month) and joint_activities (0) do not vary.
  // score = (0 + 90) / 2 = 45.
  it('answers the ledger as it stood at atPosition, before the charter', async () => {
    const res = await quality(w.keys.a, w.id, { asOf: AS_OF, atPosition: w.lastData }).expect(200);
    expect(res.body).toMatchObject({
      position: w.lastData,
      score: 45,
      completeness: { score: null, items: [] },
    });
    expect(res.body).not.toHaveProperty('charter');
    expect(res.body.anomalies.map((a: { kpiId: string }) => a.kpiId)).toEqual(['joint_revenue']);
    expect(res.body.timeliness.late.count).toBe(24);
  });

  it('gives the same bytes from `ledger data-quality` over an export as the server, with and without atPosition', async () => {
    const file = join(dir, 'ledger.ndjson');
    const exported = await ledgerCli(['export', '--url', url, '--key', w.keys.auditor, '--out', file]);
    expect(exported).toMatchObject({ code: 0 });
    for (const at of [undefined, w.lastData]) {
      const atPosition = at === undefined ? {} : { atPosition: at };
      const served = await quality(w.keys.auditor, w.id, { asOf: AS_OF, minPosition: w.head, ...atPosition });
      expect(served.status).toBe(200);
      const args = ['--export', file, '--partnership', w.id, '--asOf', AS_OF];
      const position = at === undefined ? [] : ['--atPosition', String(at)];
      const offline = await ledgerCli(['data-quality', ...args, ...position]);
      expect(offline).toMatchObject({ code: 0, stderr: '' });
      expect(offline.stdout).toBe(`${served.text}\n`);
    }
  }, 180_000);

  it('refuses a malformed asOf or atPosition naming the field, and hides the partnership from others', async () => {
    for (const [query, path] of [
      [{ asOf: 'yesterday' }, 'asOf'],
      [{ atPosition: -1 }, 'atPosition'],
      [{ atPosition: 10_000_000 }, 'atPosition'],
    ] as const) {
      const res = await quality(w.keys.a, w.id, query).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([path]);
    }
    const outsider = unique('dq-out');
    await fixtures.org(outsider);
    await quality(await fixtures.key('partner', outsider), w.id, { asOf: AS_OF }).expect(404);
    await quality(w.keys.auditor, w.id, { asOf: AS_OF }).expect(200);
  });
});

/** A late event as the contract describes it: periodEnd = the first instant of the next month. */
function lateOf(e: Recorded) {
  const occurred = new Date(e.occurredAt);
  const periodEnd = Date.UTC(occurred.getUTCFullYear(), occurred.getUTCMonth() + 1, 1);
  return {
    eventId: e.eventId,
    position: e.position,
    type: e.type,
    occurredAt: e.occurredAt,
    recordedAt: e.recordedAt,
    periodEnd: new Date(periodEnd).toISOString(),
    daysLate: hundredths(Date.parse(e.recordedAt) - periodEnd, DAY_MS),
  };
}

/** ms / unit rounded half-up to 2 decimals, in integers (ms ≥ 0). */
function hundredths(ms: number, unit: number): number {
  return Math.floor((ms * 100 + unit / 2) / unit) / 100;
}
