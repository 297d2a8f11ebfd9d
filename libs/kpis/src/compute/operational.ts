import { days, dec, hours, mean, percent, round2 } from '../numbers';
import { SEVERITIES } from '@ledger/domain';
import { KpiResult, View, happened } from './view';

export function operational(v: View): KpiResult[] {
  const due = v.milestones.filter((m) => m.deadline <= v.asOf);
  const hitBy = (m: (typeof v.milestones)[number]) => (happened(v, m.hit) ? m.hit!.at : undefined);
  const onTime = due.filter((m) => (hitBy(m) ?? Number.POSITIVE_INFINITY) <= m.deadline);
  const late = v.milestones.filter((m) => {
    const at = hitBy(m);
    return at !== undefined && at > m.deadline;
  });
  const overdue = v.milestones.filter((m) => hitBy(m) === undefined && m.deadline < v.asOf);
  const acknowledged = v.escalations.filter((x) => happened(v, x.acknowledged));
  const resolved = v.escalations.filter((x) => happened(v, x.resolved));
  const open = v.escalations.filter((x) => !happened(v, x.resolved));
  const bySeverity = Object.fromEntries(
    SEVERITIES.map((s) => [s, open.filter((x) => x.severity === s).length]),
  );
  const uptime = v.records('uptime.reported').at(-1);
  return [
    { kpiId: 'milestone_on_time_rate', value: round2(percent(onTime.length, due.length)) },
    { kpiId: 'milestone_slip_days', value: round2(mean(late.map((m) => days(hitBy(m)! - m.deadline)))) },
    { kpiId: 'overdue_milestones', value: overdue.length },
    {
      kpiId: 'escalation_response_hours',
      value: round2(mean(acknowledged.map((x) => hours(x.acknowledged!.at - x.raisedAt)))),
    },
    {
      kpiId: 'escalation_resolution_hours',
      value: round2(mean(resolved.map((x) => hours(x.resolved!.at - x.raisedAt)))),
    },
    { kpiId: 'open_escalations', value: open.length, breakdown: bySeverity },
    { kpiId: 'uptime', value: uptime ? round2(dec(Number(uptime.data.uptimePct))) : null },
  ];
}
