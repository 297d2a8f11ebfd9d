import { Period, periodOf, previousPeriod } from '../periods';
import { SeriesPoint } from '../series';
import { forecastKpi } from './forecast';
import { Forecast, ForecastPeriod } from './types';
import { checkParameters } from './validate';

/**
 * A forecast's history as API.md defines it: the `window=period` series of the complete periods up to
 * asOf, from the first complete period on or after the partnership's start, at most the 36 most recent,
 * null values left out. The server computes that series in a KPI worker, the offline CLI in process, both
 * with seriesPoints over historyPeriods, then forecastOfSeries: so they answer the same bytes.
 */

/** At most this many periods (API.md). */
export const MAX_HISTORY_PERIODS = 36;

/** What a forecast is asked: the route's query, with its defaults filled in. */
export interface ForecastQuestion {
  readonly kpiId: string;
  readonly period: string;
  readonly method: string;
  readonly horizon: number;
}

/**
 * The complete periods the history reads, oldest first.
 *
 * Guarantees: each period ends at or before asOf and starts at or after startedAt (a partnership started
 * on 15 January has February as its first month); at most MAX_HISTORY_PERIODS, the most recent; none
 * before the partnership is formed (startedAt null).
 * Decision: the 36 are periods, and nulls are left out of them: a KPI without data in some periods has
 * fewer points, and its history still spans at most three years (months) or nine (quarters).
 */
export function historyPeriods(period: ForecastPeriod, startedAt: number | null, asOf: number): Period[] {
  const periods: Period[] = [];
  if (startedAt === null) return periods;
  let current = periodOf(period, asOf);
  if (current.end > asOf) current = previousPeriod(current);
  while (periods.length < MAX_HISTORY_PERIODS && current.start >= startedAt) {
    periods.unshift(current);
    current = previousPeriod(current);
  }
  return periods;
}

/**
 * The forecast over a history series: null values left out, money (decimal strings) converted with
 * Number (exact to the cent below 2^53 / 100), the rest as forecastKpi answers.
 * Constraints: 400s as forecastKpi throws them (ValidationFailed; `history` when too few points).
 */
export function forecastOfSeries(question: ForecastQuestion, series: readonly SeriesPoint[]): Forecast {
  const known = series.filter((p) => p.value !== null);
  const history = known.map(({ periodStart, value }) => ({ periodStart, value: Number(value) }));
  const money = known.some((p) => typeof p.value === 'string');
  return forecastKpi({ ...question, history, money });
}

/** The period, method and horizon checked before any series is computed (ValidationFailed). */
export function checkQuestion(question: ForecastQuestion): ForecastPeriod {
  checkParameters(question);
  return question.period as ForecastPeriod;
}
