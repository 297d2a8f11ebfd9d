import { forecastKpi } from './forecast';
import { linear, studentT } from './linear';
import { residualSd } from './select';
import { monthly, request } from './testing/histories';

/**
 * The linear trend by least squares on t = 1..T with the regression prediction interval and Student-t
 * quantiles on T − 2 degrees of freedom (FPP3 §7.1–7.2, §7.6; API.md), worked by hand.
 */
describe('Student-t quantiles (jstat)', () => {
  // Printed tables: t(0.90, 2) = 1.885618, t(0.975, 2) = 4.302653; t(0.975, 10) = 2.228139;
  // t(0.975, 1) = 12.706205; t(0.90, 34) = 1.306952, t(0.975, 34) = 2.032245.
  it('agree with the tables to 1e-6', () => {
    expect(studentT(2).q80).toBeCloseTo(1.8856180831641272, 6);
    expect(studentT(2).q95).toBeCloseTo(4.302652729749462, 6);
    expect(studentT(10).q95).toBeCloseTo(2.228138851986274, 6);
    expect(studentT(1).q95).toBeCloseTo(12.706204736174694, 6);
    expect(studentT(34).q80).toBeCloseTo(1.30695158712643, 6);
    expect(studentT(34).q95).toBeCloseTo(2.0322445093177186, 6);
  });
});

describe('Given the monthly series [2, 4, 3, 7] (T = 4)', () => {
  const y = [2, 4, 3, 7];
  // t̄ = 2.5, Σ(t − t̄)² = 2.25 + 0.25 + 0.25 + 2.25 = 5, ȳ = 4;
  // Σ(t − t̄)(y − ȳ) = (−1.5)(−2) + (−0.5)(0) + (0.5)(−1) + (1.5)(3) = 7 → β₁ = 7/5 = 1.4, β₀ = 4 − 1.4 × 2.5 = 0.5.
  // Fitted 1.9, 3.3, 4.7, 6.1; residuals 0.1, 0.7, −1.7, 0.9 → SSE = 0.01 + 0.49 + 2.89 + 0.81 = 4.2;
  // s = √(4.2/2) = √2.1 = 1.4491377.
  // h = 1: t₀ = 5, ŷ = 0.5 + 7 = 7.5, √(1 + 1/4 + 2.5²/5) = √2.5 = 1.5811388;
  //   ± 1.885618 × √2.1 × √2.5 = 4.320494 (80 %), ± 4.302653 × √5.25 = 9.858616 (95 %).
  // h = 3: t₀ = 7, ŷ = 0.5 + 9.8 = 10.3, √(1 + 0.25 + 4.5²/5) = √5.3 = 2.3021729;
  //   ± 6.290734 (80 %), ± 14.354361 (95 %).
  const fit = linear(y);

  it('fits β₀ = 0.5, β₁ = 1.4 with SSE 4.2 over N = 4 residuals, K = 2', () => {
    expect(fit.point(1)).toBeCloseTo(7.5, 12);
    expect(fit.point(3)).toBeCloseTo(10.3, 12);
    expect(fit.sse).toBeCloseTo(4.2, 12);
    expect([fit.n, fit.k]).toEqual([4, 2]);
    expect(residualSd(fit)).toBeCloseTo(Math.sqrt(2.1), 12);
  });

  it('widens by √(1 + 1/T + (t₀ − t̄)²/Σ(t − t̄)²) with t on 2 degrees of freedom', () => {
    expect(fit.scale(1)).toBeCloseTo(Math.sqrt(2.5), 14);
    expect(fit.scale(3)).toBeCloseTo(Math.sqrt(5.3), 14);
    const half = (h: number, q: number) => q * residualSd(fit) * fit.scale(h);
    expect(half(1, fit.quantiles.q80)).toBeCloseTo(4.320493798938575, 6);
    expect(half(1, fit.quantiles.q95)).toBeCloseTo(9.858615911592642, 6);
    expect(half(3, fit.quantiles.q80)).toBeCloseTo(6.290733926445574, 6);
    expect(half(3, fit.quantiles.q95)).toBeCloseTo(14.35436143852077, 6);
  });

  it('answers 7.5 ± 4.32 / 9.86 and 10.3 ± 6.29 / 14.35', () => {
    const answer = forecastKpi(request({ method: 'linear', horizon: 3, history: monthly(y) }));
    expect(answer.params).toEqual({});
    expect(answer.residualSd).toBe(1.45);
    expect(answer.points[0]).toMatchObject({
      value: 7.5,
      lower80: 3.18,
      upper80: 11.82,
      lower95: -2.36,
      upper95: 17.36,
    });
    expect(answer.points[2]).toMatchObject({
      value: 10.3,
      lower80: 4.01,
      upper80: 16.59,
      lower95: -4.05,
      upper95: 24.65,
    });
  });
});
