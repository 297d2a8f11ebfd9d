import { Fit, NORMAL_QUANTILES } from './types';

/**
 * The four simple ("benchmark") methods of §5.2, with the residuals of §5.3 and the h-step standard
 * deviations of §5.5, Table 5.2 (API.md: naive σ̂√h, mean σ̂√(1 + 1/T), drift σ̂√(h(1 + h/(T − 1))),
 * seasonal naive σ̂√(k + 1) with k = ⌊(h − 1)/m⌋).
 *
 * Guarantees: the residuals are the one-step ones that exist (naive from t = 2, seasonal naive from
 * t = m + 1, mean from t = 1, drift from t = 2), and N counts exactly those; sums run oldest first, so
 * the same history gives the same bits.
 * Constraints: y has at least minPoints(method) values (types.ts); drift needs 3 for N − K ≥ 1.
 */

/** ŷ(T+h|T) = y_T. Residuals e_t = y_t − y_(t−1); K = 0. */
export function naive(y: readonly number[]): Fit {
  const last = y[y.length - 1];
  return {
    method: 'naive',
    params: {},
    ...sumOfSquares(differences(y, 1)),
    k: 0,
    point: () => last,
    scale: (h) => Math.sqrt(h),
    quantiles: NORMAL_QUANTILES,
  };
}

/**
 * ŷ(T+h|T) = y_(T+h−m(k+1)), k = ⌊(h − 1)/m⌋: the same period of the last year observed.
 * Residuals e_t = y_t − y_(t−m); K = 0.
 */
export function seasonalNaive(y: readonly number[], m: number): Fit {
  const T = y.length;
  const seasons = (h: number) => Math.floor((h - 1) / m);
  return {
    method: 'seasonal_naive',
    params: { m },
    ...sumOfSquares(differences(y, m)),
    k: 0,
    point: (h) => y[T + h - m * (seasons(h) + 1) - 1],
    scale: (h) => Math.sqrt(seasons(h) + 1),
    quantiles: NORMAL_QUANTILES,
  };
}

/** ŷ(T+h|T) = ȳ. Residuals e_t = y_t − ȳ; K = 1 (the mean). */
export function mean(y: readonly number[]): Fit {
  const T = y.length;
  const average = sum(y) / T;
  return {
    method: 'mean',
    params: {},
    ...sumOfSquares(y.map((v) => v - average)),
    k: 1,
    point: () => average,
    scale: () => Math.sqrt(1 + 1 / T),
    quantiles: NORMAL_QUANTILES,
  };
}

/**
 * ŷ(T+h|T) = y_T + h(y_T − y_1)/(T − 1): the naive method with the average change. Residuals
 * e_t = (y_t − y_(t−1)) − c, written as the difference minus the slope so that each is exactly 0 when
 * the series is a straight line; K = 1 (the slope c).
 */
export function drift(y: readonly number[]): Fit {
  const T = y.length;
  const last = y[T - 1];
  const slope = (last - y[0]) / (T - 1);
  return {
    method: 'drift',
    params: {},
    ...sumOfSquares(differences(y, 1).map((d) => d - slope)),
    k: 1,
    point: (h) => last + h * slope,
    scale: (h) => Math.sqrt(h * (1 + h / (T - 1))),
    quantiles: NORMAL_QUANTILES,
  };
}

/** y_t − y_(t−lag) for t = lag + 1..T. */
function differences(y: readonly number[], lag: number): number[] {
  return y.slice(lag).map((v, i) => v - y[i]);
}

export function sumOfSquares(residuals: readonly number[]): { sse: number; n: number } {
  return { sse: sum(residuals.map((e) => e * e)), n: residuals.length };
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
