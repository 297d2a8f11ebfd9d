import { D, Dec, days, mean, money, percent, round2, sumBig } from '../numbers';
import { contains } from '../periods';
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
 * Leads generated at asOf by distinct id. A lead's channel is that of its first `lead.generated`; it is
 * qualified once any of its `lead.generated` says so (portals re-post a lead when they qualify it).
 */
function leads(v: View) {
  const generated = new Map<string, { channel: string; qualified: boolean }>();
  for (const r of v.records('lead.generated')) {
    const id = String(r.data.leadId);
    const first = generated.get(id);
    generated.set(id, {
      channel: first?.channel ?? String(r.data.channel),
      qualified: (first?.qualified ?? false) || r.data.qualified === true,
    });
  }
  const converted = new Set(
    v
      .records('lead.converted')
      .map((r) => String(r.data.leadId))
      .filter((id) => generated.has(id)),
  );
  const rate = (channel?: string) => {
    const ids = [...generated].filter(([, l]) => !channel || l.channel === channel).map(([id]) => id);
    return round2(percent(ids.filter((id) => converted.has(id)).length, ids.length));
  };
  return { generated, rate };
}

export function performance(v: View): KpiResult[] {
  const partner = v.deals.filter((d) => d.partner);
  const direct = v.deals.filter((d) => !d.partner);
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
      breakdown: { partner: round2(partnerCycle), direct: round2(cycleDays(direct)) },
    },
    {
      kpiId: 'win_rate',
      value: round2(winRate(v.deals)),
      breakdown: { partner: round2(partnerWinRate), direct: round2(winRate(direct)) },
    },
    { kpiId: 'pipeline_value', value: money(sumBig(open.map((d) => d.amount))) },
    { kpiId: 'pipeline_velocity', value: round2(velocity) },
    { kpiId: 'customer_acquisition', value: acquired.size },
  ];
}
