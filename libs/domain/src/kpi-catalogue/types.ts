/**
 * The KPI catalogue of KPIS.md as data: the one place that names every KPI. Targets (`target.set`)
 * may only name these ids; the read models and the catalogue endpoint list exactly these.
 */
export const KPI_CATEGORIES = [
  'financial',
  'performance',
  'operational',
  'productivity',
  'customer',
  'innovation',
  'expansion',
  'relationship',
  'impact',
] as const;
export type KpiCategory = (typeof KPI_CATEGORIES)[number];

export type KpiUnit =
  | 'money'
  | '%'
  | 'count'
  | 'days'
  | 'hours'
  | 'money/day'
  | 'score'
  | '1-5'
  | 'pp'
  | 'per week'
  | 'per 30 days'
  | 'as recorded'
  | '0-100';

/**
 * What a series with window=period answers for a KPI (API.md, series).
 * - `flow`: a sum, count, mean or rate of events; only the events that occurred within each period count
 *   (a period without events: 0 or "0.00" for sums and counts, null for means and rates).
 * - `stock`: a state at an instant (pipeline, open escalations), a latest value (uptime), a trailing span
 *   ending at asOf (engagement_rate, reporting_balance) or a comparison of the period with an earlier one
 *   (revenue_growth_rate): its cumulative value at the period's end, which already means what it should.
 */
export type KpiPeriodic = 'flow' | 'stock';

export interface KpiDefinition {
  readonly kpiId: string;
  readonly category: KpiCategory;
  readonly name: string;
  readonly formula: string;
  readonly unit: KpiUnit;
  readonly direction: 'higher_is_better' | 'lower_is_better';
  readonly benchmark?: string;
  /** The event types the KPI is computed from. */
  readonly source: readonly string[];
  readonly periodic: KpiPeriodic;
}

/**
 * A catalogue row: kpiId, category, name, formula, unit, direction, benchmark, source event types, and
 * what window=period answers (flow or stock).
 */
export type KpiRow = [
  string,
  KpiCategory,
  string,
  string,
  KpiUnit,
  'higher' | 'lower',
  string | undefined,
  string,
  KpiPeriodic,
];
