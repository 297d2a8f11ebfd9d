import { Dec, dec, mean, percent, round2 } from '../numbers';
import { KpiResult, View } from './view';

/** The scores of `survey.answered` for one respondent kind (or any) and metric, at asOf. */
export function scores(v: View, metric: string, respondent?: string) {
  return v
    .records('survey.answered')
    .filter((r) => r.data.metric === metric && (!respondent || r.data.respondent === respondent));
}

/** Net promoter score: % promoters (9–10) − % detractors (0–6); null without answers. */
export function nps(values: readonly number[]): Dec | null {
  const promoters = percent(values.filter((s) => s >= 9).length, values.length);
  const detractors = percent(values.filter((s) => s <= 6).length, values.length);
  return promoters === null || detractors === null ? null : promoters.minus(detractors);
}

const distinct = (v: View, type: string) =>
  new Set(v.records(type).map((r) => String(r.data.customerId))).size;

export function customer(v: View): KpiResult[] {
  const npsScores = scores(v, 'nps', 'customer').map((r) => Number(r.data.score));
  return [
    { kpiId: 'customer_nps', value: round2(nps(npsScores)) },
    {
      kpiId: 'customer_csat',
      value: round2(mean(scores(v, 'csat', 'customer').map((r) => dec(Number(r.data.score))))),
    },
    { kpiId: 'referrals', value: v.records('customer.referred').length },
    {
      kpiId: 'churn_rate',
      value: round2(percent(distinct(v, 'customer.churned'), distinct(v, 'customer.acquired'))),
    },
  ];
}
