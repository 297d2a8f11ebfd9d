import { D, Dec, KpiNumber, dec, mean, money, round2 } from '../numbers';
import { Period, periodOf } from '../periods';
import { ForecastPeriod } from '../forecast/types';

/**
 * Forecast vs actual (API.md, "Forecasts and scenarios", `GET …/forecasts`): a recorded forecast's points
 * beside the KPI's `window=period` value of each period that has ended, and the forecast's accuracy.
 *
 * Guarantees:
 * - pure and exact: figures are read from their decimal spelling (money strings, 2-decimal numbers), so
 *   an error is exact and the means are rounded once, half-up (money to the cent as a decimal string,
 *   percentages and other figures to 2 decimals);
 * - error = actual − forecast, so a positive bias means the forecast was too low;
 * - the accuracy is over the ended periods where both the actual and the forecast are figures (a KPI
 *   without data in a period, null, is left out); all three are null before any such period;
 * - MAPE = mean of |error| / |actual| × 100 over those periods whose actual is not 0: a period whose
 *   actual is 0 has no percentage error (it would be a division by zero), so it counts in bias and
 *   coverage80 but not in MAPE, which is null when every actual is 0;
 * - coverage80 = % of those periods whose actual lies in [lower80, upper80] (bounds included); null for
 *   a forecast without intervals (a scenario's).
 */

export interface RecordedFigure {
  readonly periodStart: string;
  readonly value: KpiNumber;
  readonly lower80?: KpiNumber;
  readonly upper80?: KpiNumber;
  readonly lower95?: KpiNumber;
  readonly upper95?: KpiNumber;
}

/** A point of a recorded forecast; `actual` and `error` only once its period has ended by asOf. */
export type JudgedPoint = RecordedFigure & { readonly actual?: KpiNumber; readonly error?: KpiNumber };

export interface Accuracy {
  readonly mape: number | null;
  readonly bias: KpiNumber;
  readonly coverage80: number | null;
}

/** The periods of these starts that have ended by asOf (their last instant at or before it). */
export function endedPeriods(kind: ForecastPeriod, starts: readonly string[], asOf: number): Period[] {
  return starts.map((s) => periodOf(kind, Date.parse(s))).filter((p) => p.end <= asOf);
}

/**
 * The points with their actuals, and the accuracy. `actualOf` gives the actual of an ended period's
 * start (null: the KPI had no value) and undefined for a period that has not ended.
 */
export function judgeForecast(
  points: readonly RecordedFigure[],
  actualOf: (periodStart: string) => KpiNumber | undefined,
): { points: JudgedPoint[]; accuracy: Accuracy } {
  const judged: JudgedPoint[] = [];
  const compared: Compared[] = [];
  for (const p of points) {
    const actual = actualOf(p.periodStart);
    if (actual === undefined) {
      judged.push(p);
      continue;
    }
    const isMoney = typeof p.value === 'string' || typeof actual === 'string';
    const c = actual !== null && p.value !== null ? compare(p, actual) : undefined;
    if (c) compared.push(c);
    judged.push({ ...p, actual, error: c ? show(c.error, isMoney) : null });
  }
  return {
    points: judged,
    accuracy: accuracyOf(
      compared,
      points.some((p) => typeof p.value === 'string'),
    ),
  };
}

interface Compared {
  readonly actual: Dec;
  readonly error: Dec;
  /** Inside the 80 % interval; undefined without one. */
  readonly inside80?: boolean;
}

function compare(p: RecordedFigure, actualFigure: string | number): Compared {
  const actual = dec(actualFigure);
  const error = actual.minus(dec(p.value!));
  if (p.lower80 === undefined || p.lower80 === null || p.upper80 === undefined || p.upper80 === null)
    return { actual, error };
  return { actual, error, inside80: actual.gte(dec(p.lower80)) && actual.lte(dec(p.upper80)) };
}

function accuracyOf(compared: readonly Compared[], isMoney: boolean): Accuracy {
  if (compared.length === 0) return { mape: null, bias: null, coverage80: null };
  const nonZero = compared.filter((c) => !c.actual.isZero());
  const mape = mean(nonZero.map((c) => c.error.abs().div(c.actual.abs()).times(100)));
  const intervals = compared.every((c) => c.inside80 !== undefined);
  const inside = compared.filter((c) => c.inside80 === true).length;
  return {
    mape: round2(mape),
    bias: show(mean(compared.map((c) => c.error))!, isMoney),
    coverage80: intervals ? round2(new D(inside).div(compared.length).times(100)) : null,
  };
}

function show(value: Dec, isMoney: boolean): KpiNumber {
  return isMoney ? money(value.times(100)) : round2(value);
}
