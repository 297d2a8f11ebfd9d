import { periodOf } from '../periods';
import { CO, Ledger, NW, v } from './ledger';

/**
 * "Period" KPIs (revenue_growth_rate, partner_revenue_share, customer_acquisition, deals_closed,
 * joint_activities) for the default quarter and for month, year and week overrides, in 2026.
 *   partner deals (registered 2026-01-05) won: A 01-20 1000.00, B 02-10 2000.00, C 02-25 4000.00, D 04-05
 *   8000.00
 *   direct deal E won 02-12 500.00
 *   customer.acquired partner: c-1 01-10, c-2 02-05, c-3 02-20, c-2 again 02-21, c-4 04-02; direct c-5 02-06
 *   engagement.logged 02-03, 02-17, 03-03; solution.launched 02-28
 *   revenue.reported 2026-Q1 100000.00 (03-31 12:00), 2026-Q2 50000.00 (06-30 12:00)
 */
function periodLedger(): Ledger {
  const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
  for (const dealId of ['A', 'B', 'C', 'D']) {
    l.add(
      'deal.registered',
      '2026-01-05T00:00:00Z',
      { dealId, customerId: `c-${dealId}`, amount: '1.00', source: 'partner_sourced' },
      CO,
    );
  }
  l.add(
    'deal.registered',
    '2026-01-05T00:00:00Z',
    { dealId: 'E', customerId: 'c-E', amount: '500.00', source: 'direct' },
    NW,
  );
  l.add('deal.won', '2026-01-20T00:00:00Z', { dealId: 'A', amount: '1000.00' });
  l.add('deal.won', '2026-02-10T00:00:00Z', { dealId: 'B', amount: '2000.00' });
  l.add('deal.won', '2026-02-12T00:00:00Z', { dealId: 'E', amount: '500.00' });
  l.add('deal.won', '2026-02-25T00:00:00Z', { dealId: 'C', amount: '4000.00' });
  l.add('deal.won', '2026-04-05T00:00:00Z', { dealId: 'D', amount: '8000.00' });
  const acquire = (at: string, customerId: string, channel = 'partner') =>
    l.add('customer.acquired', at, { customerId, channel }, CO);
  acquire('2026-01-10T00:00:00Z', 'c-1');
  acquire('2026-02-05T00:00:00Z', 'c-2');
  acquire('2026-02-06T00:00:00Z', 'c-5', 'direct');
  acquire('2026-02-20T00:00:00Z', 'c-3');
  acquire('2026-02-21T00:00:00Z', 'c-2');
  acquire('2026-04-02T00:00:00Z', 'c-4');
  l.add('engagement.logged', '2026-02-03T00:00:00Z', { activity: 'co_marketing' });
  l.add('engagement.logged', '2026-02-17T00:00:00Z', { activity: 'co_selling' }, CO);
  l.add('solution.launched', '2026-02-28T00:00:00Z', {
    solutionId: 'S',
    name: 'Bundle',
    conceivedAt: '2026-01-01',
  });
  l.add('engagement.logged', '2026-03-03T00:00:00Z', { activity: 'training' });
  l.add('revenue.reported', '2026-03-31T12:00:00Z', { period: '2026-Q1', totalRevenue: '100000.00' });
  l.add('revenue.reported', '2026-06-30T12:00:00Z', { period: '2026-Q2', totalRevenue: '50000.00' });
  return l;
}

const at = (iso: string) => Date.parse(iso);

describe('periods: the default quarter and month, year and week overrides', () => {
  const ledger = periodLedger();

  it('periodOf gives inclusive UTC bounds; an ISO week starts Monday 00:00 UTC', () => {
    expect(periodOf('month', at('2026-02-15T00:00:00Z'))).toStrictEqual({
      kind: 'month',
      start: at('2026-02-01T00:00:00Z'),
      end: at('2026-03-01T00:00:00Z') - 1,
    });
    expect(periodOf('week', at('2026-02-10T12:00:00Z'))).toStrictEqual({
      kind: 'week',
      start: at('2026-02-09T00:00:00Z'),
      end: at('2026-02-16T00:00:00Z') - 1,
    });
    expect(periodOf('year', at('2026-07-01T00:00:00Z'))).toStrictEqual({
      kind: 'year',
      start: at('2026-01-01T00:00:00Z'),
      end: at('2027-01-01T00:00:00Z') - 1,
    });
  });

  it(
    'default: the quarter containing asOf, up to asOf (2026-02-15: ' +
      'A and B won, c-1 and c-2 acquired, 1 engagement)',
    () => {
      const s = ledger.kpis('2026-02-15T00:00:00Z');
      expect(v(s, 'deals_closed')).toBe(2);
      expect(v(s, 'customer_acquisition')).toBe(2);
      expect(v(s, 'joint_activities')).toBe(1);
      expect(v(s, 'revenue_growth_rate')).toBeNull(); // Q4 2025 had none
      expect(v(s, 'partner_revenue_share')).toBeNull(); // no Q1 report yet
    },
  );

  it('an explicit quarter period gives the same snapshot as the default', () => {
    const asOf = '2026-02-15T00:00:00Z';
    expect(ledger.kpis(asOf, { period: periodOf('quarter', at(asOf)) })).toStrictEqual(ledger.kpis(asOf));
  });

  describe('month: February 2026, read at its last millisecond', () => {
    const asOf = '2026-02-28T23:59:59.999Z';
    const s = ledger.kpis(asOf, { period: periodOf('month', at(asOf)) });

    it(
      'revenue_growth_rate: February (2000 + 4000) vs ' + 'January 1000: (6000 − 1000) / 1000 × 100 = 500',
      () => {
        expect(v(s, 'revenue_growth_rate')).toBe(500);
      },
    );

    it('partner_revenue_share is null for a month (no revenue.reported per month)', () => {
      expect(v(s, 'partner_revenue_share')).toBeNull();
    });

    it(
      'deals_closed B, C → 2; customer_acquisition c-2 (twice), ' +
        'c-3 → 2; joint_activities 2 engagements + 1 launch → 3',
      () => {
        expect(v(s, 'deals_closed')).toBe(2);
        expect(v(s, 'customer_acquisition')).toBe(2);
        expect(v(s, 'joint_activities')).toBe(3);
      },
    );

    it('non-period KPIs are cumulative: joint_revenue 1000 + 2000 + 4000 = 7000.00', () => {
      expect(v(s, 'joint_revenue')).toBe('7000.00');
    });
  });

  it(
    'month: January has nothing before it (growth null); ' +
      'March after February: (0 − 6000) / 6000 × 100 = −100',
    () => {
      const jan = '2026-01-31T23:59:59.999Z';
      const j = ledger.kpis(jan, { period: periodOf('month', at(jan)) });
      expect(v(j, 'revenue_growth_rate')).toBeNull();
      expect(v(j, 'deals_closed')).toBe(1);
      expect(v(j, 'customer_acquisition')).toBe(1);
      expect(v(j, 'joint_activities')).toBe(0);
      const mar = '2026-03-31T23:59:59.999Z';
      const m = ledger.kpis(mar, { period: periodOf('month', at(mar)) });
      expect(v(m, 'revenue_growth_rate')).toBe(-100);
      expect(v(m, 'deals_closed')).toBe(0);
      expect(v(m, 'joint_activities')).toBe(1);
      expect(v(m, 'partner_revenue_share')).toBeNull(); // the Q1 report does not make a month share
    },
  );

  describe('year: 2026', () => {
    it(
      'at the end of 2026: share = 15000 / (100000 + 50000) × 100 = 10; ' +
        'growth vs 2025 null; 4 deals, 4 customers, 4 activities',
      () => {
        const asOf = '2026-12-31T23:59:59.999Z';
        const s = ledger.kpis(asOf, { period: periodOf('year', at(asOf)) });
        expect(v(s, 'partner_revenue_share')).toBe(10);
        expect(v(s, 'revenue_growth_rate')).toBeNull();
        expect(v(s, 'deals_closed')).toBe(4);
        expect(v(s, 'customer_acquisition')).toBe(4);
        expect(v(s, 'joint_activities')).toBe(4);
      },
    );

    it('on 2026-04-30 only Q1 is reported: share = 15000 / 100000 × 100 = 15', () => {
      const asOf = '2026-04-30T00:00:00Z';
      const s = ledger.kpis(asOf, { period: periodOf('year', at(asOf)) });
      expect(v(s, 'partner_revenue_share')).toBe(15);
      expect(v(s, 'deals_closed')).toBe(4);
    });
  });

  it(
    'week: Monday 2026-02-09 to Sunday 02-15: B won (1 deal), no customer, no activity; growth null ' +
      '(none the week before); share null',
    () => {
      const asOf = '2026-02-15T23:59:59.999Z';
      const s = ledger.kpis(asOf, { period: periodOf('week', at(asOf)) });
      expect(v(s, 'deals_closed')).toBe(1);
      expect(v(s, 'customer_acquisition')).toBe(0);
      expect(v(s, 'joint_activities')).toBe(0);
      expect(v(s, 'revenue_growth_rate')).toBeNull();
      expect(v(s, 'partner_revenue_share')).toBeNull();
    },
  );
});
