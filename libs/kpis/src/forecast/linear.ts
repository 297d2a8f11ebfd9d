import { jStat } from 'jstat';
import { sumOfSquares } from './benchmarks';
import { Fit, Quantiles } from './types';

/**
 * The linear trend: y_t = β₀ + β₁t + ε_t fitted by least squares on t = 1..T (§7.1–7.2), forecast
 * β₀ + β₁(T + h), with the regression prediction interval of §7.6 / API.md:
 * ŷ ± t(q, T − 2) · s · √(1 + 1/T + (t₀ − t̄)²/Σ(t − t̄)²), t₀ = T + h, s = √(SSE/(T − 2)).
 *
 * Guarantees: the quantiles are jstat's Student-t inverse on T − 2 degrees of freedom (a library that
 * pins the definition; it agrees with the exact quantiles to about 1e−8, far below the 2 decimals shown);
 * N = T residuals, K = 2.
 * Constraints: T ≥ 4 (minPoints), so T − 2 ≥ 2 degrees of freedom.
 */
export function linear(y: readonly number[]): Fit {
  const T = y.length;
  const tBar = (T + 1) / 2;
  // Σ(t − t̄)² over t = 1..T in closed form: exact in binary for every T ≤ 36.
  const sxx = (T * (T * T - 1)) / 12;
  const yBar = y.reduce((total, v) => total + v, 0) / T;
  let sxy = 0;
  y.forEach((v, i) => (sxy += (i + 1 - tBar) * (v - yBar)));
  const slope = sxy / sxx;
  const intercept = yBar - slope * tBar;
  const fitted = (t: number) => intercept + slope * t;
  return {
    method: 'linear',
    params: {},
    ...sumOfSquares(y.map((v, i) => v - fitted(i + 1))),
    k: 2,
    point: (h) => fitted(T + h),
    scale: (h) => Math.sqrt(1 + 1 / T + (T + h - tBar) ** 2 / sxx),
    quantiles: studentT(T - 2),
  };
}

/** The two-sided 80 % and 95 % multipliers: the 0.90 and 0.975 quantiles of t with dof degrees of freedom. */
export function studentT(dof: number): Quantiles {
  return { q80: jStat.studentt.inv(0.9, dof), q95: jStat.studentt.inv(0.975, dof) };
}
