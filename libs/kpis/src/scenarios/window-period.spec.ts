import { KPI_CATALOGUE } from '@ledger/domain';
import { Period, periodOf } from '../periods';
import { CO, Ledger, NW, entry, inPeriod } from './ledger';

/**
 * January–March 2026, read as a monthly series (started 2026-01-01):
 *   W1 partner_sourced    registered 01-05 (1000.00), won 01-25 for 1000.00 (20 days)
 *   W2 partner_influenced registered 01-10 (2500.00), touched by northwind 01-20, won 02-19 for 3000.00
 *                         (40 days)
 *   W3 partner_sourced    registered 02-01 (800.00), lost 02-20
 *   W4 direct             registered 01-15 by northwind (600.00), won 02-04 for 600.00 (20 days)
 *   cost.incurred 100.00 on 01-10, 250.00 on 02-10; customer.referred on 01-03, 01-17 and 02-07
 *   target.set win_rate 50 on 01-02
 *   M1 planned 01-05, due 02-10, hit 01-30 (early); M2 planned 01-05, due 01-20, hit 02-03 (13 days late)
 *   E1 raised 01-31 20:00, acknowledged 02-01 02:00 (6 hours)
 * Deals are registered by contoso unless said otherwise. Nothing happens in March.
 */
function windowLedger(): Ledger {
  const l = new Ledger({ startedAt: '2026-01-01T00:00:00Z' });
  const at = (day: string) => `2026-${day}${day.includes('T') ? '' : 'T00:00:00'}Z`;
  const add = (type: string, day: string, data: Record<string, unknown>, by = CO) =>
    l.add(type, at(day), data, by);
  const register = (dealId: string, day: string, source: string, amount: string, by = CO) =>
    add('deal.registered', day, { dealId, customerId: `c-${dealId}`, amount, source }, by);
  add('target.set', '01-02', { kpiId: 'win_rate', target: 50 });
  add('customer.referred', '01-03', { customerId: 'r1' });
  register('W1', '01-05', 'partner_sourced', '1000.00');
  add('milestone.planned', '01-05', { milestoneId: 'M1', title: 'm1', dueDate: '2026-02-10' });
  add('milestone.planned', '01-05', { milestoneId: 'M2', title: 'm2', dueDate: '2026-01-20' });
  register('W2', '01-10', 'partner_influenced', '2500.00');
  add('cost.incurred', '01-10', { amount: '100.00', category: 'mdf' });
  register('W4', '01-15', 'direct', '600.00', NW);
  add('customer.referred', '01-17', { customerId: 'r2' });
  add('deal.touched', '01-20', { dealId: 'W2', orgId: NW, touch: 'co_sell' }, NW);
  add('deal.won', '01-25', { dealId: 'W1', amount: '1000.00' });
  add('milestone.hit', '01-30', { milestoneId: 'M1' });
  add('escalation.raised', '01-31T20:00:00', { escalationId: 'E1', severity: 'high', summary: 's' });
  register('W3', '02-01', 'partner_sourced', '800.00');
  add('escalation.acknowledged', '02-01T02:00:00', { escalationId: 'E1' }, NW);
  add('milestone.hit', '02-03', { milestoneId: 'M2' });
  add('deal.won', '02-04', { dealId: 'W4', amount: '600.00' }, NW);
  add('customer.referred', '02-07', { customerId: 'r3' });
  add('cost.incurred', '02-10', { amount: '250.00', category: 'tools' });
  add('deal.won', '02-19', { dealId: 'W2', amount: '3000.00' });
  add('deal.lost', '02-20', { dealId: 'W3' });
  return l;
}

const MONTHS: Period[] = [0, 1, 2].map((m) => periodOf('month', Date.UTC(2026, m, 1)));

describe('Given a monthly series over January–March 2026', () => {
  const ledger = windowLedger();
  const series = (kpiId: string, window: 'cumulative' | 'period') =>
    MONTHS.map((p) => inPeriod(ledger, kpiId, p, window).value);

  describe('When a sum is read with window=period', () => {
    it('Then joint_revenue is each month’s partner wins: W1 1000.00, W2 3000.00, and "0.00" in March', () => {
      expect(series('joint_revenue', 'period')).toStrictEqual(['1000.00', '3000.00', '0.00']);
      expect(series('joint_revenue', 'cumulative')).toStrictEqual(['1000.00', '4000.00', '4000.00']);
    });

    it('Then program_costs is 100.00, 250.00 and "0.00"', () => {
      expect(series('program_costs', 'period')).toStrictEqual(['100.00', '250.00', '0.00']);
    });
  });

  describe('When a count is read with window=period', () => {
    it('Then referrals are 2, 1 and 0 (cumulative: 2, 3, 3)', () => {
      expect(series('referrals', 'period')).toStrictEqual([2, 1, 0]);
      expect(series('referrals', 'cumulative')).toStrictEqual([2, 3, 3]);
    });
  });

  describe('When a mean is read with window=period', () => {
    it(
      'Then sales_cycle_days takes the deals won in each month: W1 20; (W2 40 + W4 20) / 2 = 30; ' +
        'null in March (cumulative: 20, 80 / 3 = 26.67, 26.67)',
      () => {
        expect(series('sales_cycle_days', 'period')).toStrictEqual([20, 30, null]);
        expect(series('sales_cycle_days', 'cumulative')).toStrictEqual([20, 26.67, 26.67]);
      },
    );

    it(
      'Then escalation_response_hours counts E1 in February, when it was acknowledged, ' +
        'though raised in January (6 hours)',
      () => {
        expect(series('escalation_response_hours', 'period')).toStrictEqual([null, 6, null]);
      },
    );

    it('Then milestone_slip_days counts M2 in February, when it was hit 13 days late', () => {
      expect(series('milestone_slip_days', 'period')).toStrictEqual([null, 13, null]);
    });
  });

  describe('When a rate is read with window=period', () => {
    it(
      'Then win_rate is W1 1/1 = 100; W2, W4 won and W3 lost: 2/3 = 66.67; null in March ' +
        '(cumulative: 100, 3/4 = 75, 75)',
      () => {
        expect(series('win_rate', 'period')).toStrictEqual([100, 66.67, null]);
        expect(series('win_rate', 'cumulative')).toStrictEqual([100, 75, 75]);
      },
    );

    it('Then the target set in January still applies in February: 66.67 against 50 is on track', () => {
      expect(inPeriod(ledger, 'win_rate', MONTHS[1], 'period')).toMatchObject({
        value: 66.67,
        target: 50,
        status: 'on_track',
      });
    });

    it(
      'Then milestone_on_time_rate takes the milestones due in each month: M2 (due 01-20, hit late) 0; ' +
        'M1 (due 02-10, hit early in January) 100; none due in March: null',
      () => {
        expect(series('milestone_on_time_rate', 'period')).toStrictEqual([0, 100, null]);
        expect(series('milestone_on_time_rate', 'cumulative')).toStrictEqual([0, 50, 50]);
      },
    );

    it(
      'Then partner_attach_rate counts W2’s touch of January for its February win: W1 alone 0; ' +
        'W2 of W2, W4: 50',
      () => {
        expect(series('partner_attach_rate', 'period')).toStrictEqual([0, 50, null]);
      },
    );
  });

  describe('When a stock or a trailing figure is read with window=period', () => {
    it('Then it keeps its cumulative value: pipeline_value at each month’s end is 2500.00, "0.00"', () => {
      expect(series('pipeline_value', 'period')).toStrictEqual(['2500.00', '0.00', '0.00']);
      for (const kpiId of KPI_CATALOGUE.filter((k) => k.periodic === 'stock').map((k) => k.kpiId))
        expect([kpiId, series(kpiId, 'period')]).toStrictEqual([kpiId, series(kpiId, 'cumulative')]);
    });
  });

  describe('When a series is read with window=cumulative (the default)', () => {
    it('Then every KPI of every month is the v1 answer: the snapshot at the month’s end for it', () => {
      for (const period of MONTHS) {
        const snapshot = ledger.kpis(new Date(period.end).toISOString(), { period });
        for (const { kpiId } of KPI_CATALOGUE)
          expect(inPeriod(ledger, kpiId, period, 'cumulative')).toStrictEqual(entry(snapshot, kpiId));
      }
    });

    it('Then a period holding the whole history answers the same under both windows', () => {
      const q1 = periodOf('quarter', Date.UTC(2026, 0, 1));
      for (const { kpiId } of KPI_CATALOGUE)
        expect(inPeriod(ledger, kpiId, q1, 'period')).toStrictEqual(
          inPeriod(ledger, kpiId, q1, 'cumulative'),
        );
    });
  });
});
