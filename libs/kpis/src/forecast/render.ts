import { formatMoney } from '@ledger/domain';
import { D, Dec, KpiNumber } from '../numbers';
import { ForecastPoint } from './types';

/**
 * Figures as a KPI shows them: money as a decimal string of major units rounded half-up to the cent
 * ("1234.57", numbers.ts `money`), anything else a number rounded half-up to 2 decimals (`round2`).
 *
 * Guarantees:
 * - each float goes to a decimal through its shortest round-trip spelling (String), then is rounded once
 *   in exact decimals, so every machine shows the same digits;
 * - an interval is the rounded point ± the rounded half-width, added in exact decimals: it is symmetric
 *   in what is shown, and since rounding never reverses an order, half-widths that never shrink (asserted
 *   on the floats in forecast.ts) still never shrink once shown;
 * - no −0 is shown.
 */

/** A rounded figure: hundredths of the unit (cents for money), exact. */
type Hundredths = Dec;

function hundredths(value: number): Hundredths {
  return new D(String(value)).times(100).toDecimalPlaces(0, D.ROUND_HALF_UP);
}

function show(value: Hundredths, money: boolean): KpiNumber {
  if (money) return formatMoney(BigInt(value.toFixed(0)));
  return value.div(100).toNumber() + 0;
}

/** One figure in the KPI's unit. */
export function renderValue(value: number, money: boolean): KpiNumber {
  return show(hundredths(value), money);
}

/** A forecast point and its two intervals, from the float point and half-widths. */
export function renderPoint(
  periodStart: string,
  point: number,
  half80: number,
  half95: number,
  money: boolean,
): ForecastPoint {
  const value = hundredths(point);
  const w80 = hundredths(half80);
  const w95 = hundredths(half95);
  return {
    periodStart,
    value: show(value, money),
    lower80: show(value.minus(w80), money),
    upper80: show(value.plus(w80), money),
    lower95: show(value.minus(w95), money),
    upper95: show(value.plus(w95), money),
  };
}
