import { D, dec, percent, round2 } from '../numbers';
import { contains } from '../periods';
import { cycleDays } from './performance';
import { latestTarget } from './targets-read';
import { KpiResult, View } from './view';

const sumHours = (v: View, type: string) =>
  v.records(type).reduce((s, r) => s.plus(dec(Number(r.data.hours))), new D(0));

export function productivity(v: View): KpiResult[] {
  const inPeriod = (type: string) => v.records(type).filter((r) => contains(v.period, r.at)).length;
  const baseline = latestTarget(v, 'sales_cycle_days')?.baseline;
  const cycle = cycleDays(v.deals.filter((d) => d.partner));
  const reduction =
    baseline === undefined || cycle === null ? null : percent(dec(baseline).minus(cycle), dec(baseline));
  return [
    {
      kpiId: 'resource_utilization',
      value: round2(percent(sumHours(v, 'resource.utilized'), sumHours(v, 'resource.allocated'))),
    },
    {
      kpiId: 'deals_closed',
      value: v.deals.filter((d) => d.partner && d.status === 'won' && contains(v.period, d.close!.at)).length,
    },
    { kpiId: 'joint_activities', value: inPeriod('engagement.logged') + inPeriod('solution.launched') },
    { kpiId: 'cycle_time_reduction', value: round2(reduction) },
  ];
}
