import { KPI_CATALOGUE, KpiCategory } from '@ledger/domain';
import { View, viewAt } from './compute/view';
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
}

const PERIODIC = new Map(KPI_CATALOGUE.map((k) => [k.kpiId, k.periodic]));

/**
 * The view a KPI of one series period is read from.
 *
 * Guarantees: window `cumulative`, and every `stock` KPI (KpiDefinition.periodic), read exactly the view of
 * a v1 series point (viewFor at asOf with the period), so those answers are unchanged; a `flow` KPI under
 * window `period` reads the view restricted to [period.start, asOf] (viewAt with since).
 * Constraints: a KPI the catalogue does not name is read cumulatively.
 */
export function periodView(facts: KpiFacts, request: Omit<PeriodRequest, 'category'>): View {
  const { kpiId, period, asOf, window } = request;
  if (window === 'period' && PERIODIC.get(kpiId) === 'flow') return viewAt(facts, asOf, period, period.start);
  return viewFor(facts, { asOf: new Date(asOf).toISOString(), period });
}

/** One KPI for one period of a series, with its unit, breakdown and target like any KPI answer. */
export function periodValue(facts: KpiFacts, request: PeriodRequest): KpiValue {
  const { partnershipId, currency, category, kpiId, period } = request;
  const asOf = new Date(request.asOf).toISOString();
  const snapshot = snapshotOfView(periodView(facts, request), {
    partnershipId,
    currency,
    asOf,
    position: facts.position,
    period,
    categories: [category],
  });
  return snapshot.categories[category]!.find((k) => k.kpiId === kpiId)!;
}
