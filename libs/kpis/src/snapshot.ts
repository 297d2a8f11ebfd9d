import { createHash } from 'node:crypto';
import { KPI_CATALOGUE, KPI_CATEGORIES, KpiCategory, KpiDefinition } from '@ledger/domain';
import { canonicalJson } from '@ledger/verification';
import { CATEGORY_KPIS } from './compute/categories';
import { TargetFact, latestTarget } from './compute/targets-read';
import { KpiResult, View, viewAt } from './compute/view';
import { KpiFacts } from './facts/types';
import { D, round2 } from './numbers';
import { Period, periodOf } from './periods';

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
}

export type KpiCategories = Partial<Record<KpiCategory, KpiValue[]>>;

export interface KpiSnapshot {
  readonly partnershipId: string;
  readonly currency: string;
  readonly asOf: string;
  readonly position: number;
  readonly categories: KpiCategories;
  readonly snapshotHash: string;
}

export interface SnapshotRequest {
  readonly partnershipId: string;
  readonly currency: string;
  /** Business time, ISO-8601 (normalized to UTC milliseconds in the answer). */
  readonly asOf: string;
  /** The ledger position the facts reflect. */
  readonly position: number;
  /** Only these categories (all when absent). */
  readonly categories?: readonly KpiCategory[];
  /** The period "period" KPIs measure; default the quarter containing asOf. */
  readonly period?: Period;
}

const DEFINITIONS = new Map(KPI_CATALOGUE.map((k) => [k.kpiId, k]));

/**
 * The KPI snapshot of a partnership: every KPI of the catalogue computed from the facts at `asOf`, with
 * targets, status and health_score, and the SHA-256 of the RFC 8785 canonical JSON of
 * {partnershipId, asOf, position, categories}. Pure: the same facts give the same bytes everywhere.
 */
export function computeSnapshot(facts: KpiFacts, request: SnapshotRequest): KpiSnapshot {
  return snapshotOfView(viewFor(facts, request), request);
}

/** The facts as they stood at the request's asOf, for its period: what snapshotOfView computes from. */
export function viewFor(facts: KpiFacts, request: Pick<SnapshotRequest, 'asOf' | 'period'>): View {
  const asOfMs = Date.parse(request.asOf);
  return viewAt(facts, asOfMs, request.period ?? periodOf('quarter', asOfMs));
}

/** The snapshot of a view made for the same asOf and period (viewFor, or pooledView of such views). */
export function snapshotOfView(view: View, request: SnapshotRequest): KpiSnapshot {
  const asOfMs = Date.parse(request.asOf);
  const all = computeAll(view);
  const wanted = request.categories ?? KPI_CATEGORIES;
  const categories: KpiCategories = Object.fromEntries(
    KPI_CATEGORIES.filter((c) => wanted.includes(c)).map((c) => [c, all[c]]),
  );
  const asOf = new Date(asOfMs).toISOString();
  const hashed = { partnershipId: request.partnershipId, asOf, position: request.position, categories };
  return { ...hashed, currency: request.currency, snapshotHash: snapshotHashOf(hashed) };
}

export function snapshotHashOf(body: {
  partnershipId: string;
  asOf: string;
  position: number;
  categories: KpiCategories;
}): string {
  return createHash('sha256').update(canonicalJson(body), 'utf8').digest('hex');
}

function computeAll(view: View): Record<KpiCategory, KpiValue[]> {
  const computed = KPI_CATEGORIES.map((c) => [c, CATEGORY_KPIS[c](view).map((r) => decorate(view, r))]);
  const out = Object.fromEntries(computed) as Record<KpiCategory, KpiValue[]>;
  out.relationship.push(decorate(view, { kpiId: 'health_score', value: healthScore(out) }));
  return out;
}

function decorate(view: View, computed: KpiResult): KpiValue {
  const result = representable(computed);
  const def = DEFINITIONS.get(result.kpiId)!;
  const target = latestTarget(view, result.kpiId);
  return {
    kpiId: result.kpiId,
    value: result.value,
    unit: def.unit,
    ...(def.benchmark ? { benchmark: def.benchmark } : {}),
    ...(target ? targetFields(def, target, result.value) : {}),
    ...(result.breakdown ? { breakdown: result.breakdown } : {}),
    ...(result.reason ? { reason: result.reason } : {}),
  };
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

function targetFields(def: KpiDefinition, target: TargetFact, value: number | string | null) {
  return {
    target: target.target,
    ...(target.baseline !== undefined ? { baseline: target.baseline } : {}),
    status: onTrack(def, target.target, value) ? ('on_track' as const) : ('off_track' as const),
  };
}

/** On track: at or beyond the target in the KPI's direction. A KPI without a value is not on track. */
function onTrack(def: KpiDefinition, target: number, value: number | string | null): boolean {
  if (value === null) return false;
  const diff = new D(String(value)).minus(String(target));
  return def.direction === 'higher_is_better' ? diff.gte(0) : diff.lte(0);
}

/**
 * Balanced scorecard: for each category with at least one targeted KPI, the share of its targeted KPIs
 * that are on track; the mean over those categories, 0–100. Null when no KPI has a target.
 */
function healthScore(all: Record<KpiCategory, KpiValue[]>): number | null {
  const shares = KPI_CATEGORIES.flatMap((c) => {
    const targeted = all[c].filter((k) => k.status !== undefined && k.kpiId !== 'health_score');
    return targeted.length === 0
      ? []
      : [new D(targeted.filter((k) => k.status === 'on_track').length).div(targeted.length)];
  });
  if (shares.length === 0) return null;
  return round2(
    shares
      .reduce((a, b) => a.plus(b), new D(0))
      .div(shares.length)
      .times(100),
  );
}
