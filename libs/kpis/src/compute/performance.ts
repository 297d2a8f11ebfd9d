import { D, Dec, days, mean, money, percent, round2, sumBig } from '../numbers';
import { contains } from '../periods';
import { Source } from '../facts/types';
import { partnerAttach } from './attach';
import { leadToDeal, leads } from './leads';
import { DealAt, KpiResult, View } from './view';

const closed = (d: DealAt) => d.status !== 'open';

function winRate(deals: readonly DealAt[]): Dec | null {
  const decided = deals.filter(closed);
  return percent(decided.filter((d) => d.status === 'won').length, decided.length);
}

/** Mean days from registration to win of the deals won at asOf. */
export function cycleDays(deals: readonly DealAt[]): Dec | null {
  return mean(deals.filter((d) => d.status === 'won').map((d) => days(d.close!.at - d.registeredAt)));
}

/**
 * A figure of the partner deals, then of each source, in this key order: partner, sourced, influenced,
 * direct (direct KPIs beside indirect ones, KPIS.md v1.1).
 */
export function bySource<T>(v: View, figure: (deals: readonly DealAt[]) => T) {
  const from = (source: Source) => figure(v.deals.filter((d) => d.source === source));
  return {
    partner: figure(v.deals.filter((d) => d.partner)),
    sourced: from('partner_sourced'),
    influenced: from('partner_influenced'),
    direct: from('direct'),
  };
}

export function performance(v: View): KpiResult[] {
  const partner = v.deals.filter((d) => d.partner);
  const { generated, rate } = leads(v);
  const open = partner.filter((d) => d.status === 'open');
  const partnerWinRate = winRate(partner);
  const partnerCycle = cycleDays(partner);
  const partnerAvg = mean(partner.filter((d) => d.status === 'won').map((d) => d.close!.amount ?? 0n));
  const velocity =
    partnerWinRate === null || partnerCycle === null || partnerAvg === null || partnerCycle.isZero()
      ? null
      : new D(open.length).times(partnerWinRate.div(100)).times(partnerAvg.div(100)).div(partnerCycle);
  const acquired = new Set(
    v
      .records('customer.acquired')
      .filter((r) => r.data.channel === 'partner' && contains(v.period, r.at))
      .map((r) => String(r.data.customerId)),
  );
  return [
    {
      kpiId: 'qualified_leads',
      value: [...generated.values()].filter((l) => l.channel === 'partner' && l.qualified).length,
    },
    {
      kpiId: 'conversion_rate',
      value: rate(),
      breakdown: { partner: rate('partner'), direct: rate('direct') },
    },
    {
      kpiId: 'sales_cycle_days',
      value: round2(cycleDays(v.deals)),
      breakdown: bySource(v, (deals) => round2(cycleDays(deals))),
    },
    {
      kpiId: 'win_rate',
      value: round2(winRate(v.deals)),
      breakdown: bySource(v, (deals) => round2(winRate(deals))),
    },
    { kpiId: 'pipeline_value', value: money(sumBig(open.map((d) => d.amount))) },
    { kpiId: 'pipeline_velocity', value: round2(velocity) },
    { kpiId: 'customer_acquisition', value: acquired.size },
    partnerAttach(v, v.charter.charter.attribution.windowDays),
    leadToDeal(v),
  ];
}
