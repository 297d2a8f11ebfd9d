import Decimal from 'decimal.js';
import { formatMoney } from '@ledger/domain';

/**
 * Exact arithmetic for KPI values: decimal, never binary floating point, so every machine and every
 * replay gets the same digits. Rounding is half-up (away from zero at .5) to 2 decimals, once, at the end.
 */
export const D = Decimal.clone({ precision: 64, rounding: Decimal.ROUND_HALF_UP });
export type Dec = InstanceType<typeof D>;

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/** A KPI value as rendered: money as a decimal string, anything else as a number, or null (no data). */
export type KpiNumber = number | string | null;

export function round2(value: Dec | null): number | null {
  return value === null ? null : value.toDecimalPlaces(2, D.ROUND_HALF_UP).toNumber() + 0;
}

/**
 * Money from minor units (a Decimal of cents, possibly fractional) to "1234.57", rounded half-up to the cent.
 */
export function money(minor: Dec | bigint | null): string | null {
  if (minor === null) return null;
  const cents =
    typeof minor === 'bigint' ? minor : BigInt(minor.toDecimalPlaces(0, D.ROUND_HALF_UP).toFixed(0));
  return formatMoney(cents);
}

/** a / b, or null when the denominator is empty. */
export function ratio(a: Dec | bigint | number, b: Dec | bigint | number): Dec | null {
  const den = new D(b.toString());
  return den.isZero() ? null : new D(a.toString()).div(den);
}

export function percent(a: Dec | bigint | number, b: Dec | bigint | number): Dec | null {
  const r = ratio(a, b);
  return r === null ? null : r.times(100);
}

export function mean(values: readonly (Dec | bigint | number)[]): Dec | null {
  if (values.length === 0) return null;
  return values.reduce<Dec>((sum, v) => sum.plus(v.toString()), new D(0)).div(values.length);
}

export function sumBig(values: readonly bigint[]): bigint {
  return values.reduce((a, b) => a + b, 0n);
}

export function days(ms: number): Dec {
  return new D(ms).div(DAY_MS);
}

export function hours(ms: number): Dec {
  return new D(ms).div(HOUR_MS);
}

/**
 * An exact decimal from a JSON number (its shortest round-trip spelling, as JSON carries it) or from a
 * figure's decimal string (money).
 */
export function dec(n: number | string): Dec {
  return new D(String(n));
}
