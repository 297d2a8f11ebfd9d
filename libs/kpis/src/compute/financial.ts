import { parseMoney } from '@ledger/domain';
import { D, Dec, mean, money, percent, round2, sumBig } from '../numbers';
import { Period, contains, previousPeriod, quartersWithin, yearEarlier } from '../periods';
import { attributedRevenueKpi } from '../attribution/attribute';
import { latestTarget } from './targets-read';
import { DealAt, KpiResult, View } from './view';
import { bySource } from './performance';

const won = (d: DealAt) => d.status === 'won';
const wonAmount = (d: DealAt) => d.close?.amount ?? 0n;

/** Joint revenue: won partner deals. */
export function jointRevenue(v: View, inPeriod?: Period): bigint {
  return sumBig(
    v.deals
      .filter((d) => won(d) && d.partner && (!inPeriod || contains(inPeriod, d.close!.at)))
      .map(wonAmount),
  );
}

function programCosts(v: View): bigint {
  return sumBig(v.records('cost.incurred').map((r) => parseMoney(String(r.data.amount))));
}

/** The company's total revenue for a period from `revenue.reported` (the latest report per quarter). */
function reportedRevenue(v: View, p: Period): bigint | null {
  const latest = new Map<string, bigint>();
  for (const r of v.records('revenue.reported'))
    latest.set(String(r.data.period), parseMoney(String(r.data.totalRevenue)));
  const quarters = quartersWithin(p).filter((q) => latest.has(q));
  return quarters.length === 0 ? null : sumBig(quarters.map((q) => latest.get(q)!));
}

function partnerCustomers(v: View): number {
  return new Set(
    v
      .records('customer.acquired')
      .filter((r) => r.data.channel === 'partner')
      .map((r) => String(r.data.customerId)),
  ).size;
}

function moneyMean(deals: readonly DealAt[]): string | null {
  return money(mean(deals.map(wonAmount)));
}

/**
 * CAC of the direct channel: the baseline of the latest `target.set {kpiId: "cac_direct"}`, in minor units.
 */
export function cacDirect(v: View): Dec | null {
  const baseline = latestTarget(v, 'cac_direct')?.baseline;
  return baseline === undefined
    ? null
    : new D(String(baseline)).times(100).toDecimalPlaces(0, D.ROUND_HALF_UP);
}

/**
 * Money summed per key in minor units and formatted once: a sum may exceed the 15 integer digits a
 * single amount may have on the wire, so it is never parsed back (that was a 500 for every reader).
 */
function sumsBy<T>(
  items: readonly T[],
  key: (t: T) => string,
  amount: (t: T) => bigint,
  zeroes: readonly string[] = [],
) {
  const sums = new Map<string, bigint>(zeroes.map((k) => [k, 0n]));
  for (const item of items) sums.set(key(item), (sums.get(key(item)) ?? 0n) + amount(item));
  return Object.fromEntries([...sums].map(([k, minor]) => [k, money(minor)!]));
}

export function financial(v: View): KpiResult[] {
  const revenue = jointRevenue(v);
  const costs = programCosts(v);
  const partnerWon = v.deals.filter((d) => won(d) && d.partner);
  const byOrg = sumsBy(partnerWon, (d) => d.registeredBy, wonAmount, v.facts.profile?.partnerOrgIds ?? []);
  const thisQuarter = jointRevenue(v, v.period);
  const lastQuarter = jointRevenue(v, previousPeriod(v.period));
  const yearAgo = jointRevenue(v, yearEarlier(v.period)); // null growth when it is 0 (percent's rule)
  const reported = reportedRevenue(v, v.period);
  const customers = partnerCustomers(v);
  const cacPartner = customers === 0 ? null : new D(costs.toString()).div(customers);
  const direct = cacDirect(v);
  const costRecords = v.records('cost.incurred');
  const costByCategory = sumsBy(
    costRecords,
    (r) => String(r.data.category),
    (r) => parseMoney(String(r.data.amount)),
  );
  return [
    {
      kpiId: 'joint_revenue',
      value: money(revenue),
      breakdown: {
        ...byOrg,
        sourced: money(sumBig(partnerWon.filter((d) => d.source === 'partner_sourced').map(wonAmount))),
        influenced: money(sumBig(partnerWon.filter((d) => d.source === 'partner_influenced').map(wonAmount))),
      },
    },
    { kpiId: 'revenue_growth_rate', value: round2(percent(thisQuarter - lastQuarter, lastQuarter)) },
    {
      kpiId: 'partner_revenue_share',
      value: reported === null ? null : round2(percent(thisQuarter, reported)),
    },
    {
      kpiId: 'avg_deal_size',
      value: moneyMean(v.deals.filter(won)),
      breakdown: bySource(v, (deals) => moneyMean(deals.filter(won))),
    },
    { kpiId: 'program_costs', value: money(costs), breakdown: costByCategory },
    { kpiId: 'roi', value: round2(percent(revenue - costs, costs)) },
    {
      kpiId: 'cost_savings',
      value: money(sumBig(v.records('cost.saved').map((r) => parseMoney(String(r.data.amount))))),
    },
    { kpiId: 'cac_partner', value: money(cacPartner) },
    { kpiId: 'cac_direct', value: money(direct) },
    {
      kpiId: 'cac_reduction',
      value:
        direct === null || cacPartner === null ? null : round2(percent(direct.minus(cacPartner), direct)),
    },
    { kpiId: 'revenue_growth_yoy', value: round2(percent(thisQuarter - yearAgo, yearAgo)) },
    attributedRevenueKpi(v, v.charter.charter.attribution, v.facts.profile?.partnerOrgIds ?? []),
  ];
}
