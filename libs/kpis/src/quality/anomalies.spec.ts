import { definitionHashOf } from '@ledger/verification';
import { CO, NW } from '../scenarios/ledger';
import { QualityLedgerFixture } from '../testing/quality-ledger';
import { anomaliesAt, anomalyMonths } from './anomalies';

/**
 * A partnership started 2025-07-10 that wins one partner-sourced deal a month, for the contract's series
 * in thousands: July 10,000.00, August 11,000.00, September 12,000.00, October 11,000.00, November
 * 10,000.00, December 30,000.00; nothing in January 2026.
 */
const REVENUE = ['10000.00', '11000.00', '12000.00', '11000.00', '10000.00', '30000.00'];
const MONTHS = ['07', '08', '09', '10', '11', '12'];

function revenueWorld() {
  const w = new QualityLedgerFixture({ startedAt: '2025-07-10T00:00:00Z' });
  REVENUE.forEach((amount, i) => {
    const dealId = `D${i + 1}`;
    const registration = { dealId, customerId: `c${i + 1}`, amount, source: 'partner_sourced' };
    w.add('deal.registered', `2025-${MONTHS[i]}-12T00:00:00Z`, registration, CO);
    w.add('deal.won', `2025-${MONTHS[i]}-20T00:00:00Z`, { dealId, amount }, NW);
  });
  return w;
}

const request = { partnershipId: 'nw-contoso', currency: 'EUR' };

describe('Given monthly joint revenue [10, 11, 12, 11, 10, 30] thousand, read on 2026-01-15', () => {
  const w = revenueWorld();
  const scan = anomaliesAt(w.facts(), { ...request, asOf: Date.parse('2026-01-15T00:00:00Z') });

  // The 12 months complete by asOf are 2025-01 … 2025-12; those that ended before the start (January to
  // June) are left out: 6 values remain. joint_revenue: median 11000.00, MAD 1000.00, M(December) =
  // 0.6745 × 19000 / 1000 = 12.82. deals_closed is 1 every month, joint_activities and program_costs 0:
  // MAD and mean absolute deviation 0, nothing flagged.
  it('flags December’s joint revenue alone, with the contract’s score', () => {
    expect(scan.items).toEqual([
      {
        kpiId: 'joint_revenue',
        periodStart: '2025-12-01T00:00:00.000Z',
        value: '30000.00',
        median: '11000.00',
        deviation: '19000.00',
        score: 12.82,
        rule: 'mad',
      },
    ]);
    expect(scan.judged).toBe(4);
  });

  it('judges the months that ended after the start, oldest first', () => {
    const months = anomalyMonths(Date.parse('2025-07-10T00:00:00Z'), Date.parse('2026-01-15T00:00:00Z'));
    expect(months.map((m) => new Date(m.start).toISOString().slice(0, 7))).toEqual([
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
    ]);
  });
});

describe('Given the same partnership read on 2025-12-31T12:00, before December is complete', () => {
  const w = revenueWorld();

  it('judges nothing: July to November are 5 values', () => {
    const scan = anomaliesAt(w.facts(), { ...request, asOf: Date.parse('2025-12-31T12:00:00Z') });
    expect(scan).toEqual({ items: [], judged: 0 });
  });
});

describe('Given a charter whose scorecard holds avg_deal_size only, read on 2026-02-10', () => {
  const w = revenueWorld();
  const charter = { scorecard: [{ kpiId: 'avg_deal_size' }] };
  const hash = definitionHashOf(charter);
  const effectiveFrom = '2025-07-10T00:00:00.000Z';
  const proposal = { proposalId: 'p1', baseVersion: 0, charter, definitionHash: hash, effectiveFrom };
  w.add('charter.proposed', '2026-02-01T00:00:00Z', proposal, NW);
  w.add('charter.approved', '2026-02-02T00:00:00Z', { proposalId: 'p1', definitionHash: hash }, CO);
  const adoption = { proposalId: 'p1', version: 1, definitionHash: hash, effectiveFrom };
  w.add('charter.adopted', '2026-02-02T00:00:00Z', adoption, CO);

  // July … January are 7 months; January has no closed deal, so its mean is null and is left out: the
  // same 6 values, one deal each, flag December again. joint_revenue is no longer judged.
  it('judges the scorecard’s KPI alone, leaving out the month without a value', () => {
    const scan = anomaliesAt(w.facts(), { ...request, asOf: Date.parse('2026-02-10T00:00:00Z') });
    expect(scan.items).toEqual([
      {
        kpiId: 'avg_deal_size',
        periodStart: '2025-12-01T00:00:00.000Z',
        value: '30000.00',
        median: '11000.00',
        deviation: '19000.00',
        score: 12.82,
        rule: 'mad',
      },
    ]);
    expect(scan.judged).toBe(1);
  });
});
