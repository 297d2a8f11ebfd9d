import { randomUUID } from 'node:crypto';
import { KPI_CATALOGUE, KPI_CATEGORIES, RANGES } from '@ledger/domain';
import { Fixtures, TestLedger, bearer, startLedger, testBackends, unique } from '../test/support/ledger';
import { record } from './support/figures';

/**
 * One partner posting the edges of every accepted range must not break anyone's KPIs (it once made
 * every KPI read of a partnership, and the portfolio, answer 500). Each of 4 partnerships receives the
 * largest and smallest values of every numeric field, many times over; then every KPI read a user can
 * make — each category, each KPI's series by month and quarter, the portfolio — is asked and counted.
 */
const MAX_MONEY = '999999999999999.99';
const REPEAT = 20;

function extremes(): { type: string; data: Record<string, unknown> }[] {
  const [hMin, hMax] = RANGES.hours;
  const [iMin, iMax] = RANGES.impact;
  const [tMin, tMax] = RANGES.target;
  return [
    { type: 'cost.incurred', data: { amount: MAX_MONEY, category: 'mdf' } },
    { type: 'cost.saved', data: { amount: MAX_MONEY, category: 'ops' } },
    { type: 'revenue.reported', data: { period: '2026-Q1', totalRevenue: '0.01' } },
    { type: 'resource.allocated', data: { hours: hMin, kind: 'eng' } },
    { type: 'resource.utilized', data: { hours: hMax, kind: 'eng' } },
    { type: 'impact.recorded', data: { dimension: 'social', metric: 'm', value: iMax, unit: 'u' } },
    { type: 'impact.recorded', data: { dimension: 'social', metric: 'n', value: iMin, unit: 'u' } },
    { type: 'engagement.logged', data: { activity: 'training', durationMinutes: RANGES.minutes[1] } },
    { type: 'target.set', data: { kpiId: 'roi', target: tMax, baseline: tMin } },
    { type: 'market_share.reported', data: { market: 'eu', sharePct: 100 } },
  ];
}

describe.each(testBackends())('extreme values on %s', (backend) => {
  let ledger: TestLedger;
  beforeAll(async () => {
    ledger = await startLedger(backend);
  }, 120_000);
  afterAll(() => ledger?.close(), 60_000);

  it('answers every KPI read after the edges of every accepted range: 0 server errors', async () => {
    const fx = new Fixtures(ledger);
    const worlds = [];
    let accepted = 0;
    for (let p = 0; p < 4; p += 1) {
      const w = await fx.world(unique(`extreme-${p}`));
      worlds.push(w);
      for (let round = 0; round < REPEAT; round += 1) {
        const events = extremes().map((e, i) => ({
          ...e,
          eventId: randomUUID(),
          occurredAt: `2026-0${1 + (i % 3)}-1${round % 9}T00:00:00Z`,
        }));
        await ledger.http
          .post(`/v1/partnerships/${w.partnershipId}/events`)
          .set(bearer(w.keys.a))
          .send({ events })
          .expect(201);
        accepted += events.length;
      }
    }
    const statuses: number[] = [];
    const ask = async (path: string, key: string) =>
      statuses.push((await ledger.http.get(path).set(bearer(key))).status);
    const head = (await ledger.http.get('/v1/ledger/head').set(bearer(worlds[0].keys.auditor))).body
      .treeSize as number;
    for (const w of worlds) {
      const base = `/v1/partnerships/${w.partnershipId}`;
      await ask(`${base}/kpis?asOf=2026-12-31T23:59:59Z&minPosition=${head}`, w.keys.a);
      for (const category of KPI_CATEGORIES)
        await ask(`${base}/kpis?category=${category}&atPosition=${head}`, w.keys.b);
      for (const { kpiId } of KPI_CATALOGUE) {
        for (const period of ['month', 'quarter'])
          await ask(
            `${base}/kpis/${kpiId}/series?period=${period}&from=2026-01-01T00:00:00Z&to=2026-12-31T23:59:59Z`,
            w.keys.a,
          );
      }
    }
    for (const category of KPI_CATEGORIES)
      await ask(`/v1/kpis?category=${category}&asOf=2026-12-31T23:59:59Z`, worlds[0].keys.governance);
    const errors = statuses.filter((s) => s >= 500).length;
    const refused = statuses.filter((s) => s === 429).length;
    record(`extreme-values-${backend}`, {
      summary:
        `${accepted} events at the edges of every numeric range (money 999,999,999,999,999.99 ` +
        `× ${REPEAT}, hours 0.01 and 1,000,000, impact ±10¹², targets ±10¹⁵) in 4 ` +
        `partnerships; ${statuses.length} KPI, series and portfolio ` +
        `reads: ${statuses.filter((s) => s === 200).length} answered 200, ${refused} 429 ` +
        `(busy), ${errors} 5xx`,
      numbers: { accepted, reads: statuses.length, errors, refused },
    });
    expect(errors).toBe(0);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
  }, 600_000);
});
