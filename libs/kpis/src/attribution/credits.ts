import { D, Dec } from '../numbers';

/**
 * Decimals a share × amount is rounded to before its floor: far below a minor unit, far above the noise
 * of 64-digit shares (1/3 × 300 is 99.99…9 in 64 digits; it counts as the 100 it is).
 */
const SNAP_DECIMALS = 30;

/**
 * An amount in minor units split by shares (largest-remainder method): each org gets ⌊share × amount⌋
 * and the units left go one each to the largest remainders, ties to the ascending orgId.
 * (Were rounding ever to leave more units than orgs, they would go round again in that order: with
 * 64-digit shares it cannot, but the sum stays exact either way.)
 *
 * Guarantees: the credits sum to `amount` exactly, whatever the shares' rounding; no credit is negative;
 * an org whose share is 0 gets 0; the result does not depend on the order of `shares`' entries.
 * Constraints: `amount` ≥ 0; shares ≥ 0, summing to 1 up to the 64-digit precision of `D` (weightsOf's);
 * at least one share is positive when `amount` > 0.
 */
export function splitByLargestRemainder(
  amount: bigint,
  shares: ReadonlyMap<string, Dec>,
): Map<string, bigint> {
  const whole = new D(amount.toString());
  const parts = [...shares].map(([orgId, share]) => {
    const exact = share.times(whole).toDecimalPlaces(SNAP_DECIMALS, D.ROUND_HALF_UP);
    const floor = exact.floor();
    return { orgId, positive: share.gt(0), floor: BigInt(floor.toFixed(0)), remainder: exact.minus(floor) };
  });
  const credits = new Map(parts.map((p) => [p.orgId, p.floor]));
  let left = amount - parts.reduce((sum, p) => sum + p.floor, 0n);
  if (left < 0n) throw new RangeError(`shares sum to more than 1 (${-left} units over ${amount})`);
  const order = parts.filter((p) => p.positive).sort(byRemainderThenOrg);
  if (left > 0n && order.length === 0) throw new RangeError(`no positive share to credit ${amount} to`);
  for (let i = 0; left > 0n; i++, left--) {
    const p = order[i % order.length];
    credits.set(p.orgId, credits.get(p.orgId)! + 1n);
  }
  return credits;
}

function byRemainderThenOrg(a: { orgId: string; remainder: Dec }, b: { orgId: string; remainder: Dec }) {
  return b.remainder.comparedTo(a.remainder) || byString(a.orgId, b.orgId);
}

/** Code-unit order of ids: the same on every machine, whatever the locale (localeCompare is not). */
export function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
