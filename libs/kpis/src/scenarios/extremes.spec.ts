import fc from 'fast-check';
import { EVENT_DATA_SCHEMAS, EventType, KPI_CATEGORIES, RANGES, SCORE_RANGES } from '@ledger/domain';
import { canonicalJson } from '@ledger/verification';
import { pooledView, viewAt } from '../compute/view';
import { foldFacts } from '../facts/fold';
import { periodOf } from '../periods';
import { KpiSnapshot, snapshotOfView, viewFor } from '../snapshot';
import { CO, Ledger, NW, entry, v } from './ledger';

/**
 * Any history the ledger accepts yields a KPI answer for everyone: sums beyond the 15 digits one amount
 * may have, the widest numbers each field accepts, and (for events stored before those ranges) numbers
 * no KPI can represent, which answer null with a reason instead of failing every reader.
 */
const MAX_MONEY = '999999999999999.99';

describe('extremes: three costs at the largest amount the ledger accepts', () => {
  const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
  for (const by of [NW, CO, NW])
    l.add('cost.incurred', '2026-02-01T00:00:00Z', { amount: MAX_MONEY, category: 'mdf' }, by);
  l.add('deal.registered', '2026-02-02T00:00:00Z', {
    dealId: 'D1',
    customerId: 'c',
    amount: MAX_MONEY,
    source: 'partner_sourced',
  });
  l.add('deal.registered', '2026-02-02T00:00:00Z', {
    dealId: 'D2',
    customerId: 'c',
    amount: MAX_MONEY,
    source: 'partner_sourced',
  });
  l.add('deal.won', '2026-02-03T00:00:00Z', { dealId: 'D1', amount: MAX_MONEY });
  l.add('deal.won', '2026-02-04T00:00:00Z', { dealId: 'D2', amount: MAX_MONEY }, CO);
  const s = l.kpis('2026-03-31T23:59:59Z');

  it('sums money beyond 15 digits exactly, in the value and in every breakdown', () => {
    // 3 × 999 999 999 999 999.99 = 2 999 999 999 999 999.97; 2 × the same = 1 999 999 999 999 999.98
    expect(v(s, 'program_costs')).toBe('2999999999999999.97');
    expect(v(s, 'program_costs.mdf')).toBe('2999999999999999.97');
    expect(v(s, 'joint_revenue')).toBe('1999999999999999.98');
    expect(v(s, `joint_revenue.${NW}`)).toBe('1999999999999999.98');
    expect(v(s, 'joint_revenue.sourced')).toBe('1999999999999999.98');
    // (1 999 999 999 999 999.98 − 2 999 999 999 999 999.97) / 2 999 999 999 999 999.97 × 100 = −33.33…
    expect(v(s, 'roi')).toBe(-33.33);
    expect(v(s, 'avg_deal_size')).toBe(MAX_MONEY);
    expect(s.snapshotHash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('extremes: numbers stored before the ranges existed', () => {
  const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
  l.add('impact.recorded', '2026-02-01T00:00:00Z', {
    dimension: 'social',
    metric: 'm',
    value: 1.7e308,
    unit: 'u',
  });
  l.add('impact.recorded', '2026-02-02T00:00:00Z', {
    dimension: 'social',
    metric: 'm',
    value: 1.7e308,
    unit: 'u',
  });
  l.add('resource.allocated', '2026-02-01T00:00:00Z', { hours: 1e-300, kind: 'eng' });
  l.add('resource.utilized', '2026-02-01T00:00:00Z', { hours: 1e300, kind: 'eng' });
  const s = l.kpis('2026-03-31T23:59:59Z');

  it(
    'answers null with reason out_of_range for a figure ' +
      'no number can hold, and every other KPI as usual',
    () => {
      expect(entry(s, 'impact_total')).toMatchObject({
        value: null,
        reason: 'out_of_range',
        breakdown: { 'social/m/u': null },
      });
      expect(entry(s, 'resource_utilization')).toMatchObject({ value: null, reason: 'out_of_range' });
      expect(entry(s, 'program_costs')).toMatchObject({ value: '0.00' });
      expect(entry(s, 'program_costs').reason).toBeUndefined();
      expect(() => canonicalJson(s.categories)).not.toThrow();
    },
  );
});

/** Numbers from the edges of a range and from inside it. */
const inRange = ([min, max]: readonly [number, number]) =>
  fc.oneof(fc.constantFrom(min, max), fc.double({ min, max, noNaN: true }));
const money = fc.oneof(
  fc.constantFrom(MAX_MONEY, '0', '0.01'),
  fc.bigInt({ min: 0n, max: 99999999999999999n }).map(cents),
);
const at = fc.integer({ min: 0, max: 200 }).map((d) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString());
const id = fc.constantFrom('a', 'b');

function cents(minor: bigint): string {
  return `${minor / 100n}.${String(minor % 100n).padStart(2, '0')}`;
}

/** One accepted event of each numeric kind, with its numbers at or between the edges of its range. */
const extremeEvent = fc.oneof(
  fc.record({
    type: fc.constant('deal.registered'),
    data: fc.record({
      dealId: id,
      customerId: id,
      amount: money,
      source: fc.constantFrom('partner_sourced', 'direct'),
    }),
  }),
  fc.record({ type: fc.constant('deal.won'), data: fc.record({ dealId: id, amount: money }) }),
  fc.record({
    type: fc.constant('cost.incurred'),
    data: fc.record({ amount: money, category: fc.constant('mdf') }),
  }),
  fc.record({
    type: fc.constant('cost.saved'),
    data: fc.record({ amount: money, category: fc.constant('ops') }),
  }),
  fc.record({
    type: fc.constant('revenue.reported'),
    data: fc.record({ period: fc.constant('2026-Q1'), totalRevenue: money }),
  }),
  fc.record({
    type: fc.constantFrom('resource.allocated', 'resource.utilized'),
    data: fc.record({ hours: inRange(RANGES.hours), kind: fc.constant('eng') }),
  }),
  fc.record({
    type: fc.constant('engagement.logged'),
    data: fc.record({ activity: fc.constant('training'), durationMinutes: inRange(RANGES.minutes) }),
  }),
  fc.record({
    type: fc.constant('impact.recorded'),
    data: fc.record({
      dimension: fc.constant('social'),
      metric: fc.constant('m'),
      value: inRange(RANGES.impact),
      unit: fc.constant('u'),
    }),
  }),
  fc.record({
    type: fc.constant('target.set'),
    data: fc.record({
      kpiId: fc.constantFrom('roi', 'program_costs', 'impact_total'),
      target: inRange(RANGES.target),
      baseline: inRange(RANGES.target),
    }),
  }),
  fc.record({
    type: fc.constant('market_share.reported'),
    data: fc.record({ market: id, sharePct: inRange(RANGES.percent) }),
  }),
  fc.record({
    type: fc.constant('uptime.reported'),
    data: fc.record({ period: fc.constant('2026-01'), uptimePct: inRange(RANGES.percent) }),
  }),
  fc.record({
    type: fc.constant('survey.answered'),
    data: fc.record({
      surveyId: id,
      respondent: fc.constant('customer'),
      metric: fc.constant('brand_awareness'),
      score: inRange(RANGES.percent),
    }),
  }),
  fc.record({
    type: fc.constant('survey.answered'),
    data: fc.record({
      surveyId: id,
      respondent: fc.constant('partner'),
      metric: fc.constant('csat'),
      score: inRange(SCORE_RANGES.csat),
    }),
  }),
  fc.record({
    type: fc.constant('deal.touched'),
    data: fc.record({ dealId: id, orgId: fc.constantFrom(NW, CO), touch: fc.constant('demo') }),
  }),
  fc.record({
    type: fc.constant('lead.generated'),
    data: fc.record({ leadId: id, channel: fc.constantFrom('partner', 'direct'), qualified: fc.boolean() }),
  }),
  fc.record({ type: fc.constant('lead.converted'), data: fc.record({ leadId: id }) }),
);

function ledgerOf(events: { type: string; data: Record<string, unknown>; at: string }[]): Ledger {
  const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
  for (const e of events) {
    // The generator is held to what the ledger accepts: every event passes its type's schema.
    expect(EVENT_DATA_SCHEMAS[e.type as EventType].safeParse(e.data).success).toBe(true);
    l.add(e.type, e.at, e.data);
  }
  return l;
}

function expectAnswerable(s: KpiSnapshot): void {
  expect(() => canonicalJson(s.categories)).not.toThrow();
  for (const kpi of Object.values(s.categories).flat()) {
    const values = [kpi!.value, ...Object.values(kpi!.breakdown ?? {})];
    for (const value of values) {
      if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
      if (typeof value === 'string') expect(value).toMatch(/^-?\d+\.\d{2}$/);
    }
    // Within the ranges, no figure is ever out of range.
    expect(kpi!.reason).toBeUndefined();
  }
}

describe(
  'extremes: every KPI, series point (either window) and portfolio total over histories at the edges of ' +
    'every range',
  () => {
    it('is a finite number, a money string or null, and hashes', () => {
      fc.assert(
        fc.property(
          fc.array(fc.record({ e: extremeEvent, at }), { minLength: 1, maxLength: 60 }),
          (items) => {
            const l = ledgerOf(items.map(({ e, at }) => ({ ...e, at })));
            const asOf = '2026-12-31T23:59:59.999Z';
            expectAnswerable(l.kpis(asOf));
            const facts = foldFacts(l.events);
            for (const kind of ['month', 'quarter'] as const) {
              for (
                let p = periodOf(kind, Date.parse('2026-01-01T00:00:00Z'));
                p.start < Date.parse(asOf);
                p = periodOf(kind, p.end + 1)
              ) {
                const pointAsOf = new Date(p.end).toISOString();
                expectAnswerable(l.kpis(pointAsOf, { period: p }));
                // window=period: the same period's events only
                const point = {
                  partnershipId: 'p',
                  currency: 'EUR',
                  asOf: pointAsOf,
                  position: facts.position,
                };
                expectAnswerable(snapshotOfView(viewAt(facts, p.end, p, p.start), point));
              }
            }
            const request = {
              partnershipId: 'program',
              currency: 'EUR',
              asOf,
              position: facts.position,
              categories: KPI_CATEGORIES,
            };
            expectAnswerable(
              snapshotOfView(pooledView([viewFor(facts, request), viewFor(facts, request)]), request),
            );
          },
        ),
        { numRuns: 60 },
      );
    });
  },
);
