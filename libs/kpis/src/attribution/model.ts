import { ATTRIBUTION_MODELS, AttributionModelName, DEFAULT_CHARTER, assertNever } from '@ledger/domain';
import { RecordFact } from '../facts/types';
import { D, DAY_MS, Dec, dec } from '../numbers';
import { WonDeal } from './deals';

/**
 * Who earned a won deal's revenue, by the touches that led to it (API.md, "Attribution").
 *
 * Guarantees: every function here is pure and exact: weights are decimals of the repo's `D` (precision 64,
 * half-up), never binary floating point, so every machine and every replay gets the same digits.
 */
export type AttributionModel = AttributionModelName;

/** The models are the charter's (the domain names them once). */
export { ATTRIBUTION_MODELS };

/**
 * Constraints: `windowDays` ≥ 0 (a touch counts when it occurred at most that many days before the win);
 * `halfLifeDays` > 0, read by `time_decay` only.
 */
export interface AttributionPolicy {
  readonly model: AttributionModel;
  readonly windowDays: number;
  readonly halfLifeDays: number;
}

/** The policy of charter version 0: the defaults of API.md, defined once in the domain. */
export const DEFAULT_ATTRIBUTION_POLICY: AttributionPolicy = DEFAULT_CHARTER.attribution;

/** A `deal.touched` as touchesOf reads it: DealAt.touches, or touchOfRecord of a record. */
export interface TouchInput {
  readonly orgId: string;
  readonly at: number;
  /** Its ledger position; without it, touches at the same occurredAt keep the order they come in. */
  readonly position?: number;
}

/**
 * One touch that counts for a won deal: its registration or a `deal.touched` in the window. A registration
 * has no position (the deal's facts do not keep it) and needs none (see byTouchOrder).
 */
export interface AttributionTouch extends TouchInput {
  readonly kind: 'registration' | 'touch';
}

export function touchOfRecord(r: RecordFact): TouchInput {
  return { orgId: String(r.data.orgId), at: r.at, position: r.position };
}

/**
 * The touches of a won deal, in order: its registration, and those of its `deal.touched` (`touches`, the
 * deal's own) that occurred in [wonAt − windowDays, wonAt].
 *
 * Guarantees: the registration always counts, whatever the window: it is what put the deal on the ledger.
 * The order is (occurredAt, position) whatever order `touches` with positions come in, so results do not
 * depend on it. A retracted touch never counts: retracted events leave no fact behind.
 * Constraints: touches without a position (DealAt.touches) come in record order, (at, position), as the
 * view joins them; the sort is stable, so that order decides among equal occurredAt.
 */
/**
 * The touches that count for a deal won at `wonAt`: those in [wonAt − windowDays, wonAt]. The one window
 * rule of attribution and partner_attach_rate.
 */
export function inWindowOf<T extends { readonly at: number }>(
  wonAt: number,
  touches: readonly T[],
  windowDays: number,
): T[] {
  const from = wonAt - windowDays * DAY_MS;
  return touches.filter((t) => t.at >= from && t.at <= wonAt);
}

export function touchesOf(
  deal: WonDeal,
  touches: readonly TouchInput[],
  policy: AttributionPolicy,
): AttributionTouch[] {
  const registration: AttributionTouch = {
    kind: 'registration',
    orgId: deal.registeredBy,
    at: deal.registeredAt,
  };
  const counted = inWindowOf(deal.close.at, touches, policy.windowDays).map((t): AttributionTouch => {
    const position = t.position === undefined ? {} : { position: t.position };
    return { kind: 'touch', orgId: t.orgId, at: t.at, ...position };
  });
  return [registration, ...counted].sort(byTouchOrder);
}

/**
 * (occurredAt, position), the registration first among equal occurredAt.
 *
 * Guarantees: a total order on one deal's touches when they carry positions: a touch can only be recorded
 * after the registration, so at an equal occurredAt the registration came first in the ledger too.
 */
export function byTouchOrder(a: AttributionTouch, b: AttributionTouch): number {
  const rank = (t: AttributionTouch) => (t.kind === 'registration' ? 0 : 1);
  return a.at - b.at || rank(a) - rank(b) || (a.position ?? 0) - (b.position ?? 0);
}

/**
 * The weight of each touch (same index as `touches`, in their order), summing to 1.
 *
 * Guarantees: exact for first_touch, last_touch and position_based's 0.4/0.4; 1/n and 0.2/(n − 2) and
 * time_decay are decimals to 64 significant digits. time_decay weighs 2^(−d/halfLifeDays) (halfPower), d =
 * exact fractional days from the touch to wonAt; the weights are normalized by their sum.
 * Constraints: `touches` is not empty and ordered by byTouchOrder (touchesOf's result).
 */
export function weightsOf(
  touches: readonly AttributionTouch[],
  policy: AttributionPolicy,
  wonAt: number,
): Dec[] {
  const n = touches.length;
  if (n === 0) throw new RangeError('a won deal has at least its registration as a touch');
  const only = (index: number) => touches.map((_, i) => new D(i === index ? 1 : 0));
  switch (policy.model) {
    case 'first_touch':
      return only(0);
    case 'last_touch':
      return only(n - 1);
    case 'linear':
      return touches.map(() => new D(1).div(n));
    case 'time_decay':
      return timeDecay(touches, dec(policy.halfLifeDays), wonAt);
    case 'position_based':
      return positionBased(n);
    default:
      return assertNever(policy.model);
  }
}

function timeDecay(touches: readonly AttributionTouch[], halfLife: Dec, wonAt: number): Dec[] {
  const raw = touches.map((t) => halfPower(new D(wonAt - t.at).div(DAY_MS).div(halfLife)));
  const total = raw.reduce((sum, w) => sum.plus(w), new D(0));
  return raw.map((w) => w.div(total));
}

/** 40 % to the first and to the last touch, 20 % shared by those in between (n = 1: 1; n = 2: ½, ½). */
function positionBased(n: number): Dec[] {
  if (n === 1) return [new D(1)];
  if (n === 2) return [new D('0.5'), new D('0.5')];
  const middle = new D('0.2').div(n - 2);
  return Array.from({ length: n }, (_, i) => (i === 0 || i === n - 1 ? new D('0.4') : middle));
}

/** Each org's share of a deal: the sum of its touches' weights, in the touches' order (deterministic). */
export function sharesOf(touches: readonly AttributionTouch[], weights: readonly Dec[]): Map<string, Dec> {
  const shares = new Map<string, Dec>();
  touches.forEach((t, i) => shares.set(t.orgId, (shares.get(t.orgId) ?? new D(0)).plus(weights[i])));
  return shares;
}

/**
 * 2^(−x), the same digits on every machine and fast enough for a KPI snapshot (decimal.js's D.pow with a
 * fractional exponent costs about 0.8 ms at 64 digits: 20,000 touches took seconds). 2^(−⌊x⌋) is exact
 * in decimal; 2^(−frac) comes from binary64 Math.pow rounded to 15 significant digits, then multiplied
 * exactly. Node's Math.pow is V8's port of fdlibm, a deterministic software routine (not the CPU's), so
 * the server and an auditor's offline CLI get the same digits; the rounding to 15 digits keeps them
 * apart from the last-bit differences other engines may have (barring a value on a rounding boundary).
 * 15 digits of each relative weight are far more than the cents of any amount need after the
 * largest-remainder split.
 */
export function halfPower(x: Dec): Dec {
  const whole = x.floor();
  const fraction = x.minus(whole).toNumber();
  return new D(Math.pow(2, -fraction).toPrecision(15)).times(D.pow(2, whole.neg()));
}
