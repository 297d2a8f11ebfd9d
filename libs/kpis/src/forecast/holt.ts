import { Fit, NORMAL_QUANTILES } from './types';

/**
 * Holt's linear method (§8.2), component form:
 *   ŷ(t|t−1) = ℓ_(t−1) + b_(t−1)
 *   ℓ_t = α y_t + (1 − α)(ℓ_(t−1) + b_(t−1))
 *   b_t = β*(ℓ_t − ℓ_(t−1)) + (1 − β*) b_(t−1)
 *   ŷ(T+h|T) = ℓ_T + h b_T
 * started at ℓ₁ = y₁, b₁ = y₂ − y₁ (API.md), with the variance of ETS(A,A,N) (§8.7, Table 8.8):
 *   σ_h² = σ̂²[1 + (h − 1)(α² + αβh + β²h(2h − 1)/6)], β = αβ*.
 *
 * Guarantees:
 * - the one-step SSE counts t = 3..T: at t = 2 the start makes ŷ(2|1) = y₂, a residual that is 0 by
 *   construction and would only dilute N; so N = T − 2 and K = 2 (α and β*; ℓ₁ and b₁ are fixed by rule);
 * - α and β* are chosen on the grid {0.05, 0.10, …, 0.95}, each grid value i/20 (the double nearest the
 *   decimal, so 0.15 prints as 0.15), minimising that SSE, ties to the smaller α then the smaller β*
 *   (the search visits them in that order and moves only on a strictly smaller SSE).
 * Constraints: T ≥ 6 (minPoints); so N − K ≥ 2.
 */

/** The smoothing parameters of §8.2. */
export interface HoltParams {
  readonly alpha: number;
  readonly betaStar: number;
}

export const GRID: readonly number[] = Array.from({ length: 19 }, (_, i) => (i + 1) / 20);

/** The fitted states after y_T and the one-step SSE over t = 3..T. */
export interface HoltRun {
  readonly level: number;
  readonly trend: number;
  readonly sse: number;
}

/** Runs the recursions over the whole history with fixed α and β*. */
export function holtRun(y: readonly number[], { alpha, betaStar }: HoltParams): HoltRun {
  let level = y[0];
  let trend = y[1] - y[0];
  let sse = 0;
  for (let i = 1; i < y.length; i++) {
    const predicted = level + trend;
    const error = y[i] - predicted;
    // i is t − 1: t = 3 is the first residual that carries information.
    if (i >= 2) sse += error * error;
    const nextLevel = alpha * y[i] + (1 - alpha) * predicted;
    trend = betaStar * (nextLevel - level) + (1 - betaStar) * trend;
    level = nextLevel;
  }
  return { level, trend, sse };
}

/** The grid point with the least one-step SSE (ties: smaller α, then smaller β*). */
export function holtGridSearch(y: readonly number[]): HoltParams {
  let best: HoltParams = { alpha: GRID[0], betaStar: GRID[0] };
  let bestSse = Infinity;
  for (const alpha of GRID) {
    for (const betaStar of GRID) {
      const { sse } = holtRun(y, { alpha, betaStar });
      if (sse < bestSse) {
        bestSse = sse;
        best = { alpha, betaStar };
      }
    }
  }
  return best;
}

/** Holt's method with the given parameters, or the grid's best when none are given. */
export function holt(y: readonly number[], given?: HoltParams): Fit {
  const params = given ?? holtGridSearch(y);
  const { level, trend, sse } = holtRun(y, params);
  return {
    method: 'holt',
    params,
    sse,
    n: y.length - 2,
    k: 2,
    point: (h) => level + h * trend,
    scale: (h) => Math.sqrt(etsVarianceFactor(params, h)),
    quantiles: NORMAL_QUANTILES,
  };
}

/** σ_h²/σ̂² of ETS(A,A,N): non-decreasing in h for α, β ≥ 0, and 1 at h = 1. */
export function etsVarianceFactor({ alpha, betaStar }: HoltParams, h: number): number {
  const beta = alpha * betaStar;
  return 1 + (h - 1) * (alpha * alpha + alpha * beta * h + (beta * beta * h * (2 * h - 1)) / 6);
}
