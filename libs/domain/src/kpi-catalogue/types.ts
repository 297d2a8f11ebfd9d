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
}

/** A catalogue row: kpiId, category, name, formula, unit, direction, benchmark, source event types. */
export type KpiRow = [
  string,
  KpiCategory,
  string,
  string,
  KpiUnit,
  'higher' | 'lower',
  string | undefined,
  string,
];
