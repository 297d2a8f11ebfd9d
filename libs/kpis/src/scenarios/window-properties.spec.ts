import fc from 'fast-check';
import { KPI_CATALOGUE } from '@ledger/domain';
import { foldFacts } from '../facts/fold';
import { Period, periodOf } from '../periods';
import { computeSnapshot } from '../snapshot';
import { history, kpiEventsOf } from '../testing/arbitrary';
import { periodValue } from '../window';

/** The months from the arbitrary histories' start (2025-10-01) past their last event (2026-11-05). */
const MONTHS: Period[] = [];
for (
  let p = periodOf('month', Date.UTC(2025, 9, 1));
  p.start < Date.UTC(2026, 11, 1);
  p = periodOf('month', p.end + 1)
)
  MONTHS.push(p);

const request = (kpiId: string, period: Period, window: 'cumulative' | 'period') => {
  const def = KPI_CATALOGUE.find((k) => k.kpiId === kpiId)!;
  return {
    partnershipId: 'p',
    currency: 'EUR',
    kpiId,
    category: def.category,
    period,
    asOf: period.end,
    window,
  };
};

const cents = (money: unknown) => BigInt(String(money).replace('.', ''));

describe('Given any partnership history', () => {
  describe('When a series point is read with window=cumulative', () => {
    it('Then it is the v1 point: the KPI of the snapshot at the period’s end for that period', () => {
      fc.assert(
        fc.property(
          history(40),
          fc.constantFrom(...KPI_CATALOGUE),
          fc.constantFrom('week', 'month', 'quarter') as fc.Arbitrary<'week' | 'month' | 'quarter'>,
          fc.integer({ min: 0, max: 420 }),
          (posted, def, kind, day) => {
            const facts = foldFacts(kpiEventsOf(posted));
            const period = periodOf(kind, Date.UTC(2025, 9, 1 + day));
            const asOf = new Date(period.end).toISOString();
            const snapshot = computeSnapshot(facts, {
              partnershipId: 'p',
              currency: 'EUR',
              asOf,
              position: facts.position,
              period,
              categories: [def.category],
            });
            const v1 = snapshot.categories[def.category]!.find((k) => k.kpiId === def.kpiId);
            expect(periodValue(facts, request(def.kpiId, period, 'cumulative'))!).toStrictEqual(v1);
          },
        ),
        { numRuns: 200 },
      );
    });
  });

  describe('When the sums and counts of every month are read with window=period', () => {
    it('Then they add up to the cumulative figure after the last month', () => {
      fc.assert(
        fc.property(history(40), (posted) => {
          const facts = foldFacts(kpiEventsOf(posted));
          const last = MONTHS.at(-1)!;
          for (const kpiId of ['joint_revenue', 'program_costs', 'cost_savings']) {
            const months = MONTHS.map((p) => cents(periodValue(facts, request(kpiId, p, 'period'))!.value));
            const total = cents(periodValue(facts, request(kpiId, last, 'cumulative'))!.value);
            expect([kpiId, months.reduce((a, b) => a + b, 0n)]).toStrictEqual([kpiId, total]);
          }
          for (const kpiId of ['referrals', 'solutions_launched', 'ip_filed']) {
            const months = MONTHS.map((p) => Number(periodValue(facts, request(kpiId, p, 'period'))!.value));
            const total = periodValue(facts, request(kpiId, last, 'cumulative'))!.value;
            expect([kpiId, months.reduce((a, b) => a + b, 0)]).toStrictEqual([kpiId, total]);
          }
        }),
        { numRuns: 60 },
      );
    });
  });
});
