/**
 * Money: integer minor units (hundredths of the partnership's currency) inside the code,
 * decimal strings on the wire. Nothing here ever touches a floating-point number.
 *
 * Constraints:
 * - a wire amount is a non-negative decimal string with at most 2 fraction digits and at most
 *   15 integer digits ("0", "1250", "1250.5", "1250.00"); no sign, exponent or leading zeros.
 * - formatted amounts always carry exactly 2 fraction digits.
 */
export const MONEY_PATTERN = /^(0|[1-9]\d{0,14})(\.\d{1,2})?$/;

export type MinorUnits = bigint;

export function isMoney(text: unknown): text is string {
  return typeof text === 'string' && MONEY_PATTERN.test(text);
}

export function parseMoney(text: string): MinorUnits {
  const match = MONEY_PATTERN.exec(text);
  if (!match) throw new RangeError(`not a money amount: ${JSON.stringify(text)}`);
  const whole = BigInt(match[1]);
  const fraction = (match[2] ?? '.').slice(1).padEnd(2, '0');
  return whole * 100n + BigInt(fraction);
}

export function formatMoney(minor: MinorUnits): string {
  const sign = minor < 0n ? '-' : '';
  const abs = minor < 0n ? -minor : minor;
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${sign}${abs / 100n}.${cents}`;
}
