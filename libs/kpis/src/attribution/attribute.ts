import { KpiResult, View } from '../compute/view';
import { D, Dec, money, sumBig } from '../numbers';
import { byString, splitByLargestRemainder } from './credits';
import { AttributionView, WonDeal, isWon } from './deals';
import { AttributionPolicy, AttributionTouch, sharesOf, touchesOf, weightsOf } from './model';

export type Classification = 'sourced' | 'influenced' | 'none';

/** Money in minor units; `share` is the org's exact weight share rounded half-up to 4 decimals (0–1). */
export interface OrgCredit {
  readonly orgId: string;
  readonly credit: bigint;
  readonly share: number;
  readonly classification: Classification;
}

export interface DealAttribution {
  readonly dealId: string;
  readonly wonAt: number;
  readonly amount: bigint;
  /** One per org with a touch on the deal (a model may give it 0), sorted by orgId. */
  readonly credits: readonly OrgCredit[];
}

export interface OrgTotal {
  readonly orgId: string;
  readonly credit: bigint;
  /** Σ full amount of the deals it sourced / influenced (not its credit). */
  readonly sourcedRevenue: bigint;
  readonly influencedRevenue: bigint;
  /** Selected deals it touched (registration or a touch in the window). */
  readonly deals: number;
}

export interface Attribution {
  /** Sorted by (wonAt, dealId). */
  readonly deals: readonly DealAttribution[];
  /** One row per org with a touch on a selected deal, sorted by orgId. */
  readonly totals: readonly OrgTotal[];
  /** Σ amount of the selected deals whose only touch is a `direct` registration. */
  readonly unattributed: bigint;
}

/** Win times in ms, both ends included; an absent end is open. */
export interface WinRange {
  readonly from?: number;
  readonly to?: number;
}

/**
 * The deals won by the view's asOf (those won within `range`), each split between the orgs that touched it.
 *
 * Guarantees: each deal's credits sum to its amount exactly (splitByLargestRemainder), so Σ totals' credit
 * = Σ selected amounts; pure, and independent of the order deals come in.
 * Classification per (deal, org): `sourced` if the org registered it as partner_sourced; `influenced` if it
 * registered it as partner_influenced or touched it in the window; else `none`. A direct deal with no other
 * touch is still credited (to its registrar, `none`) and its amount is also counted as `unattributed`.
 */
export function attributeDeals(
  view: AttributionView,
  policy: AttributionPolicy,
  range: WinRange = {},
): Attribution {
  const attributed = view.deals
    .filter(isWon)
    .filter((d) => (range.from ?? -Infinity) <= d.close.at && d.close.at <= (range.to ?? Infinity))
    .sort((a, b) => a.close.at - b.close.at || byString(a.dealId, b.dealId))
    .map((d) => ({ dealId: d.dealId, wonAt: d.close.at, ...creditDeal(d, policy) }));
  return {
    deals: attributed.map(({ unattributed: _, ...deal }) => deal),
    totals: totalsOf(attributed),
    unattributed: sumBig(attributed.filter((a) => a.unattributed).map((a) => a.amount)),
  };
}

/** One won deal's credits, and whether its only touch is a direct registration. */
function creditDeal(d: WonDeal, policy: AttributionPolicy) {
  const amount = d.close.amount ?? 0n;
  const touches = touchesOf(d, d.touches ?? [], policy);
  const shares = sharesOf(touches, weightsOf(touches, policy, d.close.at));
  const split = splitByLargestRemainder(amount, shares);
  const credits = [...shares.keys()].sort(byString).map((orgId): OrgCredit => ({
    orgId,
    credit: split.get(orgId)!,
    share: rounded4(shares.get(orgId)!),
    classification: classify(d, orgId, touches),
  }));
  return { amount, credits, unattributed: d.source === 'direct' && touches.length === 1 };
}

function classify(d: WonDeal, orgId: string, touches: readonly AttributionTouch[]): Classification {
  const registered = d.registeredBy === orgId;
  if (registered && d.source === 'partner_sourced') return 'sourced';
  if (registered && d.source === 'partner_influenced') return 'influenced';
  return touches.some((t) => t.kind === 'touch' && t.orgId === orgId) ? 'influenced' : 'none';
}

function totalsOf(deals: readonly DealAttribution[]): OrgTotal[] {
  const rows = new Map<string, { credit: bigint; sourced: bigint; influenced: bigint; deals: number }>();
  for (const d of deals) {
    for (const c of d.credits) {
      const row = rows.get(c.orgId) ?? { credit: 0n, sourced: 0n, influenced: 0n, deals: 0 };
      row.credit += c.credit;
      if (c.classification === 'sourced') row.sourced += d.amount;
      if (c.classification === 'influenced') row.influenced += d.amount;
      row.deals += 1;
      rows.set(c.orgId, row);
    }
  }
  return [...rows]
    .sort(([a], [b]) => byString(a, b))
    .map(([orgId, r]) => ({
      orgId,
      credit: r.credit,
      sourcedRevenue: r.sourced,
      influencedRevenue: r.influenced,
      deals: r.deals,
    }));
}

/**
 * The KPI `attributed_revenue` at the view's asOf: Σ won amount of every deal won (all sources), and
 * its split by the policy: each member org's credit (every member listed, "0.00" when none) and
 * `unattributed`.
 *
 * Guarantees: the credits of all orgs (members or not) sum to the value exactly. It reads deals only
 * (their touches are their own), so a pooled view and a window=period view (deals won in the window) work
 * as they are, without deal ids.
 * Constraints: the catalogue passes the charter's policy; this module does not know the charter.
 */
export function attributedRevenueKpi(
  view: Pick<View, 'deals'>,
  policy: AttributionPolicy,
  memberOrgIds: readonly string[],
): KpiResult {
  const credit = new Map<string, bigint>(memberOrgIds.map((orgId) => [orgId, 0n]));
  let total = 0n;
  let unattributed = 0n;
  for (const d of view.deals.filter(isWon)) {
    const c = creditDeal(d, policy);
    total += c.amount;
    if (c.unattributed) unattributed += c.amount;
    for (const { orgId, credit: units } of c.credits) credit.set(orgId, (credit.get(orgId) ?? 0n) + units);
  }
  return {
    kpiId: 'attributed_revenue',
    value: money(total),
    breakdown: {
      ...Object.fromEntries(memberOrgIds.map((orgId) => [orgId, money(credit.get(orgId)!)])),
      unattributed: money(unattributed),
    },
  };
}

function rounded4(share: Dec): number {
  return share.toDecimalPlaces(4, D.ROUND_HALF_UP).toNumber() + 0;
}
