import { median } from 'simple-statistics';
import { D, Dec } from '../numbers';

/**
 * The statistics of the data-quality answer (API.md, "Data quality"): the modified z-score of
 * Iglewicz and Hoaglin (NIST/SEMATECH e-Handbook §1.3.5.17) with the mean-absolute-deviation fallback,
 * and the lag percentiles.
 *
 * Guarantees:
 * - the median is simple-statistics' `median` (the middle value, or the mean of the two middle values):
 *   a well-kept definition rather than ours;
 * - percentiles are Hyndman & Fan's type 7 (R's and numpy's default, and simple-statistics'
 *   `quantileSorted` in the pinned 7.12.1): with the sample sorted x₀ ≤ … ≤ xₙ₋₁ and h = (n − 1)·p,
 *   Q(p) = x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋₊₁ − x⌊h⌋). It is computed here in exact decimals (quantileSorted
 *   computes h in binary floating point, where 19 × 0.95 is 18.049999…), so a figure rounded to 2
 *   decimals is the one worked by hand (statistics.spec.ts checks both agree to 1e-9);
 * - M is computed in exact decimals (the repo's D) from the median and the deviations, so the threshold
 *   |M| > 3.5 is decided exactly, and the score is M rounded half-up to 2 decimals.
 * Constraints: medians are exact when the values are integers (or halves of integers) below 2^52, as
 * JavaScript adds them exactly; callers with decimal values scale them to integers first (M does not
 * depend on the scale). Fewer than MIN_VALUES values are not judged.
 */
export const MIN_VALUES = 6;
export const THRESHOLD = 3.5;
/** 0.6745 = Φ⁻¹(0.75): makes the MAD of normal data comparable to its standard deviation. */
const MAD_FACTOR = new D('0.6745');
/** 1.253314 = √(π/2): the same for the mean absolute deviation (Iglewicz & Hoaglin's fallback). */
const MEANAD_FACTOR = new D('1.253314');

export type OutlierRule = 'mad' | 'meanad';

/** The modified z-scores of a series, or why there are none. */
export interface RobustScores {
  readonly median: number;
  /** The scale M was taken with: `mad`, or `meanad` when the MAD is 0. */
  readonly rule: OutlierRule;
  /** M of each value, in the order given (exact decimals). */
  readonly scores: readonly Dec[];
}

/**
 * M = 0.6745 (x − median) / MAD; when MAD = 0, M = (x − median) / (1.253314 × mean |x − median|).
 * Null with fewer than six values, or when both deviations are 0 (every value equals the median).
 */
export function modifiedZScores(values: readonly number[]): RobustScores | null {
  if (values.length < MIN_VALUES) return null;
  const middle = median([...values]);
  const deviations = values.map((x) => x - middle);
  const absolute = deviations.map(Math.abs);
  const mad = median(absolute);
  if (mad !== 0) {
    const scale = new D(mad);
    return { median: middle, rule: 'mad', scores: deviations.map((d) => MAD_FACTOR.times(d).div(scale)) };
  }
  const meanAbsolute = absolute.reduce((sum, a) => sum.plus(a), new D(0)).div(values.length);
  if (meanAbsolute.isZero()) return null;
  const scale = MEANAD_FACTOR.times(meanAbsolute);
  return { median: middle, rule: 'meanad', scores: deviations.map((d) => new D(d).div(scale)) };
}

/** One value flagged as an outlier: |M| > 3.5. */
export interface Outlier {
  readonly index: number;
  readonly value: number;
  readonly median: number;
  /** x − median. */
  readonly deviation: number;
  /** M unrounded. */
  readonly m: number;
  /** M rounded half-up to 2 decimals. */
  readonly score: number;
  readonly rule: OutlierRule;
}

/** The values of a series whose modified z-score exceeds 3.5 in absolute value, in series order. */
export function outliers(values: readonly number[]): Outlier[] {
  const scored = modifiedZScores(values);
  if (!scored) return [];
  const { median: middle, rule, scores } = scored;
  return scores.flatMap((m, index) =>
    m.abs().greaterThan(THRESHOLD)
      ? [
          {
            index,
            value: values[index],
            median: middle,
            deviation: values[index] - middle,
            m: m.toNumber(),
            score: m.toDecimalPlaces(2, D.ROUND_HALF_UP).toNumber() + 0,
            rule,
          },
        ]
      : [],
  );
}

/** The 50th and 95th percentiles (type 7, exact) and the maximum of a sample; nulls for an empty one. */
export function percentiles(sample: ArrayLike<number>): {
  p50: Dec | null;
  p95: Dec | null;
  max: Dec | null;
} {
  if (sample.length === 0) return { p50: null, p95: null, max: null };
  const sorted = Float64Array.from(sample).sort();
  return { p50: quantile7(sorted, P50), p95: quantile7(sorted, P95), max: new D(sorted[sorted.length - 1]) };
}

const P50 = new D('0.5');
const P95 = new D('0.95');

/** Hyndman & Fan type 7 of a sorted sample of integers, in exact decimals. */
function quantile7(sorted: Float64Array, p: Dec): Dec {
  const h = p.times(sorted.length - 1);
  const lo = h.floor().toNumber();
  const below = new D(sorted[lo]);
  if (lo + 1 >= sorted.length) return below;
  return below.plus(h.minus(lo).times(sorted[lo + 1] - sorted[lo]));
}
