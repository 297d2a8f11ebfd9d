import { periodOf } from '../periods';
import { CO, Ledger, NW, entry, v } from './ledger';

/**
 * Joint revenue and the KPIs derived from it over two quarters of 2026:
 *   D1 partner_sourced, posted by contoso (registeredBy defaults to the poster), won 2026-02-10 for 12000.00
 *   D2 partner_influenced, posted by northwind with registeredBy contoso, won 2026-03-01 for 5500.00
 *   D3 direct, won 2026-02-20 for 7000.00 (never joint revenue)
 *   D4 partner_influenced, posted by northwind, won 2026-04-15 (Q2) for 3250.50
 *   D5 partner_sourced, registeredBy northwind, lost
 * revenue.reported: 2026-Q1 100000.00 then, later the same day, 70000.00 (supersedes); 2026-Q2 65010.00.
 */
function revenueLedger(): Ledger {
  const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
  l.add(
    'deal.registered',
    '2026-01-10T10:00:00Z',
    { dealId: 'D1', customerId: 'c-1', amount: '10000.00', source: 'partner_sourced' },
    CO,
  );
  l.add(
    'deal.registered',
    '2026-01-15T10:00:00Z',
    { dealId: 'D2', customerId: 'c-2', amount: '5000.00', source: 'partner_influenced', registeredBy: CO },
    NW,
  );
  l.add(
    'deal.registered',
    '2026-01-20T10:00:00Z',
    { dealId: 'D3', customerId: 'c-3', amount: '7000.00', source: 'direct' },
    NW,
  );
  l.add(
    'deal.registered',
    '2026-02-01T10:00:00Z',
    { dealId: 'D4', customerId: 'c-4', amount: '3000.00', source: 'partner_influenced' },
    NW,
  );
  l.add(
    'deal.registered',
    '2026-03-05T10:00:00Z',
    { dealId: 'D5', customerId: 'c-5', amount: '8000.00', source: 'partner_sourced', registeredBy: NW },
    CO,
  );
  l.add('deal.won', '2026-02-10T10:00:00Z', { dealId: 'D1', amount: '12000.00' }, NW);
  l.add('deal.won', '2026-02-20T10:00:00Z', { dealId: 'D3', amount: '7000.00' }, NW);
  l.add('deal.won', '2026-03-01T10:00:00Z', { dealId: 'D2', amount: '5500.00' }, NW);
  l.add('deal.lost', '2026-03-20T10:00:00Z', { dealId: 'D5', reason: 'no budget' }, CO);
  l.add('revenue.reported', '2026-03-31T12:00:00Z', { period: '2026-Q1', totalRevenue: '100000.00' }, NW);
  l.add('revenue.reported', '2026-03-31T18:00:00Z', { period: '2026-Q1', totalRevenue: '70000.00' }, NW);
  l.add('deal.won', '2026-04-15T10:00:00Z', { dealId: 'D4', amount: '3250.50' }, NW);
  l.add('revenue.reported', '2026-06-30T12:00:00Z', { period: '2026-Q2', totalRevenue: '65010.00' }, NW);
  return l;
}

const Q1_END = '2026-03-31T23:59:59.999Z';
const Q2_END = '2026-06-30T23:59:59.999Z';

describe('financial-revenue: joint revenue, growth and partner share over Q1 and Q2 2026', () => {
  const ledger = revenueLedger();

  describe('at the end of Q1', () => {
    const s = ledger.kpis(Q1_END);

    it('joint_revenue sums the won partner deals only: 12000.00 + 5500.00', () => {
      expect(v(s, 'joint_revenue')).toBe('17500.00');
    });

    it(
      'joint_revenue breakdown: registeredBy defaults to the poster (D1 → contoso), an explicit ' +
        'registeredBy wins (D2 → contoso)',
      () => {
        expect(entry(s, 'joint_revenue').breakdown).toStrictEqual({
          northwind: '0.00',
          contoso: '17500.00',
          sourced: '12000.00',
          influenced: '5500.00',
        });
      },
    );

    it('revenue_growth_rate is null when the previous quarter (Q4 2025) had no joint revenue', () => {
      expect(v(s, 'revenue_growth_rate')).toBeNull();
    });

    it(
      'partner_revenue_share uses the later Q1 report, ' + 'which supersedes the first: 17500 / 70000 × 100',
      () => {
        expect(v(s, 'partner_revenue_share')).toBe(25);
      },
    );

    it(
      'avg_deal_size: mean of all won deals (12000 + 7000 + 5500) / 3 = 8166.666… → 8166.67; partner ' +
        '(12000 + 5500) / 2, sourced D1, influenced D2, direct D3',
      () => {
        expect(v(s, 'avg_deal_size')).toBe('8166.67');
        expect(entry(s, 'avg_deal_size').breakdown).toStrictEqual({
          partner: '8750.00',
          sourced: '12000.00',
          influenced: '5500.00',
          direct: '7000.00',
        });
      },
    );
  });

  it(
    'partner_revenue_share before the superseding report ' +
      'counts the first one: 17500 / 100000 × 100 = 17.5',
    () => {
      const s = ledger.kpis('2026-03-31T15:00:00Z');
      expect(v(s, 'partner_revenue_share')).toBe(17.5);
    },
  );

  it('partner_revenue_share is null in Q1 before any revenue.reported', () => {
    expect(v(ledger.kpis('2026-03-31T11:59:59Z'), 'partner_revenue_share')).toBeNull();
  });

  describe('in Q2', () => {
    it('partner_revenue_share is null while Q2 has no report (the Q1 report does not count for Q2)', () => {
      expect(v(ledger.kpis('2026-06-30T00:00:00Z'), 'partner_revenue_share')).toBeNull();
    });

    const s = ledger.kpis(Q2_END);

    it(
      'joint_revenue: 17500.00 + 3250.50; D4 (posted by northwind, ' +
        'no registeredBy) counts for northwind',
      () => {
        expect(v(s, 'joint_revenue')).toBe('20750.50');
        expect(entry(s, 'joint_revenue').breakdown).toStrictEqual({
          northwind: '3250.50',
          contoso: '17500.00',
          sourced: '12000.00',
          influenced: '8750.50', // 5500.00 + 3250.50
        });
      },
    );

    it('revenue_growth_rate: (3250.50 − 17500.00) / 17500.00 × 100 = −81.4257… → −81.43', () => {
      expect(v(s, 'revenue_growth_rate')).toBe(-81.43);
    });

    it('partner_revenue_share: Q2 joint revenue / Q2 report = 3250.50 / 65010.00 × 100 = 5', () => {
      expect(v(s, 'partner_revenue_share')).toBe(5);
    });

    it(
      'avg_deal_size: (12000 + 7000 + 5500 + 3250.50) / 4 = 6937.625 → half-up 6937.63; partner ' +
        '20750.50 / 3 = 6916.833… → 6916.83',
      () => {
        expect(v(s, 'avg_deal_size')).toBe('6937.63');
        expect(entry(s, 'avg_deal_size').breakdown).toStrictEqual({
          partner: '6916.83',
          sourced: '12000.00',
          influenced: '4375.25', // (5500.00 + 3250.50) / 2
          direct: '7000.00',
        });
      },
    );
  });

  it(
    'partner_revenue_share for a year sums its reported quarters: ' +
      '20750.50 / (70000 + 65010) × 100 = 15.3696… → 15.37',
    () => {
      const s = ledger.kpis(Q2_END, { period: periodOf('year', Date.parse(Q2_END)) });
      expect(v(s, 'partner_revenue_share')).toBe(15.37);
      // the previous year (2025) had no joint revenue
      expect(v(s, 'revenue_growth_rate')).toBeNull();
    },
  );

  it(
    'revenue_growth_rate with revenue in both quarters and none the quarter before: ' +
      'Q1 vs Q4 2025 is null, Q2 vs Q1 is defined',
    () => {
      expect(v(ledger.kpis('2026-02-15T00:00:00Z'), 'revenue_growth_rate')).toBeNull();
      expect(v(ledger.kpis('2026-04-16T00:00:00Z'), 'revenue_growth_rate')).toBe(-81.43);
    },
  );

  it(
    'joint_revenue breakdown lists both partner orgs at ' +
      '0.00 before any win, and sourced/influenced at 0.00',
    () => {
      const s = ledger.kpis('2026-02-01T00:00:00Z');
      expect(v(s, 'joint_revenue')).toBe('0.00');
      expect(entry(s, 'joint_revenue').breakdown).toStrictEqual({
        northwind: '0.00',
        contoso: '0.00',
        sourced: '0.00',
        influenced: '0.00',
      });
    },
  );
});
