import { days, dec, hours, mean, percent, round2 } from '../numbers';
import { SEVERITIES } from '@ledger/domain';
import { KpiResult, View, happened } from './view';
import { inWindow } from './windowing';

/**
 * Guarantees: the flow KPIs (on-time rate, slip, response and resolution hours) take the milestones due,
 * and the hits, acknowledgements and resolutions that occurred, in the view's window (inWindow: up to asOf
 * in a cumulative view), while on-time-ness compares a hit with its deadline whenever the hit occurred;
 * the stocks (overdue milestones, open escalations, uptime) read the state at asOf.
 */
export function operational(v: View): KpiResult[] {
  const stepIn = (stamp: { at: number } | undefined) => stamp !== undefined && inWindow(v, stamp.at);
  const hitBy = (m: (typeof v.milestones)[number]) => (happened(v, m.hit) ? m.hit!.at : undefined);
  const due = v.milestones.filter((m) => inWindow(v, m.deadline));
  const onTime = due.filter((m) => (hitBy(m) ?? Number.POSITIVE_INFINITY) <= m.deadline);
  const late = v.milestones.filter((m) => stepIn(m.hit) && m.hit!.at > m.deadline);
  const overdue = v.milestones.filter((m) => hitBy(m) === undefined && m.deadline < v.asOf);
  const acknowledged = v.escalations.filter((x) => stepIn(x.acknowledged));
  const resolved = v.escalations.filter((x) => stepIn(x.resolved));
  const open = v.escalations.filter((x) => !happened(v, x.resolved));
  const bySeverity = Object.fromEntries(
    SEVERITIES.map((s) => [s, open.filter((x) => x.severity === s).length]),
  );
  const uptime = v.records('uptime.reported').at(-1);
  return [
    { kpiId: 'milestone_on_time_rate', value: round2(percent(onTime.length, due.length)) },
    { kpiId: 'milestone_slip_days', value: round2(mean(late.map((m) => days(m.hit!.at - m.deadline)))) },
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
