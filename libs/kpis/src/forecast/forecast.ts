import { createHash } from 'node:crypto';
import { canonicalJson } from '@ledger/verification';
import { nextPeriod, periodOf } from '../periods';
import { renderPoint, renderValue } from './render';
import { chooseAuto, fitMethod, residualSd } from './select';
import { Fit, Forecast, ForecastPeriod, ForecastPoint, ForecastRequest, RenderedPoint } from './types';
import { ValidRequest, validateRequest } from './validate';

/**
 * A KPI forecast (API.md, "Forecasts and scenarios"): the method asked, or the one `auto` chooses by AICc,
 * fitted to the history, with its point forecasts and 80 % and 95 % intervals for 1..horizon periods after
 * the last point of the history.
 *
 * Guarantees:
 * - pure and deterministic: no clock, no randomness, sums in a fixed order, one rounding at the end
 *   (render.ts); the same request gives the same bytes on the server and in the offline CLI;
 * - inputHash = SHA-256 (hex) of the RFC 8785 canonical JSON of {kpiId, period, method, params, history,
 *   horizon} as the answer shows them (method: the one that made the points, so `auto` and the method it
 *   chose hash alike, as they answer alike; history as rendered, money as decimal strings);
 * - intervals never narrow as h grows: asserted on the float half-widths of every answer (an Error, not
 *   a 400, if a formula ever broke it), and kept by the rounding (render.ts);
 * - every figure is finite, or the call throws a RangeError rather than answer NaN.
 * Constraints: 400s as validate.ts lists them (ValidationFailed).
 */
export function forecastKpi(request: ForecastRequest): Forecast {
  const valid = validateRequest(request);
  const y = valid.history.map((p) => p.value);
  const fit =
    valid.method === 'auto' ? chooseAuto(y, valid.period) : fitMethod(valid.method, y, valid.period);
  const sigma = residualSd(fit);
  const history: RenderedPoint[] = valid.history.map(({ periodStart, value }) => ({
    periodStart,
    value: renderValue(value, valid.money),
  }));
  const hashed = {
    kpiId: valid.kpiId,
    period: valid.period,
    method: fit.method,
    params: fit.params,
    history,
    horizon: valid.horizon,
  };
  return {
    kpiId: valid.kpiId,
    period: valid.period,
    method: fit.method,
    params: fit.params,
    history,
    points: pointsOf(fit, sigma, valid),
    residualSd: renderValue(finite(sigma, 'residualSd'), valid.money),
    inputHash: createHash('sha256').update(canonicalJson(hashed), 'utf8').digest('hex'),
  };
}

/** The points for h = 1..horizon, with the never-narrowing check on the float half-widths. */
function pointsOf(
  fit: Fit,
  sigma: number,
  { history, period, horizon, money }: ValidRequest,
): ForecastPoint[] {
  const starts = periodStartsAfter(history[history.length - 1].periodStart, period, horizon);
  const points: ForecastPoint[] = [];
  let previous80 = 0;
  let previous95 = 0;
  for (let h = 1; h <= horizon; h++) {
    const sd = sigma * fit.scale(h);
    const half80 = finite(fit.quantiles.q80 * sd, 'lower80');
    const half95 = finite(fit.quantiles.q95 * sd, 'lower95');
    if (half80 < previous80 || half95 < previous95 || half95 < half80)
      throw new Error(`${fit.method}: the interval at h = ${h} is narrower than at h = ${h - 1}`);
    previous80 = half80;
    previous95 = half95;
    points.push(renderPoint(starts[h - 1], finite(fit.point(h), 'value'), half80, half95, money));
  }
  return points;
}

/** The starts (ISO-8601, UTC) of the horizon periods that follow the one starting at lastStart. */
export function periodStartsAfter(lastStart: string, period: ForecastPeriod, horizon: number): string[] {
  const starts: string[] = [];
  let current = periodOf(period, Date.parse(lastStart));
  for (let h = 1; h <= horizon; h++) {
    current = nextPeriod(current);
    starts.push(new Date(current.start).toISOString());
  }
  return starts;
}

function finite(value: number, what: string): number {
  if (!Number.isFinite(value)) throw new RangeError(`the forecast's ${what} is not a finite number`);
  return value;
}
