import fc from 'fast-check';
import { forecastKpi } from './forecast';
import { monthly, quarterly } from './testing/histories';
import { FORECAST_METHODS, minPoints } from './types';

/**
 * Intervals never narrow as h grows (API.md), for every method, on any history it accepts: checked on the
 * answer as shown (rounded), for both levels, and the 95 % interval always holds the 80 % one.
 */
const value = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true }),
);

const cases = fc.record({
  values: fc.array(value, { minLength: 2, maxLength: 36 }),
  period: fc.constantFrom('month' as const, 'quarter' as const),
  method: fc.constantFrom('auto' as const, ...FORECAST_METHODS),
  horizon: fc.integer({ min: 1, max: 12 }),
  money: fc.boolean(),
});

const num = (v: number | string | null) => Number(v);

describe('Forecast intervals', () => {
  it('never narrow as h grows, and the 95 % interval holds the 80 % one', () => {
    fc.assert(
      fc.property(cases, ({ values, period, method, horizon, money }) => {
        const needed =
          method === 'auto' ? 2 : Math.max(minPoints(method, period), method === 'drift' ? 3 : 0);
        fc.pre(values.length >= needed);
        const history = period === 'month' ? monthly(values) : quarterly(values);
        const { points } = forecastKpi({ kpiId: 'k', period, method, horizon, history, money });
        expect(points).toHaveLength(horizon);
        let previous80 = 0;
        let previous95 = 0;
        for (const p of points) {
          const width80 = num(p.upper80) - num(p.lower80);
          const width95 = num(p.upper95) - num(p.lower95);
          // Rounded bounds are exact hundredths: compare in hundredths to stay clear of float noise.
          expect(Math.round(width80 * 100)).toBeGreaterThanOrEqual(Math.round(previous80 * 100));
          expect(Math.round(width95 * 100)).toBeGreaterThanOrEqual(Math.round(previous95 * 100));
          expect(num(p.lower95)).toBeLessThanOrEqual(num(p.lower80));
          expect(num(p.upper95)).toBeGreaterThanOrEqual(num(p.upper80));
          previous80 = width80;
          previous95 = width95;
        }
      }),
      { numRuns: 300 },
    );
  });
});
