import { drift, mean, naive, seasonalNaive } from './benchmarks';
import { forecastKpi } from './forecast';
import { residualSd } from './select';
import { monthly, quarterly, request } from './testing/histories';
import { Fit } from './types';

/**
 * The simple methods and their intervals (FPP3 §5.2, §5.5 Table 5.2; API.md), worked by hand.
 * Half-width at h = z × σ̂ × scale(h), z = 1.2816 (80 %) or 1.96 (95 %).
 */
const half = (fit: Fit, h: number, level: 'q80' | 'q95') =>
  fit.quantiles[level] * residualSd(fit) * fit.scale(h);

describe('Given the quarterly series [10, 20, 30, 40, 11, 21, 31, 41] (m = 4)', () => {
  const y = [10, 20, 30, 40, 11, 21, 31, 41];

  // ŷ(T+h) = y(T+h−4(k+1)), k = ⌊(h − 1)/4⌋: h = 1..4 → y5..y8 = 11, 21, 31, 41; h = 5 (k = 1) → y5 = 11.
  // Residuals y_t − y_(t−4), t = 5..8: 1, 1, 1, 1 → SSE = 4, N = 4, K = 0, σ̂ = √(4/4) = 1.
  // Half-widths σ̂√(k + 1): h = 1..4 → 1.2816 and 1.96; h = 5 → 1.2816√2 = 1.81245… and 1.96√2 = 2.77186….
  it('seasonal naive forecasts 11, 21, 31, 41, 11 with σ̂ = 1', () => {
    const fit = seasonalNaive(y, 4);
    expect([1, 2, 3, 4, 5].map(fit.point)).toEqual([11, 21, 31, 41, 11]);
    expect({ sse: fit.sse, n: fit.n, k: fit.k, sd: residualSd(fit) }).toEqual({ sse: 4, n: 4, k: 0, sd: 1 });
    expect(half(fit, 4, 'q80')).toBe(1.2816);
    expect(half(fit, 5, 'q80')).toBeCloseTo(1.2816 * Math.SQRT2, 12);
    expect(half(fit, 5, 'q95')).toBeCloseTo(2.7718585822512662, 12);
  });

  it('answers them as points after 2025-Q4 with intervals rounded to 2 decimals', () => {
    const answer = forecastKpi(
      request({ period: 'quarter', method: 'seasonal_naive', horizon: 5, history: quarterly(y) }),
    );
    expect(answer.method).toBe('seasonal_naive');
    expect(answer.params).toEqual({ m: 4 });
    expect(answer.residualSd).toBe(1);
    expect(answer.points).toEqual([
      {
        periodStart: '2026-01-01T00:00:00.000Z',
        value: 11,
        lower80: 9.72,
        upper80: 12.28,
        lower95: 9.04,
        upper95: 12.96,
      },
      {
        periodStart: '2026-04-01T00:00:00.000Z',
        value: 21,
        lower80: 19.72,
        upper80: 22.28,
        lower95: 19.04,
        upper95: 22.96,
      },
      {
        periodStart: '2026-07-01T00:00:00.000Z',
        value: 31,
        lower80: 29.72,
        upper80: 32.28,
        lower95: 29.04,
        upper95: 32.96,
      },
      {
        periodStart: '2026-10-01T00:00:00.000Z',
        value: 41,
        lower80: 39.72,
        upper80: 42.28,
        lower95: 39.04,
        upper95: 42.96,
      },
      // k = 1: ± 1.81 and ± 2.77.
      {
        periodStart: '2027-01-01T00:00:00.000Z',
        value: 11,
        lower80: 9.19,
        upper80: 12.81,
        lower95: 8.23,
        upper95: 13.77,
      },
    ]);
  });
});

describe('Given the monthly series [2, 4, 3, 7] (T = 4)', () => {
  const y = [2, 4, 3, 7];

  // Naive: residuals 4 − 2, 3 − 4, 7 − 3 = 2, −1, 4 → SSE = 21, N = 3, K = 0, σ̂ = √7 = 2.6457513….
  // h = 1: ± 1.2816√7 = 3.390795 and ± 1.96√7 = 5.185673; h = 4: twice those (√4 = 2): 6.781590, 10.371345.
  it('naive: ŷ = 7, σ̂ = √7, half-widths σ̂√h', () => {
    const fit = naive(y);
    expect([fit.sse, fit.n, fit.k, fit.point(4)]).toEqual([21, 3, 0, 7]);
    expect(residualSd(fit)).toBeCloseTo(Math.sqrt(7), 14);
    expect(half(fit, 1, 'q80')).toBeCloseTo(3.39079488026038, 12);
    expect(half(fit, 1, 'q95')).toBeCloseTo(5.185672569686598, 12);
    expect(half(fit, 4, 'q80')).toBeCloseTo(6.78158976052076, 12);
    expect(half(fit, 4, 'q95')).toBeCloseTo(10.371345139373195, 12);
  });

  // Mean: ȳ = 16/4 = 4; residuals −2, 0, −1, 3 → SSE = 14, N = 4, K = 1, σ̂ = √(14/3) = 2.1602469….
  // Every h: ± 1.2816 σ̂ √(1 + 1/4) = 3.095358 and ± 1.96 σ̂ √1.25 = 4.733850.
  it('mean: ŷ = 4, σ̂ = √(14/3), half-widths σ̂√(1 + 1/T) at every h', () => {
    const fit = mean(y);
    expect([fit.sse, fit.n, fit.k, fit.point(1), fit.point(12)]).toEqual([14, 4, 1, 4, 4]);
    expect(residualSd(fit)).toBeCloseTo(Math.sqrt(14 / 3), 14);
    for (const h of [1, 12]) {
      expect(half(fit, h, 'q80')).toBeCloseTo(3.095358072986065, 12);
      expect(half(fit, h, 'q95')).toBeCloseTo(4.73384973708855, 12);
    }
  });

  // Drift: c = (7 − 2)/3 = 5/3; residuals (2, −1, 4) − 5/3 = 1/3, −8/3, 7/3 → SSE = 114/9, N = 3, K = 1,
  // σ̂² = (114/9)/2 = 19/3, σ̂ = 2.5166115…. ŷ(T+h) = 7 + 5h/3: 8.6667, 10.3333, 12.
  // scale √(h(1 + h/3)): h = 1 → √(4/3) = 1.1547005, h = 3 → √6 = 2.4494897;
  // half-widths h = 1: 3.724243 and 5.695628; h = 3: 7.900313 and 12.082251.
  it('drift: ŷ = 7 + 5h/3, σ̂ = √(19/3), half-widths σ̂√(h(1 + h/(T − 1)))', () => {
    const fit = drift(y);
    expect(fit.sse).toBeCloseTo(114 / 9, 13);
    expect([fit.n, fit.k]).toEqual([3, 1]);
    expect([1, 2, 3].map(fit.point)).toEqual([7 + 5 / 3, 7 + 10 / 3, 12]);
    expect(residualSd(fit)).toBeCloseTo(Math.sqrt(19 / 3), 13);
    expect(half(fit, 1, 'q80')).toBeCloseTo(3.7242432573611515, 12);
    expect(half(fit, 1, 'q95')).toBeCloseTo(5.695627952893146, 12);
    expect(half(fit, 3, 'q80')).toBeCloseTo(7.90031298620504, 12);
    expect(half(fit, 3, 'q95')).toBeCloseTo(12.08225144581919, 12);
  });

  it('answers each as rounded point ± rounded half-width', () => {
    const at = (method: string, horizon: number) =>
      forecastKpi(request({ method, horizon, history: monthly(y) })).points[horizon - 1];
    // 7 ± 3.39 / 5.19 and, at h = 4, 7 ± 6.78 / 10.37.
    expect(at('naive', 1)).toMatchObject({
      value: 7,
      lower80: 3.61,
      upper80: 10.39,
      lower95: 1.81,
      upper95: 12.19,
    });
    expect(at('naive', 4)).toMatchObject({
      value: 7,
      lower80: 0.22,
      upper80: 13.78,
      lower95: -3.37,
      upper95: 17.37,
    });
    // 4 ± 3.10 / 4.73.
    expect(at('mean', 2)).toMatchObject({
      value: 4,
      lower80: 0.9,
      upper80: 7.1,
      lower95: -0.73,
      upper95: 8.73,
    });
    // 8.67 ± 3.72 / 5.70 and, at h = 3, 12 ± 7.90 / 12.08.
    expect(at('drift', 1)).toMatchObject({
      value: 8.67,
      lower80: 4.95,
      upper80: 12.39,
      lower95: 2.97,
      upper95: 14.37,
    });
    expect(at('drift', 3)).toMatchObject({
      value: 12,
      lower80: 4.1,
      upper80: 19.9,
      lower95: -0.08,
      upper95: 24.08,
    });
  });
});
