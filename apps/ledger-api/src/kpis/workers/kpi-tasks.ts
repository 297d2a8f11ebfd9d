import { KpiCategory } from '@ledger/domain';
import {
  KpiCategories,
  KpiFacts,
  KpiNumber,
  KpiRef,
  KpiSnapshot,
  Period,
  ProgramFigures,
  SnapshotRequest,
  View,
  monthValuesOf,
  pooledView,
  programFigures,
  snapshotOfView,
} from '@ledger/kpis';

/**
 * The CPU-heavy KPI computations, as pure functions of plain inputs: a worker thread runs them
 * (kpi-worker.ts) and so does the event loop when LEDGER_KPI_WORKERS is 0, so both give the same bytes.
 * Imports no framework: a worker thread loads this file and what it imports, nothing of Nest.
 */

// The series is the library's (libs/kpis/src/series.ts): the offline CLI's forecast computes the same.
export { seriesPoints } from '@ledger/kpis';
export type { SeriesPoint, SeriesTask } from '@ledger/kpis';

/** The complete months whose `window=period` values the data-quality anomalies need, and of which KPIs. */
export interface MonthsTask {
  readonly partnershipId: string;
  readonly currency: string;
  readonly months: readonly Period[];
  readonly kpis: readonly KpiRef[];
}

/** Each month's values of the task's KPIs (row i: months[i], in the order of kpis), as a series gives them. */
export function monthTable(facts: KpiFacts, task: MonthsTask): KpiNumber[][] {
  const values = monthValuesOf(facts, task.partnershipId, task.currency);
  return task.months.map((month) => [...values(month, task.kpis)]);
}

/** One visible partnership of a portfolio: its view at the portfolio's asOf and how it is named. */
export interface PortfolioPart {
  readonly view: View;
  readonly request: SnapshotRequest;
  readonly name: string;
  readonly status: 'active' | 'ended';
}

export interface Portfolio {
  readonly asOf: string;
  readonly items: (KpiSnapshot & { readonly name: string; readonly status: 'active' | 'ended' })[];
  readonly totals: ProgramTotals[];
}

/**
 * One currency's program totals: `categories` are the KPIs of the pooled views (every deal, record … of
 * every partnership, as if one partnership); `program` holds what only a set of partnerships has.
 *
 * Decision: avg_longevity_days and partnership_churn_rate sit in their own `program` block, not among the
 * relationship KPIs of `categories`: they are no KPI of the catalogue (no partnership has a churn rate of
 * its own, no target can name them), and a block of its own keeps `categories` the same shape as a
 * partnership's KpiCategories. The block is there whatever `category` was asked for: it costs next to
 * nothing.
 */
export interface ProgramTotals {
  readonly currency: string;
  readonly partnerships: number;
  readonly categories: KpiCategories;
  readonly program: ProgramFigures;
}

/** Each partnership's snapshot, in the order given, and program totals per currency over the pooled views. */
export function portfolioOf(
  parts: readonly PortfolioPart[],
  asOf: string,
  categories?: readonly KpiCategory[],
): Portfolio {
  const wanted = categories ? { categories } : {};
  const programs = new Map<string, { views: View[]; position: number }>();
  const items = parts.map(({ view, request, name, status }) => {
    const program = programs.get(request.currency) ?? { views: [], position: 0 };
    program.views.push(view);
    program.position = Math.max(program.position, request.position);
    programs.set(request.currency, program);
    return { ...snapshotOfView(view, request), name, status };
  });
  const totals = [...programs].map(([currency, { views, position }]) => {
    const request = { partnershipId: 'program', currency, asOf, position, ...wanted };
    const snap = snapshotOfView(pooledView(views), request);
    return {
      currency,
      partnerships: views.length,
      categories: snap.categories,
      program: programFigures(views),
    };
  });
  return { asOf: new Date(Date.parse(asOf)).toISOString(), items, totals };
}
