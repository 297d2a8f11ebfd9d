import { CustomKpi, KPI_CATALOGUE, KpiCategory, KpiDefinition } from '@ledger/domain';
import { charterOf } from './compute/view';
import { KpiFacts } from './facts/types';
import { Period } from './periods';
import { SeriesWindow, periodValue } from './window';

/**
 * A KPI series (API.md, `GET …/kpis/:kpiId/series`) as pure code: the API computes it in a KPI worker
 * (apps/ledger-api/src/kpis/workers), and the forecast's history is this series, on the server and in
 * the offline CLI alike.
 */

export interface SeriesTask {
  readonly partnershipId: string;
  readonly currency: string;
  readonly kpiId: string;
  readonly category: KpiCategory;
  /** The periods in order, already checked against the series' size limit. */
  readonly periods: readonly Period[];
  /** The series' end (ms): the last period's figure is taken at it, not after it. */
  readonly to: number;
  /** `cumulative`: every figure up to its period's end; `period`: flow KPIs count that period's events. */
  readonly window: SeriesWindow;
  /** A proposal to answer under (what-if). */
  readonly whatIf?: string;
}

export interface SeriesPoint {
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly value: number | string | null;
}

/**
 * The KPI at the end of each period (period KPIs measure that period), from the partnership's facts; with
 * window `period`, a flow KPI counts only the events of its period (periodValue).
 */
export function seriesPoints(facts: KpiFacts, task: SeriesTask): SeriesPoint[] {
  const { partnershipId, currency, category, kpiId, window, whatIf } = task;
  return task.periods.map((period) => {
    const asOf = Math.min(period.end, task.to);
    const request = {
      partnershipId,
      currency,
      kpiId,
      category,
      period,
      asOf,
      window,
      ...(whatIf ? { whatIf } : {}),
    };
    const value = periodValue(facts, request)?.value ?? null; // a custom KPI not defined then: null
    const [periodStart, periodEnd] = [
      new Date(period.start).toISOString(),
      new Date(period.end).toISOString(),
    ];
    return { periodStart, periodEnd, value };
  });
}

/**
 * A KPI of the catalogue, or a custom KPI of the charter governing `at` (or of the what-if); undefined
 * when there is none (the API answers 404).
 */
export function seriesKpi(
  facts: KpiFacts,
  kpiId: string,
  at: number,
  whatIf?: string,
): KpiDefinition | CustomKpi | undefined {
  return (
    KPI_CATALOGUE.find((k) => k.kpiId === kpiId) ??
    charterOf(facts, at, whatIf).charter.customKpis.find((k) => k.kpiId === kpiId)
  );
}
