import { KPI_CATALOGUE, KPI_CATEGORIES, KpiCategory } from '@ledger/domain';
import { D, round2 } from '../numbers';
import { latestTarget } from './targets-read';
import { KpiResult, View } from './view';

export interface KpiValue {
  readonly kpiId: string;
  readonly value: number | string | null;
  readonly unit: string;
  readonly benchmark?: string;
  readonly target?: number;
  readonly baseline?: number;
  readonly status?: 'on_track' | 'off_track';
  readonly breakdown?: Readonly<Record<string, number | string | null>>;
  /** Why `value` is null when it is not simply "no data" (see representable()). */
  readonly reason?: 'out_of_range';
  /** The open disputes of an event this KPI is computed from (by type) or of this KPI's figure. */
  readonly disputes?: readonly string[];
}

/** What decorating a KPI needs of its definition: the catalogue's, or a charter's custom KPI. */
export interface Definition {
  readonly kpiId: string;
  readonly unit: string;
  readonly direction: 'higher_is_better' | 'lower_is_better';
  readonly benchmark?: string;
}

const CATALOGUE = new Map<string, Definition>(KPI_CATALOGUE.map((k) => [k.kpiId, k]));

/** The definition of a KPI id in a view: the catalogue's, else the custom KPI of the charter governing it. */
export function definitionIn(view: View, kpiId: string): Definition | undefined {
  return CATALOGUE.get(kpiId) ?? view.charter.charter.customKpis.find((k) => k.kpiId === kpiId);
}

/** A computed KPI with its unit, benchmark, target, baseline and status: one entry of a KPI answer. */
export function decorate(view: View, computed: KpiResult): KpiValue {
  const result = representable(computed);
  const def = definitionIn(view, result.kpiId)!;
  const target = latestTarget(view, result.kpiId);
  return {
    kpiId: result.kpiId,
    value: result.value,
    unit: def.unit,
    ...(def.benchmark ? { benchmark: def.benchmark } : {}),
    ...(target?.target !== undefined ? { target: target.target } : {}),
    ...(target?.baseline !== undefined ? { baseline: target.baseline } : {}),
    ...(target?.target !== undefined ? { status: status(def, target.target, result.value) } : {}),
    ...(result.breakdown ? { breakdown: result.breakdown } : {}),
    ...(result.reason ? { reason: result.reason } : {}),
    ...disputesOf(view, result.kpiId),
  };
}

const SOURCES = new Map<string, readonly string[]>(KPI_CATALOGUE.map((k) => [k.kpiId, k.source]));

/**
 * The open disputes touching a KPI (API.md, "Disputes"): those of an event whose type is among the
 * KPI's source event types (a custom KPI's is its eventType), and those of the KPI's own figure.
 */
function disputesOf(view: View, kpiId: string): { disputes?: string[] } {
  if (view.disputes.length === 0) return {};
  const sources =
    SOURCES.get(kpiId) ??
    view.charter.charter.customKpis.filter((k) => k.kpiId === kpiId).map((k) => k.eventType);
  const ids = view.disputes
    .filter((d) => d.kpiId === kpiId || (d.eventType !== undefined && sources.includes(d.eventType)))
    .map((d) => d.disputeId);
  return ids.length === 0 ? {} : { disputes: ids };
}

/**
 * Guarantee: every KPI answer is a finite number, a money string or null — never a value that JSON
 * and the snapshot hash cannot hold. The validation ranges (RANGES in the domain) keep every figure
 * finite; events stored before those ranges existed may not, and their figure is then null with
 * `reason: "out_of_range"` instead of failing every reader.
 */
function representable(result: KpiResult): KpiResult & { reason?: 'out_of_range' } {
  const finite = (v: unknown) => typeof v !== 'number' || Number.isFinite(v);
  const breakdown =
    result.breakdown &&
    Object.fromEntries(Object.entries(result.breakdown).map(([k, v]) => [k, finite(v) ? v : null]));
  const clipped = !finite(result.value) || Object.values(result.breakdown ?? {}).some((v) => !finite(v));
  if (!clipped) return result;
  return {
    ...result,
    value: finite(result.value) ? result.value : null,
    ...(breakdown ? { breakdown } : {}),
    reason: 'out_of_range',
  };
}

/** On track: at or beyond the target in the KPI's direction. A KPI without a value is not on track. */
function status(def: Definition, target: number, value: number | string | null) {
  if (value === null) return 'off_track' as const;
  const diff = new D(String(value)).minus(String(target));
  const on = def.direction === 'higher_is_better' ? diff.gte(0) : diff.lte(0);
  return on ? ('on_track' as const) : ('off_track' as const);
}

/**
 * Balanced scorecard: for each category with at least one targeted KPI, the weighted share of its
 * targeted KPIs that are on track (weights: the scorecard's under a charter, else 1 each); the mean over
 * those categories, 0–100. Null when no KPI has a target. With weights of 1 this is the v1 figure.
 */
export function healthScore(view: View, all: Record<KpiCategory, KpiValue[]>): number | null {
  const weight = (k: KpiValue) => new D(latestTarget(view, k.kpiId)?.weight ?? 1);
  const shares = KPI_CATEGORIES.flatMap((c) => {
    const targeted = all[c].filter((k) => k.status !== undefined && k.kpiId !== 'health_score');
    if (targeted.length === 0) return [];
    const total = targeted.reduce((sum, k) => sum.plus(weight(k)), new D(0));
    const on = targeted
      .filter((k) => k.status === 'on_track')
      .reduce((sum, k) => sum.plus(weight(k)), new D(0));
    return [on.div(total)];
  });
  if (shares.length === 0) return null;
  return round2(
    shares
      .reduce((a, b) => a.plus(b), new D(0))
      .div(shares.length)
      .times(100),
  );
}
