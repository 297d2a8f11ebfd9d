import { periodOf, yearEarlier } from '../periods';
import { CO, Ledger, v } from './ledger';

/**
 * Joint revenue a year apart (partnership started 2025-01-01):
 *   Y1 partner_sourced    won 2025-05-10 for  8000.00 (Q2 2025, May)
 *   Y2 partner_influenced won 2025-06-20 for  2000.00 (Q2 2025)
 *   Y3 direct             won 2025-06-01 for 50000.00 (never joint revenue)
 *   Y4 partner_sourced    won 2025-08-15 for  4000.00 (Q3 2025)
 *   Y5 partner_sourced    won 2026-05-05 for 12500.00 (Q2 2026, May)
 */
function yoyLedger(): Ledger {
  const l = new Ledger({ startedAt: '2025-01-01T00:00:00Z' });
  const sale = (dealId: string, source: string, registered: string, won: string, amount: string) => {
    l.add(
      'deal.registered',
      `${registered}T00:00:00Z`,
      { dealId, customerId: `c-${dealId}`, amount, source },
      CO,
    );
    l.add('deal.won', `${won}T00:00:00Z`, { dealId, amount }, CO);
  };
  sale('Y1', 'partner_sourced', '2025-04-01', '2025-05-10', '8000.00');
  sale('Y2', 'partner_influenced', '2025-05-01', '2025-06-20', '2000.00');
  sale('Y3', 'direct', '2025-05-01', '2025-06-01', '50000.00');
  sale('Y4', 'partner_sourced', '2025-07-01', '2025-08-15', '4000.00');
  sale('Y5', 'partner_sourced', '2026-04-02', '2026-05-05', '12500.00');
  return l;
}

describe('Given joint revenue won in 2025 and 2026', () => {
  const ledger = yoyLedger();

  describe('When revenue_growth_yoy is read at the end of Q2 2026', () => {
    it('Then it is (12500.00 − (8000.00 + 2000.00)) / 10000.00 × 100 = 25; direct Y3 is not joint', () => {
      expect(v(ledger.kpis('2026-06-30T23:59:59.999Z'), 'revenue_growth_yoy')).toBe(25);
    });
  });

  describe('When it is read for May 2026 (a month period)', () => {
    it('Then it compares with May 2025: (12500.00 − 8000.00) / 8000.00 × 100 = 56.25', () => {
      const may = periodOf('month', Date.parse('2026-05-01T00:00:00Z'));
      expect(v(ledger.kpis('2026-05-31T23:59:59.999Z', { period: may }), 'revenue_growth_yoy')).toBe(56.25);
    });
  });

  describe('When it is read in Q3 2026, which has no revenue yet', () => {
    it('Then it is (0 − 4000.00) / 4000.00 × 100 = −100', () => {
      expect(v(ledger.kpis('2026-08-01T00:00:00Z'), 'revenue_growth_yoy')).toBe(-100);
    });
  });

  describe('When the same period a year earlier had no joint revenue (Q1 2026 against Q1 2025)', () => {
    it('Then it is null: a growth from nothing has no base', () => {
      expect(v(ledger.kpis('2026-03-31T23:59:59.999Z'), 'revenue_growth_yoy')).toBeNull();
    });
  });

  describe('When the period is a week', () => {
    it('Then a year earlier is 52 weeks earlier: 2026-W10 (from 03-02) against 2025-W10 (03-03)', () => {
      const week = periodOf('week', Date.parse('2026-03-04T00:00:00Z'));
      expect(new Date(yearEarlier(week).start).toISOString()).toBe('2025-03-03T00:00:00.000Z');
      const q = periodOf('quarter', Date.parse('2026-05-05T00:00:00Z'));
      expect(new Date(yearEarlier(q).start).toISOString()).toBe('2025-04-01T00:00:00.000Z');
    });
  });
});
