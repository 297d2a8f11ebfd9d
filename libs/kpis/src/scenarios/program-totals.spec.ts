import { programFigures } from '../compute/program';
import { Ledger, viewOf } from './ledger';

/**
 * A program of five partnerships, read on 2026-05-15 (Q2 2026 starts 2026-04-01):
 *   P1 started 2025-04-01, active                   → 409 days (365 + 30 + 14)
 *   P2 started 2025-10-01, ended 2026-04-11 (in Q2)  → 192 days (31 + 30 + 31 + 31 + 28 + 31 + 10)
 *   P3 started 2026-04-20 (within Q2)               →  25 days
 *   P4 started 2025-01-01, ended 2026-02-01 (Q1)     → 396 days (365 + 31)
 *   P5 starts 2026-06-01, after asOf                → no longevity yet
 */
function partnership(id: string, startedAt: string, endedAt?: string): Ledger {
  const l = new Ledger({ partnershipId: id, startedAt: `${startedAt}T00:00:00Z` });
  if (endedAt) l.add('partnership.ended', `${endedAt}T00:00:00Z`, { reason: 'done' });
  return l;
}

const AS_OF = '2026-05-15T00:00:00Z';
const P1 = partnership('P1', '2025-04-01');
const P2 = partnership('P2', '2025-10-01', '2026-04-11');
const P3 = partnership('P3', '2026-04-20');
const P4 = partnership('P4', '2025-01-01', '2026-02-01');
const P5 = partnership('P5', '2026-06-01');

describe('Given a program of partnerships started and ended at different times', () => {
  describe('When its figures are read on 2026-05-15', () => {
    const figures = programFigures([P1, P2, P3, P4, P5].map((l) => viewOf(l, AS_OF)));

    it('Then avg_longevity_days is (409 + 192 + 25 + 396) / 4 = 255.5; P5 has not started', () => {
      expect(figures.avg_longevity_days).toBe(255.5);
    });

    it(
      'Then partnership_churn_rate is 1 / 2 × 100 = 50: P1 and P2 were active on 04-01 and P2 ended; ' +
        'P3 started within the quarter and P4 had ended before it',
      () => {
        expect(figures.partnership_churn_rate).toBe(50);
      },
    );
  });

  describe('When P2’s end lies after asOf (read on 2026-04-10)', () => {
    it('Then nothing churned yet: 0 / 2 = 0', () => {
      const figures = programFigures([P1, P2, P4].map((l) => viewOf(l, '2026-04-10T00:00:00Z')));
      expect(figures.partnership_churn_rate).toBe(0);
      // P1 374, P2 191 (to asOf), P4 396: 961 / 3 = 320.333… → 320.33
      expect(figures.avg_longevity_days).toBe(320.33);
    });
  });

  describe('When no partnership was active at the quarter’s start', () => {
    it('Then partnership_churn_rate is null', () => {
      expect(programFigures([viewOf(P3, AS_OF)])).toStrictEqual({
        avg_longevity_days: 25,
        partnership_churn_rate: null,
      });
    });
  });

  describe('When the program has no partnership', () => {
    it('Then both are null', () => {
      expect(programFigures([])).toStrictEqual({ avg_longevity_days: null, partnership_churn_rate: null });
    });
  });
});
