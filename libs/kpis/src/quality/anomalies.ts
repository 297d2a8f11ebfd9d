import { KPI_CATALOGUE } from '@ledger/domain';
import { charterOf } from '../compute/view';
import { KpiFacts } from '../facts/types';
import { D, KpiNumber, money, round2 } from '../numbers';
import { Period, periodOf, previousPeriod } from '../periods';
import { KpiRef, periodValues } from '../window';
import { OutlierRule, outliers } from './statistics';

/**
 * Anomalies (API.md, "Data quality"): a month's KPI figure far out of line with the months around it.
 *
 * Guarantees:
 * - the KPIs judged are the scorecard of the charter in force at asOf, or, without a charter or with an
 *   empty scorecard, joint_revenue, deals_closed, joint_activities and program_costs;
 * - each KPI's series is its `window=period` series (window.ts: periodValues, the same evaluation the
 *   series route answers with) over the last 12 months complete by asOf, leaving out months that ended
 *   before the partnership started and null values; with ≥ 6 values left, a value is flagged when its
 *   modified z-score |M| > 3.5 (statistics.ts: `mad`, or `meanad` when the MAD is 0);
 * - values are exact: money in minor units, other figures (2 decimals) in hundredths, so medians are
 *   exact; value, median and deviation (x − median) are shown as the KPI shows its value (money as a
 *   decimal string), rounded half-up to 2 decimals; score is M rounded half-up to 2 decimals;
 * - a complete month's value is a pure function of the facts and the month (MonthValues), which is what
 *   lets a caller cache it (month-cache.ts: unchangedBefore).
 */
export interface Anomaly {
  readonly kpiId: string;
  readonly periodStart: string;
  readonly value: KpiNumber;
  readonly median: KpiNumber;
  readonly deviation: KpiNumber;
  readonly score: number;
  readonly rule: OutlierRule;
}

export interface AnomalyScan {
  /** Every flagged value, newest month first, then by kpiId. */
  readonly items: readonly Anomaly[];
  /** How many KPI series had enough values (≥ 6) to be judged. */
  readonly judged: number;
}

export interface AnomalyRequest {
  readonly partnershipId: string;
  readonly currency: string;
  /** Business time (ms): the months judged are the 12 complete by it. */
  readonly asOf: number;
}

/** The `window=period` values of these KPIs in one complete month, in the order given (null: no value). */
export type MonthValues = (month: Period, kpis: readonly KpiRef[]) => readonly KpiNumber[];

export const DEFAULT_ANOMALY_KPIS = ['joint_revenue', 'deals_closed', 'joint_activities', 'program_costs'];
const MONTHS = 12;
const CATALOGUE = new Map(KPI_CATALOGUE.map((k) => [k.kpiId, k.category]));

/** Each month's values as the series route computes them: periodValues at the month's last millisecond. */
export function monthValuesOf(facts: KpiFacts, partnershipId: string, currency: string): MonthValues {
  return (month, kpis) =>
    periodValues(
      facts,
      { partnershipId, currency, period: month, asOf: month.end, window: 'period' },
      kpis,
    ).map((v) => v?.value ?? null);
}

/** The anomalies of the 12 months complete by asOf: what the data-quality answer and alerts read. */
export function anomaliesAt(
  facts: KpiFacts,
  request: AnomalyRequest,
  values: MonthValues = monthValuesOf(facts, request.partnershipId, request.currency),
): AnomalyScan {
  const kpis = anomalyKpis(facts, request.asOf);
  const months = anomalyMonths(facts.profile?.startedAt ?? null, request.asOf);
  const table = months.map((month) => values(month, kpis));
  const items: Anomaly[] = [];
  let judged = 0;
  kpis.forEach((kpi, k) => {
    const series = months.flatMap((month, m) =>
      table[m][k] === null ? [] : [{ month, value: table[m][k]! }],
    );
    const flagged = outliers(series.map((p) => scaled(p.value)));
    if (series.length >= 6) judged += 1;
    for (const o of flagged) {
      const { month, value } = series[o.index];
      const shown = (x: number) => (typeof value === 'string' ? money(new D(x)) : round2(new D(x).div(100)));
      items.push({
        kpiId: kpi.kpiId,
        periodStart: new Date(month.start).toISOString(),
        value,
        median: shown(o.median),
        deviation: shown(o.deviation),
        score: o.score,
        rule: o.rule,
      });
    }
  });
  return { items: items.sort(newestFirst), judged };
}

/** The KPIs judged at asOf: the scorecard in force, or the four default ones. */
export function anomalyKpis(facts: KpiFacts, asOf: number): KpiRef[] {
  const { charter } = charterOf(facts, asOf);
  const ids = charter.scorecard.length > 0 ? charter.scorecard.map((s) => s.kpiId) : DEFAULT_ANOMALY_KPIS;
  return ids.flatMap((kpiId) => {
    const category = CATALOGUE.get(kpiId) ?? charter.customKpis.find((c) => c.kpiId === kpiId)?.category;
    return category ? [{ kpiId, category }] : [];
  });
}

/** The last 12 calendar months complete by asOf, oldest first, without those that ended before the start. */
export function anomalyMonths(startedAt: number | null, asOf: number): Period[] {
  const months: Period[] = [];
  if (startedAt === null) return months; // no partnership formed (yet) at this ledger position
  let month = periodOf('month', asOf);
  if (month.end > asOf) month = previousPeriod(month);
  for (let i = 0; i < MONTHS && month.end >= startedAt; i += 1) {
    months.unshift(month);
    month = previousPeriod(month);
  }
  return months;
}

/** A KPI value as an exact integer: money in minor units, a number (2 decimals) in hundredths. */
function scaled(value: number | string): number {
  return new D(String(value)).times(100).toNumber();
}

function newestFirst(a: Anomaly, b: Anomaly): number {
  if (a.periodStart !== b.periodStart) return a.periodStart < b.periodStart ? 1 : -1;
  return a.kpiId < b.kpiId ? -1 : a.kpiId > b.kpiId ? 1 : 0;
}
