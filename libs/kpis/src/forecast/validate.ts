import { FieldError, ValidationFailed } from '@ledger/domain';
import { periodOf } from '../periods';
import {
  FORECAST_METHODS,
  FORECAST_PERIODS,
  ForecastPeriod,
  ForecastRequest,
  MAX_HORIZON,
  MIN_HISTORY,
  MIN_HORIZON,
  RequestedMethod,
  minPoints,
} from './types';

/** A request whose period, method and horizon are known good. */
export interface ValidRequest extends ForecastRequest {
  readonly period: ForecastPeriod;
  readonly method: RequestedMethod;
}

/**
 * The 400s of API.md, as the domain's ValidationFailed (the API's filter answers it with a problem
 * document naming each field): a period other than month or quarter, a method not in the list, a horizon
 * outside 1..12 (each named by its query parameter, all reported at once), then a history of fewer than
 * 2 points, or fewer than a method asked by name needs (`history`).
 *
 * Guarantees: the asked method is never silently replaced; `auto` only needs the 2 points.
 * Constraints: the history itself is built by the API layer from the KPI series; a malformed one (not
 * finite, periods out of order or not at a period start) is a programming error, thrown as a RangeError.
 */
export function validateRequest(request: ForecastRequest): ValidRequest {
  checkParameters(request);
  const valid = request as ValidRequest;
  const needed = pointsNeeded(valid);
  if (request.history.length < needed)
    throw new ValidationFailed([
      {
        path: 'history',
        message: `${valid.method} needs at least ${needed} points of history, there are ${request.history.length}`,
      },
    ]);
  checkHistory(valid);
  return valid;
}

/** The period, method and horizon alone, all reported at once: what can be checked before a history exists. */
export function checkParameters(request: Pick<ForecastRequest, 'period' | 'method' | 'horizon'>): void {
  const errors = parameterErrors(request);
  if (errors.length > 0) throw new ValidationFailed(errors);
}

function parameterErrors({
  period,
  method,
  horizon,
}: Pick<ForecastRequest, 'period' | 'method' | 'horizon'>): FieldError[] {
  const errors: FieldError[] = [];
  if (!isOneOf(FORECAST_PERIODS, period))
    errors.push({ path: 'period', message: `must be one of ${FORECAST_PERIODS.join(', ')}` });
  if (method !== 'auto' && !isOneOf(FORECAST_METHODS, method))
    errors.push({ path: 'method', message: `must be one of auto, ${FORECAST_METHODS.join(', ')}` });
  if (!Number.isInteger(horizon) || horizon < MIN_HORIZON || horizon > MAX_HORIZON)
    errors.push({ path: 'horizon', message: `must be an integer from ${MIN_HORIZON} to ${MAX_HORIZON}` });
  return errors;
}

/**
 * API.md's minimum for the method asked (2 for `auto`). Drift needs one more than API.md's 2: with
 * T = 2 its only residual is 0 by construction and N − K = 0, so σ̂ = √(0/0) does not exist; `auto`
 * never picks it there either (its AICc is +∞ while N − K − 2 ≤ 0, select.ts).
 */
function pointsNeeded({ method, period }: ValidRequest): number {
  if (method === 'auto') return MIN_HISTORY;
  if (method === 'drift') return 3;
  return minPoints(method, period);
}

function checkHistory({ history, period }: ValidRequest): void {
  let previous = -Infinity;
  history.forEach(({ periodStart, value }, i) => {
    const start = Date.parse(periodStart);
    if (!Number.isFinite(value)) throw new RangeError(`history[${i}].value is not a finite number`);
    if (!(start > previous) || periodOf(period, start).start !== start)
      throw new RangeError(`history[${i}].periodStart is not a ${period} start after the one before`);
    previous = start;
  });
}

function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}
