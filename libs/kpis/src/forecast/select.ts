import { drift, mean, naive, seasonalNaive } from './benchmarks';
import { holt } from './holt';
import { linear } from './linear';
import { FORECAST_METHODS, Fit, ForecastMethod, ForecastPeriod, SEASON, minPoints } from './types';

/** Fits one method to the history. Constraints: y.length ≥ minPoints(method, period). */
export function fitMethod(method: ForecastMethod, y: readonly number[], period: ForecastPeriod): Fit {
  switch (method) {
    case 'naive':
      return naive(y);
    case 'seasonal_naive':
      return seasonalNaive(y, SEASON[period]);
    case 'mean':
      return mean(y);
    case 'drift':
      return drift(y);
    case 'linear':
      return linear(y);
    case 'holt':
      return holt(y);
  }
}

/** σ̂ = √(SSE/(N − K)) (API.md): the residual standard deviation every interval scales. */
export function residualSd(fit: Fit): number {
  return Math.sqrt(fit.sse / (fit.n - fit.k));
}

/**
 * AICc = N ln(SSE/N) + 2(K + 1) + 2(K + 1)(K + 2)/(N − K − 2) (API.md; §7.5 with the variance counted
 * as a parameter).
 *
 * Guarantees: where the formula has no finite value it takes its limit, so the choice is total and
 * deterministic:
 * - N − K − 2 ≤ 0: +∞. The correction term tends to +∞ as N − K − 2 falls to 0, and below 0 it would turn
 *   into a bonus for the methods with the fewest residuals; so such a method is never preferred (with
 *   every candidate at +∞, the order decides: naive);
 * - SSE = 0 (a perfect fit, e.g. drift or the linear trend on a straight line): −∞, preferred to any
 *   finite AICc; several at −∞ tie, and the order decides.
 */
export function aicc({ sse, n, k }: Fit): number {
  if (n - k - 2 <= 0) return Infinity;
  return n * Math.log(sse / n) + 2 * (k + 1) + (2 * (k + 1) * (k + 2)) / (n - k - 2);
}

/** Every method with enough points, each fitted, in the tie order of FORECAST_METHODS. */
export function candidates(y: readonly number[], period: ForecastPeriod): Fit[] {
  return FORECAST_METHODS.filter((m) => y.length >= minPoints(m, period)).map((m) => fitMethod(m, y, period));
}

/**
 * `auto`: the candidate with the least AICc; a tie goes to the earlier method in FORECAST_METHODS
 * (naive, seasonal_naive, mean, drift, linear, holt), since only a strictly smaller AICc displaces it.
 * Constraints: y.length ≥ 2, so naive is always a candidate.
 */
export function chooseAuto(y: readonly number[], period: ForecastPeriod): Fit {
  const fits = candidates(y, period);
  let best = fits[0];
  let bestScore = aicc(best);
  for (const fit of fits.slice(1)) {
    const score = aicc(fit);
    if (score < bestScore) {
      best = fit;
      bestScore = score;
    }
  }
  return best;
}
