import { quantileSorted } from 'simple-statistics';
import { modifiedZScores, outliers, percentiles } from './statistics';

/**
 * The modified z-score (NIST/SEMATECH e-Handbook §1.3.5.17; API.md "Data quality"), worked by hand:
 * M = 0.6745 (x − median) / MAD, or, when the MAD is 0, (x − median) / (1.253314 × mean |x − median|).
 */
describe('Given the contract’s monthly series [10, 11, 12, 11, 10, 30]', () => {
  // median 11 (mean of the middle pair 11, 11); |x − 11| = [1, 0, 1, 0, 1, 19], whose median is 1 = MAD.
  // M(30) = 0.6745 × 19 / 1 = 12.8155 → 12.82 (half-up); every other |M| ≤ 0.6745 × 1 = 0.67.
  // (A plain z-score, sample standard deviation √62 = 7.87, would give (30 − 14) / 7.87 = 2.03: not flagged.)
  const series = [10, 11, 12, 11, 10, 30];

  it('flags only 30, with score 12.82 by the MAD rule', () => {
    expect(outliers(series)).toEqual([
      { index: 5, value: 30, median: 11, deviation: 19, m: 12.8155, score: 12.82, rule: 'mad' },
    ]);
  });

  it('scores every value against the median 11', () => {
    const scored = modifiedZScores(series)!;
    expect(scored.median).toBe(11);
    expect(scored.rule).toBe('mad');
    expect(scored.scores.map((m) => m.toString())).toEqual([
      '-0.6745',
      '0',
      '0.6745',
      '0',
      '-0.6745',
      '12.8155',
    ]);
  });
});

describe('Given a series whose MAD is 0', () => {
  // [4, 4, 4, 4, 4, 10]: median 4, |x − 4| = [0, 0, 0, 0, 0, 6], MAD = 0 → mean absolute deviation
  // 6 / 6 = 1; M(10) = 6 / (1.253314 × 1) = 4.78730… → 4.79 > 3.5: flagged by the fallback.
  it('falls back to the mean absolute deviation and flags 10 with 4.79', () => {
    expect(outliers([4, 4, 4, 4, 4, 10])).toEqual([
      {
        index: 5,
        value: 10,
        median: 4,
        deviation: 6,
        m: expect.closeTo(4.7873, 4),
        score: 4.79,
        rule: 'meanad',
      },
    ]);
  });

  // [5, 5, 5, 5, 6, 7]: median 5, |x − 5| = [0, 0, 0, 0, 1, 2], MAD = 0, mean 3 / 6 = 0.5;
  // M(7) = 2 / (1.253314 × 0.5) = 3.19 and M(6) = 1.60: both within 3.5.
  it('judges by the fallback and flags nothing when every |M| ≤ 3.5', () => {
    expect(modifiedZScores([5, 5, 5, 5, 6, 7])!.rule).toBe('meanad');
    expect(modifiedZScores([5, 5, 5, 5, 6, 7])!.scores[5].toDecimalPlaces(2).toNumber()).toBe(3.19);
    expect(outliers([5, 5, 5, 5, 6, 7])).toEqual([]);
  });
});

describe('Given series that cannot be judged', () => {
  it('flags nothing when the MAD and the mean absolute deviation are both 0 (every value equal)', () => {
    expect(modifiedZScores([7, 7, 7, 7, 7, 7])).toBeNull();
    expect(outliers([7, 7, 7, 7, 7, 7])).toEqual([]);
  });

  it('flags nothing with fewer than 6 values, however far one is', () => {
    expect(modifiedZScores([10, 11, 12, 11, 300])).toBeNull();
    expect(outliers([10, 11, 12, 11, 300])).toEqual([]);
  });
});

describe('Given lags 1 … 20', () => {
  // Type 7: h = (n − 1) p. p50: h = 9.5 → x₉ + 0.5 (x₁₀ − x₉) = 10 + 0.5 = 10.5.
  // p95: h = 18.05 → x₁₈ + 0.05 (x₁₉ − x₁₈) = 19 + 0.05 = 19.05, in exact decimals (in binary, 19 × 0.95
  // is 18.049999999999997, and quantileSorted's figure only happens to round back to 19.05).
  const lags = Array.from({ length: 20 }, (_, i) => 20 - i);

  it('gives the type 7 percentiles exactly, and the maximum', () => {
    const { p50, p95, max } = percentiles(lags);
    expect([p50!.toString(), p95!.toString(), max!.toString()]).toEqual(['10.5', '19.05', '20']);
  });

  it('agrees with simple-statistics’ quantileSorted (type 7) up to binary rounding', () => {
    const sorted = [...lags].sort((a, b) => a - b);
    expect(percentiles(lags).p95!.toNumber()).toBeCloseTo(quantileSorted(sorted, 0.95), 9);
  });

  it('gives nulls for no lag at all', () => {
    expect(percentiles([])).toEqual({ p50: null, p95: null, max: null });
  });
});
