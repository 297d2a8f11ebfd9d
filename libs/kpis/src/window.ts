import { KPI_CATALOGUE, KPI_CATEGORIES, KpiCategory } from '@ledger/domain';
import { View, charterOf, viewAt } from './compute/view';
import { KpiFacts } from './facts/types';
import { Period } from './periods';
import { KpiValue, snapshotOfView, viewFor } from './snapshot';

/** How a series measures each period (API.md): every figure up to its end, or only its own events. */
export const SERIES_WINDOWS = ['cumulative', 'period'] as const;
export type SeriesWindow = (typeof SERIES_WINDOWS)[number];

export interface PeriodRequest {
  readonly partnershipId: string;
  readonly currency: string;
  readonly kpiId: string;
  readonly category: KpiCategory;
  readonly period: Period;
  /** Business time (ms) the figure is taken at: the period's end, or earlier for a series' last period. */
  readonly asOf: number;
  readonly window: SeriesWindow;
  /** A proposal to answer under (what-if). */
  readonly whatIf?: string;
}

const PERIODIC = new Map(KPI_CATALOGUE.map((k) => [k.kpiId, k.periodic]));

/**
 * The view a KPI of one series period is read from.
 *
 * Guarantees: window `cumulative`, and every `stock` KPI (KpiDefinition.periodic), read exactly the view of
 * a v1 series point (viewFor at asOf with the period), so those answers are unchanged; a `flow` KPI under
 * window `period` reads the view restricted to [period.start, asOf] (viewAt with since).
 * Constraints: a custom KPI is a flow unless it is a `latest` value.
 */
export function periodView(facts: KpiFacts, request: Omit<PeriodRequest, 'category'>): View {
  const { period, asOf, window, whatIf } = request;
  if (window === 'period' && periodicOf(facts, request) === 'flow')
    return viewAt(facts, asOf, period, period.start, whatIf);
  return viewFor(facts, { asOf: new Date(asOf).toISOString(), period, ...(whatIf ? { whatIf } : {}) });
}

/** A catalogue KPI's kind; a custom KPI is a flow unless it is the `latest` value (a stock). */
function periodicOf(facts: KpiFacts, { kpiId, asOf, whatIf }: Omit<PeriodRequest, 'category'>) {
  const known = PERIODIC.get(kpiId);
  if (known) return known;
  const custom = charterOf(facts, asOf, whatIf).charter.customKpis.find((k) => k.kpiId === kpiId);
  return custom && custom.aggregate !== 'latest' ? 'flow' : 'stock';
}

/** One KPI for one period of a series, with its unit, breakdown and target like any KPI answer. */
/**
 * Constraints: a custom KPI exists only while a charter defining it governs the period's end; before
 * that (or under a version without it) there is no figure, and the point's value is null (periodPoint).
 */
export function periodValue(facts: KpiFacts, request: PeriodRequest): KpiValue | undefined {
  return periodValues(facts, request, [request])[0];
}

/** A KPI as periodValues is asked for it. */
export interface KpiRef {
  readonly kpiId: string;
  readonly category: KpiCategory;
}

/**
 * Several KPIs for one period of a series, each exactly as periodValue answers it, in the order asked:
 * the KPIs that read the same view (periodView: flows under window `period`, or the cumulative view) are
 * computed from one snapshot of it, so asking for n KPIs of a month costs one or two snapshots, not n.
 */
export function periodValues(
  facts: KpiFacts,
  request: Omit<PeriodRequest, 'kpiId' | 'category'>,
  kpis: readonly KpiRef[],
): (KpiValue | undefined)[] {
  const { partnershipId, currency, period } = request;
  const asOf = new Date(request.asOf).toISOString();
  const byView = new Map<string, KpiValue[]>();
  const found = (kind: string, kpi: KpiRef) => {
    let values = byView.get(kind);
    if (!values) {
      const view = periodView(facts, { ...request, kpiId: kpi.kpiId });
      const wanted = { partnershipId, currency, asOf, position: facts.position, period };
      const snapshot = snapshotOfView(view, { ...wanted, categories: categoriesOf(kpis) });
      values = Object.values(snapshot.categories).flat();
      byView.set(kind, values);
    }
    return values.find((k) => k.kpiId === kpi.kpiId);
  };
  return kpis.map((kpi) => found(viewKindOf(facts, { ...request, kpiId: kpi.kpiId }), kpi));
}

/** Which view a KPI of a period reads: its own window's (a flow under window `period`) or the cumulative one. */
function viewKindOf(facts: KpiFacts, request: Omit<PeriodRequest, 'category'>): string {
  return request.window === 'period' && periodicOf(facts, request) === 'flow' ? 'window' : 'cumulative';
}

/** The categories of `kpis`, in catalogue order; a category that does not exist is a caller's bug. */
function categoriesOf(kpis: readonly KpiRef[]): KpiCategory[] {
  const unknown = kpis.find((k) => !KPI_CATEGORIES.includes(k.category));
  if (unknown) throw new Error(`${unknown.kpiId}: there is no KPI category ${unknown.category}`);
  return KPI_CATEGORIES.filter((c) => kpis.some((k) => k.category === c));
}
