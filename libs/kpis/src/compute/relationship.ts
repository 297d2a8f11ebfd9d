import { D, DAY_MS, dec, days, mean, round2 } from '../numbers';
import { nps, scores } from './customer';
import { byKey } from './order';
import { reportingBalance } from './reporting-balance';
import { KpiResult, View, happened } from './view';

const WEEK_MS = 7 * DAY_MS;

/** The mean score of answers, and (when there are any) the mean of each answering org (recordedBy). */
function meanByOrg(kpiId: string, answers: ReturnType<typeof scores>): KpiResult {
  const byOrg = new Map<string, number[]>();
  for (const r of answers)
    byOrg.set(r.recordedBy, [...(byOrg.get(r.recordedBy) ?? []), Number(r.data.score)]);
  return {
    kpiId,
    value: round2(mean(answers.map((r) => dec(Number(r.data.score))))),
    ...(byOrg.size > 0
      ? { breakdown: Object.fromEntries(byKey(byOrg).map(([org, s]) => [org, round2(mean(s.map(dec)))])) }
      : {}),
  };
}

export function relationship(v: View): KpiResult[] {
  const inWindow = (at: number, span: number) => at > v.asOf - span && at <= v.asOf;
  const engagements = v.records('engagement.logged').filter((r) => inWindow(r.at, 12 * WEEK_MS)).length;
  const raised = v.escalations.filter((x) => inWindow(x.raisedAt, 90 * DAY_MS)).length;
  return [
    {
      kpiId: 'partner_nps',
      value: round2(nps(scores(v, 'nps', 'partner').map((r) => Number(r.data.score)))),
    },
    meanByOrg('mutual_value', scores(v, 'mutual_value')),
    { kpiId: 'longevity_days', value: round2(longevity(v)) },
    { kpiId: 'engagement_rate', value: round2(new D(engagements).div(12)) },
    { kpiId: 'escalation_frequency', value: round2(new D(raised).div(3)) },
    meanByOrg('partner_csat', scores(v, 'csat', 'partner')),
    reportingBalance(v),
  ];
}

/** Days from the start to asOf (or the end, once it happened); null before the start. */
export function longevity(v: View) {
  const started = v.facts.profile?.startedAt;
  if (started === undefined || started > v.asOf) return null;
  const end = happened(v, v.facts.ended) ? v.facts.ended!.at : v.asOf;
  return days(end - started);
}
